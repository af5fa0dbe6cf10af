"""The playground's default pace shows learning within 10 s (issue 27): the steps the rising pace
asks for by then (app/api/run_control.py, driven by a fake clock) against the steps each built-in
data set and scenario needs at the page's defaults. Wall-clock figures, where the machine's own
speed is the limit, are bench/first_paint.py's and bench/default_pace.py's."""

from __future__ import annotations

import pytest

from app.api.run_control import RunControl
from app.engine import catalogue
from app.engine.scenarios import PAGE_DEFAULTS, SCENARIOS, request


def steps_by(seconds: float) -> int:
    control = RunControl(lambda: 0.0)
    control.start(PAGE_DEFAULTS["speed"], rising=PAGE_DEFAULTS["pace"] == "rising")
    return int(control.steps_after(seconds, 0))


def test_the_default_pace_gives_hundreds_of_steps_in_5_s_and_thousands_in_10():
    assert steps_by(1.0) == 30  # the first second can be watched step by step
    assert 400 <= steps_by(5.0) <= 500
    assert steps_by(10.0) >= 10_000


def test_the_spiral_with_a_3_layer_network_reaches_90_percent_within_the_10_s_of_steps(client):
    body = request({**PAGE_DEFAULTS, "dataset": "spiral", "model": "mlp", "layers": 3}, "gd", 0.1, 5000)
    body.update(record_every=1, target_loss=None)
    history = client.post("/api/train", json=body).json()["history"]
    reached = next(r["step"] for r in history if r["accuracy"] >= 0.9)
    assert reached <= steps_by(10.0)
    assert history[0]["accuracy"] < 0.7


LINEAR = ("circles", "xor", "spiral", "checkerboard")  # no line separates them: the page's default shows that


@pytest.mark.parametrize("name", [e.name for e in catalogue.entries()["datasets"]])
def test_every_built_in_data_set_learns_visibly_within_5_s_at_the_defaults(client, name):
    info = client.get(f"/api/datasets/{name}").json()
    regression, classes = info["task"] == "regression", info.get("n_classes") or 2
    model = "linear" if regression else "softmax" if classes > 2 else "logistic"
    body = request({**PAGE_DEFAULTS, "dataset": name, "model": model, "loss": "mse" if regression else "cross_entropy"},
                   "gd", 0.1, steps_by(5.0))
    history = client.post("/api/train", json=body).json()["history"]
    losses = [r["loss"] for r in history]
    if name in LINEAR:  # logistic regression learns what a line can, and no more: flat, near 50%
        assert history[-1]["accuracy"] < 0.75
    else:
        assert min(losses) <= 0.9 * losses[0]


def test_every_scenario_shows_what_it_claims_within_10_s_at_its_own_pace():
    late = {}
    for scenario in SCENARIOS:
        settings = {**PAGE_DEFAULTS, **scenario.settings}
        control = RunControl(lambda: 0.0)
        control.start(settings["speed"], rising=settings["pace"] == "rising")
        by_10s = control.steps_after(10.0, 0)
        for name, (kind, _run, *args) in scenario.claims.items():
            at = args[0] if kind in ("loss", "accuracy", "layer_ratio") else None
            step = {"stops": args[-1], "rises": args[1]}.get(kind, at)
            if step is not None and step > by_10s:
                late[f"{scenario.name}: {name}"] = step
    assert late == {}
