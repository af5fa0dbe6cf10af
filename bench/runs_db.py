"""Saving runs with several workers: the runs database (app/db) on one SQLite file and on one
PostgreSQL server (Debian's, durable: fsync on), with 1 and 2 processes saving at once, as
`gdviz serve`'s workers would. Each process opens its own store and saves SAVES runs of
RECORDS records (random values, which compress little: a worst case for size); the rate is
all the saves over the wall time from the first start to the last end.

The peer, in the same run: the same packed rows written by plain sqlite3 (one INSERT and one
COMMIT per run, the same WAL and synchronous settings), the floor under SQLAlchemy's cost.
Each case runs ROUNDS times; the table gives the median and the spread (min to max).

"+ N jobs reporting": the same 2 workers saving while another process reports for N running jobs
as their owners do (app.jobs: every REPORT_SECONDS one transaction writes a process's jobs; here
one process's 8, which is one write of 8 rows), the cost of letting every worker answer for every job.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import statistics
import tempfile
import time
import uuid
import warnings
from pathlib import Path

import numpy as np

from app.db import history as packing
from app.db import open_store
from app.settings import Settings
from bench.common import save, table

warnings.filterwarnings("ignore", message="Using `httpx` with")  # tests.conftest imports the TestClient


def big_run(n_records: int, seed: int):  # noqa: ANN201 - tests/db/factories's runs, imported when needed
    from tests.db.factories import big_run as make

    return make(n_records, seed)


SAVES = 60
RECORDS = 500
ROUNDS = 3
WORKERS = (1, 2)
REPORTING = 8  # jobs running while 2 workers save: 4 machines' worth at max_running_jobs=2


def _saver(settings: Settings, seed: int, start: multiprocessing.synchronize.Barrier, out) -> None:  # noqa: ANN001
    store = open_store(settings)
    runs = [big_run(RECORDS, seed * 1000 + i) for i in range(SAVES)]
    start.wait()
    began, latencies = time.perf_counter(), []
    for run in runs:
        t = time.perf_counter()
        store.save(run)
        latencies.append(time.perf_counter() - t)
    out.put((began, time.perf_counter(), latencies))
    store.close()


def _reporter(settings: Settings, jobs: int, stop) -> None:  # noqa: ANN001 - a multiprocessing Event
    from app.jobs.service import REPORT_SECONDS

    store = open_store(settings)
    ids = [f"{j:016x}" for j in range(jobs)]
    for job_id in ids:
        store.jobs.start(job_id, "bench", 10**6, started=time.time())
    step = 0
    while not stop.is_set():
        step += 1
        store.jobs.report(dict.fromkeys(ids, (step, 0.5)))
        stop.wait(REPORT_SECONDS)
    store.close()


def saving(settings: Settings, workers: int, reporting: int = 0) -> tuple[float, list[float]]:
    """(saves a second, every save's seconds) with ``workers`` processes saving at once, and
    ``reporting`` jobs' owners reporting meanwhile."""
    open_store(settings).close()  # migrated before the clock starts
    ctx = multiprocessing.get_context("spawn")
    start, out, stop = ctx.Barrier(workers), ctx.Queue(), ctx.Event()
    procs = [ctx.Process(target=_saver, args=(settings, w, start, out)) for w in range(workers)]
    reporter = ctx.Process(target=_reporter, args=(settings, reporting, stop)) if reporting else None
    for p in procs + ([reporter] if reporter else []):
        p.start()
    results = [out.get(timeout=600) for _ in procs]
    stop.set()
    for p in procs + ([reporter] if reporter else []):
        p.join()
    first, last = min(r[0] for r in results), max(r[1] for r in results)
    return workers * SAVES / (last - first), [s for r in results for s in r[2]]


def raw_sqlite(path: Path) -> tuple[float, list[float]]:
    """The peer: the same packed rows through plain sqlite3, one process."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE runs (id TEXT PRIMARY KEY, spec TEXT, history BLOB, params BLOB, checksum TEXT)")
    runs = [big_run(RECORDS, i) for i in range(SAVES)]
    began, latencies = time.perf_counter(), []
    for run in runs:
        t = time.perf_counter()
        packed = packing.pack(run.history)
        params = packing.pack_floats(run.params)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO runs VALUES (?, ?, ?, ?, ?)", (uuid.uuid4().hex, "{}", packed.blob, params,
                                                                  packing.checksum(packed.raw, params)))
        conn.execute("COMMIT")
        latencies.append(time.perf_counter() - t)
    rate = SAVES / (time.perf_counter() - began)
    conn.close()
    return rate, latencies


def summary(rates: list[float], latencies: list[float]) -> dict[str, float]:
    ms = np.array(latencies) * 1000
    return {"saves_per_s": statistics.median(rates), "saves_per_s_min": min(rates), "saves_per_s_max": max(rates),
            "p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95)),
            "max_ms": float(ms.max())}


def main() -> None:
    from tests.db.conftest import Cluster

    cases: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        cluster = Cluster(durable=True)
        try:
            for backend in ("sqlite", "postgresql"):
                for workers, reporting in [(w, 0) for w in WORKERS] + [(2, REPORTING)]:
                    rates, latencies = [], []
                    for r in range(ROUNDS):
                        data_dir = Path(tmp) / f"{backend}-{workers}-{reporting}-{r}"
                        data_dir.mkdir()
                        url = None
                        if backend == "postgresql":
                            name = f"bench_{workers}_{reporting}_{r}"
                            cluster.admin(f"CREATE DATABASE {name}")
                            url = cluster.url(name)
                        rate, lat = saving(Settings(data_dir=data_dir, database_url=url), workers, reporting)
                        rates.append(rate)
                        latencies += lat
                    label = f"{backend}, {workers} worker{'s' if workers > 1 else ''}"
                    cases[label + (f" + {reporting} jobs reporting" if reporting else "")] = summary(rates, latencies)
            rates, latencies = [], []
            for r in range(ROUNDS):
                rate, lat = raw_sqlite(Path(tmp) / f"raw-{r}.sqlite3")
                rates.append(rate)
                latencies += lat
            cases["plain sqlite3 (peer), 1 process"] = summary(rates, latencies)
        finally:
            cluster.stop()
    one = {b: cases[f"{b}, 1 worker"]["saves_per_s"] for b in ("sqlite", "postgresql")}
    rows = []
    for name, c in cases.items():
        backend = name.split(",")[0]
        scale = c["saves_per_s"] / one[backend] if backend in one else None
        rows.append({"case": name,
                     "saves/s": f"{c['saves_per_s']:.0f} ({c['saves_per_s_min']:.0f}-{c['saves_per_s_max']:.0f})",
                     "x 1 worker": "-" if scale is None else f"{scale:.2f}", "p50 ms": f"{c['p50_ms']:.1f}",
                     "p95 ms": f"{c['p95_ms']:.1f}", "max ms": f"{c['max_ms']:.0f}"})
    print(f"Saving runs of {RECORDS} records, {SAVES} saves per process, {ROUNDS} rounds (median, min-max)")
    print(table(rows, ["case", "saves/s", "x 1 worker", "p50 ms", "p95 ms", "max ms"]))
    save("runs_db", {"saves_per_process": SAVES, "records": RECORDS, "rounds": ROUNDS, "reporting_jobs": REPORTING,
                     "cases": cases})


if __name__ == "__main__":
    main()
