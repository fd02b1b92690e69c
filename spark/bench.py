"""The Spark path against the local build at growing sizes (run by scripts/bench-spark, which
documents it). Prints Markdown tables; never a test: timings depend on the machine."""
import argparse
import importlib.machinery
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cluster_test import Cluster, spark_home  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
JOB = ROOT / "spark" / "regionkg_spark.py"
bench = importlib.machinery.SourceFileLoader("bench", str(ROOT / "scripts" / "bench")).load_module()

ROLES = [
    ("master", "deploy.master.Master"),
    ("worker", "deploy.worker.Worker"),
    ("executor JVM", "CoarseGrainedExecutorBackend"),
    ("driver JVM", "SparkSubmit"),
    ("Python worker", "pyspark.daemon"),
    ("Python worker", "pyspark/worker"),
    ("driver Python", "regionkg_spark.py"),
    ("regionkg tag", " tag - --records"),
    ("regionkg build --from-counts", " build --from-counts"),
]


class Sampler:
    """Peak resident memory per process role, sampled from /proc every 0.2 s: the largest single
    process and the largest sum over the processes of a role at one time."""

    def __init__(self):
        self.single, self.total = {}, {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop.is_set():
            sums = {}
            for pid in os.listdir("/proc"):
                if not pid.isdigit():
                    continue
                try:
                    cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(
                        "utf-8", "replace")
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                role = next((r for r, pat in ROLES if pat in cmd), None)
                m = re.search(r"VmRSS:\s+(\d+) kB", status)
                if role is None or m is None:
                    continue
                mb = int(m.group(1)) / 1024
                self.single[role] = max(self.single.get(role, 0), mb)
                sums[role] = sums.get(role, 0) + mb
            for role, mb in sums.items():
                self.total[role] = max(self.total.get(role, 0), mb)
            self.stop.wait(0.2)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def size_mb(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 1e6


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,4,16")
    ap.add_argument("--bin", type=Path, default=Path(os.environ.get(
        "CARGO_TARGET_DIR", ROOT / "target")) / "release" / "regionkg")
    ap.add_argument("--work", type=Path)
    ap.add_argument("--partitions", type=int, default=8)
    a = ap.parse_args()
    binary = a.bin.resolve()
    work = a.work or Path(tempfile.mkdtemp(prefix="regionkg-bench-spark-"))
    work.mkdir(parents=True, exist_ok=True)
    base = bench.make_base(work)
    cluster = Cluster(work)
    cluster.start()
    rows, memory = [], []
    try:
        for k in [int(s) for s in a.sizes.split(",")]:
            corpus = bench.make_copies(base, work, k)
            posts = sum(1 for _ in corpus.rglob("*.md"))
            store = work / f"local-kg{k}"
            shutil.rmtree(store, ignore_errors=True)
            secs, rss, err = bench.timed([str(binary), "build", str(corpus), "--store", str(store),
                                          "-j", "2"])
            text = bench.text_mb(err)
            local = (secs, rss, size_mb(store))
            shutil.rmtree(store, ignore_errors=True)

            out, sstore = work / f"spark-out{k}", work / f"spark-kg{k}"
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(sstore, ignore_errors=True)
            log = work / f"spark-{k}.log"
            t = time.perf_counter()
            with Sampler() as s:
                subprocess.run(
                    [str(spark_home() / "bin" / "spark-submit"), "--master", cluster.url,
                     "--conf", "spark.executor.cores=1", "--conf", "spark.executor.memory=2g",
                     "--conf", "spark.driver.memory=2g", "--conf", "spark.ui.enabled=false",
                     "--files", str(binary), str(JOB), str(corpus), "--out", str(out),
                     "--store", str(sstore), "--partitions", str(a.partitions * k),
                     "--bin", binary.name],
                    env=cluster.env, stderr=open(log, "w"), check=True)
            spark_secs = time.perf_counter() - t
            timings = json.loads((out / "timings.json").read_text())
            parquet = size_mb(out / "mentions.parquet") + size_mb(out / "documents.parquet")
            counts = size_mb(out / "counts")
            rows.append((k, posts, text, local, spark_secs, timings, size_mb(sstore), parquet,
                         counts))
            memory.append((k, dict(s.single), dict(s.total)))
            shutil.rmtree(sstore, ignore_errors=True)
            print(f"{k}x done: local {local[0]:.1f} s, spark {spark_secs:.1f} s {timings}",
                  file=sys.stderr, flush=True)
    finally:
        cluster.stop()

    print(f"# Spark path against the local build ({time.strftime('%Y-%m-%d')}, "
          f"{os.cpu_count()} cores; cluster: a master and 2 workers of 1 core on this machine, "
          f"{a.partitions} partitions per 1x)\n")
    print("| size | posts | text MB | local build s | local peak RSS MB | local store MB | "
          "Spark s | list+read | tag | tables | counts | store | Spark store MB | Parquet MB | "
          "counts MB |")
    print("| --- " * 15 + "|")
    for k, posts, text, local, spark_secs, t, sstore, parquet, counts in rows:
        print(f"| {k}x | {posts:,} | {text:.1f} | {local[0]:.1f} | {local[1]:.0f} | "
              f"{local[2]:.0f} | {spark_secs:.1f} | {t['list_and_read']:.1f} | {t['tag']:.1f} | "
              f"{t['tables']:.1f} | {t['counts']:.1f} | {t['store']:.1f} | {sstore:.0f} | "
              f"{parquet:.0f} | {counts:.1f} |")
    roles = sorted({r for _, single, _ in memory for r in single})
    print("\nPeak resident memory of the Spark run, MB: largest process (sum over the role's "
          "processes at one time)\n")
    print("| size | " + " | ".join(roles) + " |")
    print("| --- " * (len(roles) + 1) + "|")
    for k, single, total in memory:
        print(f"| {k}x | " + " | ".join(
            f"{single.get(r, 0):.0f} ({total.get(r, 0):.0f})" for r in roles) + " |")


if __name__ == "__main__":
    main()
