"""Train Chaff on shards inside Spark tasks, merge, and compare with one training run.

The labeled pages (JSONL files) are read as one RDD of lines and split into N
partitions; each Spark task writes its partition to a shard file and runs
`chaff train` on it (mapPartitionsWithIndex calling the binary). The driver then
runs `chaff merge` over the shard models and `chaff train` over all the data, and
checks that the two model files are byte-identical: counts are sufficient
statistics, so training merges exactly.

    python shard_train.py --chaff .build/release/chaff --data TrainingData/pages --shards 4 --work /tmp/w
"""
import argparse
import filecmp
import glob
import os
import subprocess
import sys
import time

from pyspark.sql import SparkSession


def train_partition(chaff, work):
    def run(index, lines):
        shard = os.path.join(work, f"shard-{index:03d}.jsonl")
        model = os.path.join(work, f"shard-{index:03d}.chaffmodel")
        count = 0
        with open(shard, "w", encoding="utf-8") as out:
            for line in lines:
                out.write(line + "\n")
                count += 1
        if count == 0:
            return
        started = time.monotonic()
        subprocess.run([chaff, "train", "-q", "--out", model, shard], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        yield (index, model, count, time.monotonic() - started)
    return run


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--chaff", required=True)
    parser.add_argument("--data", required=True, help="a folder of .jsonl labeled pages")
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    files = sorted(glob.glob(os.path.join(args.data, "*.jsonl")))
    if not files:
        sys.exit(f"shard-train: no .jsonl files in {args.data}")

    spark = (SparkSession.builder.master(f"local[{args.shards}]").appName("chaff-shard-train")
             .config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        started = time.monotonic()
        lines = spark.sparkContext.textFile(",".join(files)).filter(lambda line: line.strip())
        shards = lines.repartition(args.shards) if lines.getNumPartitions() != args.shards else lines
        results = shards.mapPartitionsWithIndex(train_partition(args.chaff, args.work)).collect()
        spark_seconds = time.monotonic() - started
    finally:
        spark.stop()

    models = [model for _, model, _, _ in sorted(results)]
    merged = os.path.join(args.work, "merged.chaffmodel")
    started = time.monotonic()
    subprocess.run([args.chaff, "merge", "--out", merged] + models, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    merge_seconds = time.monotonic() - started

    whole = os.path.join(args.work, "whole.chaffmodel")
    started = time.monotonic()
    subprocess.run([args.chaff, "train", "-q", "--out", whole] + files, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    whole_seconds = time.monotonic() - started

    pages = sum(count for _, _, count, _ in results)
    slowest = max(seconds for _, _, _, seconds in results)
    print(f"shard-train: {pages} pages in {len(models)} shards; Spark tasks {spark_seconds:.2f} s "
          f"(slowest shard train {slowest:.2f} s); merge {merge_seconds:.2f} s; "
          f"single train on all data {whole_seconds:.2f} s")
    if not filecmp.cmp(merged, whole, shallow=False):
        print(f"shard-train: FAILED: {merged} differs from {whole} "
              f"({os.path.getsize(merged)} vs {os.path.getsize(whole)} bytes)", file=sys.stderr)
        sys.exit(1)
    print(f"shard-train: OK, the merged model is byte-identical to one training run ({os.path.getsize(whole)} bytes)")


if __name__ == "__main__":
    main()
