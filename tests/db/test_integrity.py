"""A run written while its process is killed is whole or absent, never half: a process
saving large runs in a loop is SIGKILLed at its INSERT, at its COMMIT and between
saves; then the database opens, SQLite's integrity check passes, and every run in it
reads back complete (its length matches its step count, its bytes its checksum)."""

import os
import signal
import subprocess
import sys

import pytest
from sqlalchemy import text

from app.db import open_store
from tests.conftest import ROOT
from tests.db.factories import big_run
from tests.db.saver import RECORDS

SAVED_BEFORE_KILL = 2


def kill_at(settings, moment: str) -> list[str]:
    """Run the saver until it has saved SAVED_BEFORE_KILL runs and reaches ``moment``
    again; SIGKILL it there. The ids it reported saved."""
    env = {**os.environ, "GDVIZ_DATA_DIR": str(settings.data_dir)}
    if settings.database_url:
        env["GDVIZ_DATABASE_URL"] = settings.database_url
    saver = subprocess.Popen([sys.executable, "-m", "tests.db.saver"], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, text=True)
    saved: list[str] = []
    try:
        assert saver.stdout is not None
        for line in saver.stdout:
            word, _, run_id = line.strip().partition(" ")
            if word == "saved":
                saved.append(run_id)
            if len(saved) >= SAVED_BEFORE_KILL and word == moment:
                saver.send_signal(signal.SIGKILL)
                break
        else:
            pytest.fail(f"the saver stopped by itself (exit code {saver.wait()})")
    finally:
        saver.kill()
        saver.wait()
    assert saver.returncode == -signal.SIGKILL
    return saved


@pytest.mark.parametrize("moment", ["insert", "commit", "saved"])
def test_a_save_killed_mid_write_leaves_whole_runs_only(db_settings, moment):
    saved = kill_at(db_settings, moment)
    store = open_store(db_settings)
    try:
        if store.engine.dialect.name == "sqlite":
            with store.engine.connect() as conn:
                assert conn.execute(text("PRAGMA integrity_check")).scalars().all() == ["ok"]
        runs = store.list(limit=1000)
        assert set(saved) <= {r.id for r in runs} and len(runs) in (len(saved), len(saved) + 1)
        for summary in runs:
            run = store.get(summary.id)  # checks the checksum
            steps = run.columns["step"]
            assert len(steps) == run.n_records == RECORDS and steps[-1] == run.steps == RECORDS - 1
            assert all(len(column) == RECORDS for column in run.columns.values())
            assert run.params is not None and len(run.params) == len(run.param_names) == 50
        assert store.save(big_run(10, seed=1))  # and it still takes writes
    finally:
        store.close()
