"""Softmax and its cross-entropy by hand, row by row, with the engine's own numerics, as
交叉熵损失函数的导数 (The derivative of the cross-entropy loss, article 004) derives them.

For logits z (shape (n, K)) and true classes y (shape (n,), one-hot t):

    shifted_k = z_k - max_j z_j            (the engine's trick: no exponent is positive)
    e_k = e^shifted_k,  S = sum_k e_k,     p_k = e_k / S = e^{z_k} / sum_j e^{z_j}
    L = -sum_k t_k log p_k = -log p_y      (nats)
    J_ij = dp_i/dz_j = p_i (delta_ij - p_j):  diagonal p_i (1 - p_i), off-diagonal -p_i p_j
    dL/dp = -t / p,   dL/dz = J^T (dL/dp) = p - t

Subtracting the maximum changes no share (it cancels between top and bottom) but keeps
e^{z_k} finite: e^{1000} overflows a float, e^{1000 - 1000} = 1 does not.

``compare_models`` is that article's example of two models with the same error rate and
different cross-entropy: each model is rows of predicted probabilities q (shape (n, K), each row
normalised to sum to 1) against true classes (n,); per row it gives -log q_y (None where q_y = 0)
and sum_k (q_k - t_k)^2, and their means over the rows."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.engine.errors import UserError
from app.engine.training.losses.cross_entropy import categorical_cross_entropy_grad
from app.engine.training.numerics import finite_or_none, log_softmax, softmax

Array = np.ndarray


def _one_hot(targets: Array, k: int) -> Array:
    targets = np.asarray(targets, dtype=int)
    if np.any(targets < 0) or np.any(targets >= k):
        raise UserError(f"each target class must be between 0 and {k - 1}")
    return np.eye(k)[targets]


def _array(values: object, what: str) -> Array:
    """values as a float array; rows of different lengths are the user's to fix."""
    try:
        return np.asarray(values, dtype=float)
    except ValueError:
        raise UserError(f"every row of {what} needs as many numbers as the others") from None


def _floats(a: Array) -> list:
    """Nested lists for JSON, with non-finite numbers as None."""
    return [_floats(v) if np.ndim(v) > 0 else finite_or_none(float(v)) for v in a]


def jacobian(p: Array) -> Array:
    """J_ij = dp_i/dz_j = p_i (delta_ij - p_j) for one row p of shape (K,): shape (K, K), symmetric."""
    return np.diag(p) - np.outer(p, p)


def softmax_rows(logits: Array | list, targets: Array) -> dict[str, object]:
    """Every step of softmax and cross-entropy for each row of logits (n, K), targets (n,)."""
    z = _array(logits, "logits")
    if z.ndim != 2 or z.shape[1] < 2 or not np.all(np.isfinite(z)):
        raise UserError("logits must be rows of 2 or more finite numbers")
    t = _one_hot(targets, z.shape[1])
    if len(t) != len(z):
        raise UserError("give one target class per row of logits")
    p = softmax(z)
    log_p = log_softmax(z)
    rows = []
    for i in range(len(z)):
        shifted = z[i] - z[i].max()
        e = np.exp(shifted)
        with np.errstate(over="ignore"):
            raw = np.exp(z[i])  # the textbook's e^{z_k}: inf beyond z = 709
        _, grad = categorical_cross_entropy_grad(z[i:i + 1], t[i:i + 1])  # (p - t) / m, m = 1
        jac = jacobian(p[i])
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            dl_dp = np.where(t[i] > 0, -t[i] / p[i], 0.0)  # -t/p: 0 where t = 0 (0/p), even if p = 0
            product = jac.T @ dl_dp
        rows.append({
            "z": z[i].tolist(), "max": float(z[i].max()), "shifted": shifted.tolist(),
            "exp_raw": _floats(raw), "sum_raw": finite_or_none(float(raw.sum())),
            "exp": e.tolist(), "sum": float(e.sum()), "p": p[i].tolist(), "sum_p": float(p[i].sum()),
            "target": int(np.argmax(t[i])), "t": t[i].tolist(),
            "ce": float(-np.sum(t[i] * log_p[i])), "p_minus_t": (p[i] - t[i]).tolist(),
            "grad": grad[0].tolist(), "jacobian": jac.tolist(),
            "dl_dp": _floats(dl_dp), "jt_dl_dp": _floats(product),
        })
    predicted = np.argmax(p, axis=1)
    return {"rows": rows, "mean_ce": float(np.mean([r["ce"] for r in rows])),
            "error_rate": float(np.mean(predicted != np.argmax(t, axis=1))), "predicted": predicted.tolist()}


def _scored_row(p: Sequence[float], target: int) -> tuple[list[float], bool, float | None, float]:
    """One row of predicted probabilities (normalised here; all zeros means uniform) against its class."""
    q = np.asarray(p, dtype=float)
    if q.ndim != 1 or q.size < 2 or np.any(q < 0) or not np.all(np.isfinite(q)):
        raise UserError("each row of predictions must be 2 or more non-negative probabilities")
    q = q / q.sum() if q.sum() > 0 else np.full(q.size, 1.0 / q.size)
    t = _one_hot(np.array([target]), q.size)[0]
    with np.errstate(divide="ignore"):
        log_q = log_softmax(np.log(q))  # = log q; -inf where q = 0: an infinite loss if that is the true class
    return q.tolist(), bool(np.argmax(q) != target), finite_or_none(float(-log_q[target])), float(np.sum((q - t) ** 2))


def compare_models(models: Sequence[Sequence[tuple[Sequence[float], int]]]) -> dict[str, object]:
    """Error rate, cross-entropy and MSE of models given as rows of (probabilities, true class).

    Each row is normalised to sum to 1. Cross-entropy -log p_y comes from the engine's log-softmax
    of log p (softmax(log p) = p); MSE is sum_k (p_k - t_k)^2 per row, averaged over the rows, as in
    the usual telling of the example. A model's numbers are means over its rows.
    """
    out = []
    for rows in models:
        if not rows:
            raise UserError("each model needs at least one row")
        p, wrong, ce, mse = zip(*(_scored_row(p, target) for p, target in rows), strict=True)
        errors = sum(wrong)
        finite = [v for v in ce if v is not None]
        out.append({"p": list(p), "targets": [int(target) for _, target in rows],
                    "errors": errors, "rows": len(rows), "error_rate": errors / len(rows),
                    "ce_rows": list(ce), "ce": float(np.mean(finite)) if len(finite) == len(ce) else None,
                    "mse_rows": list(mse), "mse": float(np.mean(mse))})
    return {"models": out}
