"""Alembic on both databases: from empty to head, back, and several workers at once."""

import multiprocessing
from dataclasses import replace

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from app.db import migrate, open_store
from app.db.engine import database_url, make_engine
from app.db.models import Base

WORKERS = 4


def test_an_empty_database_migrates_to_head_and_matches_the_models(db_settings):
    engine = make_engine(database_url(db_settings))
    try:
        assert migrate.current(engine) is None and "runs" not in inspect(engine).get_table_names()
        migrate.upgrade(engine)
        assert migrate.current(engine) == migrate.head() == "0003"
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        indexes = {ix["name"] for ix in inspect(engine).get_indexes("runs")}
        assert {"ix_runs_final_loss", "ix_runs_dataset", "ix_runs_created_at"} <= indexes
        migrate.upgrade(engine)  # at head already: nothing to do
        migrate.downgrade(engine)
        assert migrate.current(engine) is None and "runs" not in inspect(engine).get_table_names()
        migrate.upgrade(engine)
        assert migrate.current(engine) == "0003"
    finally:
        engine.dispose()


def test_sqlite_is_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path):
    from app.settings import Settings

    store = open_store(Settings(data_dir=tmp_path))
    try:
        with store.engine.connect() as conn:
            pragmas = [conn.exec_driver_sql(f"PRAGMA {p}").scalar() for p in
                       ("journal_mode", "foreign_keys", "busy_timeout")]
        assert pragmas == ["wal", 1, 30_000]
        assert (tmp_path / "runs.sqlite3").is_file()
    finally:
        store.close()


def _open(settings, barrier) -> None:
    barrier.wait()
    open_store(settings).close()


def test_several_workers_starting_at_once_migrate_once(db_settings):
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(WORKERS)
    workers = [ctx.Process(target=_open, args=(db_settings, barrier)) for _ in range(WORKERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [w.exitcode for w in workers] == [0] * WORKERS
    engine = make_engine(database_url(db_settings))
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == ["0003"]
    finally:
        engine.dispose()


def test_a_database_of_the_first_revision_keeps_its_runs_through_the_later_ones(db_settings):
    from tests.db.factories import big_run

    store = open_store(db_settings)
    try:
        run_id = store.save(replace(big_run(30, seed=2, name="kept"), id="00000000000000cd"))  # an id 0001 took
        migrate.downgrade(store.engine, "0001")  # a database as the first revision left it, with a run
        assert migrate.current(store.engine) == "0001" and "jobs" not in inspect(store.engine).get_table_names()
    finally:
        store.close()
    store = open_store(db_settings)  # the first use brings it to head again
    try:
        assert migrate.current(store.engine) == "0003" and "jobs" in inspect(store.engine).get_table_names()
        assert store.get(run_id).name == "kept" and store.get(run_id).n_records == 30
    finally:
        store.close()


def test_the_runs_and_jobs_of_the_last_revision_become_the_administrators(db_settings):
    """0002 -> 0003: every run and job made before identities existed belongs to the administrator
    and keeps its 16-digit id; new ones take 32 digits and name their owner."""
    from app.db.models import ADMIN
    from app.db.runs import NewRun
    from tests.db.factories import big_run

    run = big_run(20, seed=4, name="before")
    store = open_store(db_settings)
    try:
        old_id = store.save(replace(run, id="00000000000000ab", owner="cd" * 16))
        migrate.downgrade(store.engine, "0002")  # a database as the last revision left it: no owners
        assert migrate.current(store.engine) == "0002"
        assert "owner" not in {c["name"] for c in inspect(store.engine).get_columns("runs")}
        with store.engine.begin() as conn:  # a job as 0002 wrote it
            conn.execute(text("INSERT INTO jobs (id, name, state, step, max_steps, loss, error, started, finished, "
                              "heartbeat, cancel) VALUES ('00000000000000aa', 'old job', 'failed', 3, 10, NULL, "
                              "'it failed', 1.0, 2.0, 2.0, false)"))
    finally:
        store.close()
    store = open_store(db_settings)  # the first use brings it to head
    try:
        assert migrate.current(store.engine) == "0003"
        assert store.owner_of(old_id) == ADMIN and store.get(old_id).name == "before"
        assert store.count(owner=ADMIN) == 1 and store.count(owner="cd" * 16) == 0
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT owner FROM jobs WHERE id = '00000000000000aa'")).scalar() == ADMIN
        saved = store.save(NewRun(spec=run.spec, history=run.history, name="after", owner="ef" * 16))
        assert len(saved) == 32 and store.owner_of(saved) == "ef" * 16
        assert [r.name for r in store.list(owner="ef" * 16)] == ["after"]
    finally:
        store.close()
