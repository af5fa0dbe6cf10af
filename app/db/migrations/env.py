"""Alembic's entry point for gdviz: app.db.migrate hands it an open connection, already
inside the transaction that holds the migration lock, so every worker that starts at
once waits there and then finds the schema at head."""

from __future__ import annotations

from alembic import context

from app.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through app.db.migrate.upgrade(engine), which holds the lock")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
