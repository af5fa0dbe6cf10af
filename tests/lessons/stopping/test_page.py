"""The stopping-rules lesson (深度学习初): one descent, three runs, each ended by one rule alone."""

import pytest

from tests.lessons.facade import Lesson


def histories(lesson: Lesson) -> list[list[list[float]]]:
    return [[[h["step"], h["loss"], h["grad_norm"]] for h in run["history"]] for run in lesson.fact("runs")]


def test_each_rule_ends_the_same_descent_where_its_own_test_first_passes(guarded, live_server):
    lesson = Lesson.open(guarded, live_server, "stopping")
    stops = lesson.fact("stops")
    assert [s["reason"] for s in stops] == ["max_steps", "tol_loss", "tol_grad"]
    assert stops[0]["step"] == 300
    steps_limit, loss_change, gradient = histories(lesson)
    common = min(len(h) for h in (steps_limit, loss_change, gradient))
    assert steps_limit[:common] == loss_change[:common] == gradient[:common]  # one descent, three ends
    changes = [abs(b[1] - a[1]) for a, b in zip(loss_change, loss_change[1:], strict=False)]
    assert all(c >= 1e-5 for c in changes[:-1]) and changes[-1] < 1e-5  # rule 2: first |ΔJ| under 1e-5
    assert all(g >= 1e-3 for _, _, g in gradient[:-1]) and gradient[-1][2] < 1e-3  # rule 3: first ‖∇J‖ under 1e-3
    rows = guarded.locator("#stops tr").all_inner_texts()
    assert [r.split("\t")[1] for r in rows] == [str(s["step"]) for s in stops]
    first = min(stops, key=lambda s: s["step"])
    assert lesson.fact("verdict").startswith(f"Rule {first['name']} stopped first, at step {first['step']}")
    assert guarded.text_content("#verdict") == lesson.fact("verdict")


def test_mini_batch_noise_stops_the_loss_rule_early_and_high_but_not_the_gradient_rule(guarded, live_server):
    lesson = Lesson.open(guarded, live_server, "stopping")
    full = lesson.fact("stops")
    guarded.select_option("#batch", "4")
    noisy = lesson.fact("stops", f"s => s[1].step !== {full[1]['step']}")
    loss_rule, gradient_rule = noisy[1], noisy[2]
    assert loss_rule["step"] < full[1]["step"] and loss_rule["loss"] > gradient_rule["loss"]
    assert gradient_rule["grad"] < 1e-3 and gradient_rule["loss"] == pytest.approx(full[2]["loss"], abs=1e-4)
    assert "batch=4" in guarded.url and lesson.state()["batch"] == "4"


def test_moving_a_rule_moves_only_its_own_stop(guarded, live_server):
    lesson = Lesson.open(guarded, live_server, "stopping", "?max_steps=100")
    before = lesson.fact("stops")
    assert before[0]["step"] == 100
    guarded.fill("#max_steps", "500")
    after = lesson.fact("stops", "s => s[0].step === 500")
    assert [s["step"] for s in after[1:]] == [s["step"] for s in before[1:]]
    assert "max_steps=500" in guarded.url
