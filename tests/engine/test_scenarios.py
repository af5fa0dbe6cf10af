"""Every scenario's sentence against its runs (issue 27): each claim it makes in numbers is
checked on the runs the playground starts for it (app/engine/scenarios.py, Scenario.requests),
and every number its text gives appears in its claims' ranges."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from app.engine.scenarios import SCENARIOS

STEPS = 2000


@functools.cache
def histories(client, name: str) -> tuple[list[dict], ...]:
    scenario = next(s for s in SCENARIOS if s.name == name)
    out = []
    for body in scenario.requests(STEPS):
        answer = client.post("/api/train", json=body)
        assert answer.status_code == 200, answer.text
        out.append(answer.json())
    return tuple(out)


def check(claim: tuple, runs: tuple[dict, ...]) -> object:
    """The measured value of a claim, and whether it holds."""
    kind, run, *args = claim
    answer = runs[run - 1]
    history = answer["history"]
    at = {r["step"]: r for r in history}
    if kind == "stops":
        reason, step = args
        found = (answer["stop_reason"], history[-1]["step"])
        return *found, found == (reason, step)
    if kind in ("loss", "accuracy"):
        step, low, high = args
        record = at[step]
        value = record["loss"] if kind == "loss" else record.get("accuracy", record.get("r2"))
        return value, low <= value <= high
    if kind == "layer_ratio":
        step, low, high = args
        grads = at[step]["layer_grads"]
        return grads[-1] / grads[0], low <= grads[-1] / grads[0] <= high
    if kind == "rises":
        first, last, low, high = args
        loss = np.array([at[s]["loss"] for s in range(first, last + 1)])
        share = float(np.mean(np.diff(loss) > 0))
        return share, low <= share <= high
    params = np.array([r["params"][args[0]] for r in history])
    if kind == "param_max":
        return params.max(), params.max() >= args[1]
    moves = np.diff(params)
    turns = int(np.sum(np.diff(np.sign(moves[np.abs(moves) > 1e-12])) != 0))
    return turns, turns >= args[1]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_each_scenario_shows_what_it_says(scenario, client):
    runs = histories(client, scenario.name)
    failed = {name: found[:-1] for name, claim in scenario.claims.items() if not (found := check(claim, runs))[-1]}
    assert failed == {}, f"{scenario.name}: these claims do not hold (measured): {failed}"
    assert len(runs) == 1 + len(scenario.race)


def test_every_scenario_makes_a_claim_and_the_page_gets_the_list(client):
    assert all(s.claims for s in SCENARIOS)
    names = [s["name"] for s in client.get("/api/catalogue").json()["scenarios"]]
    assert names == [s.name for s in SCENARIOS]
