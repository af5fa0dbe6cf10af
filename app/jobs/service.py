"""Long runs as jobs: a run started now, trained in a thread of its own, saved when it ends.

``Jobs.submit(spec, log, name)`` checks the run like POST /api/train does (its data, model and
size), gives it an id and starts it at once; the caller gets the id back without
waiting. The job trains with the replay path (its event log applied at its steps:
``app.engine.spec.replay.history``) and, when the run stops, is saved in the RunStore under
the same id, so one id answers "how far is it?" while it runs and "what came out?" after.

Any worker can be asked about any job: the owner (the process training it) keeps a row in
the jobs table (app.db.jobs) and reports to it about twice a second, from one reporter
thread per process, all its jobs in one transaction: step, loss, heartbeat; reading back
the name and whether a DELETE asked it to stop. So ``progress``, ``rename`` and ``delete``
work from every process. A job whose owner died reads as failed, saying why.

States: running -> saved | failed | cancelled. ``delete`` stops a running job (here or in
another process), waits until it has stopped and leaves nothing of it: the save checks the
stop flag in its own transaction, so a job is saved or cancelled, never both. At most
``max_running_jobs`` run at once in this process, and ``max_progress_streams`` progress
streams are open; past either, JobsBusy (the API answers 503 with Retry-After).

No HTTP here: problems are gdviz's own errors (UserError, NotFound, LimitExceeded).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.db.jobs import DEAD
from app.db.runs import NewRun, SavedRun
from app.db.store import RunStore
from app.engine.data.store import UploadStore
from app.engine.errors import NotFound, UserError
from app.engine.spec.build import build_trainer
from app.engine.spec.events import EventLog
from app.engine.spec.replay import history
from app.engine.spec.run import RunSpec
from app.engine.training.cancel import Cancelled, CancelToken
from app.engine.training.trainer import Trainer
from app.settings import Settings

KEEP_FINISHED = 200  # finished jobs whose state this process remembers (their rows are in the database)
REPORT_SECONDS = 0.5  # how often the owner writes its jobs' progress and reads their flags
CANCEL_WAIT_SECONDS = 30.0  # how long a DELETE waits for a job's owner to stop it
POLL_SECONDS = 0.1


class JobsBusy(Exception):
    """This process runs max_running_jobs jobs, or streams max_progress_streams progresses, or a job
    asked to stop has not stopped yet."""


@dataclass
class Job:
    id: str
    name: str
    max_steps: int
    state: str = "running"  # running | saved | failed | cancelled
    step: int = 0
    loss: float | None = None
    stop_reason: str | None = None
    error: str | None = None
    started: float = field(default_factory=time.time)  # seconds since the epoch
    finished: float | None = None
    token: CancelToken = field(default_factory=CancelToken, repr=False)
    thread: threading.Thread | None = field(default=None, repr=False)

    def progress(self) -> dict[str, Any]:
        """What GET /api/runs/{id} says of a job (while it runs, or when it ended unsaved)."""
        return {"id": self.id, "name": self.name, "state": self.state, "step": self.step,
                "max_steps": self.max_steps, "loss": self.loss, "stop_reason": self.stop_reason,
                "error": self.error, "started": self.started, "finished": self.finished}


def saved_progress(run: SavedRun) -> dict[str, Any]:
    """A saved run's progress: the last a job's stream says of it."""
    moment = run.created_at.timestamp()
    return {"id": run.id, "name": run.name, "state": "saved", "step": run.steps,
            "max_steps": run.spec.get("max_steps", run.steps),
            "loss": run.final_loss, "stop_reason": run.stop_reason, "error": None, "started": moment,
            "finished": moment}


class Jobs:
    """This process's jobs, and the way to everyone's. ``store`` gives the RunStore (opened on first use)."""

    def __init__(self, settings: Settings, uploads: UploadStore, store: Callable[[], RunStore]):
        self.settings, self.uploads, self.store = settings, uploads, store
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._reporter: threading.Thread | None = None
        self._streams = 0
        self._stopping = False  # stop_all: the server is shutting down

    def submit(self, spec: RunSpec, log: EventLog, name: str = "") -> Job:
        """Check the run, start it in its own thread and return its job at once."""
        trainer = build_trainer(spec, log, self.settings, self.uploads.load, whole_history=True)  # the checks
        name = " ".join(name.split())
        with self._lock:
            if sum(job.state == "running" for job in self._jobs.values()) >= self.settings.max_running_jobs:
                raise JobsBusy(f"{self.settings.max_running_jobs} jobs are running in this process, the limit "
                               "max_running_jobs (set GDVIZ_MAX_RUNNING_JOBS to change it)")
            job = Job(id=secrets.token_hex(8), name=name, max_steps=spec.max_steps)
            self.store().jobs.prune()  # failed jobs' rows older than a day
            self.store().jobs.start(job.id, name, job.max_steps, job.started)
            self._jobs[job.id] = job
            self._forget_old()
            if self._reporter is None:
                self._reporter = threading.Thread(target=self._report, name="jobs-reporter", daemon=True)
                self._reporter.start()
        job.thread = threading.Thread(target=self._train, args=(job, log, trainer), name=f"job-{job.id}", daemon=True)
        job.thread.start()
        return job

    def get(self, job_id: str) -> Job | None:
        """This process's own job of that id."""
        with self._lock:
            return self._jobs.get(job_id)

    def active(self) -> list[Job]:
        """This process's jobs running now, oldest first."""
        with self._lock:
            return [job for job in self._jobs.values() if job.state == "running"]

    def progress(self, job_id: str) -> dict[str, Any] | None:
        """A job's progress, from whichever process trains it; None for no job (a saved run, or nothing)."""
        own = self.get(job_id)
        if own is not None and own.state != "saved":
            return own.progress()
        return None if own is not None else self.store().jobs.get(job_id)

    def running(self) -> list[dict[str, Any]]:
        """Every process's running jobs, this one's as they are now."""
        own = {job.id: job.progress() for job in self.active()}
        listed = [own.pop(row["id"], row) for row in self.store().jobs.running()]
        return listed + list(own.values())

    def rename(self, job_id: str, name: str) -> dict[str, Any] | None:
        """Name a running job's run (its progress), or None if no job of that id is running."""
        name = " ".join(name.split())
        if not name:
            raise UserError("a run's name cannot be empty")
        renamed = self.store().jobs.rename(job_id, name)
        own = self.get(job_id)
        if renamed is None or own is None:
            return renamed
        own.name = name
        return own.progress()

    def delete(self, run_id: str) -> None:
        """Cancel a running job (here or elsewhere) and wait until it has stopped, forget a failed
        one, or delete a saved run; NotFound if none has the id, JobsBusy if the job is still stopping."""
        own = self.get(run_id)
        if own is not None and own.state == "running":
            own.token.cancel()
        asked = self.store().jobs.request_cancel(run_id)
        if asked == "asked":  # wait until its owner has stopped it (the row goes, or it failed meanwhile)
            deadline = time.monotonic() + CANCEL_WAIT_SECONDS
            while (now := self.store().jobs.get(run_id)) is not None and now["state"] == "running":
                if time.monotonic() > deadline:
                    raise JobsBusy(f"job {run_id} was asked to stop and has not stopped yet; ask again")
                time.sleep(POLL_SECONDS)
            if now is not None:  # it failed before it saw the stop: the DELETE removes what is left
                self.store().jobs.remove(run_id)
        if own is not None and own.thread is not None:
            own.thread.join()
        with self._lock:
            self._jobs.pop(run_id, None)
        try:  # a saved run; or a job's, saved before the stop was asked for
            self.store().delete(run_id)
        except NotFound:
            if own is None and asked is None:
                raise

    def stop_all(self) -> None:
        """The server is stopping: stop this process's jobs, each saving nothing and marked failed with
        the reason (a client following one learns why, from any worker still up)."""
        self._stopping = True
        for job in self.active():
            job.token.cancel()
            if job.thread is not None:
                job.thread.join()

    def open_stream(self) -> None:
        """Take one of this process's max_progress_streams progress streams (JobsBusy past it);
        ``close_stream`` gives it back."""
        with self._lock:
            if self._streams >= self.settings.max_progress_streams:
                raise JobsBusy(f"{self._streams} progress streams are open in this process, the limit "
                               "max_progress_streams (set GDVIZ_MAX_PROGRESS_STREAMS to change it)")
            self._streams += 1

    def close_stream(self) -> None:
        with self._lock:
            self._streams -= 1

    def _train(self, job: Job, log: EventLog, trainer: Trainer) -> None:
        records: list[dict] = []
        start = time.perf_counter()
        spec, events = trainer.config.as_json(), log.entries()  # the log whole: planned, before any is applied
        try:
            for record in history(trainer, log, job.token):
                record["wall_time"] = time.perf_counter() - start  # seconds into the job: the runs page's x axis
                records.append(record)
                job.step, job.loss = record["step"], record.get("loss", job.loss)
            job.stop_reason = trainer.stop_reason
            self.store().save(NewRun(  # takes the name the job's row has now, and removes the row
                spec=spec, history=records, id=job.id, stop_reason=trainer.stop_reason, name=job.name,
                param_names=trainer.model.param_names, events=events, params=trainer.theta.tolist()))
            job.state = "saved"
        except Cancelled:
            if self._stopping:  # the server stops: nothing saved, and the job reads as failed, saying why
                job.state, job.error = "failed", DEAD
                self.store().jobs.fail(job.id, DEAD)
            else:  # cancelled: nothing of it stays, not its row, not its state here
                job.state = "cancelled"
                self.store().jobs.remove(job.id)
                with self._lock:
                    self._jobs.pop(job.id, None)
        except UserError as exc:  # a limit of the database, or a run refused on the way
            job.state, job.error = "failed", str(exc)
            self.store().jobs.fail(job.id, job.error)
        except Exception as exc:  # a bug: kept with the job, not lost in a thread
            job.state, job.error = "failed", f"internal error: {type(exc).__name__}: {exc}"
            self.store().jobs.fail(job.id, job.error)
            raise
        finally:
            job.finished = time.time()

    def _report(self) -> None:
        """The reporter thread: while this process runs jobs, write their progress and read their flags."""
        while True:
            with self._lock:
                running = [job for job in self._jobs.values() if job.state == "running"]
                if not running:
                    self._reporter = None
                    return
            try:
                answers = self.store().jobs.report({job.id: (job.step, job.loss) for job in running})
            except Exception:  # the database busy or away for a moment: the next report tries again
                answers = {}
            for job in running:
                if job.id in answers:
                    cancel, job.name = answers[job.id]
                    if cancel:
                        job.token.cancel()
            time.sleep(REPORT_SECONDS)

    def _forget_old(self) -> None:
        finished = [key for key, job in self._jobs.items() if job.state != "running"]
        for key in finished[: max(0, len(finished) - KEEP_FINISHED)]:
            del self._jobs[key]
