"""One job as this process knows it (``Job``), what a saved run's progress reads as, and the refusal
of a busy process (``JobsBusy``). The service that runs jobs is app.jobs.service."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from app.db.runs import SavedRun
from app.engine.training.cancel import CancelToken

ACTIVE = ("queued", "running")  # the states of a job that has not ended


class JobsBusy(Exception):
    """This process has max_running_jobs jobs, or streams max_progress_streams progresses, or a job
    asked to stop has not stopped yet. ``limit`` names the setting, for the logs."""

    def __init__(self, message: str, limit: str = ""):
        super().__init__(message)
        self.limit = limit


@dataclass
class Job:
    id: str
    name: str
    max_steps: int
    owner: str
    state: str = "queued"  # queued | running | saved | failed | cancelled
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
