"""The equality test of the Spark path (run by scripts/spark-test, which documents it)."""
import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JOB = ROOT / "spark" / "regionkg_spark.py"
PLANTED = "zzzz-planted-duplicate.md"
PLANTED_ID = "zzzz-planted-duplicate"
TAG_FIELDS = ["doc", "path", "sentence", "start", "end", "text", "entity", "name", "type",
              "resolution", "alternatives"]


def plant_duplicate(corpus):
    """Plants a copy of the first document where the input order puts it last: a post copied
    under a name that sorts last, or else the first JSONL record appended to the last JSONL file
    under a new id (PLANTED_ID; the post is PLANTED)."""
    posts = sorted(corpus.rglob("*.md"))
    if posts:
        shutil.copy(posts[0], corpus / PLANTED)
        return f"{PLANTED} a copy of {posts[0].name}"
    files = sorted(corpus.rglob("*.jsonl"))
    if not files:
        sys.exit(f"{corpus}: no Markdown posts or JSONL files to plant a duplicate in")
    with open(files[0], encoding="utf-8") as f:
        record = json.loads(next(line for line in f if line.strip()))
    record["id"] = PLANTED_ID
    with open(files[-1], "a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return f"the first record of {files[0].name} appended to {files[-1].name} as {PLANTED_ID}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spark_home():
    import pyspark
    return Path(pyspark.__file__).parent


class Cluster:
    """A standalone master and two one-core workers, each its own JVM, on 127.0.0.1."""

    def __init__(self, work):
        self.work = work
        self.port, self.ui = free_port(), free_port()
        self.url = f"spark://127.0.0.1:{self.port}"
        self.procs = []
        self.env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1", SPARK_HOME=str(spark_home()),
                        SPARK_LOG_DIR=str(work / "logs"), SPARK_NO_DAEMONIZE="1")

    def start(self):
        cls = str(spark_home() / "bin" / "spark-class")
        logs = self.work / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        self.procs.append(subprocess.Popen(
            [cls, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
             "--port", str(self.port), "--webui-port", str(self.ui)],
            env=self.env, stdout=open(logs / "master.log", "w"), stderr=subprocess.STDOUT))
        for i in (1, 2):
            self.procs.append(subprocess.Popen(
                [cls, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                 "--cores", "1", "--memory", "2g", "--webui-port", str(free_port()),
                 "--work-dir", str(self.work / f"worker{i}"), self.url],
                env=self.env, stdout=open(logs / f"worker{i}.log", "w"),
                stderr=subprocess.STDOUT))
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.ui}/json/", timeout=2) as r:
                    state = json.load(r)
                alive = [w for w in state.get("workers", []) if w.get("state") == "ALIVE"]
                if len(alive) == 2:
                    print(f"cluster: master {self.url}, workers "
                          f"{', '.join(w['id'] for w in alive)}", flush=True)
                    return
            except OSError:
                pass
            if any(p.poll() is not None for p in self.procs):
                break
            time.sleep(1)
        self.stop()
        for log in sorted(logs.glob("*.log")):
            print(f"--- {log}\n{log.read_text()[-3000:]}", file=sys.stderr)
        sys.exit("FAIL: the standalone cluster did not come up with two workers")

    def stop(self):
        for p in reversed(self.procs):
            p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def run(cmd, **kw):
    r = subprocess.run(cmd, **kw)
    if r.returncode != 0:
        sys.exit(f"FAIL: {' '.join(map(str, cmd))} exited with {r.returncode}")
    return r


def export(binary, store, work, name):
    nq = work / f"{name}.nq"
    run([binary, "export", "rdf", "--store", store, "--graph", "cooccurrence", "-o", nq])
    return nq


def tag_multiset(lines):
    return Counter(json.dumps([r.get(f, []) if f == "alternatives" else r[f]
                               for f in TAG_FIELDS], ensure_ascii=False) for r in lines)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("corpus", type=Path)
    p.add_argument("--bin", type=Path, default=Path(os.environ.get(
        "CARGO_TARGET_DIR", ROOT / "target")) / "release" / "regionkg")
    p.add_argument("--partitions", default="1,3,7")
    p.add_argument("--seed", type=int, default=20260)
    p.add_argument("--work", type=Path)
    p.add_argument("--no-options-variant", dest="options_variant", action="store_false",
                   help="skip the run with paragraph windows and expanded composites")
    a = p.parse_args()
    binary = a.bin.resolve()
    if not binary.exists():
        sys.exit(f"{binary}: no regionkg binary (cargo build --release, or --bin)")
    work = a.work or Path(tempfile.mkdtemp(prefix="regionkg-spark-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    shutil.copytree(a.corpus, corpus)
    planted = plant_duplicate(corpus)
    print(f"corpus: {sum(1 for _ in corpus.rglob('*') if _.is_file())} files in {corpus}; "
          f"{planted}", flush=True)

    # Runs: a partition count and the graph options, each against a local build with the same
    # options. Sentence windows over each count in --partitions; then paragraph windows with
    # composites expanded (nested names, members) over the last count.
    counts = [int(x) for x in a.partitions.split(",")]
    variants = [(n, []) for n in counts]
    if a.options_variant:
        variants.append((counts[-1], ["--window", "paragraph", "--expand-composites"]))
    local = {}
    t = time.time()
    for options in {tuple(o) for _, o in variants}:
        name = "local" + "".join(o.strip("-")[:4] for o in options)
        run([binary, "build", corpus, "--store", work / f"{name}-kg", "--graphml",
             work / f"{name}.graphml", "-q", *options])
        local[options] = (export(binary, work / f"{name}-kg", work, name), work / f"{name}.graphml")
    tagged = run([binary, "tag", corpus], capture_output=True, text=True).stdout.splitlines()
    local_tags = tag_multiset(json.loads(l) for l in tagged)
    print(f"local: {len(local)} builds and tag in {time.time() - t:.1f} s; {len(tagged)} mentions",
          flush=True)

    cluster = Cluster(work)
    cluster.start()
    failures = []
    try:
        submit = [str(spark_home() / "bin" / "spark-submit"), "--master", cluster.url,
                  "--conf", "spark.executor.cores=1", "--conf", "spark.executor.memory=1g",
                  "--conf", "spark.ui.enabled=false", "--files", str(binary)]
        runs = []
        for i, (n, options) in enumerate(variants):
            label = f"{n} partition(s){' ' + ' '.join(options) if options else ''}"
            out, store = work / f"spark-{i}", work / f"spark-{i}-kg"
            graphml = work / f"spark-{i}.graphml"
            log = work / f"spark-{i}.log"
            t = time.time()
            job = subprocess.run(
                submit + [str(JOB), str(corpus), "--out", str(out), "--store", str(store),
                          "--graphml", str(graphml), "--partitions", str(n),
                          "--shuffle", str(a.seed), "--replace", "--bin", binary.name,
                          *options],
                env=cluster.env, stderr=open(log, "w"))
            if job.returncode != 0:
                lines = [l for l in log.read_text().splitlines()
                         if " INFO " not in l and not l.startswith("\tat ")]
                print("\n".join(lines[-40:]), file=sys.stderr)
                sys.exit(f"FAIL: the job ({label}) exited with {job.returncode} (log: {log})")
            runs.append((i, n, label, tuple(options), out, store, graphml, time.time() - t))
    finally:
        cluster.stop()
    # The Parquet tables, read by Spark itself (one local session for all runs).
    run([str(spark_home() / "bin" / "spark-submit"), "--master", "local[1]",
         "--conf", "spark.ui.enabled=false", str(ROOT / "spark" / "read_mentions.py"), PLANTED_ID,
         *[str(r[4]) for r in runs]], env=cluster.env, stderr=subprocess.DEVNULL)
    for i, n, label, options, out, store, graphml, took in runs:
        local_nq, local_graphml = local[options]
        nq = export(binary, store, work, f"spark-{i}")
        same_nq = nq.read_bytes() == local_nq.read_bytes()
        same_graphml = graphml.read_bytes() == local_graphml.read_bytes()
        result = json.loads((out / "check.json").read_text(encoding="utf-8"))
        spark_tags = tag_multiset(result["mentions"])
        same_tags = spark_tags == local_tags
        planted = result["planted"]
        print(f"{label}: {took:.1f} s; N-Quads {'identical' if same_nq else 'DIFFER'}"
              f" ({nq.stat().st_size} bytes), GraphML "
              f"{'identical' if same_graphml else 'DIFFERS'}, mentions "
              f"{'equal' if same_tags else 'DIFFER'} as a multiset "
              f"({sum(spark_tags.values())}); planted copy in partition "
              f"{planted['copy']}, original in {planted['original']}, copy kept: "
              f"{planted['copy_kept']}", flush=True)
        if not same_nq:
            failures.append(f"{label}: the N-Quads differ (diff {local_nq} {nq})")
        if not same_graphml:
            failures.append(f"{label}: the GraphML differs")
        if not same_tags:
            extra = spark_tags - local_tags
            missing = local_tags - spark_tags
            failures.append(f"{label}: mentions differ: {sum(extra.values())} only in "
                            f"Spark (e.g. {list(extra)[:2]}), {sum(missing.values())} only "
                            f"local (e.g. {list(missing)[:2]})")
        if planted["copy_kept"]:
            failures.append(f"{label}: the planted duplicate was kept")
        if n > 1 and planted["copy"] == planted["original"]:
            failures.append(f"{label}: the planted copy shares its original's "
                            f"partition, so removing it was not tested across partitions "
                            f"(pick another --seed)")
    if failures:
        print("\n".join(f"FAIL: {f}" for f in failures), file=sys.stderr)
        sys.exit(1)
    print("spark-test: the Spark path gives the graph of a local build")
    if a.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
