"""Saved runs: the database (SQLAlchemy 2, Alembic migrations) and the store on top.

No HTTP and no pydantic here: ``open_store(settings)`` gives a RunStore (save, get,
list, count, rename, delete), whose errors are gdviz's own (app.engine.errors).
"""

from app.db.runs import NewRun, RunCorrupted, RunSummary, SavedRun
from app.db.store import RunStore, open_store

__all__ = ["NewRun", "RunCorrupted", "RunStore", "RunSummary", "SavedRun", "open_store"]
