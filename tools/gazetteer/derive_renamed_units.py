#!/usr/bin/env python3
"""Derives renamed-units.csv rows from division-changes.txt: each retired name mapped to the unit of
today's gazetteer that covers it.

    python3 tools/gazetteer/derive_renamed_units.py [--check]

A successor is looked up by name among today's county- and prefecture-level units of the retired
unit's province (its prefecture first); a successor retired later itself is followed to its own
successors (中甸县 > 香格里拉县 > 香格里拉市). A unit divided with no continuation maps to the prefecture
that holds all its parts. A name another unit of today's gazetteer still bears (长治's 城区, now 潞州区, while 晋城's 城区
remains) maps each retired unit on its own: the city or province written with it decides. Left out, and
counted on stdout:
  - names that are words of addresses, not places, once found in free text (新区, 市区, 城南区, 北站区);
  - names retired more than once for different units (南市区 of 上海 and of 保定);
  - names the hand-written part of renamed-units.csv already maps (its judgement stands);
  - changes whose successor cannot be found today, or whose parts lie in several prefectures.
The rows replace everything after the marker line of renamed-units.csv; --check fails instead of
writing when they differ (so a test can tell that the file is up to date).
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GAZETTEER = os.path.normpath(os.path.join(HERE, "..", "..", "src", "main", "resources", "gazetteer"))
CHANGES = os.path.join(HERE, "division-changes.txt")
MARKER = ("# Derived below this line from tools/gazetteer/division-changes.txt by "
          "tools/gazetteer/derive_renamed_units.py; edit those, not these rows.")


# Stems (the name less its 区/县/市/地区/盟) that say where in a city, not which place: as names in the
# gazetteer they would be found in any text that holds them (浦东新区, 市区, 城南区块, 火车北站区域).
GENERIC_STEMS = {"新", "市", "城", "郊", "矿", "城关", "城南", "城北", "城东", "城西", "城中", "市郊", "市中",
                 "南郊", "北郊", "东郊", "西郊", "东市", "中市", "西市", "南市", "北市", "新市", "北站", "南站"}


def is_generic(name):
    """新区, 市区, 城南区: yes; 郫县, 开县 (counties of one character): no."""
    for suffix in ("地区", "区", "县", "市", "盟"):
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            return stem in GENERIC_STEMS or len(stem) <= 1 and suffix != "县"
    return False


def read_rows(name):
    with open(os.path.join(GAZETTEER, name), encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def load_units():
    """code -> (name, level, parent code) for today's prefecture- and county-level units."""
    units = {}
    for r in read_rows("cities.csv"):
        units[r["code"]] = (r["name"], "city", r["provinceCode"])
    for r in read_rows("areas.csv"):
        units[r["code"]] = (r["name"], "district", r["cityCode"])
    return units


def load_changes():
    changes = []
    with open(CHANGES, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            year, code, mapping = line.split()
            old, successors = mapping.split(">")
            changes.append((int(year), code, old, successors.split(",")))
    return changes


def main():
    check = "--check" in sys.argv
    units = load_units()
    current_names = {name for name, _, _ in units.values()}
    current_names.update(r["name"] for r in read_rows("provinces.csv"))
    path = os.path.join(GAZETTEER, "renamed-units.csv")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    curated = text.split(MARKER)[0].rstrip("\n") + "\n"
    curated_names = {line.split(",")[0] for line in curated.splitlines()
                     if line and not line.startswith("#") and not line.startswith("old_name,")}
    changes = load_changes()

    def today(name, code):
        """Today's units named `name` in the province of `code`, those of its prefecture first."""
        found = [c for c, (n, _, _) in units.items() if n == name and c[:2] == code[:2]]
        local = [c for c in found if c[:4] == code[:4]]
        return local if local else found

    def resolve(name, code, year, depth=0):
        """The code of today's unit that the successor `name` (as of `year`) became, or None."""
        found = today(name, code)
        if len(found) == 1:
            return found[0]
        if found or depth > 5:
            return None
        later = [c for c in changes if c[2] == name and c[1][:2] == code[:2] and c[0] >= year]
        if len(later) != 1:
            return None
        return covering(later[0], depth + 1)

    def covering(change, depth=0):
        year, code, _, successors = change
        resolved = [resolve(s, code, year, depth) for s in successors]
        if None in resolved:
            return None
        if len(set(resolved)) == 1:
            return resolved[0]
        cities = {c if units[c][1] == "city" else units[c][2] for c in resolved}
        return cities.pop() if len(cities) == 1 else None

    by_name = {}
    skipped = {"still a name today, mapped within its region": 0, "a word, not a place": 0, "retired for several units": 0,
               "mapped by hand": 0, "no single unit today": 0}
    for change in changes:
        by_name.setdefault(change[2], []).append(change)
    rows = []
    def row(name, target, year):
        return "%s,%s,%s,%d" % (name, units[target][1], target[:4] if units[target][1] == "city" else target,
                                year)

    for name, retired in sorted(by_name.items(), key=lambda kv: (kv[1][0][0], kv[1][0][1])):
        if name in curated_names:
            skipped["mapped by hand"] += len(retired)
            continue
        if name in current_names:
            # Another unit bears the name today (长治's 城区 became 潞州区; 晋城's 城区 remains): each retired
            # unit maps on its own, and the city or province written with the name decides between them.
            for change in retired:
                target = covering(change)
                if target is None or units[target][0] == name:
                    skipped["no single unit today"] += 1
                    continue
                skipped["still a name today, mapped within its region"] += 1
                rows.append(row(name, target, change[0]))
            continue
        if is_generic(name):
            skipped["a word, not a place"] += len(retired)
            continue
        targets = {covering(c) for c in retired}
        if None in targets:
            skipped["no single unit today"] += len(retired)
            continue
        if len(targets) > 1:
            skipped["retired for several units"] += len(retired)
            continue
        target = targets.pop()
        rows.append(row(name, target, retired[-1][0]))
    derived = curated + MARKER + "\n" + "\n".join(rows) + "\n"
    print("%d changes: %d rows derived; left out: %s" % (
        len(changes), len(rows), ", ".join("%s %d" % kv for kv in skipped.items())))
    if check:
        if derived != text:
            sys.exit("renamed-units.csv is not what division-changes.txt derives: run "
                     "python3 tools/gazetteer/derive_renamed_units.py")
        return
    with open(path, "w", encoding="utf-8") as f:
        f.write(derived)


if __name__ == "__main__":
    main()
