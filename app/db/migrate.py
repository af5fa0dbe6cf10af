"""Alembic, configured in code (no alembic.ini): the scripts live in app/db/migrations.

``upgrade(engine)`` brings the schema to head. app.db.store.open_store calls it when
the store is first opened, so the first request (or CLI command) that touches saved
runs migrates. Several workers starting at once are safe: the upgrade runs inside
one transaction that first takes the migration lock (SQLite: BEGIN IMMEDIATE, the
database's write lock; PostgreSQL: an advisory lock), so the first worker migrates
and the others then find the schema at head. Both databases run DDL in transactions,
so a migration killed half-way leaves the schema as it was.

A new revision: ``python -c "from alembic import command; from app.db.migrate import
config; command.revision(config(), 'what changes', rev_id='0002')"``, then write its
upgrade() and downgrade().
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from app.db.engine import MIGRATE_LOCK, write_lock, writer

SCRIPTS = Path(__file__).resolve().parent / "migrations"


def config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    return cfg


def head() -> str | None:
    return ScriptDirectory.from_config(config()).get_current_head()


def current(engine: Engine) -> str | None:
    """The revision the database is at (None: empty)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = config()
    with writer(engine).connect() as connection, connection.begin():
        write_lock(connection, MIGRATE_LOCK)
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    cfg = config()
    with writer(engine).connect() as connection, connection.begin():
        write_lock(connection, MIGRATE_LOCK)
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)
