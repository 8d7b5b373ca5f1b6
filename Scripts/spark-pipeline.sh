#!/usr/bin/env bash
# Runs Chaff inside PySpark (local mode) the two ways a cluster would:
#  (a) scoring: RDD.pipe streams a JSONL file of pages through
#      `chaff score --input jsonl` and the result must equal one local run;
#  (b) shard training: Spark tasks train one model per shard with `chaff train`,
#      `chaff merge` adds them, and the merged file must be byte-identical to
#      `chaff train` on all the data.
#
# Usage: Scripts/spark-pipeline.sh [--shards N] [--pages FILE] [--data DIR]
# Needs python3 (3.8+) and Java 17; pyspark is pip-installed into .venv-spark/.
# CHAFF=/path/to/chaff uses that binary; otherwise a release build is made.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
shards=4
pages=""
data="$root/TrainingData/pages"
while [ $# -gt 0 ]; do
    case "$1" in
        --shards) shards=$2; shift 2 ;;
        --pages) pages=$2; shift 2 ;;
        --data) data=$2; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "Error: unknown argument '$1'" >&2; exit 64 ;;
    esac
done

seconds() { python3 -c 'import time; print(f"{time.monotonic():.3f}")'; }
elapsed() { python3 -c "print(f'{$(seconds) - $1:.1f}')"; }

command -v java >/dev/null || { echo "Error: Java is needed by Spark (java not found)" >&2; exit 1; }

if [ -z "${CHAFF:-}" ]; then
    t=$(seconds)
    swift build -c release --package-path "$root" --product chaff >&2
    CHAFF="$(swift build -c release --package-path "$root" --show-bin-path)/chaff"
    echo "build: $(elapsed "$t") s" >&2
fi

venv="$root/.venv-spark"
t=$(seconds)
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import pyspark' 2>/dev/null; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check pyspark
fi
echo "pyspark: $("$venv/bin/python" -c 'import pyspark; print(pyspark.__version__)') ready in $(elapsed "$t") s"

work=$(mktemp -d "${TMPDIR:-/tmp}/chaff-spark.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [ -z "$pages" ]; then
    # The labeled pages of TrainingData, as pages to score (their "lines").
    pages="$work/pages.jsonl"
    cat "$data"/*.jsonl > "$pages"
fi

export PYSPARK_PYTHON="$venv/bin/python"
t=$(seconds)
"$venv/bin/python" "$root/Scripts/spark/score_pipe.py" --chaff "$CHAFF" --pages "$pages" --partitions "$shards"
echo "score-pipe: total $(elapsed "$t") s (with Spark start-up)"
t=$(seconds)
"$venv/bin/python" "$root/Scripts/spark/shard_train.py" --chaff "$CHAFF" --data "$data" --shards "$shards" --work "$work/train"
echo "shard-train: total $(elapsed "$t") s (with Spark start-up)"
