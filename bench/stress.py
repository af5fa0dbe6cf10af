"""make stress: the long versions of the hardening tests, with their figures.

* schemathesis, every check and phase, against a live server (100 examples an
  operation): failures, and per operation the share of generated valid cases
  answered 2xx (they reach the engine);
* 10,000 random and malformed websocket messages, then the same session must train
  exactly as a fresh one;
* 200 connect-then-drop cycles and a client that never reads (the other client's
  frame rate beside it);
* abusive clients: 50 clients send the largest training run and hang up while 20
  live sessions train (bench/abusive.py);
then the tables, and bench/results/stress.json. Exit 1 on any failure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil
from websockets.sync.client import connect

from bench.abusive import abusive_clients
from bench.common import save, table
from bench.fuzz_report import FUZZ_LIMITS, MISMATCH_WARNING, ndjson_report, operation_stats, run_schemathesis
from bench.server import running_server
from tests.api.test_ws_fuzz import fuzz


def tasks(url: str) -> int:
    return httpx.get(url + "/api/health").json()["tasks"]


def schemathesis_check(url: str, examples: int) -> tuple[dict[str, object], list[dict[str, object]]]:
    with tempfile.TemporaryDirectory() as report:
        done = run_schemathesis(url, examples, Path(report), seed=None)
        operations = operation_stats(ndjson_report(Path(report)))
    out = done.stdout + done.stderr
    cases = sum(int(n) for n in re.findall(r"(\d+) generated", out)) or None
    failures = re.search(r"(\d+) (?:unique )?failures?", out)
    row = {"check": "schemathesis (all checks, all phases)", "cases": cases,
           "failures": int(failures.group(1)) if failures else (0 if done.returncode == 0 else 1),
           "mismatch_warning": MISMATCH_WARNING in out, "exit_code": done.returncode,
           "tail": out.strip().splitlines()[-12:]}
    return row, operations


def sessions(url: str) -> int:
    return httpx.get(url + "/api/health").json()["sessions"]


def connect_and_drop(url: str, cycles: int) -> dict[str, object]:
    """Each cycle drops a running session's socket and times how soon the server has
    let the session go (it must be within a second)."""
    ws_url = url.replace("http", "ws") + "/ws/train"
    gone_ms = []
    for i in range(cycles):
        ws = connect(ws_url).__enter__()  # dropped below without a closing handshake
        if i % 2:
            ws.send(json.dumps({"type": "start", "config": {"speed": None}}))
            ws.recv(timeout=10)
        dropped = time.perf_counter()
        ws.socket.close()
        while sessions(url):
            time.sleep(0.005)
        gone_ms.append(1000 * (time.perf_counter() - dropped))
    late = sum(ms > 1000 for ms in gone_ms)
    return {"check": f"{cycles} connect-then-drop cycles (session gone within 1 s)", "cases": cycles,
            "failures": late, "gone_p50_ms": sorted(gone_ms)[len(gone_ms) // 2], "gone_max_ms": max(gone_ms)}


def never_reads(url: str, seconds: float) -> dict[str, object]:
    ws_url = url.replace("http", "ws") + "/ws/train"
    with connect(ws_url, max_size=2**24) as stalled, connect(ws_url) as reader:
        stalled.send(json.dumps({"type": "start", "config": {"speed": None, "dataset": {"name": "digits"},
                                                             "model": {"kind": "softmax"}}}))
        reader.send(json.dumps({"type": "start", "config": {"speed": 30}}))
        frames, start = 0, time.monotonic()
        while time.monotonic() - start < seconds:
            frames += json.loads(reader.recv(timeout=5))["type"] == "frame"
    rate = frames / seconds
    return {"check": "a client that never reads (the other one's frame rate)", "cases": 1,
            "failures": int(rate < 25), "reader_fps": rate}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100, help="schemathesis examples per operation")
    parser.add_argument("--messages", type=int, default=10_000)
    args = parser.parse_args()
    rows = []
    with running_server(env_extra=FUZZ_LIMITS) as url:  # tight limits keep each generated case quick
        server = psutil.Process(running_server.pid)
        row, operations = schemathesis_check(url, args.examples)
        row["max_rss_mb"] = server.memory_info().rss / 2**20
        row["server_up"] = server.is_running()
        rows.append(row)
    with running_server() as url:  # default limits: the websocket checks run real sessions
        server = psutil.Process(running_server.pid)
        rss = [server.memory_info().rss]
        baseline = tasks(url)
        result = fuzz(url.replace("http", "ws") + "/ws/train", args.messages, seed=1)
        rows.append({"check": "websocket fuzz", "cases": result["sent"],
                     "failures": (result["errors_expected"] - result["errors_seen"]) + result["unexpected_errors"]
                     + (1 - result["trains_like_new"])})
        rss.append(server.memory_info().rss)
        rows.append(connect_and_drop(url, 200))
        rss.append(server.memory_info().rss)
        rows.append(never_reads(url, 10.0))
        rss.append(server.memory_info().rss)
        time.sleep(1.0)
        left = tasks(url) - baseline
        for row in rows[1:]:
            row["max_rss_mb"] = max(rss) / 2**20
    for row in rows:
        row["tasks_left_behind"] = left
    with running_server() as url:
        abuse = asyncio.run(abusive_clients(url, running_server.pid))
    print("\nStress: long hardening runs against a live server\n")
    print(table(rows, ["check", "cases", "failures", "max_rss_mb", "tasks_left_behind", "gone_max_ms"]))
    print("\nschemathesis: generated valid cases per operation, and the share answered 2xx\n")
    print(table(operations, ["operation", "positive_cases", "answered_2xx", "share_2xx", "top_refusal"]))
    print("\nAbusive clients: 50 send the largest run and hang up, while 20 live sessions train\n")
    print(table([abuse], ["sessions", "cases", "fps_p5", "fps_min", "health_p99_ms", "health_max_ms",
                          "cpu_s_after_hang_up", "seconds_until_no_heavy_work", "cancelled", "max_rss_mb",
                          "targets_met"]))
    print(f"\nwrote {save('stress', {'rows': rows, 'schemathesis_operations': operations, 'abusive': abuse})}")
    if any(r["failures"] for r in rows) or left > 0 or rows[0]["mismatch_warning"] or abuse["failures"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
