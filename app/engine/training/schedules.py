"""Learning-rate schedules: lr_t as a function of the base rate and the update count t.

    constant      lr_t = lr
    step          lr_t = lr * gamma ** floor(t / step_size)
    exponential   lr_t = lr * exp(-decay * t)
    inverse_time  lr_t = lr / (1 + decay * t)
    cosine        lr_t = min_lr + (lr - min_lr) * (1 + cos(pi * min(t, period) / period)) / 2

t counts the updates already made (the first update uses t = 0). Changing the
base rate mid-run keeps t, so the schedule carries on from where it was.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.engine.training.settings import replace_known


@dataclass(frozen=True)
class ScheduleSettings:
    name: str = "constant"
    step_size: int = 100
    gamma: float = 0.5
    decay: float = 0.01
    period: int = 1000
    min_lr: float = 0.0

    def updated(self, **changes: object) -> ScheduleSettings:
        return replace_known(self, "schedule", **changes)


def _constant(lr: float, t: int, s: ScheduleSettings) -> float:
    return lr


def _step(lr: float, t: int, s: ScheduleSettings) -> float:
    return lr * s.gamma ** (t // s.step_size)


def _exponential(lr: float, t: int, s: ScheduleSettings) -> float:
    return lr * math.exp(-s.decay * t)


def _inverse_time(lr: float, t: int, s: ScheduleSettings) -> float:
    return lr / (1.0 + s.decay * t)


def _cosine(lr: float, t: int, s: ScheduleSettings) -> float:
    progress = min(t, s.period) / s.period
    return s.min_lr + (lr - s.min_lr) * 0.5 * (1.0 + math.cos(math.pi * progress))


SCHEDULES = {
    "constant": _constant,
    "step": _step,
    "exponential": _exponential,
    "inverse_time": _inverse_time,
    "cosine": _cosine,
}


def learning_rate_at(lr: float, t: int, settings: ScheduleSettings) -> float:
    """The learning rate in force for update number t (0-based)."""
    try:
        rule = SCHEDULES[settings.name]
    except KeyError:
        raise ValueError(
            f"unknown schedule {settings.name!r}; choose one of {', '.join(SCHEDULES)}"
        ) from None
    return rule(lr, t, settings)
