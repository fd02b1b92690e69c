#!/usr/bin/env python3
"""regionkg on Apache Spark: recognition as a map over documents, co-occurrence counting as a
reduce in Spark SQL, and the aggregated graph loaded into an Oxigraph store.

    spark-submit --master URL --files /path/to/regionkg spark/regionkg_spark.py \\
        INPUT... --out DIR [--store KG [--graphml FILE] [--replace]]

INPUT: JSONL files, or folders of them and of Markdown posts (.md/.markdown) and .txt files,
read recursively, on any file system Spark reads (file:, hdfs:, s3a: ...). The job

1. lists the inputs in the order `regionkg build` reads them (inputs sorted, files by path),
   numbering every record by (file, line) so that order survives any partitioning;
2. pipes each partition through `regionkg tag - --records` (as RDD.pipe does; the binary shipped
   with --files): posts travel as JSONL records carrying the whole post, so every document, offset and
   content hash is the one a local run computes;
3. removes duplicates exactly as `build` does: by content hash, the first in input order wins;
4. writes DIR/documents.parquet (every record, with its hash, partition and whether it was kept)
   and DIR/mentions.parquet (mentions of kept documents, partitioned by month);
5. computes the counts of the graph with Spark SQL and writes them to DIR/counts (the contract
   in docs/counts.md: manifest.json, entities/, pairs/);
6. with --store, runs `regionkg build --from-counts DIR/counts --store KG` on the driver.

The window (--window) and --expand-composites mean what they mean for `regionkg build`.
See spark/README.md for a cluster, and docs/scaling.md for what it costs.
"""
import argparse
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import PurePosixPath

from pyspark import StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

FORMATS = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".jsonl": "jsonl"}
COUNTS_FORMAT = "regionkg-counts"
COUNTS_VERSION = 1
RECORDS_FORMAT = "regionkg-tag-records/1"
EVIDENCE_CAP = 5


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--out", required=True, help="folder for the Parquet tables and the counts")
    p.add_argument("--store", help="build this store from the counts (on the driver)")
    p.add_argument("--graphml", help="with --store: also write the graph as GraphML")
    p.add_argument("--replace", action="store_true", help="with --store: replace a store there")
    p.add_argument("--window", choices=["sentence", "paragraph", "document"], default="sentence")
    p.add_argument("--expand-composites", action="store_true")
    p.add_argument("--partitions", type=int, help="partitions to tag in (default: Spark's parallelism)")
    p.add_argument("--shuffle", type=int, metavar="SEED",
                   help="deal the records to partitions in a pseudo-random order (tests)")
    p.add_argument("--bin", default="regionkg",
                   help="the regionkg binary: a name shipped with --files (default) or a path "
                        "every executor can run")
    p.add_argument("--driver-bin", help="the binary the driver runs for --store (default: --bin "
                   "as shipped, else on PATH)")
    p.add_argument("--tag-arg", action="append", default=[], metavar="ARG",
                   help="an argument for `regionkg tag` (repeat: --tag-arg=--model)")
    p.add_argument("--threads", type=int, default=1,
                   help="threads per tag process (match spark.task.cpus)")
    return p.parse_args(argv)


# ---------------------------------------------------------------------------------------------
# Listing the input in `regionkg build`'s order


def hadoop_fs(spark, uri):
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    return path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), path


def local_path(uri):
    """The path regionkg would print for a file (file: URIs as plain paths)."""
    if uri.startswith("file:"):
        rest = uri[len("file:"):]
        while rest.startswith("//"):
            rest = rest[1:]
        return rest
    return uri


def qualify(spark, given):
    fs, path = hadoop_fs(spark, given)
    return str(fs.makeQualified(path).toString())


def list_inputs(spark, inputs):
    """[(uri, local path, id name, format)] in the order `regionkg build` reads them (inputs as
    sorted absolute paths, each folder's files sorted by path components), and the inputs as
    [(uri, format or "folder")]."""
    files = []
    roots = []
    for given in sorted({local_path(qualify(spark, i)) for i in inputs}):
        fs, root = hadoop_fs(spark, qualify(spark, given))
        status = fs.getFileStatus(root)
        root_uri = str(fs.makeQualified(root).toString())
        if not status.isDirectory():
            fmt = FORMATS.get(os.path.splitext(given)[1].lower())
            if fmt is None:
                sys.exit(f"{given}: unknown format: expected .md, .markdown, .txt or .jsonl")
            files.append((root_uri, local_path(root_uri), PurePosixPath(given).name, fmt))
            roots.append((root_uri, fmt))
            continue
        roots.append((root_uri, "folder"))
        found = []
        prefix = root_uri.rstrip("/") + "/"
        for uri in listing(spark, root_uri):
            fmt = FORMATS.get(os.path.splitext(uri)[1].lower())
            if fmt is None or not uri.startswith(prefix):
                continue
            name = uri[len(prefix):]
            found.append((tuple(name.split("/")), uri, fmt))
        for parts, uri, fmt in sorted(found):
            files.append((uri, local_path(uri), "/".join(parts), fmt))
    return files, roots


def listing(spark, root_uri):
    """Every file below a folder, as URIs. Local folders are walked in Python as regionkg walks
    them (links to files followed, links to folders not; nothing hidden is passed over); other
    file systems are listed by Spark's own parallel listing (which, like Hadoop, passes over
    names that start with _ or .)."""
    if root_uri.startswith("file:"):
        root = local_path(root_uri)
        out = []
        for folder, _, names in os.walk(root):
            for n in names:
                p = os.path.join(folder, n)
                if os.path.isfile(p):
                    out.append("file:" + p)
        return out
    df = (spark.read.format("binaryFile").option("recursiveFileLookup", "true")
          .load(root_uri).select("path"))
    return [r.path for r in df.collect()]


def decode(data):
    """Bytes to text as regionkg reads files: UTF-8, else GB18030; a BOM is dropped."""
    if b"\0" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            return None
    return text[1:] if text.startswith("\ufeff") else text


def records(spark, files, roots, partitions):
    """RDD of ((file rank, line), JSONL record) over every input document."""
    sc = spark.sparkContext
    # Keyed by local-style path: Hadoop writes file URIs as file:/x or file:///x.
    rank = {path: (i, path, name, fmt) for i, (uri, path, name, fmt) in enumerate(files)}
    uris = {path: uri for uri, path, _, _ in files}
    # Posts and text files are read whole, from the inputs they were listed under (one path per
    # input rather than per file: listing a million paths on the command line of a job is slow).
    whole = sorted({root for root, fmt in roots if fmt != "jsonl"})
    parts = []
    if whole:
        ranks = sc.broadcast(rank)

        def post(item):
            uri, data = item
            found = ranks.value.get(local_path(str(uri)))
            if found is None or found[3] == "jsonl":
                return []
            i, path, name, fmt = found
            text = decode(data)
            if text is None:
                # regionkg reports the file; a record it cannot read says so the same way.
                return [((i, 0), json.dumps({"key": f"{i}:0", "id": name, "path": path,
                                             "text": None}))]
            field = "markdown" if fmt == "markdown" else "text"
            rec = {"key": f"{i}:0", "id": name, "path": path, field: text}
            return [((i, 0), json.dumps(rec, ensure_ascii=False))]

        # Spark SQL's binaryFile source lists and reads in parallel tasks (RDD binaryFiles reads
        # in one: 30 s against 6 s for hexo-news's 1,700 posts on two cores). Like Hadoop, it
        # passes over names starting with _ or .; the read-back check in main() says so.
        # Coalesced to the partitions asked for: each Python task has a fixed cost (a tenth of a
        # second or more), and the source's default of one task per 4 MB of opening cost gave
        # 54 tasks a pass for 1,700 small posts.
        posts = (spark.read.format("binaryFile").option("recursiveFileLookup", "true")
                 .load(whole).select("path", "content").coalesce(partitions).rdd)
        parts.append(posts.map(lambda r: (r.path, bytes(r.content))).flatMap(post))
    for i, path, name, fmt in sorted(rank.values()):
        if fmt != "jsonl":
            continue
        uri = uris[path]

        def line(item, i=i, path=path, name=name):
            text, index = item
            n = index + 1
            if n == 1:
                text = text.lstrip("\ufeff")
            if not text.strip():
                return []
            try:
                rec = json.loads(text)
            except ValueError:
                rec = None
            if not isinstance(rec, dict):
                # Not a record: regionkg reports it with its file and line.
                return [((i, n), json.dumps({"key": f"{i}:{n}", "path": path, "line": n,
                                             "bad": text[:200]}, ensure_ascii=False))]
            if rec.get("id") is None:
                rec["id"] = f"{name}:{n}"
            rec.update({"key": f"{i}:{n}", "path": path, "line": n})
            return [((i, n), json.dumps(rec, ensure_ascii=False))]

        parts.append(sc.textFile(uri).zipWithIndex().flatMap(line))
    return sc.union(parts) if len(parts) > 1 else parts[0]


def deal(rdd, partitions, seed):
    """Records into `partitions` partitions, as they come (each carries its place in the input
    order, so no sort is needed), or dealt pseudo-randomly, the same way on every run for a seed
    (the tests)."""
    if seed is None:
        if rdd.getNumPartitions() >= partitions:
            return rdd.coalesce(partitions)
        return rdd.repartition(partitions)

    def shuffled(kv):
        return hashlib.sha256(f"{seed}:{kv[0][0]}:{kv[0][1]}".encode()).hexdigest()

    return rdd.sortBy(shuffled, numPartitions=partitions)


# ---------------------------------------------------------------------------------------------
# Tagging: RDD.pipe through `regionkg tag - --records`


def tag_command(args):
    """The `regionkg tag` command line of every partition (the binary resolved on each
    executor)."""
    tag = ["tag", "-", "--records", "--window", args.window, "-j", str(args.threads)]
    if args.expand_composites:
        tag.append("--expand-composites")
    return tag + args.tag_arg


def executable(name):
    """The binary on this executor: a file shipped with --files (in SparkFiles' folder), else a
    path or a name on PATH."""
    from pyspark import SparkFiles
    if os.sep not in name:
        shipped = SparkFiles.get(name)
        if os.path.exists(shipped):
            if not os.access(shipped, os.X_OK):
                os.chmod(shipped, 0o755)
            return shipped
        found = shutil.which(name)
        if found is None:
            raise FileNotFoundError(f"the regionkg binary {name!r} was neither shipped with "
                                    f"--files nor found on PATH")
        return found
    return os.path.abspath(name)


def pipe(binary, command):
    """A partition's records through `regionkg tag -` (what RDD.pipe does, with the binary
    found where the executor keeps shipped files). Exit status 3 means some records were
    skipped, each reported on the executor's stderr: the output is whole. Any other failure
    fails the task, and Spark retries it."""
    def run(records):
        from pyspark import SparkFiles
        # In the folder of shipped files, so a shipped model is named by its file name
        # (--tag-arg=--model-file=lac-2.1.2.rkm).
        proc = subprocess.Popen([executable(binary), *command], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=sys.stderr,
                                cwd=SparkFiles.getRootDirectory())

        def feed():
            try:
                for r in records:
                    proc.stdin.write(r.encode("utf-8"))
                    proc.stdin.write(b"\n")
            finally:
                proc.stdin.close()

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        for line in proc.stdout:
            yield line.decode("utf-8").rstrip("\n")
        writer.join()
        code = proc.wait()
        if code not in (0, 3):
            raise RuntimeError(f"{binary} {' '.join(command)} exited with status {code}")
    return run


MENTION_PREFIX = '{"record":"mention",'


def attach(partition, lines):
    """The tag output of a partition as rows: documents and mentions carry the (file, line) of
    their input record (the document record precedes its mentions). Mentions stay JSON text,
    parsed by Spark SQL in the JVM: parsing each in Python cost more than recognising it."""
    doc = None
    for text in lines:
        if text.startswith(MENTION_PREFIX):
            yield ("mention", (doc[0], doc[1], text))
            continue
        r = json.loads(text)
        kind = r.pop("record")
        if kind == "run":
            yield ("run", json.dumps(r, sort_keys=True))
        elif kind == "document":
            f, l = (int(x) for x in r.pop("key").split(":"))
            doc = (f, l)
            yield ("document", (f, l, partition, r))
        else:
            raise ValueError(f"unexpected record {kind!r} from regionkg tag --records")


DOCUMENT_SCHEMA = T.StructType([
    T.StructField("file", T.LongType(), False),
    T.StructField("line", T.LongType(), False),
    T.StructField("partition", T.IntegerType(), False),
    T.StructField("doc", T.StringType(), False),
    T.StructField("path", T.StringType(), False),
    T.StructField("source_line", T.LongType(), True),
    T.StructField("hash", T.StringType(), False),
    T.StructField("date", T.StringType(), True),
    T.StructField("month", T.StringType(), True),
    T.StructField("channel", T.StringType(), True),
    T.StructField("sentences", T.LongType(), False),
    T.StructField("windows", T.LongType(), False),
    T.StructField("mentions", T.LongType(), False),
    T.StructField("bytes", T.LongType(), False),
])

# The fields of a mention record; "record" and the plain tag fields in the order tag prints.
MENTION_SCHEMA = T.StructType([
    T.StructField("doc", T.StringType(), False),
    T.StructField("path", T.StringType(), False),
    T.StructField("sentence", T.LongType(), False),
    T.StructField("start", T.LongType(), False),
    T.StructField("end", T.LongType(), False),
    T.StructField("text", T.StringType(), False),
    T.StructField("entity", T.StringType(), False),
    T.StructField("name", T.StringType(), False),
    T.StructField("type", T.StringType(), False),
    T.StructField("resolution", T.StringType(), False),
    T.StructField("alternatives", T.ArrayType(T.StringType()), True),
    T.StructField("window", T.LongType(), False),
    T.StructField("rule", T.StringType(), True),
    T.StructField("parent", T.StringType(), True),
    T.StructField("members", T.ArrayType(T.StringType()), True),
])

RAW_MENTION_SCHEMA = T.StructType([
    T.StructField("file", T.LongType(), False),
    T.StructField("line", T.LongType(), False),
    T.StructField("json", T.StringType(), False),
])


def document_row(v):
    f, l, partition, r = v
    return (f, l, partition, r["doc"], r["path"], r.get("line"), r["hash"], r.get("date"),
            r.get("month"), r.get("channel"), r["sentences"], r["windows"], r["mentions"],
            r["bytes"])


# ---------------------------------------------------------------------------------------------
# Counting with Spark SQL: the same rules as regionkg's GraphBuilder


COUNT_SQL = """
-- One row per credit to the graph: the mention itself; the known name written inside an
-- unlinked one (nested, not paired with it unless the window names it on its own); members of
-- composites when they are expanded.
CREATE OR REPLACE TEMP VIEW gm AS
SELECT file, line, window AS w, entity AS e, 'plain' AS kind, CAST(NULL AS STRING) AS container
  FROM kept_mentions
UNION ALL
SELECT file, line, window, parent, 'nested', entity FROM kept_mentions WHERE parent IS NOT NULL
UNION ALL
SELECT file, line, window, member, 'expanded', NULL
  FROM kept_mentions LATERAL VIEW explode(members) m AS member
 WHERE {expand};

CREATE OR REPLACE TEMP VIEW ws AS
SELECT file, line, w, e, bool_or(kind <> 'expanded') AS direct, bool_or(kind <> 'nested') AS plain
  FROM gm GROUP BY file, line, w, e;

CREATE OR REPLACE TEMP VIEW nested AS
SELECT DISTINCT file, line, w, e, container FROM gm WHERE kind = 'nested';

CREATE OR REPLACE TEMP VIEW pair_windows AS
SELECT x.file, x.line, x.w, x.e AS a, y.e AS b, x.direct AND y.direct AS direct
  FROM ws x JOIN ws y ON x.file = y.file AND x.line = y.line AND x.w = y.w AND x.e < y.e
  LEFT JOIN nested n1 ON n1.file = x.file AND n1.line = x.line AND n1.w = x.w
                     AND n1.e = x.e AND n1.container = y.e
  LEFT JOIN nested n2 ON n2.file = x.file AND n2.line = x.line AND n2.w = x.w
                     AND n2.e = y.e AND n2.container = x.e
 WHERE NOT ((n1.e IS NOT NULL AND NOT x.plain) OR (n2.e IS NOT NULL AND NOT y.plain));

CREATE OR REPLACE TEMP VIEW entity_counts AS
SELECT e AS entity,
       count_if(kind <> 'expanded') AS mentions,
       count(DISTINCT CASE WHEN kind <> 'expanded' THEN file END,
                      CASE WHEN kind <> 'expanded' THEN line END) AS documents,
       count(DISTINCT CASE WHEN kind <> 'expanded' THEN file END,
                      CASE WHEN kind <> 'expanded' THEN line END, w) AS windows,
       count_if(kind = 'expanded') AS expanded_mentions
  FROM gm GROUP BY e;

-- Names no gazetteer lists are described by their first mention in input order.
CREATE OR REPLACE TEMP VIEW unlinked AS
SELECT entity,
       min_by(named_struct('name', name, 'type', type, 'rule', rule, 'parent', parent,
                           'members', members), named_struct('f', file, 'l', line, 's', start)) AS d,
       min(named_struct('f', file, 'l', line, 's', start)) AS first
  FROM kept_mentions WHERE rule IS NOT NULL GROUP BY entity;

CREATE OR REPLACE TEMP VIEW entities_out AS
SELECT c.entity, u.d.name AS name, u.d.type AS type, u.d.rule AS rule, u.d.parent AS parent,
       CASE WHEN size(u.d.members) > 0 THEN u.d.members END AS members,
       CASE WHEN u.first IS NOT NULL THEN array(u.first.f, u.first.l, u.first.s) END AS first,
       c.mentions, c.documents, c.windows, c.expanded_mentions
  FROM entity_counts c LEFT JOIN unlinked u ON u.entity = c.entity;

CREATE OR REPLACE TEMP VIEW pair_months AS
SELECT p.a, p.b, d.month, count(*) AS windows
  FROM pair_windows p JOIN kept_documents d ON d.file = p.file AND d.line = p.line
 WHERE p.direct AND d.month IS NOT NULL
 GROUP BY p.a, p.b, d.month;

CREATE OR REPLACE TEMP VIEW pair_counts AS
SELECT p.a, p.b,
       count_if(p.direct) AS windows,
       count(DISTINCT CASE WHEN p.direct THEN p.file END, CASE WHEN p.direct THEN p.line END)
         AS documents,
       count_if(NOT p.direct) AS expanded_windows,
       count(DISTINCT CASE WHEN NOT p.direct THEN p.file END,
                      CASE WHEN NOT p.direct THEN p.line END) AS expanded_documents,
       transform(slice(array_sort(collect_set(CASE WHEN p.direct THEN
                   named_struct('f', p.file, 'l', p.line, 'doc', d.doc) END)), 1, {cap}),
                 x -> x.doc) AS evidence
  FROM pair_windows p JOIN kept_documents d ON d.file = p.file AND d.line = p.line
 GROUP BY p.a, p.b;

CREATE OR REPLACE TEMP VIEW pairs_out AS
SELECT c.a, c.b, c.windows, c.documents, c.expanded_windows, c.expanded_documents,
       coalesce(m.months, array()) AS months, c.evidence
  FROM pair_counts c LEFT JOIN (
       SELECT a, b, array_sort(collect_list(named_struct('month', month, 'windows', windows)))
              AS months
         FROM pair_months GROUP BY a, b) m
    ON m.a = c.a AND m.b = c.b
"""


def run_sql(spark, script):
    for statement in script.split(";\n"):
        body = "\n".join(l for l in statement.splitlines() if not l.strip().startswith("--"))
        if body.strip():
            spark.sql(body)


# ---------------------------------------------------------------------------------------------


def write_text(spark, uri, text):
    fs, path = hadoop_fs(spark, uri)
    out = fs.create(path, True)
    out.write(bytearray(text.encode("utf-8")))
    out.close()


def main(argv):
    args = parse_args(argv)
    # Local files without Hadoop's .crc checksum files: its checksum layer builds a path from
    # the file name and fails on names with a colon (news titles have them).
    spark = (SparkSession.builder.appName("regionkg")
             .config("spark.hadoop.fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem")
             .getOrCreate())
    sc = spark.sparkContext
    timings = {}
    clock = [time.perf_counter()]

    def lap(name):
        now = time.perf_counter()
        timings[name] = round(now - clock[0], 2)
        clock[0] = now

    out = qualify(spark, args.out).rstrip("/")
    partitions = args.partitions or sc.defaultParallelism
    if not sc.getConf().contains("spark.sql.shuffle.partitions"):
        # Spark's default of 200 shuffle partitions is for big clusters; on a small one the
        # counting joins run many near-empty tasks (hexo-news on two cores: counts and tables
        # 31 s with 200, 25 s with 4). Twice the cores, unless the user says otherwise.
        spark.conf.set("spark.sql.shuffle.partitions", str(max(2 * sc.defaultParallelism, 4)))

    files, roots = list_inputs(spark, args.inputs)
    if not files:
        sys.exit("no .md, .markdown, .txt or .jsonl files in the inputs")
    print(f"regionkg-spark: {len(files)} files, {partitions} partitions", file=sys.stderr)
    read = records(spark, files, roots, partitions).persist(StorageLevel.MEMORY_AND_DISK)
    # Every listed file must come back as a record (JSONL files as lines): a file Spark read
    # under another name would be lost without a word.
    whole_files = {i for i, (_, _, _, fmt) in enumerate(files) if fmt != "jsonl"}
    seen = set(read.filter(lambda kv: kv[0][1] == 0).keys().map(lambda k: k[0]).collect())
    if seen != whole_files:
        lost = [files[i][1] for i in sorted(whole_files - seen)]
        sys.exit(f"{len(lost)} listed files were not read back, e.g. {lost[:3]}")
    lap("list_and_read")
    dealt = deal(read, partitions, args.shuffle).values()
    tagged = (dealt.mapPartitions(pipe(args.bin, tag_command(args)))
              .mapPartitionsWithIndex(attach)
              .persist(StorageLevel.MEMORY_AND_DISK))

    runs = tagged.filter(lambda r: r[0] == "run").map(lambda r: r[1]).distinct().collect()
    if len(runs) != 1:
        sys.exit(f"the tag processes disagree on how they recognise (run records: {runs})")
    run = json.loads(runs[0])
    if run["format"] != RECORDS_FORMAT:
        sys.exit(f"the binary prints {run['format']}; this job reads {RECORDS_FORMAT}")
    lap("tag")

    documents = spark.createDataFrame(
        tagged.filter(lambda r: r[0] == "document").map(lambda r: document_row(r[1])),
        DOCUMENT_SCHEMA, verifySchema=False)
    raw = spark.createDataFrame(tagged.filter(lambda r: r[0] == "mention").map(lambda r: r[1]),
                                RAW_MENTION_SCHEMA, verifySchema=False)
    m = F.from_json("json", MENTION_SCHEMA)
    mentions = raw.select("file", "line", m.alias("m")).select(
        "file", "line", *[F.coalesce(F.col(f"m.{c}"), F.array()).alias(c)
                          if c in ("alternatives", "members") else F.col(f"m.{c}")
                          for c in MENTION_SCHEMA.fieldNames()])
    documents.createOrReplaceTempView("documents")
    mentions.createOrReplaceTempView("mentions")
    # The first document of each content hash in input order is kept.
    spark.sql("""
        SELECT *, row_number() OVER (PARTITION BY hash ORDER BY file, line) = 1 AS kept
          FROM documents""").write.mode("overwrite").parquet(f"{out}/documents.parquet")
    all_documents = spark.read.parquet(f"{out}/documents.parquet")
    all_documents.filter("kept").createOrReplaceTempView("kept_documents")
    (spark.sql("""SELECT m.*, d.month FROM mentions m
                   LEFT SEMI JOIN kept_documents k ON k.file = m.file AND k.line = m.line
                   JOIN documents d ON d.file = m.file AND d.line = m.line""")
     .write.mode("overwrite").partitionBy("month").parquet(f"{out}/mentions.parquet"))
    spark.read.parquet(f"{out}/mentions.parquet").createOrReplaceTempView("kept_mentions")
    lap("tables")

    run_sql(spark, COUNT_SQL.format(expand="true" if args.expand_composites else "false",
                                    cap=EVIDENCE_CAP))
    counts = f"{out}/counts"
    spark.table("entities_out").write.mode("overwrite").json(f"{counts}/entities")
    spark.table("pairs_out").write.mode("overwrite").json(f"{counts}/pairs")
    totals = spark.sql("""
        SELECT count(*) AS n, coalesce(sum(sentences), 0) AS sentences,
               coalesce(sum(mentions), 0) AS mentions, coalesce(sum(windows), 0) AS windows,
               coalesce(sum(bytes), 0) AS bytes FROM kept_documents""").first()
    n_read = all_documents.count()
    manifest = {
        "format": COUNTS_FORMAT,
        "version": COUNTS_VERSION,
        "generator": run["generator"] + " via spark/regionkg_spark.py",
        "gazetteer": run["gazetteer"],
        "recognition": run["recognition"],
        "window": run["window"],
        "expand_composites": run["expand_composites"],
        "inputs": sorted({local_path(qualify(spark, i)) for i in args.inputs}),
        "documents": totals["n"],
        "duplicates": n_read - totals["n"],
        "sentences": totals["sentences"],
        "mentions": totals["mentions"],
        "windows": totals["windows"],
        "bytes": totals["bytes"],
    }
    write_text(spark, f"{counts}/manifest.json", json.dumps(manifest, indent=1) + "\n")
    lap("counts")
    print(f"regionkg-spark: {n_read} documents tagged, {totals['n']} kept "
          f"({n_read - totals['n']} duplicates), {totals['mentions']} mentions; counts in {counts}",
          file=sys.stderr)

    if args.store:
        build(spark, args, counts)
        lap("store")
    print(f"regionkg-spark: timings {json.dumps(timings)}", file=sys.stderr)
    write_text(spark, f"{out}/timings.json", json.dumps(timings) + "\n")
    spark.stop()


def build(spark, args, counts):
    """`regionkg build --from-counts` on the driver; counts on another file system are copied
    to a local folder first."""
    exe = args.driver_bin or executable(args.bin)
    local = counts
    tmp = None
    if not counts.startswith("file:"):
        tmp = tempfile.mkdtemp(prefix="regionkg-counts-")
        fs, path = hadoop_fs(spark, counts)
        fs.copyToLocalFile(False, path, spark.sparkContext._jvm.org.apache.hadoop.fs.Path(tmp))
        local = os.path.join(tmp, "counts")
    cmd = [exe, "build", "--from-counts", local_path(local), "--store", args.store]
    if args.graphml:
        cmd += ["--graphml", args.graphml]
    if args.replace:
        cmd.append("--replace")
    cmd += [a for a in args.tag_arg if a.startswith("--gazetteers") or a == "--no-builtin-gazetteers"]
    code = subprocess.call(cmd)
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    if code != 0:
        sys.exit(f"{' '.join(cmd)} failed with status {code}")


if __name__ == "__main__":
    main(sys.argv[1:])
