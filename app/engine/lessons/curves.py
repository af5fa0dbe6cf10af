"""Curves for the lessons, computed with the engine's own losses and activations.

* ``probability_losses``: per-sample loss against the predicted probability a,
  for y = 1 and y = 0, under cross-entropy and MSE.
* ``dz_curves``: dL/dz against z: cross-entropy gives a - y; MSE gives
  (a - y) a (1 - a), which vanishes where the sigmoid saturates; ``dz_points``
  the same at chosen outputs a (the marks a learner moves).
* ``margin_losses``: losses of the margin m = y f(x), y in {-1, +1}:
  0-1 [m <= 0], absolute |1 - m|, squared (1 - m)^2, log log(1 + e^-m) in nats (and
  log2(1 + e^-m) = log(1 + e^-m) / ln 2, which passes through (0, 1) like the others),
  hinge max(0, 1 - m), exponential e^-m.
* ``information``: entropy H(p) = -sum p log p, cross-entropy
  H(p, q) = -sum p log q and KL(p || q) = H(p, q) - H(p), in nats (natural log, as the
  training losses) or, on request, in bits (log base 2: nats / ln 2).
"""

from __future__ import annotations

import numpy as np

from app.engine.errors import UserError
from app.engine.training.activations import ACTIVATIONS
from app.engine.training.losses import CLASSIFICATION_LOSSES, get_loss
from app.engine.training.numerics import log1pexp, sigmoid

Array = np.ndarray


def _per_sample(loss: str, z: Array, y: float) -> tuple[Array, Array]:
    """Loss and dL/dz at each z for a single sample with label y (m = 1)."""
    fn = get_loss(loss, "sigmoid")
    t = np.array([float(y)])
    values = np.asarray(fn.value(z[:, None], t))  # batched: one "data set" of one sample per z
    dz = np.array([fn.value_and_grad(np.array([v]), t)[1][0] for v in z])
    return values, dz


def probability_losses(n: int = 199) -> dict[str, object]:
    a = np.linspace(0.005, 0.995, n)
    z = np.log(a) - np.log1p(-a)  # logit: a = sigmoid(z)
    curves = {f"{loss}_y{y}": _per_sample(loss, z, y)[0].tolist() for loss in CLASSIFICATION_LOSSES for y in (1, 0)}
    return {"a": a.tolist(), **curves}


def dz_points(marks: tuple[float, ...] = (0.98, 0.82), y: int = 0) -> list[dict[str, float]]:
    """dL/dz of both losses for one sample with label ``y`` whose output is a, at each a in
    ``marks`` (0 < a < 1): cross-entropy a - y, MSE (a - y) a (1 - a)."""
    if y not in (0, 1):
        raise UserError("y must be 0 or 1")
    points = []
    for a in marks:
        if not 0.0 < a < 1.0:
            raise UserError("each a must lie strictly between 0 and 1")
        za = float(np.log(a) - np.log1p(-a))  # the logit: a = sigmoid(z)
        grads = {loss: float(_per_sample(loss, np.array([za]), y)[1][0]) for loss in CLASSIFICATION_LOSSES}
        points.append({"a": a, "z": za, "y": y, **grads})
    return points


def dz_curves(n: int = 241, marks: tuple[float, ...] = (0.98, 0.82), y: int = 0) -> dict[str, object]:
    """The curves over z in [-8, 8], and ``marks``: dz_points (the article's two outputs for a
    target of 0 by default)."""
    z = np.linspace(-8.0, 8.0, n)
    curves = {f"{loss}_y{t}": _per_sample(loss, z, t)[1].tolist() for loss in CLASSIFICATION_LOSSES for t in (1, 0)}
    return {"z": z.tolist(), "a": sigmoid(z).tolist(), **curves, "marks": dz_points(marks, y)}


MARGIN_LOSSES = {
    "zero_one": lambda m: (m <= 0).astype(float),
    "absolute": lambda m: np.abs(1.0 - m),
    "squared": lambda m: (1.0 - m) ** 2,
    "log": lambda m: log1pexp(-m),  # nats, like every training loss
    "log2": lambda m: log1pexp(-m) / np.log(2.0),  # the same in bits: 1 at m = 0
    "hinge": lambda m: np.maximum(0.0, 1.0 - m),
    "exponential": lambda m: np.exp(-m),
}


def margin_losses(lo: float = -2.0, hi: float = 3.0, n: int = 251) -> dict[str, object]:
    m = np.linspace(lo, hi, n)
    return {"margin": m.tolist(), **{name: f(m).tolist() for name, f in MARGIN_LOSSES.items()}}


def activation_curves(lo: float = -6.0, hi: float = 6.0, n: int = 241) -> dict[str, object]:
    z = np.linspace(lo, hi, n)
    out: dict[str, object] = {"z": z.tolist()}
    for name, act in ACTIVATIONS.items():
        out[name] = {"value": act.function(z).tolist(), "derivative": act.derivative(z).tolist()}
    return out


def _normalise(v: Array, name: str) -> Array:
    v = np.asarray(v, dtype=float)
    if v.ndim != 1 or v.size < 2 or np.any(v < 0) or not np.all(np.isfinite(v)) or v.sum() <= 0:
        raise UserError(f"{name} must be 2 or more non-negative weights with a positive sum")
    return v / v.sum()


UNITS = {"nats": np.log, "bits": np.log2}  # natural log (the default everywhere) or log base 2


def information(p: Array, q: Array, unit: str = "nats") -> dict[str, object]:
    """Entropy, cross-entropy and KL divergence in nats (or bits); 0 log 0 = 0, and KL is
    infinite (reported as None) where q = 0 < p. p and q come back normalised."""
    if unit not in UNITS:
        raise UserError(f"unit must be one of {', '.join(UNITS)}")
    log = UNITS[unit]
    p, q = _normalise(p, "p"), _normalise(q, "q")
    if p.size != q.size:
        raise UserError("p and q need the same number of outcomes")
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * log(p), 0.0)
        plogq = np.where(p > 0, p * log(q), 0.0)
    entropy = 0.0 - float(plogp.sum())  # 0.0 - x: no negative zero
    cross = 0.0 - float(plogq.sum())
    finite = np.isfinite(cross)
    return {"unit": unit, "p": p.tolist(), "q": q.tolist(), "entropy": entropy,
            "cross_entropy": cross if finite else None,
            "kl": cross - entropy if finite else None,
            "entropy_q": 0.0 - float(np.where(q > 0, q * log(np.where(q > 0, q, 1.0)), 0.0).sum())}
