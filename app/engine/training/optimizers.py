"""First-order optimizers over a flat theta, with the literature's names.

Each optimizer gets the gradient g = dJ/dtheta and the learning rate lr in
force for this step (the schedule owns lr), and returns the next theta:

    gd        theta <- theta - lr g
    momentum  v <- mu v + g;                       theta <- theta - lr v
    nesterov  g = grad J(theta - lr mu v) (look-ahead);
              v <- mu v + g;                       theta <- theta - lr v
    adagrad   G <- G + g^2;                        theta <- theta - lr g / (sqrt(G) + eps)
    rmsprop   s <- rho s + (1 - rho) g^2;          theta <- theta - lr g / (sqrt(s) + eps)
    adam      m <- beta1 m + (1 - beta1) g;  v <- beta2 v + (1 - beta2) g^2
              theta <- theta - lr m_hat / (sqrt(v_hat) + eps),
              m_hat = m / (1 - beta1^t),  v_hat = v / (1 - beta2^t)

State (v, G, s, m, t) starts at zero. ``configure`` changes settings and keeps
the state; a new optimizer (a new instance) starts fresh.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.engine.training.settings import replace_known

Array = np.ndarray


@dataclass(frozen=True)
class OptimizerSettings:
    """Every optimizer's hyperparameters; each optimizer reads the ones it uses."""

    name: str = "gd"
    learning_rate: float = 0.1
    momentum: float = 0.9
    rho: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8

    def updated(self, **changes: object) -> OptimizerSettings:
        return replace_known(self, "optimizer", **changes)


class Optimizer:
    """Plain gradient descent; the base of the others."""

    name = "gd"
    uses: tuple[str, ...] = ()

    def __init__(self, settings: OptimizerSettings, n_params: int):
        self.settings = settings
        self.n_params = n_params
        self.t = 0  # updates made

    def configure(self, settings: OptimizerSettings) -> None:
        """New hyperparameters, same state."""
        self.settings = settings

    def gradient_point(self, theta: Array, lr: float) -> Array:
        """Where the gradient for the next update is taken (theta, bar look-ahead)."""
        return theta

    def update(self, theta: Array, grad: Array, lr: float) -> Array:
        self.t += 1
        return theta - lr * self._direction(grad)

    def _direction(self, grad: Array) -> Array:
        return grad


class Momentum(Optimizer):
    name = "momentum"
    uses = ("momentum",)

    def __init__(self, settings: OptimizerSettings, n_params: int):
        super().__init__(settings, n_params)
        self.velocity = np.zeros(n_params)

    def _direction(self, grad: Array) -> Array:
        self.velocity = self.settings.momentum * self.velocity + grad
        return self.velocity


class Nesterov(Momentum):
    name = "nesterov"

    def gradient_point(self, theta: Array, lr: float) -> Array:
        return theta - lr * self.settings.momentum * self.velocity


class Adagrad(Optimizer):
    name = "adagrad"
    uses = ("eps",)

    def __init__(self, settings: OptimizerSettings, n_params: int):
        super().__init__(settings, n_params)
        self.sum_sq = np.zeros(n_params)

    def _direction(self, grad: Array) -> Array:
        self.sum_sq = self.sum_sq + grad**2
        return grad / (np.sqrt(self.sum_sq) + self.settings.eps)


class RMSProp(Optimizer):
    name = "rmsprop"
    uses = ("rho", "eps")

    def __init__(self, settings: OptimizerSettings, n_params: int):
        super().__init__(settings, n_params)
        self.mean_sq = np.zeros(n_params)

    def _direction(self, grad: Array) -> Array:
        rho = self.settings.rho
        self.mean_sq = rho * self.mean_sq + (1.0 - rho) * grad**2
        return grad / (np.sqrt(self.mean_sq) + self.settings.eps)


class Adam(Optimizer):
    name = "adam"
    uses = ("beta1", "beta2", "eps")

    def __init__(self, settings: OptimizerSettings, n_params: int):
        super().__init__(settings, n_params)
        self.m = np.zeros(n_params)
        self.v = np.zeros(n_params)

    def _direction(self, grad: Array) -> Array:
        s = self.settings
        self.m = s.beta1 * self.m + (1.0 - s.beta1) * grad
        self.v = s.beta2 * self.v + (1.0 - s.beta2) * grad**2
        m_hat = self.m / (1.0 - s.beta1**self.t)
        v_hat = self.v / (1.0 - s.beta2**self.t)
        return m_hat / (np.sqrt(v_hat) + s.eps)


OPTIMIZERS: dict[str, type[Optimizer]] = {
    cls.name: cls for cls in (Optimizer, Momentum, Nesterov, Adagrad, RMSProp, Adam)
}


def make_optimizer(settings: OptimizerSettings, n_params: int) -> Optimizer:
    """A fresh optimizer (zero state) named by ``settings.name``."""
    try:
        cls = OPTIMIZERS[settings.name]
    except KeyError:
        raise ValueError(
            f"unknown optimizer {settings.name!r}; choose one of {', '.join(OPTIMIZERS)}"
        ) from None
    return cls(settings, n_params)
