"""Abusive clients against live sessions (part of `make stress`).

20 live sessions train blobs at 30 frames a second. After a quiet baseline, 50
clients each send the largest training run the limits allow (softmax on digits,
max_steps filling max_train_work) and hang up at once. Measured meanwhile: each
live session's frame rate (p5 over sessions must stay >= 25 fps), GET
/api/health latency (p99 must stay <= 100 ms), the server's CPU seconds spent
after the hang-ups beyond what the live sessions alone use (work nobody reads),
the time until no heavy computation is left, and the server's peak RSS.
"""

from __future__ import annotations

import asyncio
import json
import time
from urllib.parse import urlparse

import httpx
import psutil
import websockets

from app.settings import Settings
from bench.common import percentile

DIGITS_TRAIN_ROWS, DIGITS_SOFTMAX_PARAMS = 1437, 650


def largest_run() -> dict[str, object]:
    """The heaviest POST /api/train body the default limits accept."""
    settings = Settings()
    steps = int(settings.max_train_work // (DIGITS_TRAIN_ROWS * DIGITS_SOFTMAX_PARAMS))
    records = settings.max_history_values // (DIGITS_SOFTMAX_PARAMS + 10) - 2
    return {"dataset": {"name": "digits"}, "model": {"kind": "softmax"}, "max_steps": steps,
            "record_every": max(1, -(-steps // records)), "tol_grad": 0}


async def live_session(url: str, stop: asyncio.Event, frames: list[float], errors: list[str]) -> None:
    """Collects the arrival time of every frame until ``stop``."""
    try:
        async with websockets.connect(url, max_size=2**24, open_timeout=30) as ws:
            await ws.send(json.dumps({"type": "start", "config": {"speed": 30, "max_steps": 100_000}}))
            while not stop.is_set():
                try:
                    message = json.loads(await asyncio.wait_for(ws.recv(), timeout=0.5))
                except TimeoutError:
                    continue
                if message["type"] == "frame":
                    frames.append(time.perf_counter())
    except Exception as exc:  # noqa: BLE001 - a benchmark records what went wrong and goes on
        errors.append(f"{type(exc).__name__}: {exc}")


async def send_and_hang_up(base: str, body: dict) -> None:
    parts = urlparse(base)
    data = json.dumps(body).encode()
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    writer.write(f"POST /api/train HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/json\r\n"
                 f"Content-Length: {len(data)}\r\n\r\n".encode() + data)
    await writer.drain()
    writer.close()  # gone before any answer
    await writer.wait_closed()


async def health_poller(base: str, stop: asyncio.Event, latencies: list[float], heavy: list[tuple]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while not stop.is_set():
            start = time.perf_counter()
            body = (await client.get("/api/health")).json()
            latencies.append(time.perf_counter() - start)
            heavy.append((time.perf_counter(), body["heavy_running"], body["heavy_cancelled"]))
            await asyncio.sleep(0.05)


async def abusive_clients(base: str, pid: int, sessions: int = 20, abusers: int = 50,
                          baseline_s: float = 5.0, after_s: float = 10.0) -> dict[str, object]:
    url = base.replace("http", "ws") + "/ws/train"
    server = psutil.Process(pid)
    stop = asyncio.Event()
    frames: list[list[float]] = [[] for _ in range(sessions)]
    errors: list[str] = []
    latencies: list[float] = []
    heavy: list[tuple] = []
    tasks = [asyncio.create_task(live_session(url, stop, frames[i], errors)) for i in range(sessions)]
    poller = asyncio.create_task(health_poller(base, stop, latencies, heavy))
    rss_peak = 0

    async def sample_rss() -> None:
        nonlocal rss_peak
        while not stop.is_set():
            rss_peak = max(rss_peak, server.memory_info().rss)
            await asyncio.sleep(0.25)
    sampler = asyncio.create_task(sample_rss())

    await asyncio.sleep(2.0)  # the sessions start
    cpu0, t0 = sum(server.cpu_times()[:2]), time.perf_counter()
    await asyncio.sleep(baseline_s)
    cpu1, t1 = sum(server.cpu_times()[:2]), time.perf_counter()
    baseline_rate = (cpu1 - cpu0) / (t1 - t0)  # CPU seconds a second for the sessions alone
    latencies_before = len(latencies)
    body = largest_run()
    await asyncio.gather(*(send_and_hang_up(base, body) for _ in range(abusers)))
    hung_up = time.perf_counter()
    cpu_hung = sum(server.cpu_times()[:2])
    window_start = hung_up
    await asyncio.sleep(after_s)
    cpu_end, end = sum(server.cpu_times()[:2]), time.perf_counter()
    stop.set()
    await asyncio.gather(*tasks, poller, sampler)

    def fps(times: list[float]) -> float:
        inside = [t for t in times if window_start <= t <= end]
        return len(inside) / (end - window_start)
    rates = [fps(f) for f in frames]
    during = latencies[latencies_before:]
    idle_at = next((t for t, running, _ in heavy if t > hung_up and running == 0), None)
    excess = (cpu_end - cpu_hung) - baseline_rate * (end - hung_up)
    row = {"check": f"{abusers} clients send the largest run and hang up, {sessions} live sessions",
           "cases": abusers, "sessions": sessions,
           "fps_p5": percentile(rates, 5), "fps_min": min(rates) if rates else None,
           "health_p99_ms": 1000 * (percentile(during, 99) or 0), "health_max_ms": 1000 * max(during or [0]),
           "cpu_s_after_hang_up": max(0.0, excess),
           "seconds_until_no_heavy_work": (idle_at - hung_up) if idle_at else None,
           "cancelled": heavy[-1][2] if heavy else None, "max_rss_mb": rss_peak / 2**20,
           "session_errors": len(errors), "run_steps": body["max_steps"]}
    row["targets_met"] = (row["fps_p5"] or 0) >= 25 and row["health_p99_ms"] <= 100 and not errors
    row["failures"] = 0 if row["targets_met"] else 1
    return row
