#!/usr/bin/env python3
"""Write a large, learnable classification CSV for the streaming benchmark (not committed: ~1 GB).

    python3 Benchmarks/make_big_csv.py OUT.csv [--size-mb 1000] [--features 32] [--classes 3] [--seed 0]

Rows are Gaussian blobs: a class k is drawn uniformly, its features are the class centre (seeded,
uniform in [-0.25, 0.25]: overlapping classes) plus standard normal noise, written with 6 decimals, and the label column
`label` holds k. Rows are written until the file reaches --size-mb megabytes (1e6 bytes). The file
is written next to OUT and renamed into place, so an interrupted run leaves no half file. Uses numpy
when installed (about a minute per GB), else the standard library (several times slower).
"""

import argparse
import os
import random
import sys

BLOCK_ROWS = 50_000


def numpy_blocks(features, classes, seed):
    import numpy as np

    rng = np.random.default_rng(seed)
    centres = rng.uniform(-0.25, 0.25, size=(classes, features))
    fmt = ",".join(["%.6f"] * features) + ",%d"
    while True:
        labels = rng.integers(0, classes, size=BLOCK_ROWS)
        x = centres[labels] + rng.standard_normal((BLOCK_ROWS, features))
        rows = np.column_stack([x, labels])
        yield "\n".join(fmt % tuple(row) for row in rows) + "\n"


def python_blocks(features, classes, seed):
    rng = random.Random(seed)
    centres = [[rng.uniform(-0.25, 0.25) for _ in range(features)] for _ in range(classes)]
    while True:
        lines = []
        for _ in range(BLOCK_ROWS):
            k = rng.randrange(classes)
            lines.append(",".join(f"{c + rng.gauss(0, 1):.6f}" for c in centres[k]) + f",{k}")
        yield "\n".join(lines) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", help="the CSV file to write")
    p.add_argument("--size-mb", type=float, default=1000, help="stop once the file has this many MB (default 1000)")
    p.add_argument("--features", type=int, default=32, help="feature columns (default 32)")
    p.add_argument("--classes", type=int, default=3, help="classes (default 3)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = p.parse_args()
    if args.features < 1 or args.classes < 2 or args.size_mb <= 0:
        sys.exit("make_big_csv.py: need --features >= 1, --classes >= 2 and --size-mb > 0")
    try:
        blocks = numpy_blocks(args.features, args.classes, args.seed)
    except ImportError:
        print("numpy is not installed (pip install numpy): using the slower standard library", file=sys.stderr)
        blocks = python_blocks(args.features, args.classes, args.seed)

    target = int(args.size_mb * 1e6)
    tmp = f"{args.out}.tmp{os.getpid()}"
    written = 0
    with open(tmp, "w", encoding="ascii") as f:
        header = ",".join(f"x{i}" for i in range(args.features)) + ",label\n"
        written += f.write(header)
        for block in blocks:
            written += f.write(block)
            if written >= target:
                break
    os.replace(tmp, args.out)
    print(f"wrote {args.out}: {written / 1e6:.0f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
