#!/usr/bin/env python3
"""Step-for-step check of tinynet's training against PyTorch.

    python3 torch_steps.py START.safetensors END.safetensors DATA.csv

START is a float64 checkpoint after some full-batch epochs (one SGD step per
epoch), END the same run resumed to more epochs. This script rebuilds the
model as an nn.Sequential from START's metadata, loads its weights and
momentum buffers into torch.optim.SGD, reads DATA with START's preprocessing
(z-score, input scale, target standardization, class order), and takes the
same steps with the same loss (CrossEntropyLoss with class weights,
BCEWithLogitsLoss, with per-row class weights when asked, or MSELoss) and learning-rate schedule (StepLR or
CosineAnnealingLR, stepped once per epoch). It prints "OK: ..." when every
parameter and momentum buffer of END agrees within 1e-9 (relative to the
tensor's largest entry), else the largest disagreement, and exits 1.
"""

import csv
import gzip
import json
import sys
import warnings

import torch
from safetensors.torch import load_file
from safetensors import safe_open


def metadata(path):
    with safe_open(path, "pt") as f:
        return f.metadata()


def build(layers, width_in):
    modules, width = [], width_in
    for spec in layers:
        name, _, size = spec.partition(":")
        if name == "linear":
            modules.append(torch.nn.Linear(width, int(size), dtype=torch.float64))
            width = int(size)
        else:
            modules.append({"relu": torch.nn.ReLU, "sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh}[name]())
    return torch.nn.Sequential(*modules)


def read(path, meta, tensors):
    """Features standardized and scaled as tinynet does, and targets in the loss's form."""
    with open(path, "rb") as f:
        gzipped = f.read(2) == b"\x1f\x8b"
    with (gzip.open(path, "rt") if gzipped else open(path, newline="")) as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    label = header.index(meta["label"])
    features = json.loads(meta["feature_names"])
    columns = [header.index(n) for n in features]
    x = torch.tensor([[float(r[c]) for c in columns] for r in rows], dtype=torch.float64)
    x = (x - tensors["preprocess.mean"]) / tensors["preprocess.std"] * float(meta["input_scale"])
    if meta["task"] == "regression":
        y = torch.tensor([[float(r[label])] for r in rows], dtype=torch.float64)
        if "target_mean" in meta:
            y = (y - float(meta["target_mean"])) / float(meta["target_std"])
        return x, y
    classes = json.loads(meta["classes"])
    y = torch.tensor([classes.index(c) for c in (canonical(r[label], classes) for r in rows)])
    if meta["loss"] == "bce":
        y = y.to(torch.float64).unsqueeze(1)
    return x, y


def canonical(text, classes):
    """A numeric label as tinynet names it ("1.0" is class "1")."""
    if text in classes:
        return text
    value = float(text)
    return next(c for c in classes if float(c) == value)


def main():
    start, end, data = sys.argv[1:4]
    meta, end_meta = metadata(start), metadata(end)
    config = json.loads(end_meta["config"])
    first = load_file(start)
    last = load_file(end)
    x, y = read(data, meta, first)
    assert config["batch_size"] >= len(x), "the check needs full-batch epochs (one step each)"

    model = build(json.loads(meta["layers"]), x.shape[1])
    model.load_state_dict({k: v for k, v in first.items() if k[0].isdigit()}, strict=True)
    weights = None
    if config["class_weight"] == "balanced":  # n / (classes · count), as scikit-learn
        classes = y.squeeze(1).long() if meta["loss"] == "bce" else y
        counts = torch.bincount(classes, minlength=len(json.loads(meta["classes"]))).to(torch.float64)
        weights = len(y) / (len(counts) * counts)
    if meta["loss"] == "bce" and weights is not None:
        # Each row weighted by its class, normalized by the weights' sum (as weighted CrossEntropyLoss).
        row_weights = weights[y.squeeze(1).long()].unsqueeze(1)
        def loss_fn(z, t):
            total = torch.nn.functional.binary_cross_entropy_with_logits(z, t, weight=row_weights, reduction="sum")
            return total / (t.shape[1] * row_weights.sum())
    elif meta["loss"] == "bce":
        loss_fn = torch.nn.BCEWithLogitsLoss()
    elif meta["loss"] == "mse":
        loss_fn = torch.nn.MSELoss()
    else:
        loss_fn = torch.nn.CrossEntropyLoss(weight=weights)

    opt = torch.optim.SGD(model.parameters(), lr=config["lr"], momentum=config["momentum"],
                          nesterov=config["nesterov"], weight_decay=config["weight_decay"])
    for name, p in model.named_parameters():
        opt.state[p]["momentum_buffer"] = first[f"optimizer.{name}.velocity"].clone()
    schedule = config["lr_schedule"]
    if schedule.startswith("step:"):
        _, every, gamma = schedule.split(":")
        scheduler = torch.optim.lr_scheduler.StepLR(opt, step_size=int(every), gamma=float(gamma))
    elif schedule == "cosine":
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=config["epochs"])
    else:
        scheduler = torch.optim.lr_scheduler.LambdaLR(opt, lambda epoch: 1.0)
    done, total = int(meta["epochs_done"]), int(end_meta["epochs_done"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scheduler stepped before the optimizer: we skip epochs START already ran
        for _ in range(done):
            scheduler.step()
    for _ in range(done, total):
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
        scheduler.step()

    worst, where = 0.0, ""
    for name, p in model.named_parameters():
        for label, ours, theirs in [(name, p.detach(), last[name]),
                                    (f"optimizer.{name}.velocity", opt.state[p]["momentum_buffer"], last[f"optimizer.{name}.velocity"])]:
            error = ((ours - theirs).abs().max() / theirs.abs().max().clamp(min=1e-12)).item()
            if error > worst:
                worst, where = error, label
    if worst > 1e-9:
        print(f"largest relative difference {worst:.3g} in {where} after {total - done} steps")
        sys.exit(1)
    print(f"OK: {total - done} steps, largest relative difference {worst:.3g} ({where})")


if __name__ == "__main__":
    main()
