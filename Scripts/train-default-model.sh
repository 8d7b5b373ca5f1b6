#!/usr/bin/env bash
# Trains the shipped default model from TrainingData/ reproducibly: the same
# committed data always gives the same bytes (training is counting, in sorted
# file order, with no time stamps in the file).
#
#   Scripts/train-default-model.sh            # writes Models/default.chaffmodel
#   Scripts/train-default-model.sh --check    # exits 1 if the committed model differs
set -euo pipefail
case "${1:-}" in
    ""|--check) ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "train-default-model: unknown option '$1' (--help for more)" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
swift build -c release --product chaff >/dev/null
out=Models/default.chaffmodel
if [[ "${1:-}" == "--check" ]]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    .build/release/chaff train --quiet --out "$tmp/model.chaffmodel" TrainingData
    if cmp -s "$tmp/model.chaffmodel" "$out"; then
        echo "train-default-model: $out is up to date"
    else
        echo "train-default-model: $out differs from what TrainingData/ gives; run Scripts/train-default-model.sh" >&2
        exit 1
    fi
else
    .build/release/chaff train --out "$out" TrainingData
fi
