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
the state; a new optimizer (a new instance) starts fresh. Each optimizer is one
class: it registers itself by ``name`` and declares its label, a one-line
description and its hyperparameters (``params``), from which the catalogue, the
request schemas, the pages and the CLI are built.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from app.engine.errors import UserError
from app.engine.params import Param, distinct

Array = np.ndarray

LEARNING_RATE = Param("learning_rate", "Learning rate α", "The step size: how far each update moves θ.",
                      0.1, low=0.0, low_open=True, high=1e6, scale="log", slider=(1e-4, 10.0))
MOMENTUM = Param("momentum", "Momentum μ", "How much of the last step's velocity each step keeps.",
                 0.9, low=0.0, high=1.0, high_open=True, slider=(0.0, 0.99), step=0.01)
RHO = Param("rho", "Decay ρ", "How slowly RMSProp's running mean of g² forgets.",
            0.9, low=0.0, high=1.0, high_open=True, slider=(0.0, 0.999), step=0.001)
BETA1 = Param("beta1", "β₁", "Decay of Adam's running mean of the gradient (its momentum).",
              0.9, low=0.0, high=1.0, high_open=True, slider=(0.0, 0.999), step=0.001)
BETA2 = Param("beta2", "β₂", "Decay of Adam's running mean of g² (its per-parameter scale).",
              0.999, low=0.0, high=1.0, high_open=True, slider=(0.9, 0.9999), step=0.0001)
WEIGHT_DECAY = Param("weight_decay", "Weight decay λ", "How much of θ each step removes, apart from the "
                     "gradient and its adaptive scale (decoupled, unlike L2).", 0.01, low=0.0, high=1.0,
                     slider=(0.0, 0.2), step=0.005)
EPS = Param("eps", "ε", "Added to the root of the squared-gradient average, so no step divides by zero.",
            1e-8, low=0.0, low_open=True, high=1.0, scale="log", slider=(1e-10, 1e-2))


@dataclass(frozen=True)
class OptimizerSettings:
    """The optimizer's name, its learning rate, and hyperparameter values by name
    (any optimizer's; each reads its own, a missing one is its Param's default)."""

    name: str = "gd"
    learning_rate: float = 0.1
    values: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, name: str = "gd", learning_rate: float = 0.1, **values: float) -> OptimizerSettings:
        """Settings from keyword arguments (notebooks, tests): any optimizer's hyperparameters by name."""
        unknown = sorted(set(values) - {p.name for p in optimizer_params()})
        if unknown:
            raise UserError(f"unknown optimizer setting(s): {', '.join(unknown)}")
        return cls(name, float(learning_rate), values)

    def value(self, param: Param) -> float:
        return float(self.values.get(param.name, param.default))  # type: ignore[arg-type]


OPTIMIZERS: dict[str, type[Optimizer]] = {}


class Optimizer:
    """Plain gradient descent; the base of the others. A subclass registers itself
    under its ``name`` and declares its hyperparameters in ``params``."""

    name: ClassVar[str] = "gd"
    label: ClassVar[str] = "Gradient descent"
    description: ClassVar[str] = "θ ← θ − α g: a step down the gradient, the same size everywhere."
    params: ClassVar[tuple[Param, ...]] = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        OPTIMIZERS[cls.name] = cls

    def __init__(self, settings: OptimizerSettings, n_params: int):
        self.settings = settings
        self.n_params = n_params
        self.t = 0  # updates made

    def hp(self, param: Param) -> float:
        """The value in force of one of this optimizer's hyperparameters."""
        return self.settings.value(param)

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


OPTIMIZERS[Optimizer.name] = Optimizer


class Momentum(Optimizer):
    name = "momentum"
    label = "Momentum"
    description = "v ← μ v + g; θ ← θ − α v: steps keep some of their speed, so ravines are crossed faster."
    params = (MOMENTUM,)

    def __init__(self, settings: OptimizerSettings, n_params: int):
        super().__init__(settings, n_params)
        self.velocity = np.zeros(n_params)

    def _direction(self, grad: Array) -> Array:
        self.velocity = self.hp(MOMENTUM) * self.velocity + grad
        return self.velocity


class Nesterov(Momentum):
    name = "nesterov"
    label = "Nesterov momentum"
    description = "Momentum with the gradient taken where the velocity is about to carry θ (look-ahead)."

    def gradient_point(self, theta: Array, lr: float) -> Array:
        return theta - lr * self.hp(MOMENTUM) * self.velocity


class Adagrad(Optimizer):
    name = "adagrad"
    label = "Adagrad"
    description = "Each parameter's step divided by the root of its summed g²: big early, ever smaller."
    params = (EPS,)

    def __init__(self, settings: OptimizerSettings, n_params: int):
        super().__init__(settings, n_params)
        self.sum_sq = np.zeros(n_params)

    def _direction(self, grad: Array) -> Array:
        self.sum_sq = self.sum_sq + grad**2
        return grad / (np.sqrt(self.sum_sq) + self.hp(EPS))


class RMSProp(Optimizer):
    name = "rmsprop"
    label = "RMSProp"
    description = "Each parameter's step divided by the root of a running mean of its g²."
    params = (RHO, EPS)

    def __init__(self, settings: OptimizerSettings, n_params: int):
        super().__init__(settings, n_params)
        self.mean_sq = np.zeros(n_params)

    def _direction(self, grad: Array) -> Array:
        rho = self.hp(RHO)
        self.mean_sq = rho * self.mean_sq + (1.0 - rho) * grad**2
        return grad / (np.sqrt(self.mean_sq) + self.hp(EPS))


class Adam(Optimizer):
    name = "adam"
    label = "Adam"
    description = "Momentum on g and RMSProp's per-parameter scale, both bias-corrected."
    params: ClassVar[tuple[Param, ...]] = (BETA1, BETA2, EPS)

    def __init__(self, settings: OptimizerSettings, n_params: int):
        super().__init__(settings, n_params)
        self.m = np.zeros(n_params)
        self.v = np.zeros(n_params)

    def _direction(self, grad: Array) -> Array:
        beta1, beta2 = self.hp(BETA1), self.hp(BETA2)
        self.m = beta1 * self.m + (1.0 - beta1) * grad
        self.v = beta2 * self.v + (1.0 - beta2) * grad**2
        m_hat = self.m / (1.0 - beta1**self.t)
        v_hat = self.v / (1.0 - beta2**self.t)
        return m_hat / (np.sqrt(v_hat) + self.hp(EPS))


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov and Hutter, 2019):

        θ ← θ − α (m̂ / (√v̂ + ε) + λ θ)

    L2 adds λθ to the gradient, and Adam then divides it by √v̂, so a parameter with
    large gradients is hardly decayed at all; here every parameter shrinks by the
    same factor 1 − αλ a step, whatever its gradient. All of θ decays (as in
    PyTorch's AdamW), intercepts included.
    """

    name = "adamw"
    label = "AdamW"
    description = "Adam with decoupled weight decay: θ shrinks by αλθ a step, outside Adam's adaptive scale."
    params = (BETA1, BETA2, EPS, WEIGHT_DECAY)

    def update(self, theta: Array, grad: Array, lr: float) -> Array:
        self.t += 1
        return theta - lr * (self._direction(grad) + self.hp(WEIGHT_DECAY) * theta)


def optimizer_params() -> list[Param]:
    """Every optimizer's hyperparameters, each once, in the order first declared."""
    return distinct(cls.params for cls in OPTIMIZERS.values())


def make_optimizer(settings: OptimizerSettings, n_params: int) -> Optimizer:
    """A fresh optimizer (zero state) named by ``settings.name``."""
    try:
        cls = OPTIMIZERS[settings.name]
    except KeyError:
        raise UserError(
            f"unknown optimizer {settings.name!r}; choose one of {', '.join(OPTIMIZERS)}"
        ) from None
    return cls(settings, n_params)
