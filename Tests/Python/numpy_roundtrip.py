"""Checks a tinynet checkpoint against `tinynet predict`, with NumPy only (no PyTorch).

    python3 numpy_roundtrip.py CHECKPOINT DATA.csv PREDICTIONS.csv

Loads the checkpoint with `safetensors.numpy`, checks its metadata (format "pt",
tinynet layout "1") and that its model keys are exactly those of the equivalent
torch.nn.Sequential (as load_state_dict(strict=True) would), recomputes the forward
pass from the arrays with the stored preprocessing, in the checkpoint's dtype, and
compares with the CSV that `tinynet predict` wrote: every number to 1e-5 relative
or 1e-6 absolute, and the predicted class. Exit 0 when everything matches, else 1.
"""
import csv
import gzip
import json
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file

RTOL, ATOL = 1e-5, 1e-6


def fail(message):
    sys.exit(f"numpy_roundtrip: {message}")


def load_checkpoint(path):
    """The arrays and the string metadata, after the format and version checks."""
    with safe_open(path, framework="np") as f:
        metadata = f.metadata() or {}
    if metadata.get("format") != "pt":
        fail(f"{path}: metadata format is {metadata.get('format')!r}, expected 'pt'")
    if metadata.get("tinynet") != "1":
        fail(f"{path}: metadata tinynet is {metadata.get('tinynet')!r}, expected '1'")
    return load_file(path), metadata


def check_state_dict(arrays, layers, inputs):
    """The model keys (those starting with a digit) are exactly the Sequential's, with its shapes."""
    expected, width = {}, inputs
    for i, spec in enumerate(layers):
        if spec.startswith("linear:"):
            out = int(spec.split(":")[1])
            expected[f"{i}.weight"], expected[f"{i}.bias"] = (out, width), (out,)
            width = out
    model_keys = {k for k in arrays if k[0].isdigit()}
    if model_keys != set(expected):
        fail(f"model keys {sorted(model_keys)} differ from the Sequential's {sorted(expected)}")
    for key, shape in expected.items():
        if arrays[key].shape != shape:
            fail(f"{key} has shape {arrays[key].shape}, the Sequential needs {shape}")
    dtypes = {arrays[k].dtype for k in model_keys}
    if len(dtypes) != 1 or dtypes.pop() not in (np.float32, np.float64):
        fail(f"model tensors have dtypes {sorted(str(arrays[k].dtype) for k in model_keys)}")


def read_features(path, names):
    """The named columns of a CSV (or gzipped CSV) file as a float64 matrix."""
    with open(path, "rb") as f:
        opener = gzip.open if f.read(2) == b"\x1f\x8b" else open
    with opener(path, "rt", newline="", encoding="utf-8-sig") as f:
        rows = [[float(row[name]) for name in names] for row in csv.DictReader(f)]
    return np.array(rows, dtype=np.float64).reshape(-1, len(names))


def sigmoid(z):
    """The two-branch logistic function: no overflow for large |z|."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def model_dtype(arrays):
    """The dtype of the model tensors (all share it: check_state_dict makes sure)."""
    return next(a.dtype for k, a in arrays.items() if k[0].isdigit())


def forward(arrays, layers, x):
    """The network's outputs, computed in the dtype of its weights, returned as float64."""
    x = x.astype(model_dtype(arrays))
    for i, spec in enumerate(layers):
        if spec.startswith("linear"):
            x = x @ arrays[f"{i}.weight"].T + arrays[f"{i}.bias"]  # y = x·Wᵀ + b
        elif spec == "relu":
            x = np.maximum(x, 0)
        elif spec == "sigmoid":
            x = sigmoid(x)
        elif spec == "tanh":
            x = np.tanh(x)
        else:
            fail(f"unknown layer {spec!r}")
    return x.astype(np.float64)


def predictions(arrays, metadata, x):
    """What `tinynet predict` reports: (header, class labels or None, values matrix)."""
    layers = json.loads(metadata["layers"])
    mean = arrays.get("preprocess.mean", np.zeros(x.shape[1]))
    std = arrays.get("preprocess.std", np.ones(x.shape[1]))
    z = forward(arrays, layers, (x - mean) / std * float(metadata.get("input_scale", "1")))
    if metadata["task"] == "regression":
        values = z * float(metadata.get("target_std", "1")) + float(metadata.get("target_mean", "0"))
        return ["prediction"], None, values[:, :1]
    classes = json.loads(metadata["classes"])
    if metadata["loss"] == "softmax_ce":
        e = np.exp(z - z.max(axis=1, keepdims=True))
        p = e / e.sum(axis=1, keepdims=True)
    elif metadata["loss"] == "bce":
        p = np.hstack([sigmoid(-z), sigmoid(z)]) if z.shape[1] == 1 else sigmoid(z)
    else:
        p = z
    return ["prediction"] + ["p_" + c for c in classes], classes, p


def compare(path, header, classes, values):
    """Compares the predictions CSV at `path` with ours; returns a list of problems."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if rows[0] != header:
        return [f"header {rows[0]} != {header}"]
    if len(rows) - 1 != len(values):
        return [f"{len(rows) - 1} prediction rows for {len(values)} data rows"]
    numbers = np.array([[float(v) for v in row[1:]] for row in rows[1:]]) if classes else \
        np.array([[float(row[0])] for row in rows[1:]])
    problems = []
    bad = ~np.isclose(values, numbers, rtol=RTOL, atol=ATOL)
    for i, j in zip(*np.nonzero(bad)):
        problems.append(f"line {i + 2}, column {header[j + 1 if classes else 0]}: "
                        f"tinynet {float(numbers[i, j])!r}, numpy {float(values[i, j])!r}")
    if classes:
        for i, row in enumerate(rows[1:]):
            top = np.sort(values[i])[-2:] if values.shape[1] > 1 else values[i]
            tie = len(top) == 2 and np.isclose(top[0], top[1], rtol=RTOL, atol=ATOL)
            if row[0] != classes[int(np.argmax(values[i]))] and not tie:
                problems.append(f"line {i + 2}: tinynet predicts {row[0]!r}, numpy "
                                f"{classes[int(np.argmax(values[i]))]!r}")
    return problems


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    arrays, metadata = load_checkpoint(argv[1])
    features = json.loads(metadata["feature_names"])
    check_state_dict(arrays, json.loads(metadata["layers"]), len(features))
    header, classes, values = predictions(arrays, metadata, read_features(argv[2], features))
    problems = compare(argv[3], header, classes, values)
    if problems:
        fail(f"{len(problems)} mismatches with {argv[3]}:\n  " + "\n  ".join(problems[:10]))
    print(f"OK: {len(values)} rows × {values.shape[1]} columns ({model_dtype(arrays)}) match to rtol {RTOL}, atol {ATOL}")


if __name__ == "__main__":
    main(sys.argv)
