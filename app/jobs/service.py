"""Long runs as jobs: a run started now, trained in a thread of its own, saved when it ends.

``Jobs.submit(spec, log, name)`` checks the run like POST /api/train does (its data, model and
size), gives it an id and starts it at once; the caller gets the id back without
waiting. The job trains with the replay path (its event log applied at its steps:
``app.engine.spec.replay.history``) and, when the run stops, is saved in the RunStore under
the same id, so one id answers "how far is it?" while it runs and "what came out?" after.

Any worker can be asked about any job: its trainer (the process training it) keeps a row in
the jobs table (app.db.jobs) and reports to it about twice a second, from one reporter
thread per process, all its jobs in one transaction: step, loss, heartbeat; reading back
the name and whether a DELETE asked it to stop. So ``progress``, ``rename`` and ``delete``
work from every process. A job whose trainer died reads as failed, saying why.

States: queued -> running -> saved | failed | cancelled. A job trains in slices of about
SLICE_SECONDS, each holding one slot of the server's pool: it waits for each in its owner's lane
of the fair queue (app.capacity.fair_queue), so a long job never keeps a class's quick requests
waiting for more than a slice, and a class's burst of jobs is trained in turn. ``delete`` stops a
job (here or in another process), waits until it has stopped and leaves nothing of it: the save
checks the stop flag in its own transaction, so a job is saved or cancelled, never both.

Limits: ``max_jobs_per_person`` jobs of one person queued or training in the whole server
(TooMany: 429), ``max_running_jobs`` in this process and ``max_progress_streams`` progress
streams open in it (JobsBusy: 503 with Retry-After).

A job belongs to the identity that started it (``owner``): progress, rename and delete take
``owner`` (whose jobs they may act on; None: anyone's, for the administrator), and another's job
reads as no job at all. It trains on uploads through the ``uploads`` loader its submitter passes,
which opens only that identity's own.

No HTTP here: problems are gdviz's own errors (UserError, NotFound, LimitExceeded).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from app.capacity.fair_queue import FairQueue, GaveUp, Held
from app.db.jobs import DEAD
from app.db.models import ADMIN
from app.db.runs import NewRun
from app.db.store import RunStore
from app.engine.errors import NotFound, TooMany, UserError, for_learner
from app.engine.spec.build import Uploads, build_trainer
from app.engine.spec.events import EventLog
from app.engine.spec.replay import history
from app.engine.spec.run import RunSpec
from app.engine.training.cancel import Cancelled
from app.engine.training.trainer import Trainer
from app.jobs.job import ACTIVE, Job, JobsBusy
from app.settings import Settings

logger = logging.getLogger("gdviz.jobs")

KEEP_FINISHED = 200  # finished jobs whose state this process remembers (their rows are in the database)
REPORT_SECONDS = 0.5  # how often the trainer writes its jobs' progress and reads their flags
CANCEL_WAIT_SECONDS = 30.0  # how long a DELETE waits for a job's trainer to stop it
POLL_SECONDS = 0.1
SLICE_SECONDS = 0.25  # a job's training holds a slot this long at most while others wait for one


class Jobs:
    """This process's jobs, and the way to everyone's. ``store`` gives the RunStore (opened on first use);
    a job's training waits in its owner's lane of ``queue``, slice by slice."""

    def __init__(self, settings: Settings, store: Callable[[], RunStore], queue: FairQueue | None = None):
        self.settings, self.store = settings, store
        self.queue = queue  # the server's fair queue; None: jobs train without waiting
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._reporter: threading.Thread | None = None
        self._streams = 0
        self._stopping = False  # stop_all: the server is shutting down

    def submit(self, spec: RunSpec, log: EventLog, name: str = "", owner: str = ADMIN,
               uploads: Uploads | None = None) -> Job:
        """Check the run, start it in its own thread as ``owner``'s and return its job at once;
        ``uploads`` opens the uploads it may train on (``owner``'s)."""
        trainer = build_trainer(spec, log, self.settings, uploads, whole_history=True)  # the checks
        name = " ".join(name.split())
        mine = len(self.store().jobs.running(owner))  # every worker's, from the jobs table
        if owner != ADMIN and mine >= self.settings.max_jobs_per_person:
            raise TooMany(f"you have {mine} runs training or waiting to train already, the most one person may "
                          "have at once: wait for one to finish, or stop one on the runs page", "max_jobs_per_person")
        with self._lock:
            if sum(job.state in ACTIVE for job in self._jobs.values()) >= self.settings.max_running_jobs:
                raise JobsBusy("the server has as many runs training as it can take", "max_running_jobs")
            job = Job(id=secrets.token_hex(16), name=name, max_steps=spec.max_steps, owner=owner)
            self.store().jobs.prune()  # failed jobs' rows older than a day
            self.store().jobs.start(job.id, name, job.max_steps, job.started, owner)
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
            return [job for job in self._jobs.values() if job.state in ACTIVE]

    def _theirs(self, job_id: str, owner: str | None) -> bool:
        """Is ``job_id`` a job of ``owner``'s (None: anyone's), here or in another process?"""
        if owner is None:
            return True
        own = self.get(job_id)
        return (own.owner if own is not None else self.store().jobs.owner(job_id)) == owner

    def progress(self, job_id: str, owner: str | None = None) -> dict[str, Any] | None:
        """A job's progress, from whichever process trains it; None for no job (a saved run, nothing,
        or another's job)."""
        if not self._theirs(job_id, owner):
            return None
        own = self.get(job_id)
        if own is not None and own.state != "saved":
            return own.progress()
        return None if own is not None else self.store().jobs.get(job_id)

    def running(self, owner: str | None = None) -> list[dict[str, Any]]:
        """``owner``'s (None: everyone's) running jobs in every process, this one's as they are now."""
        own = {job.id: job.progress() for job in self.active() if owner is None or job.owner == owner}
        listed = [own.pop(row["id"], row) for row in self.store().jobs.running(owner)]
        return listed + list(own.values())

    def rename(self, job_id: str, name: str, owner: str | None = None) -> dict[str, Any] | None:
        """Name a running job's run (its progress), or None if no job of ``owner``'s has that id."""
        name = " ".join(name.split())
        if not name:
            raise UserError("a run's name cannot be empty")
        if not self._theirs(job_id, owner):
            return None
        renamed = self.store().jobs.rename(job_id, name)
        own = self.get(job_id)
        if renamed is None or own is None:
            return renamed
        own.name = name
        return own.progress()

    def delete(self, run_id: str, owner: str | None = None) -> None:
        """Cancel ``owner``'s running job (here or elsewhere) and wait until it has stopped, forget a
        failed one, or delete a saved run; NotFound if none of theirs has the id (Forbidden for
        another's saved run), JobsBusy if the job is still stopping."""
        if not self._theirs(run_id, owner):
            self.store().delete(run_id, owner)  # NotFound, or Forbidden for another's saved run
            return
        own = self.get(run_id)
        if own is not None and own.state in ACTIVE:
            own.token.cancel()
        asked = self.store().jobs.request_cancel(run_id)
        if asked == "asked":  # wait until its trainer has stopped it (the row goes, or it failed meanwhile)
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
            self.store().delete(run_id, owner)
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
                raise JobsBusy("the server is following as many runs' progress as it can", "max_progress_streams")
            self._streams += 1

    def close_stream(self) -> None:
        with self._lock:
            self._streams -= 1

    def _train(self, job: Job, log: EventLog, trainer: Trainer) -> None:
        records: list[dict] = []
        spec, events = trainer.config.as_json(), log.entries()  # the log whole: planned, before any is applied
        held: Held | None = None
        try:
            held = self._turn(job)
            job.state = "running"
            start = time.perf_counter()
            turn = time.monotonic()
            for record in history(trainer, log, job.token):
                record["wall_time"] = time.perf_counter() - start  # seconds into the job: the runs page's x axis
                records.append(record)
                job.step, job.loss = record["step"], record.get("loss", job.loss)
                if held is not None and time.monotonic() - turn > SLICE_SECONDS and self.queue is not None \
                        and self.queue.waiting:  # others wait: the slot goes round, and this job waits its turn
                    held.release()
                    held = self._turn(job)
                    turn = time.monotonic()
            if held is not None:
                held.release()
            job.stop_reason = trainer.stop_reason
            self.store().save(NewRun(  # takes the name the job's row has now, and removes the row
                spec=spec, history=records, id=job.id, owner=job.owner, stop_reason=trainer.stop_reason,
                name=job.name,
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
        except UserError as exc:  # a limit of the database, or a run refused on the way: in a learner's words
            logger.warning("job %s failed: %s", job.id, exc)  # the log names the setting
            job.state, job.error = "failed", for_learner(exc)
            self.store().jobs.fail(job.id, job.error)
        except Exception as exc:  # a bug: kept with the job, not lost in a thread
            job.state, job.error = "failed", f"internal error: {type(exc).__name__}: {exc}"
            self.store().jobs.fail(job.id, job.error)
            raise
        finally:
            if held is not None:
                held.release()
            job.finished = time.time()

    def _turn(self, job: Job) -> Held | None:
        """Wait in the owner's lane for a slot of the pool (None without a queue); Cancelled if the
        job is stopped meanwhile."""
        if self.queue is None:
            return None
        try:
            return self.queue.slot_blocking(job.owner, lambda: job.token.cancelled)
        except GaveUp:
            raise Cancelled from None

    def _report(self) -> None:
        """The reporter thread: while this process runs jobs, write their progress and read their flags."""
        while True:
            with self._lock:
                running = [job for job in self._jobs.values() if job.state in ACTIVE]
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
        finished = [key for key, job in self._jobs.items() if job.state not in ACTIVE]
        for key in finished[: max(0, len(finished) - KEEP_FINISHED)]:
            del self._jobs[key]
