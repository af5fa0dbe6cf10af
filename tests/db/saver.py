"""A process that saves large runs in a loop, for the kill-mid-write test. It says on
stdout when each save sends its INSERT ("insert"), when it commits ("commit") and
when the save returned ("saved <id>"), so the test can kill it at each point.
Settings from the environment (GDVIZ_DATA_DIR, GDVIZ_DATABASE_URL)."""

from __future__ import annotations

import sys
from typing import Any

from sqlalchemy import event

from app.db import open_store
from app.settings import Settings
from tests.db.factories import big_run

RECORDS = 20_000  # random values: a history blob of about 1.1 MB (1.76 MB of float64)


def say(word: str) -> None:
    sys.stdout.write(word + "\n")
    sys.stdout.flush()


def main() -> None:
    store = open_store(Settings())

    @event.listens_for(store.engine, "before_cursor_execute")
    def _insert(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO RUNS"):
            say("insert")

    @event.listens_for(store.engine, "commit")
    def _commit(conn: Any) -> None:
        say("commit")

    run = big_run(RECORDS, seed=0)
    for n in range(10**6):
        history = [{**record, "loss": record["loss"] + n} for record in run.history]  # each run its own
        say("saved " + store.save(type(run)(**{**run.__dict__, "history": history, "name": f"run {n}"})))


if __name__ == "__main__":
    main()
