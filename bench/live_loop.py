"""The live loop: a real websockets client against uvicorn.

Measures frames per second delivered, steps per second at "as fast as
possible", and the latency from a "set" message to the first frame whose step
carries the new learning rate (p50, p99).

Targets: at least 60 frames/s; set-to-frame p99 at most 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

import websockets

from bench.common import percentile, save, table
from bench.server import running_server


async def frames_and_steps(url: str, seconds: float) -> dict[str, float]:
    async with websockets.connect(url, max_size=2**24) as ws:
        await ws.send(json.dumps({"type": "start", "config": {"speed": None, "max_steps": 100_000_000}}))
        frames, steps, first_step, last_step = 0, 0, None, 0
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            message = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
            if message["type"] != "frame":
                continue
            frames += 1
            steps += len(message["steps"])
            first_step = message["steps"][0]["step"] if first_step is None else first_step
            last_step = message["steps"][-1]["step"]
        elapsed = time.perf_counter() - start
    return {"frames_per_s": frames / elapsed, "steps_per_s": (last_step - first_step) / elapsed,
            "records_per_frame": steps / max(frames, 1)}


async def set_latency(url: str, samples: int, speed: float | None) -> list[float]:
    """Seconds from sending a new learning rate to the first frame that carries it."""
    latencies = []
    async with websockets.connect(url, max_size=2**24) as ws:
        await ws.send(json.dumps({"type": "start", "config": {"speed": speed, "max_steps": 100_000_000}}))
        for i in range(samples):
            rate = 0.1 + 1e-4 * (i + 1)
            sent = time.perf_counter()
            await ws.send(json.dumps({"type": "set", "learning_rate": rate}))
            while True:
                message = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
                if message["type"] == "frame" and any(s["learning_rate"] == rate for s in message["steps"]):
                    latencies.append(time.perf_counter() - sent)
                    break
            await asyncio.sleep(0.01)
    return latencies


async def run(seconds: float, samples: int) -> list[dict[str, object]]:
    rows = []
    with running_server(env_extra={"GDVIZ_MAX_STEPS": "100000000"}) as base:
        url = base.replace("http", "ws") + "/ws/train"
        stream = await frames_and_steps(url, seconds)
        for speed in (None, 30.0):
            latencies = await set_latency(url, samples, speed)
            rows.append({
                "speed": "as fast as possible" if speed is None else f"{speed:.0f} steps/s",
                **stream, "set_p50_ms": 1000 * percentile(latencies, 50),
                "set_p99_ms": 1000 * percentile(latencies, 99), "samples": len(latencies),
                "targets_met": stream["frames_per_s"] >= 59.5 and 1000 * percentile(latencies, 99) <= 50,
            })
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    rows = asyncio.run(run(args.seconds, args.samples))
    columns = ["speed", "frames_per_s", "steps_per_s", "records_per_frame", "set_p50_ms", "set_p99_ms",
               "samples", "targets_met"]
    print("Live loop over a real websocket (blobs, 200 rows, logistic regression)\n")
    print(table(rows, columns))
    print(f"\nwrote {save('live_loop', {'rows': rows})}")


if __name__ == "__main__":
    main()
