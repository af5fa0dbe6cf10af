"""Saved runs and jobs on the wire (app.jobs trains them, app.db keeps them): a run to train
and save, a rename, a job's progress, a row of the runs table, a whole saved run, and a page of
the runs table with its filters' choices."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from app.schemas.base import Request
from app.schemas.train import StopReason, TrainRequest

RunName = Annotated[str, Field(max_length=200, description="A name for the runs table; empty: made from the "
                                                           "data set, model and optimizer")]


class RunCreate(TrainRequest):
    """POST /api/runs: a run to train as a job and save (a TrainRequest, its events included, and a name)."""

    name: RunName = ""


class RunRename(Request):
    """PATCH /api/runs/{id}."""

    name: Annotated[str, Field(min_length=1, max_length=200)]


class JobProgress(BaseModel):
    """A job while it runs, or one that ended without a saved run (failed, cancelled)."""

    id: str
    name: str
    state: Literal["queued", "running", "saved", "failed", "cancelled"] = Field(
        description="queued: waiting for its first turn in the fair queue")
    step: int
    max_steps: int
    loss: float | None
    stop_reason: StopReason | None
    error: str | None = Field(None, description="Why a failed job failed")
    started: float = Field(description="Seconds since the epoch")
    finished: float | None


# app.db's RunSummary keeps the same fields (tests/schemas/test_saved.py holds them equal); here the
# dates are ISO 8601 strings.
class RunSummaryInfo(BaseModel):
    """A row of the runs table."""

    id: str
    name: str
    dataset: str
    model: str
    optimizer: str
    seed: int
    steps: int
    n_records: int
    final_loss: float | None
    final_accuracy: float | None
    stop_reason: str | None
    size_bytes: int
    created_at: str = Field(description="ISO 8601, UTC")
    updated_at: str = Field(description="ISO 8601, UTC")


class SavedRunInfo(RunSummaryInfo):
    """A saved run, whole: its spec and event log (enough to replay it bit for bit), its history
    (the recorded steps; absent values are null) and theta at its last step."""

    state: Literal["saved"] = "saved"
    spec: dict[str, Any]
    events: list[dict[str, Any]]
    history: list[dict[str, float | None]]
    params: list[float | None] | None
    param_names: list[str]
    yours: bool = Field(description="Whether it is the asker's: only then can it be renamed or deleted")


class RunFacets(BaseModel):
    """Every value the saved runs have in each filterable column, sorted: the filters' choices."""

    dataset: list[str]
    model: list[str]
    optimizer: list[str]


class RunList(BaseModel):
    runs: list[RunSummaryInfo]
    total: int = Field(description="Saved runs matching the filters (the page is runs)")
    running: list[JobProgress] = Field(description="The jobs running now, in every worker")
    facets: RunFacets
