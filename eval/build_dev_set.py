#!/usr/bin/env python3
"""Builds eval/standardization-dev.jsonl: {"input": ..., "expected": {"province", "city", "district",
"town"}} with statistics-bureau codes (null = must stay empty; a missing key = not evaluated).

Two parts: the hand-written cases of handwritten-cases.txt (hard cases: ambiguity, renamed units,
placeholders, municipalities, place names inside roads and POIs), resolved to codes from the
gazetteer by name path; and addresses rendered from randomly drawn townships of the gazetteer in
writing styles unlike the training generator's (seed 4242). Rerun after editing:
  python3 eval/build_dev_set.py
"""
import csv
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
GAZ = os.path.join(HERE, "..", "src", "main", "resources", "gazetteer")


def rows(name):
    with open(os.path.join(GAZ, name), encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


provinces = {r["code"]: r["name"] for r in rows("provinces.csv")}
cities = {r["code"]: r for r in rows("cities.csv")}
areas = {r["code"]: r for r in rows("areas.csv")}
# Taiwan, Hong Kong and Macau: the regions, and Hong Kong's districts and Macau's parishes (no city level).
provinces.update({r["code"]: r["name"] for r in rows("special-administrative-regions.csv")})
for r in rows("special-administrative-region-divisions.csv"):
    if r["code"] and r["code"] not in areas:
        areas[r["code"]] = {"code": r["code"], "name": r["name"], "cityCode": "", "provinceCode": r["within"]}
streets = rows("streets.csv")
PLACEHOLDER_CITIES = ("市辖区", "县")


def find_one(candidates, what):
    if len(candidates) != 1:
        raise SystemExit("%s: %d matches %s" % (what, len(candidates), [c["code"] for c in candidates]))
    return candidates[0]


def resolve(path, line):
    parts = [p.strip() for p in path.split("/")]
    parts += [""] * (4 - len(parts))
    prov, city, district, town = parts
    expected = {}
    if prov == "*":
        pass
    elif not prov:
        expected["province"] = None
    pcode = next((c for c, n in provinces.items() if n == prov), None) if prov and prov != "*" else None
    if prov and prov != "*":
        if pcode is None:
            raise SystemExit("unknown province %r in %r" % (prov, line))
        expected["province"] = pcode
    dcode = None
    if district and district != "*":
        cands = [a for a in areas.values() if a["name"] == district and (pcode is None or a["provinceCode"] == pcode)]
        if city and city != "*" and city != prov:
            ccode = find_one([c for c in cities.values() if c["name"] == city and c["provinceCode"] == pcode], city)["code"]
            cands = [a for a in cands if a["cityCode"] == ccode]
        dcode = find_one(cands, "%s in %r" % (district, line))["code"]
    if city == "*":
        pass
    elif not city:
        expected["city"] = None
    elif city == prov:  # municipality: the statistics bureau's city-level code of the district
        expected["city"] = areas[dcode]["cityCode"] if dcode else find_one(
            [c for c in cities.values() if c["provinceCode"] == pcode], city)["code"]
    else:
        expected["city"] = find_one([c for c in cities.values() if c["name"] == city and c["provinceCode"] == pcode],
                                    "%s in %r" % (city, line))["code"]
    if district == "*":
        pass
    elif not district:
        expected["district"] = None
    else:
        expected["district"] = dcode
    if town == "*":
        pass
    elif not town:
        expected["town"] = None
    else:
        parent = dcode or (expected.get("city") and areas.get(expected["city"] + "00", {}).get("code"))
        cands = [s for s in streets if s["name"] == town and (s["areaCode"] == parent if parent else True)]
        expected["town"] = find_one(cands, "%s in %r" % (town, line))["code"]
    return expected


def handwritten():
    out = []
    with open(os.path.join(HERE, "handwritten-cases.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            address, path = [x.strip() for x in line.rsplit("|", 1)]
            out.append({"input": address, "expected": resolve(path, line), "source": "handwritten"})
    return out


SHORT_SUFFIXES = ["维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"]
ROADS = ["建设路", "解放路", "人民大道", "新华街", "文化路", "和平路", "胜利街", "朝阳路", "学府路", "工农路", "迎宾大道", "光明街"]
PLACES = ["小区", "花园", "家属院", "大厦", "商贸城", "中学", "卫生院", "农贸市场", "公寓", "宿舍楼"]


def short(name):
    for s in SHORT_SUFFIXES:
        if name.endswith(s) and len(name) - len(s) >= 2:
            return name[: -len(s)]
    return name


def generated(n, seed=4242):
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        s = rng.choice(streets)
        area = areas[s["areaCode"]]
        city = cities.get(area["cityCode"])
        prov = provinces[area["provinceCode"]]
        municipality = city is not None and city["name"] in PLACEHOLDER_CITIES
        direct = city is None or city["name"].endswith("直辖县级行政区划")
        same_as_city = city is not None and area["name"] == city["name"]
        style = rng.random()
        parts, expected = [], {"province": area["provinceCode"]}
        parts.append(prov if style < 0.5 else short(prov))
        if municipality:
            expected["city"] = area["cityCode"]
        elif direct:
            expected["city"] = None
        else:
            parts.append(city["name"] if style < 0.8 else city["name"].rstrip("市"))
            expected["city"] = city["code"]
        if not same_as_city:
            parts.append(area["name"])
            expected["district"] = area["code"]
        else:
            expected["district"] = None
        if rng.random() < 0.6:
            parts.append(s["name"])
            expected["town"] = s["code"]
        else:
            expected["town"] = None
        tail = rng.choice(ROADS) + str(rng.randint(1, 400)) + "号"
        if rng.random() < 0.5:
            tail += rng.choice(["金", "华", "安", "富", "嘉", "新"]) + rng.choice(["苑", "都", "城", "港"]) + rng.choice(PLACES)
        sep = rng.choice(["", "", "", " "])
        text = sep.join(parts) + sep + tail
        if rng.random() < 0.1:
            text = text + " " + rng.choice(["王先生", "李女士"]) + " 1" + "".join(str(rng.randint(0, 9)) for _ in range(10))
        out.append({"input": text, "expected": expected, "source": "gazetteer-rendered"})
    return out


def main():
    cases = handwritten() + generated(200)
    with open(os.path.join(HERE, "standardization-dev.jsonl"), "w", encoding="utf-8") as f:
        for c in cases:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    print("wrote %d cases (%d hand-written)" % (len(cases), sum(c["source"] == "handwritten" for c in cases)))


if __name__ == "__main__":
    main()
