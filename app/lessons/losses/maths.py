"""The loss gallery: classification losses as functions of the margin, and the information measures
of two distributions behind cross-entropy (交叉熵损失函数的导数, The derivative of the cross-entropy loss).

* ``margin_losses``: on n margins m = y f(x) (y in {-1, +1}, m > 0: the right side of the boundary),
  each loss as an (n,) list:

      0-1  [m <= 0]      absolute |1 - m|      squared (1 - m)^2      hinge max(0, 1 - m)
      log  ln(1 + e^-m)  (nats, like every training loss; log2: the same / ln 2, 1 at m = 0)
      exponential e^-m

* ``information``: p and q (K,) non-negative weights, each normalised to sum to 1, then

      H(p) = -sum p log p,   H(p, q) = -sum p log q,   KL(p || q) = H(p, q) - H(p) >= 0,   H(q)

  with 0 log 0 = 0; H(p, q) and KL are infinite (None) where q = 0 < p. log is ln (nats) or log2 (bits).
"""

from __future__ import annotations

import numpy as np

from app.engine.errors import UserError
from app.engine.training.numerics import log1pexp

Array = np.ndarray


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
    """The n margins from lo to hi, and each loss of MARGIN_LOSSES at them."""
    m = np.linspace(lo, hi, n)
    return {"margin": m.tolist(), **{name: f(m).tolist() for name, f in MARGIN_LOSSES.items()}}


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
