"""The event log of a live run, and its replay: a second session started with the log, and
POST /api/train with it, end on the same loss and theta bit for bit (real client, live uvicorn)."""

from __future__ import annotations

import httpx
import pytest

from tests.api.test_live_socket import Client

SPEC = {"dataset": {"name": "moons", "n_samples": 200, "noise": 0.25, "seed": 4}, "model": {"kind": "logistic"},
        "optimizer": {"name": "gd", "learning_rate": 0.1}, "batch_size": 16, "seed": 3, "max_steps": 120}
CHANGES = [(20, {"type": "set", "learning_rate": 0.9}),
           (35, {"type": "set", "optimizer": "adam", "learning_rate": 0.05, "speed": 50}),
           (35, {"type": "set", "speed": 80}),  # the pace alone: not an event
           (60, {"type": "set", "batch_size": 7, "l2": 0.01})]
EXPECTED = [{"step": 20, "changes": {"learning_rate": 0.9}},
            {"step": 35, "changes": {"optimizer": "adam", "learning_rate": 0.05}},
            {"step": 60, "changes": {"batch_size": 7, "l2": 0.01}}]


@pytest.fixture
def clients(live_server):
    made: list[Client] = []

    def new() -> Client:
        made.append(Client(live_server))
        return made[-1]
    yield new
    for c in made:
        c.close()


def step_to(client: Client, target: int, now: int) -> dict:
    """Step a paused run to ``target``; the record of that step."""
    client.send({"type": "step", "n": target - now})
    frame = client.until(lambda m: m["type"] == "frame" and m["steps"][-1]["step"] == target)[-1]
    return frame["steps"][-1]


def run_to_end(client: Client, config: dict, changes=()) -> tuple[dict, list[dict]]:
    """Start paused, step to each change's step and send it, then to max_steps: the last record
    (evaluated: the run stops there) and the event log the last status said."""
    first = client.start(**config, paused=True)
    log = next(m for m in first if m["type"] == "status").get("events", [])
    now = 0
    for step, message in changes:
        if step > now:
            step_to(client, step, now)
            now = step
        client.send(message)
        status = client.until(lambda m: m["type"] in ("status", "error"))[-1]
        assert status["type"] == "status", status
        assert status["step"] == step
        log = status.get("events", log)
    last = step_to(client, config["max_steps"], now)
    return last, log


def test_the_log_holds_each_change_at_its_step_and_a_replay_ends_bit_for_bit(clients):
    original, log = run_to_end(clients(), SPEC, CHANGES)
    assert log == EXPECTED
    assert "loss" in original and len(original["params"]) == 3

    replayed, replay_log = run_to_end(clients(), {**SPEC, "events": log})
    assert replay_log == EXPECTED  # the whole log from the start: a link copied now keeps it all
    assert (replayed["loss"], replayed["params"]) == (original["loss"], original["params"])
    assert replayed == original

    link_only, _ = run_to_end(clients(), SPEC)  # what a link without the log gave: another run
    assert link_only["loss"] != original["loss"]


def test_the_issue_case_a_learning_rate_change_mid_run(clients):
    """The issue's numbers: moons, gradient descent at 0.1, the rate lowered to 0.01 after 198
    steps. The original ends at 0.2803 at step 1175; the copied link (the configuration in force,
    0.01 from the start) ends at 0.3058; the configuration with its event log ends where the
    original did, bit for bit."""
    spec = {"dataset": {"name": "moons"}, "optimizer": {"name": "gd", "learning_rate": 0.1}, "tol_grad": 0,
            "max_steps": 1175}
    original, log = run_to_end(clients(), spec, [(198, {"type": "set", "learning_rate": 0.01})])
    assert log == [{"step": 198, "changes": {"learning_rate": 0.01}}]
    assert round(original["loss"], 4) == 0.2803
    copied_config, _ = run_to_end(clients(), {**spec, "optimizer": {"name": "gd", "learning_rate": 0.01}})
    assert round(copied_config["loss"], 4) == 0.3058
    replayed, _ = run_to_end(clients(), {**spec, "events": log})
    assert replayed == original


def test_a_set_during_a_replay_goes_in_the_log_at_its_place(clients):
    c = clients()
    first = c.start(**SPEC, paused=True, events=EXPECTED)
    assert next(m for m in first if m["type"] == "status")["events"] == EXPECTED
    step_to(c, 35, 0)  # the replayed change at 35 is not applied yet: it comes before this set
    c.send({"type": "set", "tol_loss": 1e-9})
    status = c.until(lambda m: m["type"] == "status" and "events" in m)[-1]
    # a change at the step of the last one is one change with it (issue 27: a drag is one change)
    merged = {"step": 35, "changes": {**EXPECTED[1]["changes"], "tol_loss": 1e-9}}
    assert EXPECTED[1]["step"] == 35 and status["events"] == [EXPECTED[0], merged, EXPECTED[2]]
    assert status["config"]["optimizer"]["name"] == "adam"  # the replayed change came first
    c.send({"type": "reset"})
    status = c.until(lambda m: m["type"] == "status" and "events" in m)[-1]
    assert status["events"] == []


def test_a_start_with_an_event_past_the_end_is_refused(clients):
    c = clients()
    c.send({"type": "start", "config": {**SPEC, "events": [{"step": 121, "changes": {"l2": 0.1}}]}})
    error = c.until(lambda m: m["type"] == "error")[-1]
    assert "event 1 is at step 121, past the run's end: max_steps is 120" in error["message"]


def test_rest_train_with_the_log_equals_the_live_run(clients, live_server):
    original, log = run_to_end(clients(), SPEC, CHANGES)
    body = {**SPEC, "events": log, "record_every": 10}
    answer = httpx.post(f"{live_server}/api/train", json=body, timeout=60).json()
    final = answer["final"]
    assert final["step"] == 120 and answer["stop_reason"] == "max_steps"
    assert {k: final[k] for k in original} == original
    without = httpx.post(f"{live_server}/api/train", json=SPEC, timeout=60).json()["final"]
    assert without["params"] != original["params"]


@pytest.mark.parametrize(("events", "words"), [
    ([{"step": 500, "changes": {"l2": 0.1}}], "past the run's end"),
    ([{"step": 5, "changes": {}}], "an event changes at least one setting"),
    ([{"step": 9, "changes": {"l2": 0.1}}, {"step": 3, "changes": {"l2": 0.2}}], "events go in step order"),
    ([{"step": 3, "changes": {"speed": 5}}], "Extra inputs"),
])
def test_rest_refuses_a_log_it_cannot_replay(live_server, events, words):
    answer = httpx.post(f"{live_server}/api/train", json={**SPEC, "events": events}, timeout=60)
    assert answer.status_code == 422, answer.text
    assert words in answer.text


def test_changes_sent_while_the_run_runs_are_logged_where_they_took_effect(clients):
    """Sets that land between steps of a running session (not paused): whatever step each took
    effect at, the log says it, and the replay ends on the same record."""
    spec = {**SPEC, "max_steps": 3000}
    c = clients()
    c.start(**spec, speed=2000)
    for threshold, message in [(300, {"type": "set", "learning_rate": 0.7}),
                               (900, {"type": "set", "optimizer": "rmsprop", "learning_rate": 0.01}),
                               (1500, {"type": "set", "batch_size": 5})]:
        c.until(lambda m, t=threshold: m["type"] == "frame" and m["steps"][-1]["step"] >= t)
        c.send(message)
    messages = c.until(lambda m: m["type"] == "status" and m["state"] == "stopped", timeout=60)
    log = [m for m in messages if m["type"] == "status" and "events" in m][-1]["events"]
    original = [s for m in messages if m["type"] == "frame" for s in m["steps"]][-1]
    assert [e["changes"] for e in log] == [{"learning_rate": 0.7}, {"optimizer": "rmsprop", "learning_rate": 0.01},
                                           {"batch_size": 5}]
    assert 300 <= log[0]["step"] < log[1]["step"] < log[2]["step"] < 3000 and original["step"] == 3000
    replayed, _ = run_to_end(clients(), {**spec, "events": log})
    assert replayed == original
