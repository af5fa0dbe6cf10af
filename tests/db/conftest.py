"""The two databases every test in tests/db runs on: SQLite (a file in tmp_path) and
a real PostgreSQL (Debian's, installed by `make test`): one throwaway cluster per
pytest worker, started once and stopped at the end, and a fresh database per test."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from app.settings import Settings
from tests.conftest import free_port

PG_BINS = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
PG_USER = "gdviz"


def _as_postgres(args: list[str]) -> list[str]:
    """initdb and postgres refuse root: run them as Debian's postgres user then."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Cluster:
    """A throwaway PostgreSQL server. ``durable=False`` (the tests) turns off fsync and full-page
    writes; a benchmark of saves keeps them on, as a real server runs."""

    def __init__(self, durable: bool = False) -> None:
        if not PG_BINS:
            pytest.fail("PostgreSQL is not installed: `make test` installs it (apt-get install postgresql)")
        self.bin = Path(PG_BINS[-1]).parent
        self.root = Path(tempfile.mkdtemp(prefix="gdviz-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self.data = self.root / "data"
        self.port = free_port()
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", PG_USER, "-E", "UTF8", "--no-sync")
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=50"
                   + ("" if durable else " -c fsync=off -c full_page_writes=off"))
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-o", options, "-w", "start")

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run(_as_postgres([str(self.bin / tool), *args]), capture_output=True, text=True,
                              cwd=self.root)
        if done.returncode:
            log = (self.root / "log").read_text() if (self.root / "log").exists() else ""
            raise RuntimeError(f"{tool} failed: {done.stdout}{done.stderr}{log}")

    def admin(self, sql: str) -> None:
        with psycopg.connect(host="127.0.0.1", port=self.port, user=PG_USER, dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/{dbname}"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """This worker's own cluster (xdist: each worker process has its own session)."""
    cluster = Cluster()
    try:
        yield cluster
    finally:
        cluster.stop()


@contextmanager
def empty_database(cluster: Cluster, tmp_path: Path) -> Iterator[Settings]:
    """Settings naming a new, empty database on ``cluster``, dropped after."""
    name = "t_" + uuid.uuid4().hex[:12]
    cluster.admin(f"CREATE DATABASE {name}")
    try:
        yield Settings(data_dir=tmp_path, database_url=cluster.url(name))
    finally:
        cluster.admin(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_settings(request, tmp_path) -> Iterator[Settings]:
    """Settings naming an empty database of each kind."""
    if request.param == "sqlite":
        yield Settings(data_dir=tmp_path)
        return
    with empty_database(request.getfixturevalue("pg_cluster"), tmp_path) as settings:
        yield settings


@pytest.fixture
def pg_settings(pg_cluster, tmp_path) -> Iterator[Settings]:
    """Settings naming an empty PostgreSQL database, for what only PostgreSQL has (row locks)."""
    with empty_database(pg_cluster, tmp_path) as settings:
        yield settings
