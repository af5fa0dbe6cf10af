"""The database: SQLite under the data directory unless GDVIZ_DATABASE_URL names
another (PostgreSQL: ``postgresql+psycopg://user:password@host/gdviz``).

SQLite runs in WAL mode (readers never wait for the writer, and a process killed
mid-write leaves the last committed state), with foreign keys on and a 30 s busy
timeout, synchronous=NORMAL (atomic and consistent; in WAL only a power cut, not
a killed process, can lose the last commits). SQLAlchemy issues each BEGIN itself
(pysqlite's own transaction handling is off), so a writer can ask for
``BEGIN IMMEDIATE``: it takes the write lock before reading, and its checks (the
number of runs, say) still hold when it writes. PostgreSQL writers take an
advisory lock instead (``write_lock``).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.orm import Session

from app.settings import Settings

SQLITE_FILE = "runs.sqlite3"
BUSY_TIMEOUT_MS = 30_000
BEGIN_OPTION = "gdviz_sqlite_begin"
# PostgreSQL advisory lock keys (64-bit): schema migrations, and the writers that check the limits
MIGRATE_LOCK = 0x67647A0001
WRITE_LOCK = 0x67647A0002


def database_url(settings: Settings) -> str:
    """GDVIZ_DATABASE_URL, else the SQLite file under data_dir. A plain ``postgresql://``
    or ``postgres://`` URL gets the psycopg (3) driver, the one installed."""
    url = settings.database_url
    if not url:
        return f"sqlite:///{Path(settings.data_dir).resolve() / SQLITE_FILE}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str) -> Engine:
    """An engine for ``url``, set up as the module docstring says (no migration: see app.db.migrate)."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    path = url.partition(":///")[2]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    def wal_mode(cursor: Any) -> None:
        """Switching a new database to WAL takes an exclusive lock and answers "database is locked"
        at once, without the busy timeout, while another process is switching it (seen with four
        workers starting together): ask again, a little later each time, for up to about 30 s."""
        for attempt in range(40):
            try:
                cursor.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == 39:
                    raise
                time.sleep(min(1.0, 0.02 * 2**attempt))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # no implicit BEGIN: _on_begin says which kind
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        wal_mode(cursor)
        for pragma in ("foreign_keys=ON", "synchronous=NORMAL"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql(f"BEGIN {connection.get_execution_options().get(BEGIN_OPTION, 'DEFERRED')}")

    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def writer(engine: Engine) -> Engine:
    """The same engine, whose transactions take SQLite's write lock at BEGIN (BEGIN IMMEDIATE)."""
    return engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"}) if is_sqlite(engine) else engine


def write_lock(target: Session | Connection, key: int = WRITE_LOCK) -> None:
    """In a transaction of ``writer(engine)``: on PostgreSQL, wait for the advisory lock ``key``
    until the transaction ends; on SQLite, BEGIN IMMEDIATE already holds the write lock."""
    dialect = target.get_bind().dialect if isinstance(target, Session) else target.dialect
    if dialect.name == "postgresql":
        target.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
