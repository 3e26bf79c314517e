#!/usr/bin/env python3
"""NumPy reference for `tinynet bench`: the same four MLPs in plain NumPy.

Written in the cache-and-backward style tinynet uses: every layer's forward
caches what its backward needs (Linear: its input, ReLU: its input, Sigmoid:
its output), and Linear's backward computes dW = dYᵀ·X, db = Σ_rows dY and
dX = dY·W, accumulating into its gradients. Weights are [out, in] like
PyTorch. SGD with momentum as torch.optim.SGD: v = m·v + g, w -= lr·v. Like
PyTorch (whose input needs no gradient), the first layer skips dX. Float32,
softmax cross-entropy, the same synthetic data recipe, shuffling and timing
as torch_mlp.py (one warm-up epoch, median of --epochs timed epochs).

    python3 Benchmarks/numpy_mlp.py [--case NAME[,NAME]]... [--threads N] [--epochs E] [--json]

The BLAS thread count is set through OPENBLAS_NUM_THREADS / OMP_NUM_THREADS /
MKL_NUM_THREADS before numpy is imported.
"""

import os

from bench_common import LR, MOMENTUM, SEED, parse_args, run_cases

ARGS = parse_args(__doc__.splitlines()[0])
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(ARGS.threads)

import numpy as np  # noqa: E402  (after the thread count is in the environment)

F32 = np.float32


class Linear:
    def __init__(self, n_in, n_out, rng, he):
        std = np.sqrt(2.0 / n_in) if he else np.sqrt(2.0 / (n_in + n_out))
        self.weight = (rng.standard_normal((n_out, n_in)) * std).astype(F32)
        self.bias = np.zeros(n_out, dtype=F32)
        self.grad_weight = np.zeros_like(self.weight)
        self.grad_bias = np.zeros_like(self.bias)
        self.needs_input_grad = True

    def parameters(self):
        return [(self.weight, self.grad_weight), (self.bias, self.grad_bias)]

    def forward(self, x):
        self.x = x
        return x @ self.weight.T + self.bias

    def backward(self, dy):
        self.grad_weight += dy.T @ self.x
        self.grad_bias += dy.sum(axis=0)
        return dy @ self.weight if self.needs_input_grad else None


class ReLU:
    def parameters(self):
        return []

    def forward(self, x):
        self.x = x
        return np.maximum(x, 0)

    def backward(self, dy):
        return np.where(self.x > 0, dy, 0)


class Sigmoid:
    def parameters(self):
        return []

    def forward(self, x):
        with np.errstate(over="ignore"):  # exp(-x) may overflow to inf: y = 0, fine
            self.y = 1 / (1 + np.exp(-x))
        return self.y

    def backward(self, dy):
        return dy * self.y * (1 - self.y)


def softmax_cross_entropy(logits, labels):
    """Mean loss over the batch and its gradient with respect to the logits."""
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    rows = np.arange(len(labels))
    loss = -np.log(p[rows, labels] + 1e-30).mean()
    p[rows, labels] -= 1
    return loss, p / len(labels)


class SGD:
    def __init__(self, params, lr, momentum):
        self.params = params
        self.lr, self.momentum = lr, momentum
        self.velocity = [np.zeros_like(w) for w, _ in params]

    def zero_grad(self):
        for _, g in self.params:
            g.fill(0)

    def step(self):
        for (w, g), v in zip(self.params, self.velocity):
            v *= self.momentum
            v += g
            w -= self.lr * v


def make_model(case, rng):
    layers = []
    pairs = list(zip(case.sizes[:-1], case.sizes[1:]))
    for i, (n_in, n_out) in enumerate(pairs):
        last = i == len(pairs) - 1
        layers.append(Linear(n_in, n_out, rng, he=case.activation == "relu" and not last))
        if not last:
            layers.append(ReLU() if case.activation == "relu" else Sigmoid())
    layers[0].needs_input_grad = False
    return layers


def epoch_runner(case):
    rng = np.random.default_rng(SEED)
    n_in, n_classes = case.sizes[0], case.sizes[-1]
    x = rng.standard_normal((case.samples, n_in), dtype=F32)
    y = (x @ rng.standard_normal((n_in, n_classes), dtype=F32)).argmax(axis=1)
    layers = make_model(case, rng)
    optimizer = SGD([p for layer in layers for p in layer.parameters()], LR, MOMENTUM)

    def run_epoch():
        perm = rng.permutation(case.samples)
        for start in range(0, case.samples, case.batch):
            idx = perm[start:start + case.batch]
            out, yb = x[idx], y[idx]
            optimizer.zero_grad()
            for layer in layers:
                out = layer.forward(out)
            loss, grad = softmax_cross_entropy(out, yb)
            for layer in reversed(layers):
                grad = layer.backward(grad)
            optimizer.step()
        if not np.isfinite(loss):
            raise RuntimeError(f"{case.name}: loss is not finite")

    return run_epoch


if __name__ == "__main__":
    run_cases(ARGS, "numpy", epoch_runner)
