"""Alembic's scripts for app.db (a package so that a wheel carries them)."""
