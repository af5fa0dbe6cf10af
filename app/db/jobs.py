"""The jobs table: a job's progress where every worker process can read it.

A job trains in one process (app.jobs, its trainer), but GET, PATCH and DELETE for its id
may reach any worker of the server, or another machine on the same PostgreSQL. So the
trainer writes its job here: a row at the start, then every ``report`` (about twice a
second) its step, loss and a heartbeat, reading back in the same transaction the name
the run will be saved under and whether a DELETE asked it to stop. Another worker
renames a job by writing its row, and cancels one by setting its ``cancel`` flag and
waiting for the trainer to drop the row. A job also has an ``owner``: the identity that started
it (app.identity), whose only it is.

A row whose heartbeat is older than ``STALE_SECONDS`` belongs to a process that died
(killed, restarted): it reads as a failed job, saying so. The row goes when the run is
saved (RunStore.save, in the save's own transaction) or the job is cancelled; a failed
job's row stays until ``prune`` (a day later), so its error can still be read.

Progress is the dict GET /api/runs/{id} answers: ``progress_of(row, now)``. Every writer
locks the rows it reads (SELECT ... FOR UPDATE; SQLite's BEGIN IMMEDIATE already serialises
writers), so a rename or a report that meets a save removing the row waits for it and then
finds the row gone, rather than updating a row that no longer exists.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, delete, or_, select, update
from sqlalchemy.orm import Session

from app.db.engine import writer
from app.db.models import ADMIN, ERROR_LENGTH, NAME_LENGTH, JobRow

STALE_SECONDS = 30.0  # a running job whose trainer has not reported for this long is reported failed
KEEP_SECONDS = 86_400.0  # a failed job's row is kept a day
DEAD = ("the server process training this job stopped before the run ended (it was restarted or killed); "
        "start the run again")


def alive(row: JobRow, now: float) -> bool:
    """A running job whose trainer still reports."""
    return row.state == "running" and now - row.heartbeat <= STALE_SECONDS


def progress_of(row: JobRow, now: float) -> dict[str, Any]:
    """What GET /api/runs/{id} says of a job's row (a stale running one: failed, saying why)."""
    state, error, finished = row.state, row.error, row.finished
    if state == "running" and not alive(row, now):
        state, error, finished = "failed", DEAD, row.heartbeat
    return {"id": row.id, "name": row.name, "state": state, "step": row.step, "max_steps": row.max_steps,
            "loss": row.loss, "stop_reason": None, "error": error, "started": row.started, "finished": finished}


class JobTable:
    """The jobs table of one database (the RunStore's ``jobs``)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._writer = writer(engine)

    def start(self, job_id: str, name: str, max_steps: int, started: float, owner: str = ADMIN) -> None:
        with Session(self._writer) as session, session.begin():
            session.add(JobRow(id=job_id, owner=owner, name=name[:NAME_LENGTH], state="running", step=0,
                               max_steps=max_steps,
                               loss=None, error=None, started=started, finished=None, heartbeat=time.time(),
                               cancel=False))

    def report(self, progress: dict[str, tuple[int, float | None]]) -> dict[str, tuple[bool, str]]:
        """A trainer's heartbeat for its jobs, in one transaction: ``{id: (step, loss)}`` in, and
        ``{id: (cancel asked, name)}`` back for each job whose row is still there."""
        now, answer = time.time(), {}
        with Session(self._writer) as session, session.begin():
            query = select(JobRow).where(JobRow.id.in_(progress)).order_by(JobRow.id).with_for_update()
            for row in session.scalars(query):
                row.step, row.loss = progress[row.id]
                row.heartbeat = now
                answer[row.id] = (row.cancel, row.name)
        return answer

    def fail(self, job_id: str, error: str) -> None:
        now = time.time()
        with Session(self._writer) as session, session.begin():
            session.execute(update(JobRow).where(JobRow.id == job_id).values(
                state="failed", error=error[:ERROR_LENGTH], finished=now, heartbeat=now))

    def remove(self, job_id: str) -> None:
        with Session(self._writer) as session, session.begin():
            session.execute(delete(JobRow).where(JobRow.id == job_id))

    def get(self, job_id: str) -> dict[str, Any] | None:
        with Session(self.engine) as session:
            row = session.get(JobRow, job_id)
            return None if row is None else progress_of(row, time.time())

    def owner(self, job_id: str) -> str | None:
        """Whose job ``job_id`` is (None: no job has that id)."""
        with Session(self.engine) as session:
            row = session.get(JobRow, job_id)
            return None if row is None else row.owner

    def running(self, owner: str | None = None) -> list[dict[str, Any]]:
        """``owner``'s jobs (None: everyone's) running now in any process (trainers that still report),
        oldest first."""
        now = time.time()
        query = (select(JobRow).where(JobRow.state == "running", JobRow.heartbeat >= now - STALE_SECONDS)
                 .order_by(JobRow.started, JobRow.id))
        if owner is not None:
            query = query.where(JobRow.owner == owner)
        with Session(self.engine) as session:
            return [progress_of(row, now) for row in session.scalars(query)]

    def rename(self, job_id: str, name: str) -> dict[str, Any] | None:
        """Rename a running job's run (its progress), or None if no job of that id is running."""
        with Session(self._writer) as session, session.begin():
            row = session.get(JobRow, job_id, with_for_update=True)
            if row is None or not alive(row, time.time()):
                return None
            row.name = name
            session.flush()
            return progress_of(row, time.time())

    def request_cancel(self, job_id: str) -> str | None:
        """Ask a job's trainer to stop it: "asked" (its trainer reports), "dead" (its trainer stopped
        reporting: the row is removed here), "failed" (the failed job's row is removed), or None
        (no job of that id)."""
        with Session(self._writer) as session, session.begin():
            row = session.get(JobRow, job_id, with_for_update=True)
            if row is None:
                return None
            if alive(row, time.time()):
                row.cancel = True
                return "asked"
            session.delete(row)
            return "failed" if row.state == "failed" else "dead"

    def prune(self) -> int:
        """Drop failed jobs' rows, and dead trainers' running ones, older than KEEP_SECONDS; how many."""
        old = time.time() - KEEP_SECONDS
        with Session(self._writer) as session, session.begin():
            gone = session.execute(delete(JobRow).where(or_(JobRow.finished < old, JobRow.heartbeat < old)))
            return int(gone.rowcount or 0)  # type: ignore[attr-defined]
