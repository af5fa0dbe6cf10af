"""The derivation article's road to the logistic-regression gradient (逻辑回归梯度推导, "Deriving the
logistic-regression gradient"), every line with numbers, and where its signs go wrong.

Shapes: one sample x (d,), its label y in {0, 1}; the training set X (m, d), Y (m,) of 0/1;
theta = (w_1, ..., w_d, b), shape (d + 1,), and x~ = (x_1, ..., x_d, 1), shape (d + 1,) (b's input
is 1; X~ = [X 1], shape (m, d + 1)):

    z = theta . x~,   h = sigma(z)
    P(y|x) = h^y (1 - h)^(1 - y)                         likelihood of one sample
    P(Y|X) = prod_i P(y_i|x_i)                            m independent samples
    J = -1/m log P(Y|X) = -1/m sum_i [y log h + (1 - y) log(1 - h)]
    dJ/dh = -y/h + (1 - y)/(1 - h)                        (one sample's L = -log P)
    dh/dtheta_j = sigma'(z) dz/dtheta_j = h(1 - h) x~_j
    (dJ/dh)(dh/dtheta_j) = (h - y) x~_j
    dJ/dtheta_j = 1/m sum_i (h_i - y_i) x~_ij             (d + 1,): X~^T (h - Y) / m
    theta_j := theta_j - alpha dJ/dtheta_j

The article writes dh/dtheta_j = h(1 - h)(-x_j) and the gradient -1/m sum (h - y) x_j: that is
the gradient of the mean log-likelihood, -J, so a step against it climbs J. ``derivation``
returns both steps' costs, and J along the line theta - s alpha grad (s = 1 our step, s = -1 the
article's), so a page can show it. J is the engine's binary cross-entropy, in nats."""

from __future__ import annotations

import numpy as np

from app.engine.training.losses.cross_entropy import binary_cross_entropy
from app.engine.training.numerics import finite_or_none, log1pexp, sigmoid

Array = np.ndarray


def _augment(X: Array) -> Array:
    """(m, d) -> (m, d + 1): a column of ones for b."""
    return np.hstack([X, np.ones((X.shape[0], 1))])


def cost(theta: Array, X: Array, y: Array) -> float:
    """J(theta) = -1/m sum_i log P(y_i|x_i), the engine's binary cross-entropy in nats."""
    X = np.asarray(X, float)
    return float(binary_cross_entropy(X @ theta[:-1] + theta[-1], np.asarray(y, float)))


def _list(values: Array) -> list[float | None]:
    return [finite_or_none(v) for v in np.asarray(values, float)]


def derivation(theta: Array, x: Array, y: int, X: Array, Y: Array, alpha: float) -> dict[str, object]:
    """Every line of the derivation for one sample (x, y), and the m-sample values over (X, Y).

    theta (d + 1,), x (d,), y 0 or 1, X (m, d), Y (m,) of 0/1, alpha > 0 the learning rate.
    Keys ending in ``_mean`` (or ``_all``) are over the m samples; the rest are the one sample.
    None where a value is not a finite float (h exactly 0 or 1 in floating point).
    """
    theta, x = np.asarray(theta, float), np.asarray(x, float)
    X, Y = np.asarray(X, float), np.asarray(Y, float)
    xt = np.append(x, 1.0)
    z = float(xt @ theta)
    h = float(sigmoid(np.array(z)))
    one_minus_h = float(sigmoid(np.array(-z)))  # 1 - h with all its digits
    log_p = -float(log1pexp(np.array((1 - 2 * y) * z)))  # log P(y|x) = -softplus((1 - 2y) z)
    with np.errstate(divide="ignore", invalid="ignore"):
        dJ_dh = -y / h + (1 - y) / one_minus_h if 0.0 < h and 0.0 < one_minus_h else None
    sigma_prime = h * one_minus_h
    dh_dtheta = sigma_prime * xt
    product = None if dJ_dh is None else dJ_dh * dh_dtheta
    simplified = (h - y) * xt

    # the m samples at the same theta
    Xt = _augment(X)
    z_all = Xt @ theta
    h_all = sigmoid(z_all)
    log_p_all = -log1pexp((1 - 2 * Y) * z_all)
    m = len(Y)
    J = cost(theta, X, Y)
    grad = Xt.T @ (h_all - Y) / m
    article_grad = -grad
    theta_right, theta_article = theta - alpha * grad, theta + alpha * grad
    one_grad, one_article = simplified, -simplified
    loss_one = -log_p

    def one_loss(t: Array) -> float:
        return float(log1pexp(np.array((1 - 2 * y) * (xt @ t))))

    steps = np.linspace(-2.0, 2.0, 81)  # J(theta - s alpha grad): s = 1 our step, s = -1 article 001's
    along = [cost(theta - s * alpha * grad, X, Y) for s in steps]
    return {
        "along": {"s": steps.tolist(), "cost": along},
        "x": x.tolist(), "y": int(y), "theta": theta.tolist(), "alpha": float(alpha), "m": m,
        "z": z, "h": h, "one_minus_h": one_minus_h,
        "likelihood": finite_or_none(np.exp(log_p)), "log_likelihood": log_p, "loss": loss_one,
        "likelihood_all": finite_or_none(np.exp(log_p_all.sum())), "log_likelihood_all": float(log_p_all.sum()),
        "cost": J, "cost_from_likelihood": -float(log_p_all.sum()) / m,
        "dJ_dh": finite_or_none(dJ_dh) if dJ_dh is not None else None,
        "sigma_prime": sigma_prime, "dz_dtheta": xt.tolist(), "dh_dtheta": dh_dtheta.tolist(),
        "product": None if product is None else _list(product), "h_minus_y": h - y,
        "gradient": simplified.tolist(), "gradient_mean": grad.tolist(),
        "theta_next": theta_right.tolist(),
        # article 001's signs
        "article_dh_dtheta": (-dh_dtheta).tolist(), "article_gradient": one_article.tolist(),
        "article_gradient_mean": article_grad.tolist(), "theta_next_article": theta_article.tolist(),
        # one step each way: the cost over the m samples, and the one sample's loss
        "cost_after": cost(theta_right, X, Y), "cost_after_article": cost(theta_article, X, Y),
        "loss_after": one_loss(theta - alpha * one_grad), "loss_after_article": one_loss(theta - alpha * one_article),
    }
