"""The tables: runs (one row per saved run), jobs (one per run being trained as a job), and what
belongs to people: people (a display name), tokens (personal access tokens, as SHA-256 digests),
transfers (one-time links that carry an identity to another browser) and uploads (who owns which
upload; the tables themselves are files, app.engine.data.store, one copy per content).

Every run, job and upload has an ``owner``: an identity's id (app.identity), or ``admin`` for the
rows made before identities existed, which only the server's administrator can act on.

Runs: The columns the runs page sorts and
filters on (name, data set, model, optimizer, final loss and accuracy, steps,
dates) are plain indexed columns; the rest is JSON (the spec, the event log) or
one compressed blob (the history, app.db.history; the last step's parameters).

Jobs (app.db.jobs): what every worker process must know of a job one of them trains, so any
of them can answer GET, PATCH and DELETE for it: its progress, the trainer's last heartbeat,
the name it will be saved under and whether a DELETE asked it to stop. A job's row goes when
its run is saved (in the same transaction) or it is cancelled; a failed job's row stays."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, Integer, LargeBinary, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAME_LENGTH = 200
ID_LENGTH = 32  # a run's id: 32 hex digits, random (runs saved before identities existed: 16)
OWNER_LENGTH = 64  # an identity's id: 32 hex digits, or "admin"
ADMIN = "admin"  # the owner of everything made before identities existed


class Base(DeclarativeBase):
    pass


class RunRow(Base):
    __tablename__ = "runs"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)  # 32 hex digits, random
    owner: Mapped[str] = mapped_column(String(OWNER_LENGTH), index=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), index=True)
    dataset: Mapped[str] = mapped_column(String(64), index=True)
    model: Mapped[str] = mapped_column(String(64), index=True)
    optimizer: Mapped[str] = mapped_column(String(64), index=True)
    seed: Mapped[int] = mapped_column(Integer)
    steps: Mapped[int] = mapped_column(Integer, index=True)  # the last record's step
    final_loss: Mapped[float | None] = mapped_column(Float, index=True)  # the last recorded loss
    final_accuracy: Mapped[float | None] = mapped_column(Float, index=True)  # classifiers only
    stop_reason: Mapped[str | None] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)  # what the limits count: blobs, JSON and name
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # what replays the run: the spec (a LiveConfig / TrainRequest, data preparation included), the live changes
    spec: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    events: Mapped[list[Any]] = mapped_column(JSON, deferred=True)  # [{"step": n, "changes": {...}}, ...]
    # what it did: the history as columns, the last step's theta
    n_records: Mapped[int] = mapped_column(Integer)
    history_columns: Mapped[list[str]] = mapped_column(JSON, deferred=True)
    history: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    param_names: Mapped[list[str]] = mapped_column(JSON, deferred=True)
    params: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)  # little-endian float64
    checksum: Mapped[str] = mapped_column(String(64))  # SHA-256 of the history's and params' bytes


ERROR_LENGTH = 2000


class JobRow(Base):
    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)  # the run's id once saved
    owner: Mapped[str] = mapped_column(String(OWNER_LENGTH), index=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))  # what the run will be saved as
    state: Mapped[str] = mapped_column(String(16), index=True)  # running | failed
    step: Mapped[int] = mapped_column(Integer)
    max_steps: Mapped[int] = mapped_column(Integer)
    loss: Mapped[float | None] = mapped_column(Float)
    error: Mapped[str | None] = mapped_column(String(ERROR_LENGTH))
    started: Mapped[float] = mapped_column(Float)  # seconds since the epoch
    finished: Mapped[float | None] = mapped_column(Float)
    heartbeat: Mapped[float] = mapped_column(Float)  # the trainer's last report, seconds since the epoch
    cancel: Mapped[bool] = mapped_column(Boolean, default=False)  # a DELETE asked the trainer to stop it


class PersonRow(Base):
    """What an identity chose to be called; a row only once it has chosen (or made a token)."""

    __tablename__ = "people"

    id: Mapped[str] = mapped_column(String(OWNER_LENGTH), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class TokenRow(Base):
    """A personal access token: only its SHA-256 ``digest`` is kept (the token is shown once)."""

    __tablename__ = "tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # what the page and DELETE name it by
    owner: Mapped[str] = mapped_column(String(OWNER_LENGTH), index=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))  # the token's first characters, to tell them apart
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class TransferRow(Base):
    """A one-time link that gives its identity to the browser that opens it, until ``expires``."""

    __tablename__ = "transfers"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the link's code
    owner: Mapped[str] = mapped_column(String(OWNER_LENGTH), index=True)
    expires: Mapped[float] = mapped_column(Float)  # seconds since the epoch
    used: Mapped[bool] = mapped_column(Boolean, default=False)


class UploadRow(Base):
    """One person's upload: its own random id, and the stored table's content ``digest`` (two
    people's same bytes are two rows and one file; the file goes with the last row)."""

    __tablename__ = "uploads"

    id: Mapped[str] = mapped_column(String(34), primary_key=True)  # u_ and 32 hex digits
    owner: Mapped[str] = mapped_column(String(OWNER_LENGTH), index=True)
    digest: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    size_bytes: Mapped[int] = mapped_column(Integer)  # the stored table's bytes
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)  # what GET /api/datasets lists of it
