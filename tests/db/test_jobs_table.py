"""The jobs table on SQLite and PostgreSQL: a job's progress for every worker, its rename and
its stop flag, a dead owner read as failed, and a save that takes the row's name and removes it
in one transaction (or, asked to stop, saves nothing)."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.db import open_store
from app.db.jobs import DEAD, KEEP_SECONDS, STALE_SECONDS
from app.db.models import JobRow
from app.engine.errors import NotFound
from app.engine.training.cancel import Cancelled
from tests.db.factories import big_run

JOB = "00000000000000aa"


@pytest.fixture
def store(db_settings):
    store = open_store(db_settings)
    yield store
    store.close()


def age(store, job_id: str, seconds: float, **values) -> None:
    """Move a row's heartbeat (and finish) ``seconds`` into the past, as if its owner had gone quiet."""
    with Session(store.engine) as session, session.begin():
        session.execute(update(JobRow).where(JobRow.id == job_id).values(heartbeat=time.time() - seconds, **values))


def test_the_owner_reports_and_any_worker_reads_renames_and_stops_it(store):
    store.jobs.start(JOB, "first", 500, started=1000.0)
    assert store.jobs.get(JOB) == {"id": JOB, "name": "first", "state": "running", "step": 0, "max_steps": 500,
                                   "loss": None, "stop_reason": None, "error": None, "started": 1000.0,
                                   "finished": None}
    assert store.jobs.report({JOB: (120, 0.25)}) == {JOB: (False, "first")}
    assert store.jobs.rename(JOB, "second")["name"] == "second"
    assert store.jobs.report({JOB: (130, 0.24)}) == {JOB: (False, "second")}  # the owner learns the new name
    assert [(j["id"], j["step"], j["loss"]) for j in store.jobs.running()] == [(JOB, 130, 0.24)]
    assert store.jobs.request_cancel(JOB) == "asked"
    store.jobs.start("00000000000000ab", "other", 10, started=1000.0)
    both = store.jobs.report({JOB: (140, 0.23), "00000000000000ab": (3, None)})  # one owner, one transaction
    assert both == {JOB: (True, "second"), "00000000000000ab": (False, "other")}  # ... and that it is to stop
    store.jobs.remove(JOB)
    assert store.jobs.get(JOB) is None and store.jobs.report({JOB: (1, 0.1)}) == {}
    assert store.jobs.rename(JOB, "x") is None and store.jobs.request_cancel(JOB) is None


def test_a_silent_owner_reads_as_failed_and_its_row_can_be_dropped(store):
    store.jobs.start(JOB, "", 500, started=time.time())
    age(store, JOB, STALE_SECONDS + 5)
    seen = store.jobs.get(JOB)
    assert seen["state"] == "failed" and seen["error"] == DEAD and seen["finished"] is not None
    assert store.jobs.running() == [] and store.jobs.rename(JOB, "late") is None
    assert store.jobs.request_cancel(JOB) == "dead" and store.jobs.get(JOB) is None


def test_a_failed_job_keeps_its_error_a_day(store):
    store.jobs.start(JOB, "", 500, started=time.time())
    store.jobs.fail(JOB, "the number of saved runs with this one is 3, over the limit max_saved_runs=2")
    assert store.jobs.get(JOB)["state"] == "failed" and "max_saved_runs" in store.jobs.get(JOB)["error"]
    assert store.jobs.prune() == 0
    age(store, JOB, KEEP_SECONDS + 5, finished=time.time() - KEEP_SECONDS - 5)
    assert store.jobs.prune() == 1 and store.jobs.get(JOB) is None


def test_a_jobs_save_takes_the_rows_name_and_removes_it(store):
    store.jobs.start(JOB, "as started", 500, started=time.time())
    store.jobs.rename(JOB, "renamed by another worker")
    store.save(replace(big_run(20, seed=1, name="as started"), id=JOB))
    assert store.get(JOB).name == "renamed by another worker" and store.jobs.get(JOB) is None


def test_a_job_asked_to_stop_saves_nothing(store):
    store.jobs.start(JOB, "", 500, started=time.time())
    assert store.jobs.request_cancel(JOB) == "asked"
    store.settings = store.settings.model_copy(update={"max_saved_runs": 0})  # a full database: still cancelled
    with pytest.raises(Cancelled):
        store.save(replace(big_run(20, seed=1), id=JOB))
    assert store.jobs.get(JOB) is None and store.count() == 0
    with pytest.raises(NotFound):
        store.get(JOB)


def test_a_rename_that_meets_the_save_waits_for_it_and_finds_the_row_gone(pg_settings):
    """The race a full run met on PostgreSQL: a rename read the row, the save removed it, and the
    rename's UPDATE matched nothing (StaleDataError). Now the rename waits for the save's lock.
    (PostgreSQL only: on SQLite, BEGIN IMMEDIATE serialises the writers whole.)"""
    import threading

    from sqlalchemy import delete, text

    store = open_store(pg_settings)
    store.jobs.start(JOB, "", 500, started=time.time())
    answers = []
    with Session(store.engine) as saving, saving.begin():  # the save's transaction, holding the row
        saving.get(JobRow, JOB, with_for_update=True)
        renaming = threading.Thread(target=lambda: answers.append(store.jobs.rename(JOB, "late")))
        renaming.start()
        deadline = time.monotonic() + 60
        waiting = text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
        while True:  # from a third connection: a transaction sees one snapshot of pg_stat_activity
            with store.engine.connect() as watcher:
                if watcher.execute(waiting).scalar():
                    break
            assert time.monotonic() < deadline, "the rename never waited for the row"
            time.sleep(0.01)
        saving.execute(delete(JobRow).where(JobRow.id == JOB))
    renaming.join()
    store.close()
    assert answers == [None]  # no job of that id runs now: the route renames the saved run instead
