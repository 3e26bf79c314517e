"""What torch_mlp.py and numpy_mlp.py share: the bench cases, the flags and the report.

This module imports neither numpy nor torch, so a script can read its flags
(and set the BLAS thread count in the environment) before importing them.
The cases are those of `tinynet bench` (see DESIGN.md, "bench --json").
"""

import argparse
import json
import os
import statistics
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    name: str
    sizes: tuple  # layer widths, input first, classes last
    activation: str  # "relu" or "sigmoid", between every pair of Linear layers
    samples: int
    batch: int


CASES = {
    c.name: c
    for c in [
        Case("tiny", (2, 16, 16, 3), "relu", 3_000, 32),
        Case("mnist", (784, 256, 128, 10), "relu", 60_000, 128),
        Case("wide", (784, 1024, 1024, 10), "relu", 20_000, 256),
        Case("sigmoid", (784, 256, 10), "sigmoid", 60_000, 64),
    ]
}

LR = 0.01
MOMENTUM = 0.9
SEED = 0


def parse_args(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--case", action="append", default=[],
                   help="case name (repeatable, or a comma list); default: all of "
                        + ", ".join(CASES))
    p.add_argument("--threads", type=int, default=os.cpu_count(),
                   help="compute threads (default: os.cpu_count())")
    p.add_argument("--epochs", type=int, default=5,
                   help="timed epochs after one warm-up epoch (default 5)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    args = p.parse_args()
    names = [n.strip() for item in args.case for n in item.split(",") if n.strip()]
    for n in names:
        if n not in CASES:
            p.error(f"unknown case '{n}' (expected one of {', '.join(CASES)})")
    args.cases = [CASES[n] for n in (names or CASES)]
    if args.threads < 1 or args.epochs < 1:
        p.error("--threads and --epochs must be at least 1")
    return args


def run_cases(args, framework, run_epoch_factory):
    """Time every case and print the report.

    run_epoch_factory(case) builds the model and data and returns a function
    that trains one epoch. It is called once for warm-up, then args.epochs
    times; samples/s is taken from the median epoch time.
    """
    results = []
    for case in args.cases:
        run_epoch = run_epoch_factory(case)
        run_epoch()  # warm-up
        seconds = []
        for _ in range(args.epochs):
            t0 = time.perf_counter()
            run_epoch()
            seconds.append(time.perf_counter() - t0)
        result = {
            "name": case.name,
            "samples_per_second": case.samples / statistics.median(seconds),
            "min": case.samples / max(seconds),
            "max": case.samples / min(seconds),
        }
        results.append(result)
        if not args.json:
            print(f"{framework:8} {case.name:8} {result['samples_per_second']:12.0f} samples/s"
                  f"  (min {result['min']:.0f}, max {result['max']:.0f}, "
                  f"{args.epochs} epochs, {args.threads} threads)", flush=True)
    if args.json:
        print(json.dumps({"framework": framework, "threads": args.threads, "cases": results}))
