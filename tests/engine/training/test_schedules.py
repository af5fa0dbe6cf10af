import math

import pytest

from app.engine.training.schedules import SCHEDULES, ScheduleSettings, learning_rate_at


@pytest.mark.parametrize("name, t, expected", [
    ("constant", 0, 0.1), ("constant", 999, 0.1),
    ("step", 0, 0.1), ("step", 99, 0.1), ("step", 100, 0.05), ("step", 250, 0.025),
    ("exponential", 0, 0.1), ("exponential", 100, 0.1 * math.exp(-1.0)),
    ("inverse_time", 0, 0.1), ("inverse_time", 100, 0.1 / 2.0),
    ("cosine", 0, 0.1), ("cosine", 500, 0.05), ("cosine", 1000, 0.0), ("cosine", 5000, 0.0),
])
def test_learning_rate_at(name, t, expected):
    assert learning_rate_at(0.1, t, ScheduleSettings(name=name)) == pytest.approx(expected, abs=1e-15)


def test_cosine_floor_and_period():
    s = ScheduleSettings(name="cosine", period=10, min_lr=0.01)
    assert learning_rate_at(0.1, 10, s) == pytest.approx(0.01)
    assert learning_rate_at(0.1, 5, s) == pytest.approx(0.01 + 0.09 * 0.5 * (1 + math.cos(math.pi / 2)))


def test_every_schedule_is_non_increasing():
    for name in SCHEDULES:
        rates = [learning_rate_at(1.0, t, ScheduleSettings(name=name, period=50)) for t in range(300)]
        assert all(b <= a + 1e-15 for a, b in zip(rates, rates[1:], strict=False)), name


def test_unknown_schedule():
    with pytest.raises(ValueError, match="choose one of constant"):
        learning_rate_at(0.1, 0, ScheduleSettings(name="warmup"))
