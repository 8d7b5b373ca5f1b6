"""Score a JSONL file of pages with Spark's RDD.pipe and `chaff score --input jsonl`.

Each partition streams its lines through one `chaff` process; the reports come
back in input order. The result is checked against a single-process run of the
same command on the same file.

    python score_pipe.py --chaff .build/release/chaff --pages pages.jsonl [--partitions 4]
"""
import argparse
import subprocess
import sys
import time

from pyspark.sql import SparkSession


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--chaff", required=True)
    parser.add_argument("--model")
    parser.add_argument("--pages", required=True)
    parser.add_argument("--partitions", type=int, default=4)
    args = parser.parse_args()

    command = [args.chaff, "score", "--input", "jsonl"] + (["--model", args.model] if args.model else [])

    started = time.monotonic()
    with open(args.pages, "rb") as pages:
        single = subprocess.run(command, stdin=pages, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
    expected = single.stdout.decode("utf-8").splitlines()
    single_seconds = time.monotonic() - started

    spark = (SparkSession.builder.master(f"local[{args.partitions}]").appName("chaff-score-pipe")
             .config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        started = time.monotonic()
        lines = spark.sparkContext.textFile(args.pages, minPartitions=args.partitions)
        # RDD.pipe runs the command once per partition, feeding it the partition's lines.
        reports = lines.pipe(" ".join(command)).collect()
        spark_seconds = time.monotonic() - started
        partitions = lines.getNumPartitions()
    finally:
        spark.stop()

    injected = sum(1 for line in reports if '"verdict":"injected"' in line)
    print(f"score-pipe: {len(expected)} pages; single process {single_seconds:.2f} s; "
          f"Spark RDD.pipe over {partitions} partitions {spark_seconds:.2f} s; {injected} injected")
    if reports != expected:
        differing = next((i for i, (a, b) in enumerate(zip(reports, expected)) if a != b), min(len(reports), len(expected)))
        print(f"score-pipe: FAILED: Spark gave {len(reports)} reports, single process {len(expected)}; "
              f"first difference at line {differing + 1}", file=sys.stderr)
        sys.exit(1)
    print("score-pipe: OK, Spark reports equal the single-process reports line for line")


if __name__ == "__main__":
    main()
