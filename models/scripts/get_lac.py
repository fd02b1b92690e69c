#!/usr/bin/env python3
"""Fetch Baidu LAC 2.1.2's trained lexical-analysis model from PyPI and convert it to the one
compact file regionkg's `--model` reads (models/lac-2.1.2.rkm).

Usage (from the repository root; Python's standard library only):

    python3 models/scripts/get_lac.py [--sdist LAC-2.1.2.tar.gz] [--f32] [--out PATH]

Without --sdist the pinned sdist is fetched from the package index (PIP_INDEX_URL, else PyPI's
simple index) into ~/.cache/regionkg/pypi. Either way its SHA-256 is checked before it is read,
and the file written is checked against the SHA-256 pinned below, so every machine gets the same
bytes. Nothing is done when the output already exists with that checksum. `--f32` keeps the word
embedding in f32 (the default stores it as f16, half the size; docs/model.md measures that the
labels do not change) and skips the output check.

What is read, without unpacking the sdist or importing LAC (which needs Paddle):
`LAC/lac_model/conf/{word,tag,q2b,small_seg}.dic` and the parameters in `LAC/lac_model/model/`
(Paddle LoDTensor files: u32 version, u64 LoD level and its levels, u32 tensor version, i32 length
of a protobuf TensorDesc with the dtype in field 1 and the dims in field 2, then the data).

The file written ("RKLAC1\\0\\0", then sections): each section is a u16 name length and the UTF-8
name, a u8 kind (0 text, 1 f32 tensor, 2 f16 tensor), a u8 rank and that many u32 dims, a u64
byte length and the bytes; all little-endian. Text sections are the .dic files verbatim.
"""
import hashlib
import io
import os
import re
import struct
import sys
import tarfile
import urllib.parse
import urllib.request

SDIST = "LAC-2.1.2.tar.gz"
SDIST_SHA256 = "22fcde0d5082d2044205ea6f6a7a9cd1f0d63e7b21b2dd5c9c73f27e7c0a3ef1"
OUT = "models/lac-2.1.2.rkm"
OUT_SHA256 = "8a3c9010fcb817076b09a00ae4b7a4cae02378bf29faa02edbfd606a8387d8a2"
ROOT = "LAC-2.1.2/LAC/lac_model/"
TEXTS = ["word.dic", "tag.dic", "q2b.dic", "small_seg.dic"]
TENSORS = ["word_emb", "crfw"] + [f"{kind}_{n}.{p}_0" for kind, count in (("fc", 5), ("gru", 4))
                                  for n in range(count) for p in ("w", "b")]
MAGIC = b"RKLAC1\0\0"


def fetch_sdist():
    """The pinned sdist's path in the cache, downloaded from the index if it is not there."""
    cache = os.path.expanduser("~/.cache/regionkg/pypi")
    path = os.path.join(cache, SDIST)
    if os.path.exists(path):
        return path
    index = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple").rstrip("/")
    page = urllib.request.urlopen(f"{index}/lac/", timeout=120).read().decode("utf-8")
    links = [href for href in re.findall(r'href="([^"]+)"', page)
             if href.split("#")[0].endswith("/" + SDIST)]
    if not links:
        sys.exit(f"{index}/lac/ lists no {SDIST}")
    url = urllib.parse.urljoin(f"{index}/lac/", links[0]).split("#")[0]
    os.makedirs(cache, exist_ok=True)
    partial = path + ".partial"
    with urllib.request.urlopen(url, timeout=600) as response, open(partial, "wb") as out:
        while chunk := response.read(1 << 20):
            out.write(chunk)
    os.replace(partial, path)
    return path


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def varint(buf, i):
    value = shift = 0
    while True:
        byte = buf[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def read_lod_tensor(name, data):
    """(dims, little-endian f32 bytes) of a Paddle LoDTensor file."""
    off = 4
    (lod_level,) = struct.unpack_from("<Q", data, off)
    off += 8
    for _ in range(lod_level):
        (size,) = struct.unpack_from("<Q", data, off)
        off += 8 + size
    off += 4
    (desc_len,) = struct.unpack_from("<i", data, off)
    off += 4
    desc = data[off:off + desc_len]
    off += desc_len
    dtype, dims, i = None, [], 0
    while i < len(desc):
        key = desc[i]
        i += 1
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(desc, i)
            if field == 1:
                dtype = value
            elif field == 2:
                dims.append(value)
        elif wire == 2:
            length, i = varint(desc, i)
            end = i + length
            while i < end:
                value, i = varint(desc, i)
                dims.append(value)
        else:
            sys.exit(f"{name}: unexpected protobuf wire type {wire} in its TensorDesc")
    if dtype != 5:  # VarType.FP32
        sys.exit(f"{name}: dtype {dtype}, expected 5 (f32)")
    count = 1
    for d in dims:
        count *= d
    body = data[off:]
    if len(body) != 4 * count:
        sys.exit(f"{name}: {len(body)} bytes of data for dims {dims}")
    return dims, body


def section(name, kind, dims, body):
    head = struct.pack("<H", len(name.encode())) + name.encode()
    head += struct.pack("<BB", kind, len(dims)) + b"".join(struct.pack("<I", d) for d in dims)
    return head + struct.pack("<Q", len(body)) + body


def convert(sdist, f32):
    out = io.BytesIO()
    out.write(MAGIC)
    with tarfile.open(sdist, "r:gz") as tar:
        def member(path):
            return tar.extractfile(ROOT + path).read()
        for text in TEXTS:
            out.write(section(text, 0, [], member("conf/" + text)))
        for name in TENSORS:
            dims, body = read_lod_tensor(name, member("model/" + name))
            if name == "word_emb" and not f32:
                count = len(body) // 4
                values = struct.unpack(f"<{count}f", body)
                out.write(section(name, 2, dims, struct.pack(f"<{count}e", *values)))
            else:
                out.write(section(name, 1, dims, body))
    return out.getvalue()


def main(args):
    usage = __doc__.split("\n\n")[1]
    sdist, out, f32 = None, OUT, False
    while args:
        flag = args.pop(0)
        if flag == "--f32":
            f32 = True
        elif flag in ("--sdist", "--out") and args:
            value = args.pop(0)
            sdist, out = (value, out) if flag == "--sdist" else (sdist, value)
        else:
            sys.exit(usage)
    if not f32 and os.path.exists(out) and sha256_of(out) == OUT_SHA256:
        print(f"{out}: present, SHA-256 as pinned", file=sys.stderr)
        return
    sdist = sdist or fetch_sdist()
    digest = sha256_of(sdist)
    if digest != SDIST_SHA256:
        sys.exit(f"{sdist}: SHA-256 {digest}, expected {SDIST_SHA256}: not the pinned LAC 2.1.2")
    data = convert(sdist, f32)
    digest = hashlib.sha256(data).hexdigest()
    if not f32 and digest != OUT_SHA256:
        sys.exit(f"the converted model's SHA-256 is {digest}, expected {OUT_SHA256}")
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out + ".partial", "wb") as f:
        f.write(data)
    os.replace(out + ".partial", out)
    print(f"{out}: {len(data):,} bytes, SHA-256 {digest}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
