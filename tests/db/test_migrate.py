"""Alembic on both databases: from empty to head, back, and several workers at once."""

import multiprocessing

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
        assert migrate.current(engine) == migrate.head() == "0002"
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        indexes = {ix["name"] for ix in inspect(engine).get_indexes("runs")}
        assert {"ix_runs_final_loss", "ix_runs_dataset", "ix_runs_created_at"} <= indexes
        migrate.upgrade(engine)  # at head already: nothing to do
        migrate.downgrade(engine)
        assert migrate.current(engine) is None and "runs" not in inspect(engine).get_table_names()
        migrate.upgrade(engine)
        assert migrate.current(engine) == "0002"
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
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == ["0002"]
    finally:
        engine.dispose()


def test_a_database_of_the_first_revision_keeps_its_runs_through_the_jobs_table(db_settings):
    from tests.db.factories import big_run

    store = open_store(db_settings)
    try:
        run_id = store.save(big_run(30, seed=2, name="kept"))
        migrate.downgrade(store.engine, "0001")  # a database as the first revision left it, with a run
        assert migrate.current(store.engine) == "0001" and "jobs" not in inspect(store.engine).get_table_names()
    finally:
        store.close()
    store = open_store(db_settings)  # the first use brings it to head again
    try:
        assert migrate.current(store.engine) == "0002" and "jobs" in inspect(store.engine).get_table_names()
        assert store.get(run_id).name == "kept" and store.get(run_id).n_records == 30
    finally:
        store.close()
