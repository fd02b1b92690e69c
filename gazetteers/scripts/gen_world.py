#!/usr/bin/env python3
"""Generate world-cldr.tsv: the countries, territories, world regions and cities that the Unicode
CLDR names in Chinese, beyond the hand-made rows of world.tsv.

Usage (from the repository root):

    cd /tmp && npm pack cldr-localenames-full@48.2.0 cldr-dates-full@48.2.0
    mkdir -p cldr && for f in cldr-*.tgz; do tar xzf $f -C cldr; done   # both unpack to package/
    python3 gazetteers/scripts/gen_world.py /tmp/cldr/package gazetteers [JIEBA_DICT]

Inputs (see gazetteers/SOURCES.md):
- main/zh/territories.json (cldr-localenames-full): the Chinese names of 250 countries and
  territories and of the UN M49 world regions;
- main/zh/timeZoneNames.json (cldr-dates-full): the Chinese names of the exemplar cities of the
  time zones (曼谷, 开罗, 卡拉奇 ...);
- the tz database's zone1970.tab (public domain; /usr/share/zoneinfo on Debian) for the countries
  those cities are in.

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

from gen_divisions import default_jieba_dict, read_jieba

COMMON_WORD_FREQ = 20
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


def main(cldr, out_dir, jieba_path):
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

    out = os.path.join(out_dir, "world-cldr.tsv")
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("# Countries, territories, world regions (UN M49) and time-zone cities with their "
                "Chinese names from the\n# Unicode CLDR 48 (Unicode License v3); generated by "
                "scripts/gen_world.py, do not edit by hand.\n# world.tsv has the hand-made rows "
                "(forms the press uses); see SOURCES.md.\n")
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["id", "name", "type", "subtype", "aliases", "parent", "code"])
        for rid in sorted(rows):
            w.writerow(rows[rid])
    for s in skipped:
        print("left out:", s, file=sys.stderr)
    print(f"{out}: {len(rows)} rows", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) == 4 else default_jieba_dict())
