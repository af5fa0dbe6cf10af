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
from collections.abc import Callable
from dataclasses import dataclass

from app.engine.errors import UserError
from app.engine.params import Param

STEP_SIZE = Param("step_size", "Step every", "Updates between two cuts of the rate.", 100, kind="int",
                  low=1, high=10**7, scale="log", slider=(1, 100_000))
GAMMA = Param("gamma", "Cut γ", "The factor each cut multiplies the rate by.", 0.5, low=0.0, low_open=True,
              high=1.0, slider=(0.01, 1.0), step=0.01)
DECAY = Param("decay", "Decay", "How fast the rate falls with t.", 0.01, low=0.0, high=1e3, scale="log",
              slider=(1e-4, 1.0))
PERIOD = Param("period", "Period", "Updates over which the rate falls from α to the floor.", 1000, kind="int",
               low=1, high=10**7, scale="log", slider=(10, 1_000_000))
MIN_LR = Param("min_lr", "Floor", "The rate the cosine ends at.", 0.0, low=0.0, high=1e6, slider=(0.0, 1.0),
               step=0.001)


@dataclass(frozen=True)
class ScheduleSettings:
    """The schedule's name and every schedule's parameters (each reads its own)."""

    name: str = "constant"
    step_size: int = 100
    gamma: float = 0.5
    decay: float = 0.01
    period: int = 1000
    min_lr: float = 0.0


@dataclass(frozen=True)
class Schedule:
    """One schedule: the rate for update t (0-based) from the base rate lr."""

    name: str
    label: str
    description: str
    params: tuple[Param, ...]
    rate: Callable[[float, int, ScheduleSettings], float]


SCHEDULES: dict[str, Schedule] = {s.name: s for s in (
    Schedule("constant", "Constant", "α at every step.", (), lambda lr, t, s: lr),
    Schedule("step", "Step decay", "α γ^⌊t / step⌋: cut by γ every so many updates.", (STEP_SIZE, GAMMA),
             lambda lr, t, s: lr * s.gamma ** (t // s.step_size)),
    Schedule("exponential", "Exponential decay", "α e^(−decay·t).", (DECAY,),
             lambda lr, t, s: lr * math.exp(-s.decay * t)),
    Schedule("inverse_time", "Inverse-time decay", "α / (1 + decay·t).", (DECAY,),
             lambda lr, t, s: lr / (1.0 + s.decay * t)),
    Schedule("cosine", "Cosine", "From α down to the floor along half a cosine over the period.",
             (PERIOD, MIN_LR),
             lambda lr, t, s: s.min_lr + (lr - s.min_lr) * 0.5 * (1.0 + math.cos(math.pi * min(t, s.period)
                                                                                   / s.period))),
)}



def learning_rate_at(lr: float, t: int, settings: ScheduleSettings) -> float:
    """The learning rate in force for update number t (0-based)."""
    try:
        schedule = SCHEDULES[settings.name]
    except KeyError:
        raise UserError(
            f"unknown schedule {settings.name!r}; choose one of {', '.join(SCHEDULES)}"
        ) from None
    return schedule.rate(lr, t, settings)
