"""The run's state machine and pace, driven by a fake clock: no socket, no sleep."""

import pytest

from app.api.run_control import AS_FAST_AS_POSSIBLE, MAX_PENDING_STEPS, RunControl, RunState


class Clock:
    def __init__(self):
        self.now = 64.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


def test_a_run_at_30_steps_a_second_owes_30_steps_after_a_second(clock):
    control = RunControl(clock)
    control.start(speed=30)
    assert control.state is RunState.RUNNING and control.due() == (0, pytest.approx(1 / 30))
    clock.now += 1.0
    assert control.due() == (30, 0.0)
    control.advanced(30, single=False)
    assert control.due() == (0, pytest.approx(1 / 30))
    clock.now += 0.5
    control.advanced(10, single=False)  # it fell behind: owes the rest
    assert control.due()[0] == 5


def test_a_pause_is_not_made_up_for_after_resume(clock):
    control = RunControl(clock)
    control.start(speed=10)
    clock.now += 1.0
    control.advanced(10, single=False)
    assert control.pause() is True and control.state is RunState.PAUSED
    assert control.due() == (0, None)  # nothing owed until a message comes
    clock.now += 60.0
    control.resume()
    assert control.due()[0] == 0  # not 600 steps at once
    clock.now += 0.5
    assert control.due()[0] == 5


def test_a_speed_change_counts_from_now(clock):
    control = RunControl(clock)
    control.start(speed=10)
    clock.now += 2.0
    control.advanced(20, single=False)
    control.set_speed(40)
    clock.now += 0.25  # a binary fraction: the count is exact
    assert control.due()[0] == 10


def test_as_fast_as_possible(clock):
    control = RunControl(clock)
    control.start(speed=None)
    assert control.due() == (AS_FAST_AS_POSSIBLE, 0.0)


def test_single_steps_pause_a_running_run_and_are_owed_at_once(clock):
    control = RunControl(clock)
    control.start(speed=30)
    assert control.step(5) is True and control.state is RunState.PAUSED
    assert control.due() == (5, 0.0)
    assert control.may_continue(single=True) and not control.may_continue(single=False)
    control.advanced(3, single=True)
    assert control.due() == (2, 0.0)
    control.advanced(2, single=True)
    assert control.due() == (0, None)
    control.step(10**9)
    assert control.pending == MAX_PENDING_STEPS


def test_reset_and_start_bump_the_generation(clock):
    control = RunControl(clock)
    control.start(speed=30)
    first = control.generation
    control.step(4)
    control.reset()
    assert control.generation == first + 1 and control.state is RunState.PAUSED and control.pending == 0
    control.start(speed=30, paused=True)
    assert control.generation == first + 2 and control.state is RunState.PAUSED


def test_a_run_that_diverged_at_its_start_is_stopped(clock):
    control = RunControl(clock)
    control.start(speed=30, stopped=True)
    assert control.state is RunState.STOPPED and control.due() == (0, None)


def test_finish_stops_and_drops_pending_steps(clock):
    control = RunControl(clock)
    control.start(speed=30, paused=True)
    control.step(7)
    control.finish()
    assert control.state is RunState.STOPPED and control.due() == (0, None)
    assert control.pause() is False  # pausing a stopped run changes nothing


def keep_up(control, clock, seconds: float, tick: float = 0.01) -> int:
    """Steps made over ``seconds`` by a stepper that always keeps up (a machine fast enough)."""
    made = 0
    for _ in range(round(seconds / tick)):
        clock.now += tick
        owed, _wait = control.due()
        control.advanced(owed, single=False)
        made += owed
    return made


def test_the_rising_pace_starts_at_its_speed_then_grows_tenfold_every_3_5_seconds(clock):
    control = RunControl(clock)
    control.start(speed=30, rising=True)
    assert keep_up(control, clock, 1.0) == 30  # the first second: 30 a second, as steady
    assert keep_up(control, clock, 0.5) == 15  # 45 = 30 x 1.5 s: the knee
    at_knee = 45
    made = keep_up(control, clock, 3.4538776)  # 1.5 ln 10 later: ten times as many
    assert at_knee + made == pytest.approx(450, abs=2)
    made += keep_up(control, clock, 5.0)  # ten seconds in all: thousands of steps
    assert 5_000 <= at_knee + made <= 14_000
    steady = RunControl(Clock())
    steady.start(speed=30)
    assert keep_up(steady, steady.clock, 10.0) == 300


def test_the_rising_pace_counts_from_the_runs_step_after_a_pause_and_restarts_at_a_reset(clock):
    control = RunControl(clock)
    control.start(speed=30, rising=True)
    keep_up(control, clock, 4.0)
    control.pause()
    clock.now += 100.0  # a long pause is not made up for
    control.resume()
    owed, wait = control.due()
    assert owed == 0 and 0 < wait < 0.1  # it goes on at the rate it had reached, about 140 a second
    control.reset()
    control.resume()
    assert 29 <= keep_up(control, clock, 1.0) <= 30  # a new run starts slowly again (the clock's rounding)
    control.set_speed(30, rising=False)
    assert 29 <= keep_up(control, clock, 1.0) <= 30 and not control.rising
