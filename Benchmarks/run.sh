#!/usr/bin/env bash
# `make bench`: tinynet's training throughput beside PyTorch and NumPy on the same
# cases and thread count, then the CSV/gzip loading benchmark.
# usage: Benchmarks/run.sh BIN [THREADS]
set -uo pipefail
bin=${1:?usage: run.sh BIN [THREADS]}
threads=${2:-$(nproc)}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
here=$(dirname "$0")

echo "== training throughput, $threads threads (samples/s: median epoch after a warm-up)"
"$bin" bench --threads "$threads" --json > "$out/tinynet.json" || exit 1
if python3 -c "import torch" 2>/dev/null; then
    python3 "$here/torch_mlp.py" --threads "$threads" --json > "$out/torch.json" || : > "$out/torch.json"
else
    echo "PyTorch is not installed, so its column is empty: pip install torch"
    : > "$out/torch.json"
fi
if python3 -c "import numpy" 2>/dev/null; then
    python3 "$here/numpy_mlp.py" --threads "$threads" --json > "$out/numpy.json" || : > "$out/numpy.json"
else
    echo "NumPy is not installed, so its column is empty: pip install numpy"
    : > "$out/numpy.json"
fi
python3 "$here/compare.py" --tinynet "$out/tinynet.json" --torch "$out/torch.json" --numpy "$out/numpy.json"

echo
echo "== CSV and gzip loading"
bash "$here/csv_bench.sh" "$bin"
