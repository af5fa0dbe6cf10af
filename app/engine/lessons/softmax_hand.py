"""Softmax and its cross-entropy by hand, row by row, with the engine's own numerics.

For logits z (shape (n, K)) and true classes y (shape (n,), one-hot t):

    shifted_k = z_k - max_j z_j            (the engine's trick: no exponent is positive)
    e_k = e^shifted_k,  S = sum_k e_k,     p_k = e_k / S = e^{z_k} / sum_j e^{z_j}
    L = -sum_k t_k log p_k = -log p_y      (nats)
    J_ij = dp_i/dz_j = p_i (delta_ij - p_j):  diagonal p_i (1 - p_i), off-diagonal -p_i p_j
    dL/dp = -t / p,   dL/dz = J^T (dL/dp) = p - t

Subtracting the maximum changes no share (it cancels between top and bottom) but keeps
e^{z_k} finite: e^{1000} overflows a float, e^{1000 - 1000} = 1 does not.

``compare_models`` is article 004's example of two models with the same error rate and
different cross-entropy: rows of predicted probabilities against one-hot targets.
"""

from __future__ import annotations

import numpy as np

from app.engine.errors import UserError
from app.engine.training.losses import categorical_cross_entropy_grad
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


def compare_models(predictions: Array | list, targets: Array) -> dict[str, object]:
    """Error rate, cross-entropy and MSE of models given as probability rows.

    predictions has shape (models, n, K) (each row is normalised to sum to 1), targets (n,).
    Cross-entropy -log p_y comes from the engine's log-softmax of log p (softmax(log p) = p);
    MSE is sum_k (p_k - t_k)^2 per row, averaged over the rows, as in the usual telling.
    """
    p = _array(predictions, "predictions")
    if p.ndim != 3 or p.shape[2] < 2 or np.any(p < 0) or not np.all(np.isfinite(p)):
        raise UserError("predictions must be tables of non-negative probabilities")
    sums = p.sum(axis=2, keepdims=True)
    if np.any(sums <= 0):
        raise UserError("every row of predictions needs a positive sum")
    p = p / sums
    t = _one_hot(targets, p.shape[2])
    if len(t) != p.shape[1]:
        raise UserError("give one target class per row of predictions")
    with np.errstate(divide="ignore"):
        log_p = log_softmax(np.log(p))  # -inf where p = 0: an infinite loss if that is the true class
    ce_rows = -np.sum(np.where(t > 0, log_p, 0.0), axis=2)
    models = []
    for m in range(len(p)):
        wrong = np.argmax(p[m], axis=1) != np.argmax(t, axis=1)
        models.append({"p": p[m].tolist(), "errors": int(wrong.sum()), "rows": int(len(wrong)),
                       "error_rate": float(wrong.mean()), "ce_rows": _floats(ce_rows[m]),
                       "ce": finite_or_none(float(ce_rows[m].mean())),
                       "mse_rows": np.sum((p[m] - t) ** 2, axis=1).tolist(),
                       "mse": float(np.mean(np.sum((p[m] - t) ** 2, axis=1)))})
    return {"targets": np.argmax(t, axis=1).tolist(), "models": models}
