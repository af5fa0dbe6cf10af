"""A class's burst, as issue 26 measured it, while 200 live sessions play: 30 identities each
save a 300-step run at once (POST /api/runs, then followed until saved), and 30 POST /api/train
plus 30 POST /api/surface at once, each from an identity of its own.

The server is ``gdviz serve --workers W`` (default: every core, as ``make run`` serves it),
started afresh for each run, with its defaults: the heavy work waits in the fair queue for a pool
of one slot per core. The 200 sessions are bench/classroom.py's students (each with its own
identity, 30 frames a second asked); the bursts start two seconds into their measured window.

Reported per run: how many of each burst were answered and how many refused (any 503 or
other non-2xx), the p50 and p99 of the time each took, the time until the last was done, and the
sessions' p5 frame rate over the window. Targets (issue 26): every save saved and every
computation answered, none 503, and the sessions' p5 at 25 fps or more, in every run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time

import httpx
import uvloop

from bench.classroom import classroom
from bench.common import machine, percentile, save, table
from bench.server import running_server

SAVE = {"dataset": {"name": "moons", "seed": 1}, "optimizer": {"name": "gd", "learning_rate": 0.5},
        "max_steps": 300, "record_every": 1, "tol_grad": 0.0}
TRAIN = {"dataset": {"name": "moons"}, "max_steps": 300}
SURFACE = {"dataset": {"name": "moons"}, "resolution": 60}


async def person(base: str) -> dict[str, str]:
    """A new browser's headers after its first page: its identity cookie and the CSRF token (a client
    of its own: a shared one would send the last person's cookie and get no new identity)."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as browser:
        jar = (await browser.get("/me")).cookies
    return {"cookie": f"gdviz_id={jar['gdviz_id']}; gdviz_csrf={jar['gdviz_csrf']}", "x-csrf-token": jar["gdviz_csrf"]}


def summary(what: str, started: float, outcomes: list[tuple[int, float | None]]) -> dict:
    done = [t for status, t in outcomes if t is not None]
    return {"burst": what, "asked": len(outcomes), "done": len(done),
            "refused": sum(1 for status, t in outcomes if t is None),
            "statuses": ",".join(sorted({str(status) for status, _ in outcomes})),
            "p50_s": percentile(done, 50), "p99_s": percentile(done, 99), "last_s": max(done) if done else None}


async def save_burst(client: httpx.AsyncClient, people: list[dict[str, str]]) -> dict:
    started = time.perf_counter()

    async def one(headers: dict[str, str]) -> tuple[int, float | None]:
        answer = await client.post("/api/runs", json={**SAVE, "name": "homework"}, headers=headers)
        if answer.status_code != 202:
            return answer.status_code, None
        run_id = answer.json()["id"]
        while (state := (await client.get(f"/api/runs/{run_id}", headers=headers)).json()["state"]) in (
                "queued", "running"):
            await asyncio.sleep(0.05)
        return (202, time.perf_counter() - started) if state == "saved" else (500, None)
    return summary("30 saves of a 300-step run", started, await asyncio.gather(*(one(h) for h in people)))


async def compute_burst(client: httpx.AsyncClient, people: list[dict[str, str]]) -> list[dict]:
    started = time.perf_counter()

    async def one(path: str, body: dict, headers: dict[str, str]) -> tuple[int, float | None]:
        answer = await client.post(path, json=body, headers=headers)
        return answer.status_code, (time.perf_counter() - started if answer.status_code == 200 else None)
    trains = [one("/api/train", TRAIN, h) for h in people]
    surfaces = [one("/api/surface", SURFACE, h) for h in people]
    results = await asyncio.gather(*trains, *surfaces)
    return [summary("30 /api/train", started, list(results[:len(people)])),
            summary("30 /api/surface", started, list(results[len(people):]))]


async def one_run(run_no: int, workers: int, sessions: int, seconds: float, warmup: float) -> list[dict]:
    with running_server(workers=workers, env_extra={"GDVIZ_MAX_SESSIONS": "1000"}) as base:
        async with httpx.AsyncClient(base_url=base, timeout=300,
                                     limits=httpx.Limits(max_connections=200)) as client:
            savers = [await person(base) for _ in range(30)]
            computers = [await person(base) for _ in range(30)]
            live = asyncio.create_task(classroom(base, running_server.pid, sessions, seconds, warmup, 1))
            await asyncio.sleep(warmup + 2)  # the sessions are connected and measured
            rows = [await save_burst(client, savers), *await compute_burst(client, computers)]
            room = await live
    for row in rows:
        row.update({"run": run_no, "sessions": room["connected"], "fps_p5": room["fps_p5"],
                    "targets_met": row["done"] == row["asked"] and (room["fps_p5"] or 0) >= 25})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="repeat the whole measurement (default 3)")
    parser.add_argument("--sessions", type=int, default=200, help="live sessions meanwhile (default 200)")
    parser.add_argument("--seconds", type=float, default=30.0, help="the sessions' measured window")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds to connect and settle first")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server worker processes")
    args = parser.parse_args()
    rows: list[dict] = []
    for run_no in range(1, args.runs + 1):
        rows += uvloop.run(one_run(run_no, args.workers, args.sessions, args.seconds, args.warmup))
        print(f"  run {run_no} done", flush=True)
    columns = ["run", "burst", "asked", "done", "refused", "statuses", "p50_s", "p99_s", "last_s", "sessions",
               "fps_p5", "targets_met"]
    print(f"\nA class's burst during {args.sessions} live sessions; gdviz serve --workers {args.workers}, "
          f"{os.cpu_count()} cores, {machine()['cpu']}\n")
    print(table(rows, columns))
    path = save("class_burst", {"workers": args.workers, "sessions": args.sessions, "seconds": args.seconds,
                                "rows": rows})
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
