#!/usr/bin/env bash
# CSV and gzip loading throughput: `tinynet data FILE --json` on a 60 000 × 785 numeric CSV
# (MNIST's training set, 110 MB), plain and gzipped, beside pandas.read_csv (C engine) on the
# same files and `gzip -dc > /dev/null` alone. Part of `make bench`; a benchmark, not a test.
#
#   Benchmarks/csv_bench.sh [TINYNET_BINARY]      (default .build/release/tinynet)
#
# Environment: REPEATS (timed runs per tool, the best counts; default 3), WORK (where the
# uncompressed CSV is written once; default $TMPDIR/tinynet-csv-bench).
# MB/s are megabytes of *uncompressed* CSV per second for every tool, so the numbers compare.
# Goals (issue 4): plain CSV faster than pandas; gzip at least 70% of the speed of gzip -dc.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=${1:-.build/release/tinynet}
REPEATS=${REPEATS:-3}
WORK=${WORK:-${TMPDIR:-/tmp}/tinynet-csv-bench}
GZ=data/mnist_train.csv.gz
PLAIN=$WORK/mnist_train.csv

[ -x "$BIN" ] || { echo "csv_bench: no binary at $BIN (run: swift build -c release)" >&2; exit 1; }
mkdir -p "$WORK"
if [ ! -s "$PLAIN" ]; then
    echo "writing $PLAIN (gunzip of $GZ)" >&2
    gzip -dc "$GZ" > "$PLAIN.tmp" && mv "$PLAIN.tmp" "$PLAIN"
fi
MB=$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$PLAIN")

# best_seconds CMD...: the shortest wall time of REPEATS runs (output discarded; a failure stops the script).
best_seconds() {
    local best="" t0 t1 s
    for _ in $(seq "$REPEATS"); do
        t0=$(date +%s.%N)
        "$@" > /dev/null
        t1=$(date +%s.%N)
        s=$(python3 -c "print($t1 - $t0)")
        if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $s < $best else 1)"; then best=$s; fi
    done
    echo "$best"
}

# report NAME SECONDS: one aligned line with MB/s of uncompressed CSV.
report() {
    python3 -c "import sys; n, s, mb = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]); \
print(f'{n:<28} {s:8.3f} s  {mb / s:8.1f} MB/s')" "$1" "$2" "$MB"
}

echo "CSV load: $(basename "$PLAIN"), 60000 rows x 785 columns, $MB MB uncompressed; best of $REPEATS"
tinynet_plain=$(best_seconds "$BIN" data "$PLAIN" --json)
tinynet_gz=$(best_seconds "$BIN" data "$GZ" --json)
gzip_only=$(best_seconds gzip -dc "$GZ")
report "tinynet data (csv)" "$tinynet_plain"
report "tinynet data (csv.gz)" "$tinynet_gz"
report "gzip -dc > /dev/null" "$gzip_only"

pandas_plain="" pandas_gz=""
if python3 -c "import pandas" 2> /dev/null; then
    pandas_seconds() { python3 Benchmarks/csv_load.py "$1" --repeats "$REPEATS" | python3 -c "import json,sys; print(json.load(sys.stdin)['seconds'])"; }
    pandas_plain=$(pandas_seconds "$PLAIN")
    pandas_gz=$(pandas_seconds "$GZ")
    report "pandas.read_csv (csv)" "$pandas_plain"
    report "pandas.read_csv (csv.gz)" "$pandas_gz"
else
    echo "pandas is not installed (pip install pandas): skipping the pandas comparison"
fi

# generated NAME ROWS FEATURES SPELLING SIGMA: the path of $WORK/NAME.csv, ROWS rows of FEATURES seeded
# N(0, SIGMA) numbers spelled by SPELLING (repr, or a %-format) and a 3-class label; written once.
generated() {
    local file=$WORK/$1.csv
    if [ ! -s "$file" ]; then
        echo "writing $file ($2 rows x $(($3 + 1)) columns)" >&2
        python3 - "$file.tmp" "$2" "$3" "$4" "$5" << 'EOF'
import random, sys
path, rows, features, spelling, sigma = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
spell = repr if spelling == "repr" else (lambda v: spelling % v)
random.seed(0)
with open(path, "w") as f:
    f.write(",".join(f"f{i}" for i in range(features)) + ",label\n")
    for r in range(rows):
        f.write(",".join(spell(random.gauss(0, sigma)) for _ in range(features)) + f",{r % 3}\n")
EOF
        mv "$file.tmp" "$file"
    fi
    echo "$file"
}

# load_times FILE WHAT: tinynet's and pandas' best times on FILE, reported; sets tinynet_s and pandas_s.
load_times() {
    local name
    name=$(basename "$1" .csv)
    MB=$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$1")
    echo "CSV load: $(basename "$1"), $2, $MB MB; best of $REPEATS"
    tinynet_s=$(best_seconds "$BIN" data "$1" --json)
    report "tinynet data ($name)" "$tinynet_s"
    pandas_s=""
    if [ -n "$pandas_plain" ]; then
        pandas_s=$(pandas_seconds "$1")
        report "pandas.read_csv ($name)" "$pandas_s"
    fi
}

MB_INTEGERS=$MB
# Floats as pandas and NumPy write them: the shortest round-trip spelling, mostly 16 or 17 digits,
# beyond the 2^53 mantissas of the simplest exact path.
load_times "$(generated floats 100000 40 repr 100)" "100000 rows x 41 columns of 17-digit floats"
tinynet_floats=$tinynet_s pandas_floats=$pandas_s
# Short decimals as spreadsheets and `%.4f` write them (-12.3456), the most common numbers in a CSV.
load_times "$(generated decimals 500000 20 %.4f 10)" "500000 rows x 21 columns of 4-decimal numbers"
tinynet_decimals=$tinynet_s pandas_decimals=$pandas_s
MB=$MB_INTEGERS

python3 - "$tinynet_plain" "$tinynet_gz" "$gzip_only" "$pandas_plain" "$pandas_gz" "$tinynet_floats" "$pandas_floats" \
    "$tinynet_decimals" "$pandas_decimals" << 'EOF'
import sys
plain, gz, gunzip = (float(x) for x in sys.argv[1:4])
print(f"tinynet csv.gz speed / gzip -dc speed: {gunzip / gz:.0%} (goal >= 70%)")
if sys.argv[4]:
    pandas_plain, pandas_gz = float(sys.argv[4]), float(sys.argv[5])
    print(f"tinynet csv vs pandas csv: {pandas_plain / plain:.1f}x faster (goal > 1x); "
          f"csv.gz: {pandas_gz / gz:.1f}x")
if sys.argv[7]:
    print(f"tinynet floats vs pandas floats: {float(sys.argv[7]) / float(sys.argv[6]):.1f}x faster")
if sys.argv[9]:
    print(f"tinynet decimals vs pandas decimals: {float(sys.argv[9]) / float(sys.argv[8]):.1f}x faster")
EOF
