#!/usr/bin/env bash
# Peak memory of `tinynet train --stream` on a ~1 GB CSV, then of `eval` and `predict` with the
# checkpoint on the same file, measured with /usr/bin/time -v.
# Goal (issue 4): under 200 MB each, bounded by the shuffle buffer or a chunk, not by the file.
# A benchmark, not a test; the big file is generated once and never committed.
#
#   Benchmarks/stream_memory.sh [TINYNET_BINARY]     (default .build/release/tinynet)
#
# Environment: SIZE_MB (default 1000), FEATURES (default 32), EPOCHS (default 1),
# SHUFFLE_BUFFER (default 10000), WORK (default $TMPDIR/tinynet-stream-bench).
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=${1:-.build/release/tinynet}
SIZE_MB=${SIZE_MB:-1000}
FEATURES=${FEATURES:-32}
EPOCHS=${EPOCHS:-1}
SHUFFLE_BUFFER=${SHUFFLE_BUFFER:-10000}
WORK=${WORK:-${TMPDIR:-/tmp}/tinynet-stream-bench}
BIG=$WORK/big_${SIZE_MB}mb_${FEATURES}f.csv

[ -x "$BIN" ] || { echo "stream_memory: no binary at $BIN (run: swift build -c release)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "stream_memory: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
mkdir -p "$WORK"
[ -s "$BIG" ] || python3 Benchmarks/make_big_csv.py "$BIG" --size-mb "$SIZE_MB" --features "$FEATURES"
MB=$(python3 -c "import os,sys; print(round(os.path.getsize(sys.argv[1]) / 1e6))" "$BIG")

echo "train --stream on $BIG ($MB MB, $FEATURES features), $EPOCHS epoch(s), shuffle buffer $SHUFFLE_BUFFER rows"
/usr/bin/time -v "$BIN" train --stream --shuffle-buffer "$SHUFFLE_BUFFER" --data "$BIG" --val-split 0.01 \
    --layers linear:64,relu,linear --epochs "$EPOCHS" --batch-size 256 --lr 0.05 --momentum 0.9 \
    --out "$WORK/big.safetensors" --quiet 2> "$WORK/time.txt" | tee "$WORK/train.txt"

# peak_mb NAME: the peak RSS in MB that /usr/bin/time -v wrote to $WORK/NAME.time.
peak_mb() { echo $(( $(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/$1.time") / 1024 )); }

mv "$WORK/time.txt" "$WORK/train.time"
/usr/bin/time -v "$BIN" eval --model "$WORK/big.safetensors" --data "$BIG" 2> "$WORK/eval.time" | tail -n 3
/usr/bin/time -v "$BIN" predict --model "$WORK/big.safetensors" --data "$BIG" --out "$WORK/predictions.csv" 2> "$WORK/predict.time"
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/train.time")
echo "peak RSS (goal < 200 MB each): train --stream $(peak_mb train) MB (wall time $wall), eval $(peak_mb eval) MB, predict $(peak_mb predict) MB"
for step in train eval predict; do
    if [ "$(peak_mb $step)" -ge 200 ]; then
        echo "stream_memory: peak RSS of $step is over 200 MB" >&2
        exit 1
    fi
done
