#!/usr/bin/env python3
"""Time pandas.read_csv (C engine) on a CSV file, plain or gzip: the reference for tinynet's CSV reader.

    python3 Benchmarks/csv_load.py FILE.csv[.gz] [--repeats 3]

Prints one JSON object: {"tool": "pandas", "seconds": best of the repeats,
"mb_per_second": file size on disk / 1e6 / seconds, "mb": that size,
"rows": .., "columns": ..}. Gzip is detected by its magic bytes, as tinynet
does. Exit status 3 if pandas is not installed.
"""

import argparse
import json
import os
import sys
import time


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("path", help="CSV or gzipped CSV file")
    p.add_argument("--repeats", type=int, default=3, help="timed reads; the best counts (default 3)")
    args = p.parse_args()
    try:
        import pandas as pd
    except ImportError:
        print("pandas is not installed: pip install pandas", file=sys.stderr)
        sys.exit(3)
    try:
        with open(args.path, "rb") as f:
            gzipped = f.read(2) == b"\x1f\x8b"
    except OSError as e:
        sys.exit(f"csv_load.py: {e}")

    best, frame = float("inf"), None
    for _ in range(max(1, args.repeats)):
        t0 = time.perf_counter()
        frame = pd.read_csv(args.path, engine="c", compression="gzip" if gzipped else None)
        best = min(best, time.perf_counter() - t0)

    mb = os.path.getsize(args.path) / 1e6
    print(json.dumps({
        "tool": "pandas",
        "seconds": best,
        "mb_per_second": mb / best,
        "mb": mb,
        "rows": len(frame),
        "columns": frame.shape[1],
    }))


if __name__ == "__main__":
    main()
