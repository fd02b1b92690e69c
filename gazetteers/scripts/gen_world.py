#!/usr/bin/env python3
"""Generate world-cldr.tsv: the countries, territories, world regions and cities that the Unicode
CLDR names in Chinese, beyond the hand-made rows of world.tsv.

Usage (from the repository root):

    cd /tmp && npm pack cldr-localenames-full@48.2.0 cldr-dates-full@48.2.0
    mkdir -p cldr && for f in cldr-*.tgz; do tar xzf $f -C cldr; done   # both unpack to package/
    python3 gazetteers/scripts/gen_world.py /tmp/cldr/package gazetteers [JIEBA_DICT] \
        [--cities jionlp/dictionary/world_location.txt]

Inputs (see gazetteers/SOURCES.md):
- main/zh/territories.json (cldr-localenames-full): the Chinese names of 250 countries and
  territories and of the UN M49 world regions;
- main/zh/timeZoneNames.json (cldr-dates-full): the Chinese names of the exemplar cities of the
  time zones (曼谷, 开罗, 卡拉奇 ...);
- the tz database's zone1970.tab (public domain; /usr/share/zoneinfo on Debian) for the countries
  those cities are in;
- optionally (`--cities`), world_location.txt of JioNLP 1.5.31 (Apache-2.0; PyPI wheel `jionlp`,
  `pip download --no-deps jionlp==1.5.31`, unzip it): each country's capital and the major cities
  the Chinese press writes about (平壤, 新德里, 巴塞罗那, 德班), which the time zones miss.

Rows whose name or alias world.tsv or composites.tsv already has are left out (the hand rows
carry the forms the press uses, 澳洲, 印尼), and so are China's own divisions (the division
gazetteers have them), institutions CLDR lists among territories (欧盟, 联合国, 欧元区), the
world as a whole (世界) and 中非, which the press uses for China–Africa. A city name that jieba
knows as a two-character person's name (朱诺 nr) or as a common word of some frequency (万象 n) is left out too
and listed on stderr. The output is sorted by id, so regenerating gives the same bytes.
"""
import csv
import json
import os
import sys

from gen_divisions import default_jieba_dict, read_jieba, take_option

COMMON_WORD_FREQ = 20
# JioNLP cities that are no city to recognise: person's names (亚历山大, 维多利亚, 亚伦, 圣约翰,
# 圣乔治), a cape (好望角), a country's short name listed as a city (巴新), a food (汉堡: a
# third of its mentions in the sample posts are hamburgers), and names cities of two countries
# share (金斯敦; 圣何塞, which the business press uses for California's, not Costa Rica's).
SKIP_CITIES = {
    "亚历山大", "维多利亚", "亚伦", "圣约翰", "圣乔治", "好望角", "巴新", "汉堡", "金斯敦", "圣何塞",
}
# Two-character city names jieba tags as common nouns of some frequency although they are
# nothing but the city (平壤 n 335, 基辅 n): kept. 万象 and 金边 (金边债券) are real words and
# stay out. Names of three characters or more are kept whatever jieba's tag (底特律 n).
KEEP_CITIES = {"平壤", "基辅", "神户", "冲绳", "河内"}
# CLDR territory codes that are not places to recognise: institutions, the world, placeholders,
# China's own units, and 中非 (Middle Africa), which in the news means China–Africa.
SKIP_TERRITORIES = {"001", "EU", "EZ", "UN", "ZZ", "QO", "CN", "HK", "MO", "TW", "017"}
# Cities of China's own units: the division gazetteers know them, except Taiwan's.
CHINA = {"CN", "HK", "MO"}
TAIWAN_PARENT = "71"
TZDATA = "/usr/share/zoneinfo"


def read_known(out_dir):
    """Names and aliases of world.tsv and composites.tsv, and world.tsv's id for each."""
    known = {}
    for name in ("world.tsv", "composites.tsv"):
        with open(os.path.join(out_dir, name), encoding="utf-8") as f:
            rows = [line.rstrip("\n").split("\t") for line in f if not line.startswith("#")]
        rows = [r for r in rows if any(r)]
        header = rows[0]
        for r in rows[1:]:
            r += [""] * (len(header) - len(r))
            row = dict(zip(header, r))
            for n in [row["name"]] + [a for a in row.get("aliases", "").split("|") if a]:
                known.setdefault(n, row["id"])
    return known


def main(cldr, out_dir, jieba_path, cities_path=None):
    for name in ("territories.json", "timeZoneNames.json"):
        if not os.path.exists(os.path.join(cldr, "main/zh", name)):
            sys.exit(f"{cldr}/main/zh/{name} not found: unpack cldr-localenames-full and "
                     "cldr-dates-full there (see the usage above)")
    territories = json.load(open(os.path.join(cldr, "main/zh/territories.json"), encoding="utf-8"))
    territories = territories["main"]["zh"]["localeDisplayNames"]["territories"]
    zones = json.load(open(os.path.join(cldr, "main/zh/timeZoneNames.json"), encoding="utf-8"))
    zones = zones["main"]["zh"]["dates"]["timeZoneNames"]["zone"]
    known = read_known(out_dir)
    jieba = read_jieba(jieba_path)

    rows = {}
    country_id = {}
    for code, name in territories.items():
        if "-alt-" in code or code in SKIP_TERRITORIES:
            continue
        short = territories.get(code + "-alt-short")
        canonical = short or name
        aliases = sorted({name, territories.get(code + "-alt-variant", name)} - {canonical})
        forms = [canonical] + aliases
        # 蒙古 and 蒙古国, 孟加拉国 and 孟加拉: the same country with or without 国.
        forms += [f + "国" for f in forms] + [f[:-1] for f in forms if f.endswith("国")]
        existing = next((known[n] for n in forms if n in known), None)
        if existing:
            country_id[code] = existing
            continue
        region = code.isdigit()
        rid = ("region:" if region else "country:") + canonical
        country_id[code] = rid
        rows[rid] = [rid, canonical, "Place", "world-region" if region else "country",
                     "|".join(aliases), "", code]

    zone_country = {}
    for tab in ("zone1970.tab", "zone.tab"):
        if not os.path.exists(os.path.join(TZDATA, tab)):
            sys.exit(f"{TZDATA}/{tab} not found: install tzdata (apt-get install -y tzdata)")
    with open(os.path.join(TZDATA, "zone1970.tab"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            zone_country[parts[2]] = parts[0].split(",")[0]
    # zone.tab keeps the zones zone1970.tab merged into others (Europe/Oslo → NO).
    with open(os.path.join(TZDATA, "zone.tab"), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                parts = line.rstrip("\n").split("\t")
                zone_country.setdefault(parts[2], parts[0])

    def walk(tree, path):
        for key, value in tree.items():
            if not isinstance(value, dict):
                continue
            if "exemplarCity" in value:
                yield "/".join(path + [key]), value["exemplarCity"]
            else:
                yield from walk(value, path + [key])

    skipped = []
    for zone, city in sorted(walk(zones, [])):
        country = zone_country.get(zone)
        # Antarctic research stations (昭和, 莫森) are not places the news is about.
        if zone.startswith(("Etc/", "Antarctica/")) or country is None or country in CHINA:
            continue
        if city in known or "country:" + city in rows or "region:" + city in rows:
            continue
        freq, tag = jieba.get(city, (0, ""))
        # jieba tags many transliterated names nr or nrt (斯德哥尔摩 nrt, 苏黎世 nr): only
        # two-character ones are left out for it (朱诺, 威克).
        person = tag.startswith("nr")
        if (person and len(city) <= 2) or (
            not person and freq >= COMMON_WORD_FREQ and tag not in ("ns", "nz")
        ):
            skipped.append(f"{city} ({zone}): jieba {tag} {freq}")
            continue
        parent = TAIWAN_PARENT if country == "TW" else country_id.get(country, "")
        cid = "city:" + city
        if cid in rows:
            continue
        rows[cid] = [cid, city, "Place", "world-city", "", parent, ""]

    if cities_path:
        add_jionlp_cities(rows, known, jieba, cities_path, out_dir, skipped)

    out = os.path.join(out_dir, "world-cldr.tsv")
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("# Countries, territories, world regions (UN M49) and time-zone cities with their "
                "Chinese names from the\n# Unicode CLDR 48 (Unicode License v3)"
                + ("; capitals and major cities from JioNLP 1.5.31 (Apache-2.0)" if cities_path
                   else "")
                + "; generated by\n# scripts/gen_world.py, do not edit by hand. world.tsv has the "
                "hand-made rows (forms the press uses);\n# see SOURCES.md.\n")
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["id", "name", "type", "subtype", "aliases", "parent", "code"])
        for rid in sorted(rows):
            w.writerow(rows[rid])
    for s in skipped:
        print("left out:", s, file=sys.stderr)
    print(f"{out}: {len(rows)} rows", file=sys.stderr)


def all_names(out_dir):
    """Every name and alias of the gazetteers but world-cldr.tsv: a JioNLP city named like a
    Chinese division or any other entity (西贡, 光州) is left to that entity."""
    names = set()
    for name in sorted(os.listdir(out_dir)):
        if not name.endswith(".tsv") or name == "world-cldr.tsv":
            continue
        with open(os.path.join(out_dir, name), encoding="utf-8") as f:
            rows = [line.rstrip("\n").split("\t") for line in f if not line.startswith("#")]
        header = rows[0]
        for r in rows[1:]:
            row = dict(zip(header, r))
            for col in ("name", "aliases", "context_aliases"):
                names.update(n for n in row.get(col, "").split("|") if n)
    return names


def add_jionlp_cities(rows, known, jieba, path, out_dir, skipped):
    """Capitals and major cities from JioNLP's world_location.txt: `country, full name, capital[,
    cities separated by /]` under continent headings. Each city's parent is its country's id in
    world.tsv or in the CLDR rows; cities of China, cities whose name another gazetteer has, and
    the names jieba reads as people's names or common words are left out."""
    if not os.path.exists(path):
        sys.exit(f"{path}: no such file (unzip the jionlp wheel; see the usage above)")
    country_ids = dict(known)
    for rid, row in rows.items():
        if rid.startswith("country:"):
            for n in [row[1]] + [a for a in row[4].split("|") if a]:
                country_ids.setdefault(n, rid)
    taken = all_names(out_dir)
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                # Continent headings (亚洲:) and blank lines carry no city.
                if line.strip() and not line.strip().endswith(":"):
                    skipped.append(f"{path}:{number}: not `country, full name, capital`")
                continue
            country = next((country_ids[n] for n in parts[:2] if n in country_ids), None)
            if country is None:
                skipped.append(f"{path}:{number}: country {parts[0]} not in the gazetteers")
                continue
            if country == "CN":
                continue
            cities = [parts[2]] + (parts[3].split("/") if len(parts) > 3 else [])
            for city in cities:
                if not city or city in taken or city in SKIP_CITIES or "city:" + city in rows:
                    continue
                if city in country_ids:
                    continue  # 新加坡, 摩纳哥: the country's own name
                freq, tag = jieba.get(city, (0, ""))
                if len(city) <= 2 and city not in KEEP_CITIES and (
                    tag.startswith("nr") or (freq >= COMMON_WORD_FREQ and tag not in ("ns", "nz"))
                ):
                    skipped.append(f"{city} ({path}:{number}): jieba {tag} {freq}")
                    continue
                cid = "city:" + city
                rows[cid] = [cid, city, "Place", "world-city", "", country, ""]


if __name__ == "__main__":
    args = sys.argv[1:]
    cities = take_option(args, "--cities", __doc__)
    if len(args) not in (2, 3):
        sys.exit(__doc__)
    main(args[0], args[1], args[2] if len(args) == 3 else default_jieba_dict(), cities)
