#!/usr/bin/env python3
"""Train scikit-learn's MLPClassifier 784-256-10 on MNIST CSV files: a reference for `tinynet train`.

    python3 Benchmarks/sklearn_mnist.py TRAIN.csv[.gz] TEST.csv[.gz] [--epochs 10] [--threads N]

The label is the column named "label", else the first column; pixels are
scaled by 1/255 (no standardization). The model mirrors a plain tinynet run:
one hidden ReLU layer of 256, softmax output, SGD with lr 0.01 and momentum
0.9 (not Nesterov, as torch.optim.SGD), batch 128, no L2 penalty, constant
learning rate, no early stopping, float32. Only fit() is timed. Prints one
JSON object: {"train_seconds": .., "test_accuracy": .., "epochs": .., "threads": ..}.
Exit status 3 if scikit-learn or pandas is not installed.
"""

import argparse
import json
import os
import sys
import time
import warnings

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument("train", help="training CSV (plain or gzip)")
p.add_argument("test", help="test CSV (plain or gzip)")
p.add_argument("--epochs", type=int, default=10, help="passes over the data (default 10)")
p.add_argument("--threads", type=int, default=os.cpu_count(), help="BLAS threads (default: all)")
ARGS = p.parse_args()
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(ARGS.threads)  # before numpy is imported

try:
    import numpy as np
    import pandas as pd
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
except ImportError as e:
    print(f"{e.name.split('.')[0]} is not installed: pip install scikit-learn pandas", file=sys.stderr)
    sys.exit(3)


def load(path):
    """Features scaled to [0, 1] as float32, and integer labels."""
    with open(path, "rb") as f:
        gzipped = f.read(2) == b"\x1f\x8b"
    frame = pd.read_csv(path, compression="gzip" if gzipped else None)
    label = "label" if "label" in frame.columns else frame.columns[0]
    y = frame[label].to_numpy()
    x = frame.drop(columns=[label]).to_numpy(dtype=np.float32) / np.float32(255)
    return x, y


def main():
    x_train, y_train = load(ARGS.train)
    x_test, y_test = load(ARGS.test)
    model = MLPClassifier(
        hidden_layer_sizes=(256,),
        activation="relu",
        solver="sgd",
        learning_rate="constant",
        learning_rate_init=0.01,
        momentum=0.9,
        nesterovs_momentum=False,
        alpha=0.0,
        batch_size=128,
        max_iter=ARGS.epochs,
        shuffle=True,
        early_stopping=False,
        n_iter_no_change=ARGS.epochs + 1,  # never stop before max_iter
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter reached: expected
        t0 = time.perf_counter()
        model.fit(x_train, y_train)
        seconds = time.perf_counter() - t0
    print(json.dumps({
        "train_seconds": seconds,
        "test_accuracy": float(model.score(x_test, y_test)),
        "epochs": model.n_iter_,
        "threads": ARGS.threads,
        "final_train_loss": float(model.loss_),
    }))


if __name__ == "__main__":
    main()
