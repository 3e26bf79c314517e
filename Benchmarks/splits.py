#!/usr/bin/env python3
"""A shipped config over many validation splits, beside scikit-learn on the very same splits.

    python3 Benchmarks/splits.py CONFIG.toml [--seeds 30] [--bin .build/release/tinynet]

For each seed s in 0..SEEDS-1, tinynet trains CONFIG with `--seed s` (its
seeded, stratified `val_split`), and scikit-learn fits, on the same rows,
with the same standardization: MLPClassifier(solver="sgd"), logistic
regression and an RBF SVM (regression: MLPRegressor(solver="sgd") and linear
regression). Prints one line per seed, then the mean, median and minimum of
each column, and where seed 0 (the shipped split) ranks.

The split is recomputed here (`tinynet_split`, a port of
`validationSplit` in Sources/TinyNet/Training/Dataset.swift); the script
checks the port by evaluating seed 0's checkpoint on the rows it holds out
and comparing with what `train` reported. Exit status 3 if scikit-learn is
not installed, 1 if the check fails.
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import tomllib
import warnings

try:
    import numpy as np
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LinearRegression, LogisticRegression
    from sklearn.metrics import r2_score
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC
except ImportError as e:
    print(f"{e.name.split('.')[0]} is not installed: pip install scikit-learn", file=sys.stderr)
    sys.exit(3)

MASK = (1 << 64) - 1


class SeededGenerator:
    """xoshiro256** seeded through SplitMix64, as Sources/TinyNet/Random.swift."""

    def __init__(self, seed):
        self.state = []
        for _ in range(4):
            seed = (seed + 0x9E3779B97F4A7C15) & MASK
            z = seed
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            self.state.append(z ^ (z >> 31))

    def next(self):
        s = self.state
        rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & MASK
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def index_below(self, bound):
        """Lemire's unbiased multiply-shift, as nextIndex(below:)."""
        m = self.next() * bound
        if m & MASK < bound:
            threshold = ((1 << 64) - bound) % bound
            while m & MASK < threshold:
                m = self.next() * bound
        return m >> 64

    def shuffle(self, a):
        for i in range(len(a) - 1, 0, -1):
            j = self.index_below(i + 1)
            a[i], a[j] = a[j], a[i]


def tinynet_split(strata, fraction, seed):
    """(train rows, validation rows): each class shuffled, round(count * fraction) held out."""
    rng = SeededGenerator(seed ^ 0x5EED5A17)
    groups = {}
    for row, c in enumerate(strata):
        groups.setdefault(c, []).append(row)
    train, validation = [], []
    for c in sorted(groups):
        rows = groups[c]
        rng.shuffle(rows)
        take = math.floor(len(rows) * fraction + 0.5)
        validation += rows[:take]
        train += rows[take:]
    return sorted(train), sorted(validation)


def run(args):
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{out.stderr}")
    return json.loads(out.stdout)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("config", help="a TOML config with data and val_split")
    p.add_argument("--seeds", type=int, default=30, help="splits to try: seeds 0..N-1 (default 30)")
    p.add_argument("--bin", default=".build/release/tinynet", help="the tinynet binary")
    a = p.parse_args()

    with open(a.config, "rb") as f:
        config = tomllib.load(f)
    regression = config.get("task", "classification") == "regression"
    fraction = config["val_split"]
    table = np.loadtxt(config["data"], delimiter=",", skiprows=1)
    x, y = table[:, :-1], table[:, -1]
    strata = [0] * len(y) if regression else [int(v) for v in y]
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    warnings.simplefilter("ignore", ConvergenceWarning)

    if regression:
        names = ["tinynet", "MLPRegressor", "linear"]
    else:
        names = ["tinynet", "MLPClassifier", "logistic", "SVC"]
    print("seed  " + "  ".join(f"{n:>13}" for n in names))
    scores = {n: [] for n in names}
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(a.seeds):
            model = os.path.join(tmp, f"s{seed}.safetensors")
            result = run([a.bin, "train", "--config", a.config, "--seed", str(seed), "--out", model,
                          "--json", "--quiet", "--threads", "1"])
            train, held_out = tinynet_split(strata, fraction, seed)
            if seed == 0:
                check_port(a.bin, config["data"], model, held_out, result, regression, tmp)
            scaler = StandardScaler().fit(x[train])
            xt, xv = scaler.transform(x[train]), scaler.transform(x[held_out])
            row = {"tinynet": result["val_r2" if regression else "val_accuracy"]}
            if regression:
                mean, std = y[train].mean(), y[train].std()
                mlp = MLPRegressor(hidden_layer_sizes=(16,), solver="sgd", max_iter=500, random_state=0)
                mlp.fit(xt, (y[train] - mean) / std)
                row["MLPRegressor"] = r2_score(y[held_out], mlp.predict(xv) * std + mean)
                row["linear"] = LinearRegression().fit(xt, y[train]).score(xv, y[held_out])
            else:
                row["MLPClassifier"] = MLPClassifier(solver="sgd", max_iter=500, random_state=0).fit(xt, y[train]).score(xv, y[held_out])
                row["logistic"] = LogisticRegression(max_iter=1000).fit(xt, y[train]).score(xv, y[held_out])
                row["SVC"] = SVC().fit(xt, y[train]).score(xv, y[held_out])
            for n in names:
                scores[n].append(row[n])
            print(f"{seed:4d}  " + "  ".join(f"{row[n]:13.4f}" for n in names), flush=True)

    for label, f in [("mean", statistics.mean), ("median", statistics.median), ("min", min)]:
        print(f"{label:>6}" + "".join(f"  {f(scores[n]):13.4f}" for n in names))
    below = sum(v < scores["tinynet"][0] for v in scores["tinynet"])
    print(f"seed 0 (the shipped split): tinynet {scores['tinynet'][0]:.4f}, "
          f"below it {below} of {a.seeds} splits; best model there {max(scores[n][0] for n in names):.4f}")


def check_port(binary, data, model, held_out, result, regression, tmp):
    """The held-out rows of the port, evaluated with seed 0's checkpoint, must give train's own figures."""
    path = os.path.join(tmp, "held_out.csv")
    opener = __import__("gzip").open if data.endswith(".gz") else open
    with opener(data, "rt") as f:
        lines = f.read().splitlines()
    with open(path, "w") as f:
        f.write("\n".join([lines[0]] + [lines[1 + r] for r in held_out]) + "\n")
    ev = run([binary, "eval", "--model", model, "--data", path, "--json"])
    key, train_key = ("r2", "val_r2") if regression else ("accuracy", "val_accuracy")
    if abs(ev[key] - result[train_key]) > 1e-9 or abs(ev["loss"] - result["val_loss"]) > 1e-4 * max(1, abs(ev["loss"])):
        sys.exit(f"the split port disagrees with tinynet: eval on its held-out rows gives {key} {ev[key]}, "
                 f"loss {ev['loss']}; train reported {result[train_key]}, {result['val_loss']}")


if __name__ == "__main__":
    main()
