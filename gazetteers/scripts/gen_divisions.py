#!/usr/bin/env python3
"""Generate gazetteers/divisions.tsv and gazetteers/airports.tsv from the public data sets.

Usage (from the repository root, with the shared data beside the checkout):

    python3 gazetteers/scripts/gen_divisions.py ../shared/data gazetteers [JIEBA_DICT]

JIEBA_DICT is jieba's dict.txt (`word freq tag`), by default the one jieba-rs ships in the cargo
registry. A short form that jieba knows as a common word of another kind (资源 n, 通道 v, 比如 v,
凤凰 nr, 港口 n) with frequency >= COMMON_WORD_FREQ is not made a county's alias: in news it is
that word far more often than the county. (Prefecture-level short forms are all kept: jieba's tags
for them are unreliable, 保定 v, 大连 d, and the cities matter.)

Inputs (see gazetteers/SOURCES.md): admin-divisions/{provinces,cities,areas,coordinates}.csv
(NBS 2023 statistical division codes, WTFPL; coordinates from cpca 0.5.5, MIT) and
extra/airports.tsv. The output is sorted by id, so regenerating gives the same bytes.
"""
import csv
import glob
import os
import re
import sys

COMMON_WORD_FREQ = 500

ETHNIC = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 "
    "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
    "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
ETHNIC_RE = "(?:%s)" % "|".join(sorted(ETHNIC, key=len, reverse=True))
AUTONOMOUS = re.compile(r"^(.{2,}?)(?:%s族?)+自治(州|县|旗)$" % ETHNIC_RE)
# Official county-level names that are also ordinary words ("城区" = urban area): their canonical
# name is qualified with the city and the bare name is not an alias.
GENERIC = {"城区", "郊区", "矿区", "东区", "西区", "新区"}
# Stems that are ordinary words or well-known other things far more often than the place.
STOP_STEMS = {"和平", "新华", "长安", "城关", "城中", "城东", "城西", "城南", "城北", "新城", "市中",
              "开发", "高新", "经济", "中心", "白云", "向阳", "青山", "铁东", "铁西", "南山", "宝山",
              "江北", "河东", "河西", "桥西", "桥东", "西湖", "龙华", "普陀", "永定", "海州", "西安",
              "鼓楼", "南开", "河北", "新疆", "西藏", "内蒙", "东方", "和田", "阿里", "通化", "东兴",
              "红旗", "光明", "新兴", "兴安", "合作", "安全", "公主", "中方", "大方", "大通", "永和",
              "太和", "平安", "长寿", "吉利", "宁安", "新民", "大同", "东山", "金川", "万山", "文山",
              "大安", "正安", "安化", "和县", "永新", "新建", "建设", "复兴", "前进", "胜利", "先锋",
              "惠民", "九龙"}

# Names the news uses for airports that the airport list does not give.
EXTRA_AIRPORT_ALIASES = {
    "PKX": ["大兴国际机场", "大兴机场", "北京新机场"],
    "PEK": ["首都国际机场", "首都机场"],
    "SJW": ["正定国际机场", "正定机场"],
    "TSN": ["滨海国际机场", "滨海机场"],
    "PVG": ["浦东国际机场", "浦东机场"],
    "SHA": ["虹桥国际机场", "虹桥机场"],
}


def read_csv(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def province_short(name):
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def subtype_of_city(name):
    if name.endswith("自治州"):
        return "autonomous-prefecture"
    if name.endswith("地区"):
        return "prefecture"
    if name.endswith("盟"):
        return "league"
    return "prefecture-city"


def short_form(name):
    """The short form people write for a city or county name, or None."""
    m = AUTONOMOUS.match(name)
    if m:
        return m.group(1)
    for suffix in ("林区", "地区", "新区", "区", "县", "市", "旗", "盟"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def county_subtype(code, name):
    if code[4] == "7":
        return "functional-zone"
    if name.endswith("自治县"):
        return "autonomous-county"
    if name.endswith("自治旗"):
        return "autonomous-banner"
    if name.endswith("旗"):
        return "banner"
    if name.endswith("县"):
        return "county"
    if name.endswith("市"):
        return "county-city"
    if name.endswith("区"):
        return "district"
    return "special"


def zone_aliases(name):
    aliases = []
    for long, short in (("高新技术产业开发区", "高新区"), ("经济技术开发区", "经开区")):
        if name.endswith(long):
            aliases.append(name[: -len(long)] + short)
    return aliases


def load_common_words(path):
    """Words jieba tags as something other than a place name, with frequency >= COMMON_WORD_FREQ."""
    common = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[2] != "ns" and int(parts[1]) >= COMMON_WORD_FREQ:
                common[parts[0]] = (int(parts[1]), parts[2])
    return common


def default_jieba_dict():
    found = sorted(glob.glob(os.path.expanduser(
        "~/.cargo/registry/src/*/jieba-rs-*/src/data/dict.txt")))
    if not found:
        sys.exit("jieba's dict.txt not found: pass its path (run `cargo fetch` to get jieba-rs)")
    return found[-1]


def main(data_dir, out_dir, jieba_dict):
    common = load_common_words(jieba_dict)
    dropped = []

    def usable(short, name):
        if short in common:
            dropped.append("%s -> %s (jieba: %s %d)" % (name, short, common[short][1], common[short][0]))
            return False
        return True

    adm = os.path.join(data_dir, "admin-divisions")
    coords = {}
    for row in read_csv(os.path.join(adm, "coordinates.csv")):
        coords[row["adcode"][:6]] = (row["longitude"], row["latitude"])

    rows = []  # (id, name, type, subtype, aliases, parent, code)
    names_taken = set()
    provinces = {}
    for p in read_csv(os.path.join(adm, "provinces.csv")):
        name = p["name"]
        short = province_short(name)
        provinces[p["code"]] = short
        subtype = "municipality" if name.endswith("市") else (
            "autonomous-region" if name.endswith("自治区") else "province")
        rows.append((p["code"], name, "Place", subtype, [short], "CN", p["code"]))
        names_taken.update([name, short])

    cities = {}
    for c in read_csv(os.path.join(adm, "cities.csv")):
        name = c["name"]
        if name in ("市辖区", "县") or "直辖县级" in name:
            cities[c["code"]] = None  # placeholder: its counties belong to the province
            continue
        cities[c["code"]] = name
        short = short_form(name)
        aliases = [short] if short and short not in names_taken else []
        rows.append((c["code"], name, "Place", subtype_of_city(name), aliases,
                     c["provinceCode"], c["code"]))
        names_taken.add(name)

    city_short_taken = set(names_taken)
    for a in read_csv(os.path.join(adm, "areas.csv")):
        code, name = a["code"], a["name"]
        city = cities.get(a["cityCode"])
        parent = a["cityCode"] if city else a["provinceCode"]
        subtype = county_subtype(code, name)
        aliases = []
        if name in GENERIC:
            owner = city or provinces[a["provinceCode"]]
            name = (short_form(owner) or owner) + name if owner.endswith("市") else owner + name
        elif subtype == "functional-zone":
            aliases = zone_aliases(name)
        else:
            short = short_form(name)
            if (short and short not in STOP_STEMS and short not in city_short_taken
                    and usable(short, name)):
                aliases.append(short)
        etype = "Zone" if subtype == "functional-zone" else "Place"
        rows.append((code, name, etype, subtype, aliases, parent, code))

    header = "id\tname\ttype\tsubtype\taliases\tparent\tmembers\tcode\tlon\tlat\n"
    with open(os.path.join(out_dir, "divisions.tsv"), "w", encoding="utf-8") as out:
        out.write("# Generated by gazetteers/scripts/gen_divisions.py from NBS 2023 division codes\n")
        out.write("# (see SOURCES.md); do not edit by hand: regenerate, or override in a later layer.\n")
        out.write(header)
        for id_, name, etype, subtype, aliases, parent, code in sorted(rows):
            lon, lat = coords.get(code.ljust(6, "0"), ("", ""))
            out.write("\t".join([id_, name, etype, subtype, "|".join(aliases), parent, "", code,
                                 lon, lat]) + "\n")

    for line in sorted(dropped):
        print("short form not used:", line, file=sys.stderr)

    # Airports: projects, parent = the county or city named in the data when it is unambiguous.
    by_name = {}
    for id_, name, etype, subtype, aliases, parent, code in rows:
        for n in [name] + aliases:
            by_name.setdefault(n, []).append(id_)
    airports = []
    with open(os.path.join(data_dir, "extra", "airports.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            name, short = r["airport_name"], r["short_name"]
            aliases = []
            base = name[:-2] if name.endswith("机场") else name
            candidates = [short + "机场", base.replace("国际", "") + "机场"]
            for alias in candidates + EXTRA_AIRPORT_ALIASES.get(r["iata"], []):
                if alias != name and alias not in aliases and len(alias) > 3:
                    aliases.append(alias)
            parent = ""
            for candidate in (r["city"], r["city"] + "市", r["province"]):
                ids = by_name.get(candidate, [])
                if len(ids) == 1:
                    parent = ids[0]
                    break
            airports.append(("airport-" + r["iata"].lower(), name, aliases, parent, r["iata"],
                             r["longitude"], r["latitude"]))
    with open(os.path.join(out_dir, "airports.tsv"), "w", encoding="utf-8") as out:
        out.write("# Generated by gazetteers/scripts/gen_divisions.py from shared data/extra/airports.tsv\n")
        out.write("# (see SOURCES.md); do not edit by hand: regenerate, or override in a later layer.\n")
        out.write(header)
        for id_, name, aliases, parent, iata, lon, lat in sorted(airports):
            out.write("\t".join([id_, name, "Project", "airport", "|".join(aliases), parent, "",
                                 iata, lon, lat]) + "\n")


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) == 4 else default_jieba_dict())
