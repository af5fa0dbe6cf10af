"""/api/runs through FastAPI on SQLite and on a real PostgreSQL: a job answers at once, trains
in the background and is saved under its id; the saved run is the run POST /api/train gives,
live changes included, bit for bit; list, rename, delete; the per-process cap on jobs; a
cancelled job leaves nothing; limits fail the job with their names; restarts keep the runs."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from tests.conftest import as_person
from tests.db.conftest import db_settings, pg_cluster  # noqa: F401 - the databases, both kinds

RUN = {"dataset": {"name": "moons", "seed": 1}, "optimizer": {"name": "gd", "learning_rate": 0.5},
       "max_steps": 300, "tol_grad": 0.0, "record_every": 1, "seed": 3}
EVENTS = [{"step": 40, "changes": {"learning_rate": 0.1}},
          {"step": 90, "changes": {"optimizer": "momentum"}},
          {"step": 200, "changes": {"batch_size": 16}}]
# about 20 s of steps here: far longer than any test keeps it (each cancels it at once)
LONG = {**RUN, "dataset": {"name": "moons", "seed": 1, "n_samples": 20_000}, "max_steps": 100_000,
        "record_every": 1000}


def polled(client: TestClient, run_id: str, until, seconds: float = 60.0) -> dict:
    """GET the run through ``client`` until ``until(body)`` (polling a condition, timing nothing)."""
    deadline = time.monotonic() + seconds
    while not until(body := client.get(f"/api/runs/{run_id}").json()) and time.monotonic() < deadline:
        time.sleep(0.02)
    return body


def settled(client: TestClient, run_id: str) -> dict:
    """GET the run until it is no longer running."""
    return polled(client, run_id, lambda body: body["state"] not in ("queued", "running"))


@pytest.fixture
def client(db_settings):  # noqa: F811 - the parametrised fixture from tests/db
    with TestClient(create_app(db_settings)) as c:
        yield as_person(c)


def test_a_job_answers_at_once_and_saves_what_post_train_gives_bit_for_bit(client):
    started = client.post("/api/runs", json={**RUN, "events": EVENTS, "name": "three"})
    assert started.status_code == 202
    job = started.json()
    # at once: the job's id and state (a quick machine may have saved it before the answer went out)
    assert job["state"] in ("queued", "running", "saved") and job["max_steps"] == 300 and len(job["id"]) == 32
    client.patch(f"/api/runs/{job['id']}", json={"name": "three changes"})  # running or saved: either way
    saved = settled(client, job["id"])
    direct = client.post("/api/train", json={**RUN, "events": EVENTS}).json()
    assert saved["state"] == "saved" and saved["name"] == "three changes" and saved["steps"] == 300
    assert saved["events"] == EVENTS and saved["spec"]["max_steps"] == 300
    assert [r["loss"] for r in saved["history"]] == [r["loss"] for r in direct["history"]]
    wall = [r["wall_time"] for r in saved["history"]]  # seconds into the job, for the runs page's x axis
    assert wall == sorted(wall) and wall[0] >= 0
    assert saved["params"] == direct["final"]["params"] and saved["final_loss"] == direct["final"]["loss"]
    assert saved["param_names"] == direct["param_names"] and saved["stop_reason"] == "max_steps"


def test_list_filter_sort_rename_and_delete(client):
    ids = [client.post("/api/runs", json={**RUN, "max_steps": n, "name": f"run {n}"}).json()["id"]
           for n in (50, 150)]
    for run_id in ids:
        assert settled(client, run_id)["state"] == "saved"
    listed = client.get("/api/runs", params={"sort": "steps", "descending": "false"}).json()
    assert [r["steps"] for r in listed["runs"]] == [50, 150] and listed["total"] == 2 and listed["running"] == []
    assert client.get("/api/runs", params={"q": "RUN 15"}).json()["total"] == 1
    assert client.get("/api/runs", params={"dataset": "blobs"}).json()["total"] == 0
    assert client.patch(f"/api/runs/{ids[0]}", json={"name": "  the  short one "}).json()["name"] == "the short one"
    assert client.delete(f"/api/runs/{ids[1]}").status_code == 204
    assert client.get(f"/api/runs/{ids[1]}").status_code == 404
    assert client.delete(f"/api/runs/{ids[1]}").status_code == 404
    assert [r["name"] for r in client.get("/api/runs").json()["runs"]] == ["the short one"]


@pytest.mark.parametrize(("method", "path", "body", "status"), [
    ("get", "/api/runs/0123456789abcdef", None, 404),
    ("get", "/api/runs/not-an-id", None, 422),
    ("patch", "/api/runs/0123456789abcdef", {"name": ""}, 422),
    ("get", "/api/runs?sort=loss", None, 422),
    ("post", "/api/runs", {**RUN, "name": "x" * 201}, 422),
    ("post", "/api/runs", {**RUN, "events": [{"step": 400, "changes": {"learning_rate": 0.1}}]}, 422),
])
def test_bad_requests_say_what_is_wrong(client, method, path, body, status):
    answer = getattr(client, method)(path, **({"json": body} if body is not None else {}))
    assert answer.status_code == status and answer.json()["detail"]


def test_the_cap_on_running_jobs_and_cancelling_one(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path, max_running_jobs=1))) as client:
        as_person(client)
        first = client.post("/api/runs", json=LONG).json()
        busy = client.post("/api/runs", json=RUN)
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"
        assert "as many runs training as it can take" in busy.json()["detail"] and "max_" not in busy.text
        assert [job["id"] for job in client.get("/api/runs").json()["running"]] == [first["id"]]
        renamed = client.patch(f"/api/runs/{first['id']}", json={"name": "long one"}).json()
        assert renamed["state"] in ("queued", "running") and renamed["name"] == "long one"
        assert client.delete(f"/api/runs/{first['id']}").status_code == 204  # it answers once the job stopped
        assert client.get(f"/api/runs/{first['id']}").status_code == 404  # nothing of it is left
        assert client.get("/api/runs").json() == {"runs": [], "total": 0, "running": [],
                                                  "facets": {"dataset": [], "model": [], "optimizer": []}}
        assert client.post("/api/runs", json=RUN).status_code == 202  # its place is free again


def test_a_job_waits_its_turn_as_queued_and_then_trains(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path, heavy_pool=1))) as client:
        held = client.app.state.heavy.queue.slot_blocking("someone else", lambda: False)  # the pool's one slot
        try:
            job = as_person(client).post("/api/runs", json=RUN).json()
            assert job["state"] == "queued" and job["step"] == 0
            assert client.get(f"/api/runs/{job['id']}").json()["state"] == "queued"
            assert client.app.state.heavy.queue.waiting == 1
        finally:
            held.release()
        assert settled(client, job["id"])["state"] == "saved"


def test_one_person_may_have_max_jobs_per_person_at_once_and_is_told_so(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path, max_jobs_per_person=1))) as client:
        first = as_person(client).post("/api/runs", json=LONG).json()
        second = client.post("/api/runs", json=RUN)
        assert second.status_code == 429 and second.json()["limit"] == "max_jobs_per_person"
        assert "you have 1 runs training or waiting" in second.json()["message"]
        assert "max_" not in second.json()["message"]
        with TestClient(create_app(Settings(data_dir=tmp_path, max_jobs_per_person=1))) as other:
            assert as_person(other).post("/api/runs", json=RUN).status_code == 202  # another person's own place
        assert client.delete(f"/api/runs/{first['id']}").status_code == 204
        assert client.post("/api/runs", json=RUN).status_code == 202


def test_a_limit_fails_the_job_saying_which_in_a_learners_words(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path, max_saved_runs=1))) as client:
        as_person(client)
        assert settled(client, client.post("/api/runs", json=RUN).json()["id"])["state"] == "saved"
        second = settled(client, client.post("/api/runs", json=RUN).json()["id"])
        assert second["state"] == "failed" and "the number of saved runs with this one is 2, more than this " \
            "server allows (1)" in second["error"] and "max_" not in second["error"]  # the page shows it as it is


def test_saved_runs_survive_a_restart(tmp_path):
    settings = Settings(data_dir=tmp_path)
    with TestClient(create_app(settings)) as client:
        run_id = as_person(client).post("/api/runs", json=RUN).json()["id"]
        before = settled(client, run_id)
        browser = dict(client.cookies)
    with TestClient(create_app(settings), cookies=browser) as client:  # a new process: the same database
        after = client.get(f"/api/runs/{run_id}").json()
        with client.stream("GET", f"/api/runs/{run_id}/progress") as answer:
            events = [json.loads(line[6:]) for line in answer.iter_lines() if line.startswith("data: ")]
    assert after == before and after["yours"]  # the same browser's cookie still says whose it is
    assert [(e["state"], e["step"], e["loss"]) for e in events] == [("saved", 300, before["final_loss"])]


def test_progress_streams_as_server_sent_events_until_the_job_is_saved(client):
    run_id = client.post("/api/runs", json={**RUN, "max_steps": 2000, "record_every": 10}).json()["id"]
    with client.stream("GET", f"/api/runs/{run_id}/progress") as answer:
        assert answer.headers["content-type"].startswith("text/event-stream")
        events = [json.loads(line.removeprefix("data: ")) for line in answer.iter_lines() if line.startswith("data: ")]
    steps = [event["step"] for event in events]
    assert steps == sorted(steps) and events[-1]["state"] == "saved" and events[-1]["step"] == 2000
    assert all(event["state"] in ("queued", "running") for event in events[:-1])
    with client.stream("GET", f"/api/runs/{run_id}/progress") as again:  # saved already: one event
        saved = [json.loads(line[6:]) for line in again.iter_lines() if line.startswith("data: ")]
    assert [(event["state"], event["step"]) for event in saved] == [("saved", 2000)]
    assert client.get("/api/runs/0123456789abcdef/progress").status_code == 404


def test_a_run_with_10000_live_changes_is_saved_with_every_one(client):
    """Issue 27: Save failed past 500 changes; a saved run keeps 10,000 (MAX_EVENTS)."""
    events = [{"step": k, "changes": {"learning_rate": 0.1 if k % 2 else 0.2}} for k in range(1, 10_001)]
    started = client.post("/api/runs", json={**RUN, "max_steps": 10_000, "events": events, "name": "ten thousand"})
    assert started.status_code == 202, started.text[:300]
    saved = settled(client, started.json()["id"])
    assert saved["state"] == "saved" and saved["steps"] == 10_000 and len(saved["events"]) == 10_000
    over = client.post("/api/runs", json={**RUN, "max_steps": 10_001, "name": "too many",
                                         "events": [*events, {"step": 10_001, "changes": {"l2": 0.1}}]})
    assert over.status_code == 422 and "10000" in over.text.replace(",", "")  # a clear refusal, not a crash
