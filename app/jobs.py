"""Long runs as jobs: a run started now, trained in a thread of its own, saved when it ends.

``Jobs.submit(req, name)`` checks the run like POST /api/train does (its data, model and
size), gives it an id and starts it at once; the caller gets the id back without
waiting. The job trains with the live session's replay path (its event log applied at
its steps: ``app.runs.history``), keeps its progress (step, loss) for ``progress``, and
when the run stops saves it in the RunStore under the same id, so one id answers
"how far is it?" while it runs and "what came out?" after, even from another process.

States: running -> saved | failed | cancelled. ``cancel`` stops a running job at its
next step and waits for its thread: nothing of it stays (a run it had saved just before is
deleted), and the job is forgotten, as a deleted run is. ``rename`` renames a running job
(its run is saved under the new name) or its saved run. At most ``max_running_jobs`` run at once in this
process; past that ``submit`` raises JobsBusy (the API answers 503 with Retry-After).
A finished job's state stays here for ``KEEP_FINISHED`` jobs (its run is in the
database for good); the registry is per process and starts empty.

No HTTP here: problems are gdviz's own errors (UserError, LimitExceeded).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.db.store import NewRun, RunStore
from app.engine.data.store import UploadStore
from app.engine.errors import UserError
from app.engine.training.cancel import Cancelled, CancelToken
from app.runs import build_trainer, history
from app.schemas import TrainRequest
from app.settings import Settings

KEEP_FINISHED = 200  # finished jobs whose state (saved, failed, cancelled) this process remembers


class JobsBusy(Exception):
    """As many jobs as max_running_jobs are running in this process."""


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
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)  # the name and the save
    thread: threading.Thread | None = field(default=None, repr=False)

    def progress(self) -> dict[str, Any]:
        """What GET /api/runs/{id} says of a job (while it runs, or when it ended unsaved)."""
        return {"id": self.id, "name": self.name, "state": self.state, "step": self.step,
                "max_steps": self.max_steps, "loss": self.loss, "stop_reason": self.stop_reason,
                "error": self.error, "started": self.started, "finished": self.finished}


class Jobs:
    """This process's jobs. ``store`` gives the RunStore (opened on first use)."""

    def __init__(self, settings: Settings, uploads: UploadStore, store: Callable[[], RunStore]):
        self.settings, self.uploads, self.store = settings, uploads, store
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Job] = OrderedDict()

    def submit(self, req: TrainRequest, name: str = "") -> Job:
        """Check the run, start it in its own thread and return its job at once."""
        trainer = build_trainer(req, self.settings, self.uploads, whole_history=True)  # the size checks
        with self._lock:
            if sum(job.state == "running" for job in self._jobs.values()) >= self.settings.max_running_jobs:
                raise JobsBusy(f"{self.settings.max_running_jobs} jobs are running in this process, the limit "
                               "max_running_jobs (set GDVIZ_MAX_RUNNING_JOBS to change it)")
            job = Job(id=secrets.token_hex(8), name=name, max_steps=req.max_steps)
            self._jobs[job.id] = job
            self._forget_old()
        job.thread = threading.Thread(target=self._train, args=(job, req, trainer), name=f"job-{job.id}", daemon=True)
        job.thread.start()
        return job

    def active(self) -> list[Job]:
        """The jobs running now, oldest first."""
        with self._lock:
            return [job for job in self._jobs.values() if job.state == "running"]

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def cancel(self, job_id: str) -> bool:
        """Stop a running job and forget it (True), or False if this process runs no job of that id."""
        job = self.get(job_id)
        if job is None or job.state != "running":
            return False
        job.token.cancel()
        if job.thread is not None:
            job.thread.join()  # the next step sees the token; a save under way ends first
        if job.state == "saved":  # it ended and saved before the token was seen
            self.store().delete(job.id)
        with self._lock:
            self._jobs.pop(job.id, None)
        return True

    def rename(self, job_id: str, name: str) -> bool:
        """Name a running job's run (True), or False if this process runs no job of that id."""
        job = self.get(job_id)
        if job is None:
            return False
        with job.lock:
            if job.state != "running":
                return False
            name = " ".join(name.split())
            if not name:
                raise UserError("a run's name cannot be empty")
            job.name = name
            return True

    def _train(self, job: Job, req: TrainRequest, trainer: Any) -> None:
        records: list[dict] = []
        start = time.perf_counter()
        try:
            for record in history(trainer, req, job.token):
                record["wall_time"] = time.perf_counter() - start  # seconds into the job: the runs page's x axis
                records.append(record)
                job.step, job.loss = record["step"], record.get("loss", job.loss)
            job.stop_reason = trainer.stop_reason
            with job.lock:  # a rename waits for the save, then renames the saved run
                self.store().save(NewRun(
                    spec=req.model_dump(mode="json", exclude={"events"}), history=records, id=job.id,
                    stop_reason=trainer.stop_reason, name=job.name, param_names=trainer.model.param_names,
                    events=[event.model_dump(mode="json", exclude_unset=True) for event in req.events],
                    params=trainer.theta.tolist()))
                job.state = "saved"
        except Cancelled:
            job.state = "cancelled"
        except UserError as exc:  # a limit of the database, or a run refused on the way
            job.state, job.error = "failed", str(exc)
        except Exception as exc:  # a bug: kept with the job, not lost in a thread
            job.state, job.error = "failed", f"internal error: {type(exc).__name__}: {exc}"
            raise
        finally:
            job.finished = time.time()

    def _forget_old(self) -> None:
        finished = [key for key, job in self._jobs.items() if job.state != "running"]
        for key in finished[: max(0, len(finished) - KEEP_FINISHED)]:
            del self._jobs[key]
