#!/usr/bin/env python3
"""PyTorch reference for `tinynet bench`: training throughput of the same four MLPs.

Float32, softmax cross-entropy, torch.optim.SGD(lr=0.01, momentum=0.9), synthetic
seeded data in memory (standard normal features; labels = argmax of a fixed
random linear map of the features, so the task is learnable). Each epoch
shuffles an index permutation and gathers every batch with X[idx], keeping the
last, partial batch (like DataLoader's default drop_last=False). One warm-up
epoch, then --epochs timed epochs; samples/s is the median epoch.

    python3 Benchmarks/torch_mlp.py [--case NAME[,NAME]]... [--threads N] [--epochs E] [--json]

Exit status 3 if PyTorch is not installed.
"""

import sys

from bench_common import LR, MOMENTUM, SEED, parse_args, run_cases


def make_data(torch, case, generator):
    n_in, n_classes = case.sizes[0], case.sizes[-1]
    x = torch.randn(case.samples, n_in, generator=generator)
    mapping = torch.randn(n_in, n_classes, generator=generator)
    y = (x @ mapping).argmax(dim=1)
    return x.contiguous(), y


def make_model(torch, case):
    nn = torch.nn
    modules = []
    pairs = list(zip(case.sizes[:-1], case.sizes[1:]))
    for i, (n_in, n_out) in enumerate(pairs):
        modules.append(nn.Linear(n_in, n_out))
        if i < len(pairs) - 1:
            modules.append(nn.ReLU() if case.activation == "relu" else nn.Sigmoid())
    return nn.Sequential(*modules)


def epoch_runner(torch, case):
    generator = torch.Generator().manual_seed(SEED)
    torch.manual_seed(SEED)
    x, y = make_data(torch, case, generator)
    model = make_model(torch, case)
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    loss_fn = torch.nn.CrossEntropyLoss()

    def run_epoch():
        perm = torch.randperm(case.samples, generator=generator)
        for start in range(0, case.samples, case.batch):
            idx = perm[start:start + case.batch]
            xb, yb = x[idx], y[idx]
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
        if not torch.isfinite(loss):
            raise RuntimeError(f"{case.name}: loss is not finite")

    return run_epoch


def main():
    args = parse_args(__doc__.splitlines()[0])
    try:
        import torch
    except ImportError:
        print("PyTorch is not installed: pip install torch", file=sys.stderr)
        sys.exit(3)
    torch.set_num_threads(args.threads)
    torch.set_default_dtype(torch.float32)
    run_cases(args, "pytorch", lambda case: epoch_runner(torch, case))


if __name__ == "__main__":
    main()
