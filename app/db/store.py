"""Saved runs: save, read, list, rename, delete. No HTTP here: problems are gdviz's
own errors (NotFound, LimitExceeded, UserError), which the API will answer with
4xx and the CLI with exit code 2.

Every run has an owner (app.identity): lists, renames and deletes take ``owner``, whose runs
they act on (None: anyone's, for the administrator), and a rename or delete of another's run
is refused (Forbidden); reading a run by its id is anyone's who has it (a shared link).

A save is one transaction: the row, with its history blob and checksum, is written
whole or not at all (a process killed mid-write leaves no trace of it). A job's run
(``NewRun.id`` with a row in the jobs table, app.db.jobs) takes the name that row has
and removes it in the same transaction, or, if a DELETE asked the job to stop, only
removes it and raises Cancelled. The limits:
``max_run_bytes`` is checked before writing; ``max_saved_runs``, ``max_saved_runs_per_person``
and ``max_runs_bytes`` inside the write transaction, under the write lock, so two workers saving at once
cannot both take the last place.
"""

from __future__ import annotations

import builtins
import json
import secrets
import threading
import zlib
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Engine, func, select
from sqlalchemy.orm import Session, undefer

from app.db import history as packing
from app.db.engine import database_url, make_engine, write_lock, writer
from app.db.jobs import JobTable
from app.db.migrate import upgrade
from app.db.models import NAME_LENGTH, JobRow, RunRow
from app.db.people import PeopleTable
from app.db.runs import NewRun, RunCorrupted, RunSummary, SavedRun
from app.db.uploads import UploadTable
from app.engine.errors import Forbidden, LimitExceeded, NotFound, UserError
from app.engine.training.cancel import Cancelled
from app.settings import Settings

SORTS = ("name", "dataset", "model", "optimizer", "steps", "final_loss", "final_accuracy", "size_bytes",
         "created_at", "updated_at")
MAX_LIST = 1_000


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)  # SQLite drops the zone


def _summary(row: RunRow) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "dataset": row.dataset, "model": row.model,
            "optimizer": row.optimizer, "seed": row.seed, "steps": row.steps, "n_records": row.n_records,
            "final_loss": row.final_loss, "final_accuracy": row.final_accuracy, "stop_reason": row.stop_reason,
            "size_bytes": row.size_bytes, "created_at": _aware(row.created_at), "updated_at": _aware(row.updated_at)}


def _last(table: np.ndarray, columns: list[str], name: str) -> float | None:
    if name not in columns:
        return None
    values = table[columns.index(name)]
    finite = values[np.isfinite(values)]
    return float(finite[-1]) if finite.size else None


def _name(name: str) -> str:
    name = " ".join(name.split())
    if len(name) > NAME_LENGTH:
        raise UserError(f"a run's name has at most {NAME_LENGTH} characters; this one has {len(name)}")
    return name


def _json(value: Any) -> str:
    return json.dumps(value, allow_nan=False, separators=(",", ":"))


class RunStore:
    """The saved runs in one database. ``open_store(settings)`` makes one (migrated to head)."""

    def __init__(self, engine: Engine, settings: Settings):
        self.engine = engine
        self.settings = settings
        self._writer = writer(engine)
        self.jobs = JobTable(engine)
        self.people = PeopleTable(engine)
        self.uploads = UploadTable(engine)

    def close(self) -> None:
        self.engine.dispose()

    # writing
    def save(self, run: NewRun) -> str:
        """Store ``run`` in one transaction, as ``run.owner``'s; its id (32 hex digits)."""
        if not run.history:
            raise UserError("a run with no recorded steps cannot be saved")
        spec = dict(run.spec)
        try:
            spec_json, events_json = _json(spec), _json(list(run.events))
        except ValueError as exc:  # NaN or Infinity in the spec or the event log
            raise UserError(f"a run's spec and event log must hold finite numbers only ({exc})") from None
        packed = packing.pack(run.history)
        table = np.frombuffer(packed.raw, dtype=packing.FLOAT).reshape(len(packed.columns), packed.n_records)
        params = run.params if run.params is not None else run.history[-1].get("params")
        params_blob = packing.pack_floats(params)
        step = _last(table, packed.columns, "step")
        dataset, model, optimizer = (spec.get("dataset") or {}), (spec.get("model") or {}), spec.get("optimizer") or {}
        name = _name(run.name) or f"{dataset.get('name', '?')} {model.get('kind', '?')} {optimizer.get('name', '?')}"
        names_json = _json(list(run.param_names))
        size = (len(packed.blob) + len(params_blob or b"") + len(spec_json) + len(events_json) + len(names_json)
                + len(_json(packed.columns)) + len(name.encode()))
        if size > self.settings.max_run_bytes:
            raise LimitExceeded("this run's stored size in bytes", size, "max_run_bytes", self.settings.max_run_bytes,
                                "record fewer steps (raise record_every) or save a shorter run")
        if run.id is not None and not (len(run.id) in (16, 32) and all(c in "0123456789abcdef" for c in run.id)):
            raise UserError(f"a run's id is 32 hex digits, not {run.id!r}")
        now, run_id = datetime.now(UTC), run.id or secrets.token_hex(16)
        row = RunRow(
            id=run_id, owner=run.owner, name=name, dataset=str(dataset.get("name", "")),
            model=str(model.get("kind", "")),
            optimizer=str(optimizer.get("name", "")), seed=int(spec.get("seed", 0)), steps=int(step or 0),
            final_loss=_last(table, packed.columns, "loss"), final_accuracy=_last(table, packed.columns, "accuracy"),
            stop_reason=run.stop_reason, size_bytes=size, created_at=now, updated_at=now,
            spec=spec, events=json.loads(events_json), n_records=packed.n_records,
            history_columns=packed.columns, history=packed.blob, param_names=list(run.param_names),
            params=params_blob, checksum=packing.checksum(packed.raw, params_blob),
        )
        cancelled = False
        with Session(self._writer) as session, session.begin():
            write_lock(session)
            job = session.get(JobRow, run_id, with_for_update=True) if run.id is not None else None
            if job is not None:  # a job's run: saved under the name its row has now; its row goes
                session.delete(job)
                if job.cancel:  # a DELETE asked to stop it: nothing is saved
                    cancelled = True
                row.name = _name(job.name) or row.name
            if not cancelled:  # a cancelled job's run is not saved, so no limit can refuse it
                count, total = session.execute(select(func.count(RunRow.id), func.sum(RunRow.size_bytes))).one()
                if count + 1 > self.settings.max_saved_runs:
                    raise LimitExceeded("the number of saved runs with this one", count + 1, "max_saved_runs",
                                        self.settings.max_saved_runs, "delete saved runs you no longer need")
                mine = session.scalar(select(func.count(RunRow.id)).where(RunRow.owner == run.owner)) or 0
                if mine + 1 > self.settings.max_saved_runs_per_person:
                    raise LimitExceeded("your saved runs with this one", mine + 1, "max_saved_runs_per_person",
                                        self.settings.max_saved_runs_per_person,
                                        "delete saved runs you no longer need")
                if (total or 0) + size > self.settings.max_runs_bytes:
                    raise LimitExceeded("the saved runs' bytes with this one", (total or 0) + size, "max_runs_bytes",
                                        self.settings.max_runs_bytes,
                                        "delete saved runs you no longer need, or record fewer steps")
                if run.id is not None and session.get(RunRow, run.id) is not None:
                    raise UserError(f"a saved run already has the id {run.id}")
                session.add(row)
        if cancelled:
            raise Cancelled(f"job {run_id} was cancelled before its run was saved")
        return run_id

    def rename(self, run_id: str, name: str, owner: str | None = None) -> RunSummary:
        """Rename ``owner``'s run (None: anyone's); Forbidden for another's."""
        name = _name(name)
        if not name:
            raise UserError("a run's name cannot be empty")
        with Session(self._writer) as session, session.begin():
            row = self._owned(session, run_id, owner, "rename")
            row.name, row.updated_at = name, datetime.now(UTC)
            session.flush()
            return RunSummary(**_summary(row))

    def delete(self, run_id: str, owner: str | None = None) -> None:
        """Delete ``owner``'s run (None: anyone's); Forbidden for another's."""
        with Session(self._writer) as session, session.begin():
            session.delete(self._owned(session, run_id, owner, "delete"))

    def owner_of(self, run_id: str) -> str:
        with Session(self.engine) as session:
            return self._row(session, run_id).owner

    # reading
    def get(self, run_id: str) -> SavedRun:
        with Session(self.engine) as session:
            row = self._row(session, run_id, whole=True)
            try:
                table, raw = packing.unpack(row.history, row.history_columns, row.n_records)
            except (ValueError, zlib.error) as exc:
                raise RunCorrupted(f"run {run_id}: its history does not unpack ({exc})") from exc
            if packing.checksum(raw, row.params) != row.checksum:
                raise RunCorrupted(f"run {run_id}: its history and params do not match their checksum")
            return SavedRun(**_summary(row), spec=row.spec, events=row.events,
                            columns=dict(zip(row.history_columns, table, strict=True)),
                            params=packing.unpack_floats(row.params), param_names=row.param_names,
                            checksum=row.checksum)

    def list(self, *, owner: str | None = None, dataset: str | None = None, model: str | None = None,
             optimizer: str | None = None, name_contains: str | None = None, sort: str = "created_at",
             descending: bool = True, limit: int = 100, offset: int = 0) -> list[RunSummary]:
        """``owner``'s runs (None: everyone's) matching every filter given, sorted by ``sort`` (runs
        without that value last, then by id)."""
        if sort not in SORTS:
            raise UserError(f"runs sort by one of {', '.join(SORTS)}; not {sort!r}")
        if not 0 <= limit <= MAX_LIST or offset < 0:
            raise UserError(f"list at most {MAX_LIST} runs at a time (limit), from offset >= 0")
        column = getattr(RunRow, sort)
        order = (column.desc() if descending else column.asc()).nulls_last()
        query = select(RunRow).where(*self._filters(owner, dataset, model, optimizer, name_contains))
        with Session(self.engine) as session:
            rows = session.scalars(query.order_by(order, RunRow.id).limit(limit).offset(offset)).all()
            return [RunSummary(**_summary(row)) for row in rows]

    def count(self, *, owner: str | None = None, dataset: str | None = None, model: str | None = None,
              optimizer: str | None = None, name_contains: str | None = None) -> int:
        query = select(func.count(RunRow.id)).where(*self._filters(owner, dataset, model, optimizer, name_contains))
        with Session(self.engine) as session:
            return int(session.scalar(query) or 0)

    def facets(self, owner: str | None = None) -> dict[str, builtins.list[str]]:
        """Each filterable column's distinct values among ``owner``'s runs (None: everyone's), sorted
        (an upload's name among the data sets)."""
        where = self._filters(owner, None, None, None, None)
        with Session(self.engine) as session:
            return {column.key: builtins.list(session.scalars(select(column).where(*where).distinct()
                                                              .order_by(column)))
                    for column in (RunRow.dataset, RunRow.model, RunRow.optimizer)}

    def total_bytes(self) -> int:
        with Session(self.engine) as session:
            return int(session.scalar(select(func.sum(RunRow.size_bytes))) or 0)

    @staticmethod
    def _filters(owner: str | None, dataset: str | None, model: str | None, optimizer: str | None,
                 name_contains: str | None) -> builtins.list[ColumnElement[bool]]:
        found: builtins.list[ColumnElement[bool]] = [] if owner is None else [RunRow.owner == owner]
        for column, value in ((RunRow.dataset, dataset), (RunRow.model, model), (RunRow.optimizer, optimizer)):
            if value is not None:
                found.append(column == value)
        if name_contains:
            found.append(func.lower(RunRow.name).contains(name_contains.lower(), autoescape=True))
        return found

    @classmethod
    def _owned(cls, session: Session, run_id: str, owner: str | None, what: str) -> RunRow:
        row = cls._row(session, run_id)
        if owner is not None and row.owner != owner:
            raise Forbidden(f"only this run's owner can {what} it; you can read it, and save a copy of your own")
        return row

    @staticmethod
    def _row(session: Session, run_id: str, whole: bool = False) -> RunRow:
        query = select(RunRow).where(RunRow.id == run_id)
        if whole:
            query = query.options(undefer("*"))
        row = session.scalars(query).one_or_none()
        if row is None:
            raise NotFound(f"no saved run has the id {run_id!r}")
        return row


def open_store(settings: Settings) -> RunStore:
    """The store GDVIZ_DATABASE_URL (or data_dir) names, its schema brought to head first."""
    engine = make_engine(database_url(settings))
    upgrade(engine)
    return RunStore(engine, settings)


class StoreOnFirstUse:
    """The store a server opens when it is first asked for a saved run, not at start: a
    server nobody saves on never creates (or migrates) a database. Thread-safe; ``close``
    disposes of the engine if it was opened."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._store: RunStore | None = None
        self._lock = threading.Lock()

    def get(self) -> RunStore:
        with self._lock:
            if self._store is None:
                self._store = open_store(self.settings)
            return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
