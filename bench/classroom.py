"""A classroom: N concurrent websocket sessions, each training blobs at 30 steps
(and so 30 frames) a second, while POST /api/train (100 steps) is timed.

Records each session's frame rate (p5 over sessions), the p99 latency of the
REST calls made meanwhile, and the server's RSS and CPU.

Target: 100 sessions each at 25 fps or more, REST p99 at most 250 ms, RSS at most 1 GB.
The clients run in this process on the same 2 cores as the server, so the server
gets less than the whole machine: the figures are conservative.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

import httpx
import psutil
import websockets

from bench.common import percentile, save, table
from bench.server import running_server

TRAIN_BODY = {"dataset": {"name": "blobs"}, "max_steps": 100, "record_every": 100}


async def session(url: str, seconds: float, warmup: float, counts: list[int], errors: list[str]) -> None:
    try:
        async with websockets.connect(url, max_size=2**24, open_timeout=30) as ws:
            await ws.send(json.dumps({"type": "start", "config": {"speed": 30, "max_steps": 100_000}}))
            start = time.perf_counter()
            frames = 0
            while True:
                message = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
                now = time.perf_counter() - start
                if now >= warmup + seconds:
                    break
                if message["type"] == "frame" and now >= warmup:
                    frames += 1
            counts.append(frames)
    except Exception as exc:  # noqa: BLE001 - a benchmark records what went wrong and goes on
        errors.append(f"{type(exc).__name__}: {exc}")


async def rest_poller(base: str, stop: asyncio.Event, latencies: list[float]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while not stop.is_set():
            start = time.perf_counter()
            response = await client.post("/api/train", json=TRAIN_BODY)
            if response.status_code == 200:
                latencies.append(time.perf_counter() - start)
            await asyncio.sleep(0.25)


async def classroom(base: str, pid: int, n: int, seconds: float, warmup: float = 3.0) -> dict[str, object]:
    url = base.replace("http", "ws") + "/ws/train"
    server = psutil.Process(pid)
    server.cpu_percent(None)
    counts: list[int] = []
    errors: list[str] = []
    latencies: list[float] = []
    stop = asyncio.Event()
    poller = asyncio.create_task(rest_poller(base, stop, latencies))
    rss_peak = 0
    sessions = [asyncio.create_task(session(url, seconds, warmup, counts, errors)) for _ in range(n)]

    async def watch() -> None:
        nonlocal rss_peak
        while not all(s.done() for s in sessions):
            rss_peak = max(rss_peak, server.memory_info().rss)
            await asyncio.sleep(0.5)
    await asyncio.gather(watch(), *sessions)
    cpu = server.cpu_percent(None)
    stop.set()
    await poller
    rates = [c / seconds for c in counts]
    return {"sessions": n, "connected": len(counts), "errors": len(errors),
            "fps_p5": percentile(rates, 5), "fps_median": percentile(rates, 50),
            "rest_p50_ms": 1000 * (percentile(latencies, 50) or 0),
            "rest_p99_ms": 1000 * (percentile(latencies, 99) or 0),
            "rest_calls": len(latencies), "rss_mb": rss_peak / 2**20, "server_cpu_percent": cpu,
            "first_error": errors[0] if errors else None}


async def run(sizes: list[int], seconds: float) -> list[dict[str, object]]:
    rows = []
    with running_server(env_extra={"GDVIZ_MAX_SESSIONS": "1000"}) as base:
        pid = running_server.pid
        for n in sizes:
            row = await classroom(base, pid, n, seconds)
            row["targets_met"] = ((row["fps_p5"] or 0) >= 25 and row["rest_p99_ms"] <= 250
                                  and row["rss_mb"] <= 1024)
            rows.append(row)
            print(f"  {n} sessions: p5 {row['fps_p5']} fps, REST p99 {row['rest_p99_ms']:.0f} ms", flush=True)
            await asyncio.sleep(2)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--sizes", default="10,50,100,200")
    args = parser.parse_args()
    rows = asyncio.run(run([int(n) for n in args.sizes.split(",")], args.seconds))
    columns = ["sessions", "connected", "errors", "fps_p5", "fps_median", "rest_p50_ms", "rest_p99_ms",
               "rest_calls", "rss_mb", "server_cpu_percent", "targets_met"]
    print(f"\nA classroom: N sessions at 30 frames/s for {args.seconds:.0f} s, REST calls meanwhile\n")
    print(table(rows, columns))
    print(f"\nwrote {save('classroom', {'seconds': args.seconds, 'rows': rows})}")


if __name__ == "__main__":
    main()
