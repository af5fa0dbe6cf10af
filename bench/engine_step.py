"""Engine step: steps per second of full-batch logistic regression, against peers.

Contenders, all in the same run:
  gdviz f64 / f32  the engine's step: model.loss_gradient + a gradient-descent update
  gdviz Trainer    Trainer.step() as the app runs it (also records loss, accuracy, grad norm)
  python loop      plain Python over the rows (small sizes only)
  torch autograd   PyTorch CPU eager with autograd and torch.optim.SGD (float32)
  torch hand       PyTorch with the gradient written by hand (float32)
  one-pass bound   one read of X (float32) at the streaming bandwidth measured in this run

Targets: >= 1.0x torch-hand at every size; >= 5x torch-autograd at m <= 1e4; for
m >= 1e5 a step within 2x of one pass over X.
"""

from __future__ import annotations

import argparse
import math

import numpy as np

from app.engine.data.datasets import Dataset
from app.engine.training.optimizers import OptimizerSettings
from app.engine.training.registry import make_model
from app.engine.training.trainer import TrainConfig, Trainer
from bench.common import rate, rates, save, streaming_bandwidth, table

SIZES = [(1_000, 2), (10_000, 2), (100_000, 2), (1_000_000, 2), (10_000, 30), (100_000, 30),
         (1_000_000, 30), (1_797, 64), (60_000, 784)]
LR = 0.1


def data(m: int, d: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, d))
    w = rng.normal(size=d)
    y = (X @ w + rng.normal(size=m) > 0).astype(np.float64)
    return X, y


def gdviz_step(X: np.ndarray, y: np.ndarray, loss: str):
    model = make_model("logistic", X.shape[1], 2)
    theta = np.zeros(X.shape[1] + 1)

    def step() -> None:
        nonlocal theta
        _, grad = model.loss_gradient(theta, X, y, loss, 0.0)
        theta = theta - LR * grad
    return step


def trainer_step(X: np.ndarray, y: np.ndarray, loss: str, precision: str):
    data_set = Dataset("bench", X, y.astype(np.int64), X[:0], y[:0].astype(np.int64), [], ["0", "1"],
                       X[:, :0], X[:0, :0])
    trainer = Trainer(make_model("logistic", X.shape[1], 2), data_set,
                      TrainConfig(loss=loss, max_steps=10**9, tol_grad=0.0, precision=precision,
                                  optimizer=OptimizerSettings.of(learning_rate=LR)))
    return trainer.step


def python_loop_step(X: np.ndarray, y: np.ndarray, loss: str):
    rows, labels = X.tolist(), y.tolist()
    d = X.shape[1]
    w, b = [0.0] * d, 0.0

    def step() -> None:
        nonlocal w, b
        gw, gb = [0.0] * d, 0.0
        for x, t in zip(rows, labels, strict=True):
            z = b + sum(wi * xi for wi, xi in zip(w, x, strict=True))
            a = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
            dz = a - t if loss == "cross_entropy" else (a - t) * a * (1 - a)
            for j in range(d):
                gw[j] += dz * x[j]
            gb += dz
        m = len(rows)
        w = [wi - LR * g / m for wi, g in zip(w, gw, strict=True)]
        b -= LR * gb / m
    return step


def torch_steps(X: np.ndarray, y: np.ndarray, loss: str):
    try:
        import torch
    except ImportError:
        return None, None
    Xt = torch.from_numpy(X.astype(np.float32))
    yt = torch.from_numpy(y.astype(np.float32))
    m, d = X.shape
    w, b = torch.zeros(d), torch.zeros(())

    def hand() -> float:  # the same work as gdviz's step: loss value, gradient, update
        z = Xt @ w + b
        a = torch.sigmoid(z)
        if loss == "cross_entropy":
            value = torch.nn.functional.softplus(z).mean() - (yt * z).mean()
            g = a - yt
        else:
            value = 0.5 * ((a - yt) ** 2).mean()
            g = (a - yt) * a * (1 - a)
        g = g / m
        w.sub_(LR * (Xt.T @ g))
        b.sub_(LR * g.sum())
        return float(value)

    wa = torch.zeros(d, requires_grad=True)
    ba = torch.zeros((), requires_grad=True)
    opt = torch.optim.SGD([wa, ba], lr=LR)

    def autograd() -> float:
        opt.zero_grad()
        z = Xt @ wa + ba
        if loss == "cross_entropy":
            value = torch.nn.functional.binary_cross_entropy_with_logits(z, yt)
        else:
            value = 0.5 * ((torch.sigmoid(z) - yt) ** 2).mean()
        value.backward()
        opt.step()
        return float(value.detach())
    return hand, autograd


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer sizes, shorter timings")
    args = parser.parse_args()
    sizes = SIZES[:2] + SIZES[4:5] if args.quick else SIZES
    bandwidth = streaming_bandwidth()
    rows = []
    for m, d in sizes:
        X, y = data(m, d)
        X32, y32 = X.astype(np.float32), y.astype(np.float32)
        for loss in ("cross_entropy", "mse"):
            row: dict[str, object] = {"m": m, "d": d, "loss": loss}
            contenders = {"gdviz_f64": gdviz_step(X, y, loss), "gdviz_f32": gdviz_step(X32, y32, loss),
                          "trainer_f32": trainer_step(X, y, loss, "float32")}
            hand, autograd = torch_steps(X, y, loss)
            if hand:
                contenders.update(torch_hand=hand, torch_autograd=autograd)
            row.update(rates(contenders, rounds=3 if args.quick else 7))
            small = m <= 10_000  # the Python loop takes seconds a step beyond that
            row["python_loop"] = rate(python_loop_step(X, y, loss), 0.2, 1) if small else None
            row.setdefault("torch_hand", None)
            row.setdefault("torch_autograd", None)
            row["one_pass_bound"] = bandwidth / X32.nbytes
            best = max(row["gdviz_f32"], row["gdviz_f64"])
            row["vs_torch_hand"] = best / row["torch_hand"] if hand else None
            row["vs_torch_autograd"] = best / row["torch_autograd"] if autograd else None
            row["vs_one_pass"] = best / row["one_pass_bound"]
            row["vs_python_loop"] = best / row["python_loop"] if row["python_loop"] else None
            targets = []
            if hand:
                targets.append(row["vs_torch_hand"] >= 1.0)
            if autograd and m <= 10_000:
                targets.append(row["vs_torch_autograd"] >= 5.0)
            if m >= 100_000:
                targets.append(row["vs_one_pass"] >= 0.5)
            row["targets_met"] = all(targets)
            rows.append(row)
            print(f"  {m:>9,} x {d:<4} {loss:<14} gdviz f32 {row['gdviz_f32']:>10,.0f}/s", flush=True)
    columns = ["m", "d", "loss", "gdviz_f64", "gdviz_f32", "trainer_f32", "python_loop", "torch_hand",
               "torch_autograd", "one_pass_bound", "vs_torch_hand", "vs_torch_autograd", "vs_one_pass",
               "targets_met"]
    print(f"\nEngine steps per second (bandwidth {bandwidth / 1e9:.1f} GB/s)\n")
    print(table(rows, columns))
    print(f"\nwrote {save('engine_step', {'bandwidth_bytes_per_s': bandwidth, 'rows': rows})}")


if __name__ == "__main__":
    main()
