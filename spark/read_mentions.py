"""Writes, for each run of regionkg_spark.py, the mentions it kept (its mentions.parquet) and
where a planted duplicate went, as OUT/check.json: for spark/cluster_test.py.

    spark-submit spark/read_mentions.py PLANTED_ID OUT...
"""
import json
import sys

from pyspark.sql import SparkSession

planted, outs = sys.argv[1], sys.argv[2:]
spark = SparkSession.builder.appName("regionkg-check").getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
for out in outs:
    docs = spark.read.parquet(f"{out}/documents.parquet")
    # The planted copy: a post's id is its file name, a record's the id it was given.
    copy = docs.filter((docs.doc == planted) | (docs.doc == planted + ".md")).first()
    original = docs.filter((docs.hash == copy["hash"]) & (docs.doc != copy["doc"])).first()
    mentions = [r.asDict() for r in spark.read.parquet(f"{out}/mentions.parquet").collect()]
    with open(f"{out}/check.json", "w", encoding="utf-8") as f:
        json.dump({
            "planted": {"copy": copy["partition"], "original": original["partition"],
                        "copy_kept": copy["kept"]},
            "mentions": mentions,
        }, f, ensure_ascii=False, default=str)
spark.stop()
