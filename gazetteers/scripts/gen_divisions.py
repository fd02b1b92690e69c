#!/usr/bin/env python3
"""Generate the gazetteers made from public data: divisions.tsv, towns.tsv, airports.tsv and
local-institutions.tsv.

Usage (from the repository root, with the shared data beside the checkout):

    python3 gazetteers/scripts/gen_divisions.py ../shared/data gazetteers [JIEBA_DICT] \
        --former jionlp/dictionary/china_location_change.txt

--former is JioNLP's table of division changes since 2002 (Apache-2.0; in the PyPI wheel:
`pip download --no-deps jionlp==1.5.31`, then unzip it): former names become aliases of their
successors (see add_former_names). Without it they are left out, with a warning.

JIEBA_DICT is jieba's dict.txt (`word freq tag`), by default the one jieba-rs ships in the cargo
registry. A county's short form that jieba knows as a common word of another kind (资源 n, 通道 v,
比如 v, 凤凰 nr, 港口 n) with frequency >= COMMON_WORD_FREQ, or that is in STOP_STEMS, becomes a
context alias: recognised only in a document that names the county or its city or province by
another name, since elsewhere it is that word far more often than the county. (Prefecture-level
short forms are all plain aliases: jieba's tags for them are unreliable, 保定 v, 大连 d, and the
cities matter.) Nothing is dropped silently: the script lists every context alias it makes.

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
              "惠民", "九龙", "大关", "中原", "兴业", "南海", "平原", "小店", "方正", "商城",
              "太平", "丰满", "古城", "南湖", "安居", "新安", "紫金", "泰山", "龙江", "东方", "江海"}

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


def read_jieba(path):
    """jieba's dictionary: word -> (frequency, tag); the tag is empty where the line has none."""
    words = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                words[parts[0]] = (int(parts[1]), parts[2] if len(parts) > 2 else "")
    return words


def load_common_words(path):
    """Words jieba tags as something other than a place name, with frequency >= COMMON_WORD_FREQ."""
    return {w: (freq, tag) for w, (freq, tag) in read_jieba(path).items()
            if tag and tag != "ns" and freq >= COMMON_WORD_FREQ}


def default_jieba_dict():
    found = sorted(glob.glob(os.path.expanduser(
        "~/.cargo/registry/src/*/jieba-rs-*/src/data/dict.txt")))
    if not found:
        sys.exit("jieba's dict.txt not found: pass its path (run `cargo fetch` to get jieba-rs)")
    return found[-1]


def add_former_names(rows, path):
    """Former names of renamed, upgraded or merged divisions (宁乡县 -> 宁乡市 in 2017, 江干区 ->
    上城区 in 2021) become aliases of their successor, as the news of before the change writes
    them. `path` is JioNLP's china_location_change.txt: `date, approval, province, short, city,
    short[, county, short]=>province, city[, county]`. A former name that is a current name
    anywhere, or a generic word (城区, 矿区), is left out."""
    index = {}
    by_id = {row[0]: i for i, row in enumerate(rows)}
    parents = {row[0]: row[6] for row in rows}
    names = {n for row in rows for n in [row[1]] + row[4] + row[5]}
    for row in rows:
        chain = [row[1]]
        parent = parents.get(row[6])
        if row[6] in by_id:
            chain.insert(0, rows[by_id[row[6]]][1])
            if parent in by_id:
                chain.insert(0, rows[by_id[parent]][1])
        index[tuple(chain)] = row[0]
    notes = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            left, _, right = line.partition("=>")
            old = left.split("\t")[2:]
            new = tuple(right.split("\t"))
            if len(old) not in (4, 6) or len(new) != len(old) // 2:
                sys.exit("%s:%d: expected 'date, approval, province, short, city, short[, county, "
                         "short]=>province, city[, county]'" % (path, number))
            successor = index.get(new)
            if successor is None and len(new) == 3:
                # The table writes some successors without their ethnic or final part
                # (金秀县 for 金秀瑶族自治县, 玉环区 for 玉环市): the one division of that city
                # whose name starts like it.
                stem = new[2][:-1]
                found = [v for k, v in index.items()
                         if len(k) == 3 and k[:2] == new[:2] and k[2].startswith(stem)]
                successor = found[0] if len(found) == 1 else None
            if successor is None:
                notes.append("%s:%d: skipped: no division %s" % (path, number, "/".join(new)))
                continue
            # Only the full former name: former short forms (江干, 三山 of 三山区, 红星 of 红星区)
            # are far more often ordinary words, brands or other places than the place.
            name = old[-2]
            row = rows[by_id[successor]]
            if name == row[1] or name in row[4]:
                continue
            if name in names or name in GENERIC or len(name) < 2:
                notes.append("%s:%d: skipped: %s for %s is a current name or generic"
                             % (path, number, name, row[1]))
                continue
            row[4].append(name)
            names.add(name)
    for line in notes:
        print("former names:", line, file=sys.stderr)


def main(data_dir, out_dir, jieba_dict, former=None):
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

    rows = []  # (id, name, type, subtype, aliases, context_aliases, parent, code)
    names_taken = set()
    provinces = {}
    for p in read_csv(os.path.join(adm, "provinces.csv")):
        name = p["name"]
        short = province_short(name)
        provinces[p["code"]] = short
        subtype = "municipality" if name.endswith("市") else (
            "autonomous-region" if name.endswith("自治区") else "province")
        rows.append((p["code"], name, "Place", subtype, [short], [], "CN", p["code"]))
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
        rows.append((c["code"], name, "Place", subtype_of_city(name), aliases, [],
                     c["provinceCode"], c["code"]))
        names_taken.add(name)

    city_short_taken = set(names_taken)
    # A prefecture-level city without districts (东莞, 中山, 儋州, 嘉峪关) has one county-level
    # entry of the same name: it is the city itself, so its towns go to the city.
    same_as_city = {}
    for a in read_csv(os.path.join(adm, "areas.csv")):
        code, name = a["code"], a["name"]
        city = cities.get(a["cityCode"])
        if city == name:
            same_as_city[code] = a["cityCode"]
            continue
        parent = a["cityCode"] if city else a["provinceCode"]
        subtype = county_subtype(code, name)
        aliases = []
        context = []
        if name in GENERIC:
            owner = city or provinces[a["provinceCode"]]
            name = (short_form(owner) or owner) + name if owner.endswith("市") else owner + name
        elif subtype == "functional-zone":
            aliases = zone_aliases(name)
        else:
            short = short_form(name)
            if short and short not in city_short_taken:
                if short in STOP_STEMS:
                    dropped.append("%s -> %s (stop list)" % (name, short))
                    context.append(short)
                elif usable(short, name):
                    aliases.append(short)
                else:
                    context.append(short)
        etype = "Zone" if subtype == "functional-zone" else "Place"
        rows.append((code, name, etype, subtype, aliases, context, parent, code))

    if former:
        add_former_names(rows, former)
    else:
        print("no former names: pass --former FILE (see the docstring) to add them", file=sys.stderr)

    header = "id\tname\ttype\tsubtype\taliases\tcontext_aliases\tparent\tmembers\tcode\tlon\tlat\n"
    with open(os.path.join(out_dir, "divisions.tsv"), "w", encoding="utf-8") as out:
        out.write("# Generated by gazetteers/scripts/gen_divisions.py from NBS 2023 division codes\n")
        out.write("# (see SOURCES.md); do not edit by hand: regenerate, or override in a later layer.\n")
        out.write(header)
        for id_, name, etype, subtype, aliases, context, parent, code in sorted(rows):
            lon, lat = coords.get(code.ljust(6, "0"), ("", ""))
            out.write("\t".join([id_, name, etype, subtype, "|".join(aliases), "|".join(context),
                                 parent, "", code, lon, lat]) + "\n")

    for line in sorted(dropped):
        print("context alias only:", line, file=sys.stderr)

    write_towns(adm, out_dir, {r[0] for r in rows}, same_as_city)
    write_local_institutions(rows, out_dir)

    # Airports: projects, parent = the county or city named in the data when it is unambiguous.
    by_name = {}
    for id_, name, etype, subtype, aliases, context, parent, code in rows:
        for n in [name] + aliases:
            by_name.setdefault(n, []).append(id_)
    airports = []
    with open(os.path.join(data_dir, "extra", "airports.tsv"), encoding="utf-8") as f:
        listed = list(csv.DictReader(f, delimiter="\t"))
    # The forms the press derives from an airport's name (issue 17): its own name without the
    # city (白云 of 广州白云 → 白云机场, 白云国际机场) where no other airport has it, and the city
    # with 机场 (深圳机场) where the city has one airport only.
    per_city = {}
    cores = {}
    for r in listed:
        per_city[r["city"]] = per_city.get(r["city"], 0) + 1
        core = r["short_name"][len(r["city"]):] if r["short_name"].startswith(r["city"]) else ""
        if len(core) >= 2:
            cores.setdefault(core, []).append(r["iata"])
    for r in listed:
        name, short = r["airport_name"], r["short_name"]
        aliases = []
        base = name[:-2] if name.endswith("机场") else name
        candidates = [short + "机场", base.replace("国际", "") + "机场"]
        core = short[len(r["city"]):] if short.startswith(r["city"]) else ""
        if cores.get(core) == [r["iata"]]:
            candidates += [core + "机场"] + ([core + "国际机场"] if "国际" in name else [])
        if per_city[r["city"]] == 1 and len(r["city"]) >= 2:
            candidates.append(r["city"] + "机场")
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
            out.write("\t".join([id_, name, "Project", "airport", "|".join(aliases), "", parent,
                                 "", iata, lon, lat]) + "\n")


TOWN_SUFFIXES = (("街道", "subdistrict"), ("地区", "area-office"), ("镇", "town"),
                 ("乡", "township"), ("苏木", "sumu"))


def town_subtype(name):
    for suffix, subtype in TOWN_SUFFIXES:
        if name.endswith(suffix):
            return subtype
    return None


def write_towns(adm, out_dir, county_ids, same_as_city):
    """Towns, townships, subdistricts and Beijing's area offices under their counties: full names
    only (no short forms, which are too often ordinary words), so they are safe to match
    everywhere. Other town-level units (farms, corps regiments, parks, 大兴国际机场) are left out:
    their names are not place names of the same kind and collide with other entities."""
    rows = []
    for t in read_csv(os.path.join(adm, "streets.csv")):
        name = t["name"]
        parent = same_as_city.get(t["areaCode"], t["areaCode"])
        subtype = town_subtype(name)
        if len(name) < 3 or subtype is None or parent not in county_ids:
            continue
        rows.append((t["code"], name, subtype, parent))
    with open(os.path.join(out_dir, "towns.tsv"), "w", encoding="utf-8") as out:
        out.write("# Generated by gazetteers/scripts/gen_divisions.py from NBS 2023 division codes\n")
        out.write("# (streets.csv, see SOURCES.md); do not edit by hand.\n")
        out.write("id\tname\ttype\tsubtype\tparent\tcode\n")
        for code, name, subtype, parent in sorted(rows):
            out.write("\t".join([code, name, "Place", subtype, parent, code]) + "\n")


def write_local_institutions(rows, out_dir):
    """The governments, Party committees, people's congresses and CPPCC committees of provinces,
    prefectures and counties, in their official names and the forms news writes."""
    out_rows = []
    for id_, name, etype, subtype, aliases, context, parent, code in rows:
        if etype != "Place":
            continue
        level = len(id_)
        if level not in (2, 4, 6):
            continue
        party = name + ("党委" if name.endswith("自治区") else "委")
        forms = [
            ("gov", name + "人民政府", [name + "政府"], "government"),
            ("cpc", "中共" + name + "委员会", [party, "中共" + party], "party-committee"),
            ("npc", name + "人民代表大会常务委员会", [name + "人大常委会", name + "人大"],
             "peoples-congress"),
            ("cppcc", "中国人民政治协商会议" + name + "委员会", [name + "政协"], "cppcc"),
        ]
        if level in (2, 4):
            forms.append(("drc", name + "发展和改革委员会", [name + "发改委", name + "发展改革委"],
                          "development-reform-commission"))
        for suffix, official, alias_list, sub in forms:
            out_rows.append(("%s-%s" % (id_, suffix), official, sub, alias_list, id_))
    with open(os.path.join(out_dir, "local-institutions.tsv"), "w", encoding="utf-8") as out:
        out.write("# Generated by gazetteers/scripts/gen_divisions.py: the standard organs of every\n")
        out.write("# province, prefecture and county (see SOURCES.md); do not edit by hand.\n")
        out.write("id\tname\ttype\tsubtype\taliases\tparent\n")
        for id_, name, sub, alias_list, parent in sorted(out_rows):
            out.write("\t".join([id_, name, "Institution", sub, "|".join(alias_list), parent]) + "\n")


def take_option(args, flag, usage):
    """Removes `flag VALUE` from `args` and returns VALUE (None when the flag is absent); exits
    with `usage` when the value is missing."""
    if flag not in args:
        return None
    at = args.index(flag)
    if at + 1 >= len(args):
        sys.exit(usage)
    value = args[at + 1]
    del args[at:at + 2]
    return value


if __name__ == "__main__":
    args = sys.argv[1:]
    former = take_option(args, "--former", __doc__)
    if former is not None:
        if not os.path.isfile(former):
            sys.exit("--former %s: no such file (see the docstring for how to get it)" % former)
    if len(args) not in (2, 3):
        sys.exit(__doc__)
    main(args[0], args[1], args[2] if len(args) == 3 else default_jieba_dict(), former)
