"""make stress: the long versions of the hardening tests, with their figures.

* schemathesis, every check, against a live server: at least 1,000 generated cases;
* 10,000 random and malformed websocket messages, then the same session must train
  exactly as a fresh one;
* 200 connect-then-drop cycles and a client that never reads;
then a table: cases tried, failures, maximum server RSS, tasks left behind.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
from websockets.sync.client import connect

from bench.common import save, table
from bench.server import ROOT, running_server
from tests.api.test_ws_fuzz import fuzz

LIMITS = {"GDVIZ_MAX_STEPS": "300", "GDVIZ_MAX_TRAIN_WORK": "3e7", "GDVIZ_MAX_SURFACE_WORK": "3e7",
          "GDVIZ_MAX_SAMPLES": "2000", "GDVIZ_MAX_RESOLUTION": "60", "GDVIZ_MAX_TRAJECTORY": "500"}


def tasks(url: str) -> int:
    return httpx.get(url + "/api/health").json()["tasks"]


def schemathesis_run(url: str, examples: int) -> dict[str, object]:
    command = [str(Path(sys.executable).parent / "schemathesis"), "run", url + "/openapi.json",
               "--checks", "all", "--max-examples", str(examples), "--no-color"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=3600)
    out = done.stdout + done.stderr
    cases = sum(int(n) for n in re.findall(r"(\d+) generated", out)) or None
    failures = re.search(r"(\d+) (?:unique )?failures?", out)
    return {"check": "schemathesis (all checks)", "cases": cases,
            "failures": int(failures.group(1)) if failures else (0 if done.returncode == 0 else None),
            "exit_code": done.returncode, "tail": out.strip().splitlines()[-12:]}


def connect_and_drop(url: str, cycles: int) -> dict[str, object]:
    ws_url = url.replace("http", "ws") + "/ws/train"
    for i in range(cycles):
        ws = connect(ws_url).__enter__()  # dropped below without a closing handshake
        if i % 2:
            ws.send(json.dumps({"type": "start", "config": {"speed": None}}))
        ws.socket.close()
    return {"check": f"{cycles} connect-then-drop cycles", "cases": cycles, "failures": 0}


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
    with running_server(env_extra=LIMITS) as url:  # tight limits keep each generated case quick
        server = psutil.Process(running_server.pid)
        rows.append(schemathesis_run(url, args.examples))
        rows[-1]["max_rss_mb"] = server.memory_info().rss / 2**20
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
    print("\nStress: long hardening runs against a live server\n")
    print(table(rows, ["check", "cases", "failures", "max_rss_mb", "tasks_left_behind"]))
    print(f"\nwrote {save('stress', {'rows': rows})}")
    if any(r["failures"] for r in rows) or left > 0:
        sys.exit(1)


if __name__ == "__main__":
    main()
