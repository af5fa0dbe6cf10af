"""Cross-entropy pitfalls: the epsilon in the log, H(p, p), and the derivative formulas of
交叉熵损失函数的导数 (The derivative of the cross-entropy loss), "the article" below.

* ``epsilon_curves``: one sample with label y and logit z, on a grid of n logits (each curve (n,)) and
  at z itself. The article's code computes L_eps = -log(p + eps) with p = sigmoid(z) (or 1 - p for
  y = 0) and eps = 1e-7; the engine computes L = log(1 + e^z) - y z (softplus of the signed margin,
  app/engine/training/losses/cross_entropy.py). Where the sample is badly wrong, p << eps, so L_eps
  caps at -log(eps) = 16.118 nats and its slope dL_eps/dz = -(p (1 - p)) / (p + eps) (y = 1) goes to
  0; the engine's loss keeps growing like |z| and its slope sigmoid(z) - y stays near -1 (or +1).
* ``entropy_grid``: H(p) = H(p, p) = -sum p log p over the 3-outcome simplex: p1 and p2 (n,), h (n, n)
  with rows p2 and columns p1, NaN (None) outside.
* ``derivative_checks``: logits a (K,), a true class y, p = softmax(a), one-hot t,
  L(p) = -sum t log p. Each of the article's formulas (K,) beside the right one and a central
  difference.

Every value is in nats (natural log); a page may show bits by dividing by ln 2."""

from __future__ import annotations

import numpy as np

from app.engine.errors import UserError
from app.engine.training.losses import get_loss
from app.engine.training.numerics import finite_or_none, log_softmax, sigmoid, softmax

Array = np.ndarray
ARTICLE_EPSILON = 1e-7  # the article's cross_entropy_loss: -sum(y_true * log(y_pred + epsilon)) / m


def _engine_loss(z: Array, y: int) -> tuple[Array, Array]:
    """The engine's binary cross-entropy and dL/dz at each z, one sample (m = 1)."""
    fn = get_loss("cross_entropy", "sigmoid")
    t = np.array([float(y)])
    values = np.asarray(fn.value(z[:, None], t))
    grads = np.array([fn.value_and_grad(np.array([v]), t)[1][0] for v in z])
    return values, grads


def _epsilon_loss(z: Array, y: int, eps: float) -> tuple[Array, Array]:
    """L_eps = -log(q + eps) with q = sigmoid(z) for y = 1, sigmoid(-z) for y = 0, and its dL/dz:
    dq/dz = +-q (1 - q), so dL_eps/dz = -+q (1 - q) / (q + eps)."""
    sign = 1.0 if y == 1 else -1.0
    q = sigmoid(sign * z)
    return -np.log(q + eps), -sign * q * sigmoid(-sign * z) / (q + eps)


def epsilon_curves(y: int = 1, eps: float = ARTICLE_EPSILON, z: float = -25.0, lo: float = -40.0,
                   hi: float = 10.0, n: int = 501) -> dict[str, object]:
    """Both losses and both slopes on a grid of z, and at the point z."""
    if y not in (0, 1) or not 0 < eps < 1:
        raise UserError("y must be 0 or 1 and epsilon between 0 and 1")
    if y == 0:
        lo, hi = -hi, -lo  # mirror: the sample is badly wrong at large positive z
    grid = np.linspace(lo, hi, n)
    stable, stable_dz = _engine_loss(grid, y)
    capped, capped_dz = _epsilon_loss(grid, y, eps)
    point = np.array([float(z)])
    p_stable, p_stable_dz = _engine_loss(point, y)
    p_capped, p_capped_dz = _epsilon_loss(point, y, eps)
    return {"y": y, "epsilon": eps, "cap": float(-np.log(eps)), "z": grid.tolist(),
            "stable": stable.tolist(), "stable_dz": stable_dz.tolist(),
            "capped": capped.tolist(), "capped_dz": capped_dz.tolist(),
            "point": {"z": float(z), "p": float(sigmoid(point)[0]), "stable": float(p_stable[0]),
                      "stable_dz": float(p_stable_dz[0]), "capped": float(p_capped[0]),
                      "capped_dz": float(p_capped_dz[0])}}


def entropy_grid(n: int = 61) -> dict[str, object]:
    """H(p) in nats for p = (p1, p2, 1 - p1 - p2) on an n x n grid; None outside the simplex."""
    s = np.linspace(0.0, 1.0, n)
    p1, p2 = np.meshgrid(s, s)  # rows: p2, columns: p1
    p3 = 1.0 - p1 - p2
    inside = p3 >= -1e-12
    ps = np.stack([p1, p2, np.clip(p3, 0.0, 1.0)], axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = 0.0 - np.sum(np.where(ps > 0, ps * np.log(np.where(ps > 0, ps, 1.0)), 0.0), axis=-1)
    h = np.where(inside, h, np.nan)
    return {"p1": s.tolist(), "p2": s.tolist(), "h": [[finite_or_none(v) for v in row] for row in h]}


def _central(f, x: Array, h: float = 1e-6) -> Array:
    """Central differences of a scalar f at x, one coordinate at a time."""
    out = np.empty_like(x)
    for k in range(x.size):
        step = np.zeros_like(x)
        step[k] = h
        out[k] = (f(x + step) - f(x - step)) / (2 * h)
    return out


def derivative_checks(logits: Array, target: int, eps: float = ARTICLE_EPSILON) -> dict[str, object]:
    """Article 004's derivative formulas, the right ones, and central differences, for one sample.

    Returns p, t and a list of checks; each has the article's values, the right values, the
    central difference of the loss it claims to differentiate, and which of the two matches.
    """
    a = np.asarray(logits, dtype=float)
    if a.ndim != 1 or a.size < 2 or not np.all(np.isfinite(a)):
        raise UserError("logits must be 2 or more finite numbers")
    if not 0 <= target < a.size:
        raise UserError(f"the target class must be between 0 and {a.size - 1}")
    p = softmax(a)
    if np.any(p < 1e-4):
        raise UserError("keep the logits within about 9 of each other, so every p is above 1e-4 "
                        "and a central difference in p stays inside (0, 1)")
    t = np.eye(a.size)[target]

    def ce_of_p(q: Array) -> float:  # -sum t log q, q free (not renormalised)
        return float(-np.sum(t * np.log(q)))

    def bce_of_p(q: Array) -> float:  # sum of binary cross-entropies, one per output
        return float(-np.sum(t * np.log(q) + (1 - t) * np.log(1 - q)))

    def ce_of_a(z: Array) -> float:  # the engine's log-softmax: L(a) = -sum t log softmax(a)
        return float(-np.sum(t * log_softmax(z)))

    dce_dp = _central(ce_of_p, p)
    right_dp = np.where(t > 0, -t / p, 0.0)  # dL/dp_k = -t_k / p_k (0, not -0, where t_k = 0)
    checks = [
        {"name": "code", "wrt": "p", "article": ((p - t) / (p * (1 - p) + eps)).tolist(),
         "right": right_dp.tolist(), "numeric": dce_dp.tolist(),
         "numeric_bce": _central(bce_of_p, p).tolist()},
        {"name": "missing_division", "wrt": "a",
         # article: dL/da_j = -sum_k t_k dq_k/da_j (no 1/q_k); dq_k/da_j = q_k (delta_kj - q_j)
         "article": (-(t @ (np.diag(p) - np.outer(p, p)))).tolist(),
         "right": (p - t).tolist(), "numeric": _central(ce_of_a, a).tolist()},
        {"name": "sum_of_reciprocals", "wrt": "p",
         "article": np.full(a.size, -np.sum(t) * np.sum(1.0 / p)).tolist(),  # -sum y (1/p_1 + ... + 1/p_n)
         "right": right_dp.tolist(), "numeric": dce_dp.tolist()},
    ]
    for check in checks:
        numeric = np.array(check["numeric"])
        scale = max(1.0, float(np.max(np.abs(numeric))))
        check["article_error"] = float(np.max(np.abs(np.array(check["article"]) - numeric)) / scale)
        check["right_error"] = float(np.max(np.abs(np.array(check["right"]) - numeric)) / scale)
        check["article_matches"] = check["article_error"] < 1e-5
        check["right_matches"] = check["right_error"] < 1e-5
        if "numeric_bce" in check:  # the code's formula is the binary loss's dL/dp (up to its epsilon)
            bce = np.array(check["numeric_bce"])
            check["article_matches_bce"] = bool(np.allclose(check["article"], bce, rtol=1e-2, atol=1e-6))
    return {"a": a.tolist(), "p": p.tolist(), "t": t.tolist(), "target": int(target), "checks": checks}
