"""A saved run as the store takes and gives it: NewRun (what a save takes), RunSummary (a row of the
runs table) and SavedRun (a whole run), and RunCorrupted (a stored run whose checksum fails)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from app.db import history as packing
from app.db.models import ADMIN


class RunCorrupted(Exception):
    """A stored run whose bytes do not match its checksum: a bug or a damaged disk, never the user's doing."""


@dataclass(frozen=True)
class NewRun:
    """What a save takes. ``spec`` is the run's LiveConfig / TrainRequest as JSON (data
    preparation included); ``history`` the records (``StepRecord.to_dict()``); ``events``
    the live changes, ``[{"step": n, "changes": {...}}, ...]``; ``params`` theta at
    the last step (None: the last record's ``params``, if it has them)."""

    spec: Mapping[str, Any]
    history: Sequence[Mapping[str, Any]]
    stop_reason: str | None = None
    name: str = ""
    events: Sequence[Mapping[str, Any]] = ()
    params: Sequence[float | None] | None = None
    param_names: Sequence[str] = ()
    id: str | None = None  # None: a new random id; a job saves its run under the job's own id
    owner: str = ADMIN  # the identity it belongs to (app.identity); ADMIN: the administrator's


@dataclass(frozen=True)
class RunSummary:
    """A row of the runs table: everything but the spec, event log, history and params."""

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
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class SavedRun(RunSummary):
    """A whole saved run; ``columns`` maps each history column to its float64 values (NaN: none)."""

    spec: dict[str, Any] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    columns: dict[str, np.ndarray] = field(default_factory=dict)
    params: list[float | None] | None = None
    param_names: list[str] = field(default_factory=list)
    checksum: str = ""

    def records(self) -> list[dict[str, Any]]:
        """The history as record dicts (missing values as None; no per-record params)."""
        if not self.columns:
            return [{} for _ in range(self.n_records)]
        return packing.records(list(self.columns), np.stack(list(self.columns.values())))
