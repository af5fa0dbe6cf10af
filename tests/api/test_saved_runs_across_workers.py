"""A job asked about through another worker, on SQLite and PostgreSQL: two apps on one database
stand for two worker processes (each has its own jobs), and one browser (one identity) talks to
both. The worker that did not start the job
still reports its progress, lists it, renames it, streams it and cancels it; a job whose
server stopped reads as failed, saying why, from the other."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from app.db.jobs import DEAD
from app.main import create_app
from app.settings import Settings
from tests.api.test_saved_runs_api import LONG, RUN, polled, settled
from tests.conftest import as_person, person_id, same_person
from tests.db.conftest import db_settings, pg_cluster  # noqa: F401 - the databases, both kinds
from tests.db.test_jobs_table import age


@pytest.fixture
def two(db_settings):  # noqa: F811 - the parametrised fixture from tests/db
    with TestClient(create_app(db_settings)) as owner, TestClient(create_app(db_settings)) as other:
        yield as_person(owner), same_person(other, owner)


def reported(client: TestClient, run_id: str) -> dict:
    """GET through ``client`` until the owner's report has reached the database (step > 0)."""
    return polled(client, run_id, lambda body: body["state"] not in ("queued", "running") or body["step"] > 0)


def test_the_other_worker_follows_renames_and_gets_the_saved_run(two):
    owner, other = two
    job = owner.post("/api/runs", json={**RUN, "max_steps": 3000, "record_every": 10, "name": "first"}).json()
    seen = other.get(f"/api/runs/{job['id']}").json()
    assert seen["state"] in ("running", "saved") and seen["id"] == job["id"]  # never a 404
    listed = [j["id"] for j in other.get("/api/runs").json()["running"]]
    assert job["id"] in listed or other.get(f"/api/runs/{job['id']}").json()["state"] == "saved"
    # a job's run or a saved run: either way the name reaches the saved run
    assert other.patch(f"/api/runs/{job['id']}", json={"name": "named elsewhere"}).status_code == 200
    with other.stream("GET", f"/api/runs/{job['id']}/progress") as answer:
        events = [json.loads(line[6:]) for line in answer.iter_lines() if line.startswith("data: ")]
    assert events[-1]["state"] == "saved" and events[-1]["step"] == 3000
    assert [e["step"] for e in events] == sorted(e["step"] for e in events)
    saved = settled(owner, job["id"])
    assert saved["name"] == "named elsewhere" and other.get(f"/api/runs/{job['id']}").json() == saved


def test_the_other_worker_renames_and_cancels_a_running_job_and_nothing_is_left(two):
    owner, other = two
    job = owner.post("/api/runs", json=LONG).json()
    assert reported(other, job["id"])["state"] == "running"
    renamed = other.patch(f"/api/runs/{job['id']}", json={"name": "renamed elsewhere"}).json()
    assert renamed["state"] == "running" and renamed["name"] == "renamed elsewhere"
    # the owner reads the new name back at its next report
    assert polled(owner, job["id"], lambda body: body["name"] == "renamed elsewhere")["name"] == "renamed elsewhere"
    assert other.delete(f"/api/runs/{job['id']}").status_code == 204  # it answers once the owner stopped it
    for client in two:
        assert client.get(f"/api/runs/{job['id']}").status_code == 404
        assert client.get("/api/runs").json()["running"] == [] and client.get("/api/runs").json()["total"] == 0
    assert owner.post("/api/runs", json=RUN).status_code == 202  # the owner's place is free again


def test_a_job_whose_server_stopped_reads_as_failed_from_another(db_settings):  # noqa: F811
    with TestClient(create_app(db_settings)) as other:
        with TestClient(create_app(db_settings)) as owner:
            same_person(other, as_person(owner))
            job = owner.post("/api/runs", json=LONG).json()
            reported(other, job["id"])
        gone = other.get(f"/api/runs/{job['id']}").json()  # the owner shut down mid-run
        assert gone["state"] == "failed" and gone["error"] == DEAD and other.get("/api/runs").json()["running"] == []
        assert other.delete(f"/api/runs/{job['id']}").status_code == 204
        assert other.get(f"/api/runs/{job['id']}").status_code == 404


def test_a_killed_owner_is_noticed_by_its_silence(db_settings):  # noqa: F811
    with TestClient(create_app(db_settings)) as client:
        store = as_person(client).app.state.runs.get()
        # a row no process reports to
        store.jobs.start("00000000000000bb", "orphan", 500, started=0.0, owner=person_id(client))
        assert client.get("/api/runs/00000000000000bb").json()["state"] == "running"
        age(store, "00000000000000bb", 60)
        assert client.get("/api/runs/00000000000000bb").json()["error"] == DEAD
        with client.stream("GET", "/api/runs/00000000000000bb/progress") as answer:
            events = [json.loads(line[6:]) for line in answer.iter_lines() if line.startswith("data: ")]
        assert [e["state"] for e in events] == ["failed"]


def test_progress_streams_have_a_cap(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path, max_progress_streams=1))) as client:
        as_person(client)
        job = client.post("/api/runs", json=LONG).json()
        with client.stream("GET", f"/api/runs/{job['id']}/progress") as first:
            data = next(line for line in first.iter_lines() if line.startswith("data: "))
            assert json.loads(data[6:])["state"] in ("queued", "running")
            refused = client.get(f"/api/runs/{job['id']}/progress")
            assert refused.status_code == 503 and refused.headers["Retry-After"] == "5"
            assert "following as many runs' progress as it can" in refused.json()["detail"]
        for _ in range(200):  # the first client left: its place comes back when the stream notices
            with client.stream("GET", f"/api/runs/{job['id']}/progress") as again:
                if again.status_code == 200:
                    break
        assert again.status_code == 200
        assert client.delete(f"/api/runs/{job['id']}").status_code == 204
