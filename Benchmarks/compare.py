#!/usr/bin/env python3
"""Print tinynet's bench results next to the PyTorch and NumPy references.

    python3 Benchmarks/compare.py --tinynet t.json [--torch p.json] [--numpy n.json]

t.json is the output of `tinynet bench --json`; p.json and n.json are the
outputs of `torch_mlp.py --json` and `numpy_mlp.py --json`. A reference file
that is missing or empty counts as absent: its columns show "-". Ratios are
tinynet samples/s divided by the reference's (above 1 means tinynet is faster).
"""

import argparse
import json
import os
import sys


def load(path, what, required=False):
    """The parsed JSON object in path, or None when the file is missing or empty."""
    if path is None or not os.path.exists(path) or os.path.getsize(path) == 0:
        if required:
            sys.exit(f"compare.py: {what} results '{path}' are missing or empty")
        return None
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        sys.exit(f"compare.py: {path}: cannot read {what} results as JSON: {e}")
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        sys.exit(f"compare.py: {path}: expected an object with a 'cases' list")
    return data


def by_name(results):
    return {} if results is None else {c["name"]: c for c in results["cases"]}


def fmt(value, spec):
    return "-" if value is None else format(value, spec)


def ratio(ours, theirs):
    return None if ours is None or not theirs else ours / theirs


def threads_note(label, results):
    return f"{label} {results.get('threads', '?')} threads" if results else f"{label} absent"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tinynet", required=True, help="tinynet bench --json output")
    p.add_argument("--torch", help="torch_mlp.py --json output")
    p.add_argument("--numpy", help="numpy_mlp.py --json output")
    args = p.parse_args()

    tiny = load(args.tinynet, "tinynet", required=True)
    torch, numpy = load(args.torch, "PyTorch"), load(args.numpy, "NumPy")
    torch_cases, numpy_cases = by_name(torch), by_name(numpy)

    header = ["case", "tinynet/s", "GFLOP/s", "% peak",
              "PyTorch/s", "x PyTorch", "NumPy/s", "x NumPy"]
    rows = []
    for case in tiny["cases"]:
        name = case["name"]
        ours = case.get("samples_per_second")
        theirs_t = torch_cases.get(name, {}).get("samples_per_second")
        theirs_n = numpy_cases.get(name, {}).get("samples_per_second")
        peak = case.get("peak_fraction")
        rows.append([
            name,
            fmt(ours, ".0f"),
            fmt(case.get("gflops"), ".1f"),
            fmt(None if peak is None else 100 * peak, ".1f"),
            fmt(theirs_t, ".0f"),
            fmt(ratio(ours, theirs_t), ".2f"),
            fmt(theirs_n, ".0f"),
            fmt(ratio(ours, theirs_n), ".2f"),
        ])

    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    for r in [header] + rows:
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])]
        print("  ".join(cells))
    print()
    print(f"tinynet {tiny.get('threads', '?')} threads, "
          f"SGEMM peak {fmt(tiny.get('sgemm_peak_gflops'), '.1f')} GFLOP/s; "
          f"{threads_note('PyTorch', torch)}; {threads_note('NumPy', numpy)}")


if __name__ == "__main__":
    main()
