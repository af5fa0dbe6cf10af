"""A clean stop: SIGTERM to ``gdviz serve --workers 2`` while it is busy ends every process within
10 s. Busy as the issue found it: a websocket that sent 300 malformed messages, live sessions
training, a heavy computation whose client waits, a job training and a client following its
progress. Each session gets the close code 1012 ("service restart"); the job reads as
interrupted from the next server on the same data directory, and nothing of it was saved."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time

import httpx
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from app.db.jobs import DEAD
from tests.api.test_heavy_work import BIG_RUN, send_and_hang_up
from tests.cli.test_serve_workers import GDVIZ, TRIES, wait_until
from tests.conftest import ROOT, Person, browser_headers, free_port

LONG = {"dataset": {"name": "moons", "n_samples": 20_000}, "max_steps": 100_000, "record_every": 1000,
        "tol_grad": 0.0}


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def start(tmp_path, port: int) -> subprocess.Popen:
    env = {**os.environ, "GDVIZ_DATA_DIR": str(tmp_path / "data")}
    log = open(tmp_path / f"serve-{port}.log", "w")  # noqa: SIM115 - the process writes it until it ends
    proc = subprocess.Popen([GDVIZ, "serve", "--workers", "2", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return httpx.get(url + "/api/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            assert proc.poll() is None, (tmp_path / f"serve-{port}.log").read_text()
            return False
    wait_until(up)
    return proc


def session(url: str, headers: dict, closes: list) -> threading.Thread:
    """A live session training at full speed; its close code is appended to ``closes``."""
    ws = connect(url.replace("http", "ws") + "/ws/train", additional_headers=headers, open_timeout=30)
    ws.send(json.dumps({"type": "start", "config": {"speed": None, "max_steps": 100_000}}))

    def read() -> None:
        try:
            while True:
                ws.recv(timeout=60)
        except ConnectionClosed as closed:
            closes.append(closed.rcvd.code if closed.rcvd else None)
    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def test_sigterm_ends_every_worker_within_10_seconds_however_busy(tmp_path):
    port = free_port()
    proc = start(tmp_path, port)
    url = f"http://127.0.0.1:{port}"
    me = Person(url, browser_headers(url))
    pids = set()
    for _ in range(TRIES):
        with httpx.Client(timeout=30) as client:
            pids.add(client.get(url + "/api/health").json()["pid"])
        if len(pids) == 2:
            break
    assert len(pids) == 2

    # the case: a client that sent 300 malformed messages, then asked for the data sets
    with connect(url.replace("http", "ws") + "/ws/train", open_timeout=30) as bad:
        for i in range(300):
            bad.send("{not json" if i % 2 else '{"type": "nonsense"}')
        httpx.get(url + "/api/datasets", timeout=30)
        bad_closes: list = []
        readers = [session(url, {"cookie": me.headers["cookie"]}, bad_closes) for _ in range(3)]
        job = me.post("/api/runs", json={**LONG, "name": "interrupted"}).json()["id"]
        following: list = []

        def follow() -> None:
            try:
                with me.stream("GET", f"/api/runs/{job}/progress") as answer:
                    for line in answer.iter_lines():
                        following.append(line)
            except httpx.HTTPError as exc:
                following.append(f"ended: {type(exc).__name__}")
        follower = threading.Thread(target=follow, daemon=True)
        follower.start()
        hanging = send_and_hang_up(url, "/api/train", BIG_RUN)
        wait_until(lambda: any(line.startswith("data:") for line in following))

        began = time.monotonic()
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        finally:
            stopped_in = time.monotonic() - began
            left = [pid for pid in pids if alive(pid)]
            if proc.poll() is None or left:
                os.killpg(proc.pid, signal.SIGKILL)
        assert proc.returncode is not None and left == [], (stopped_in, left)
        hanging.close()
    for reader in readers:
        reader.join(timeout=10)
    assert bad_closes == [1012, 1012, 1012]  # "service restart": the pages reconnect
    follower.join(timeout=10)
    assert not follower.is_alive()

    again = start(tmp_path, free_port())  # the next server, on the same data directory
    try:
        url = f"http://127.0.0.1:{again.args[again.args.index('--port') + 1]}"
        after = Person(url, me.headers).get(f"/api/runs/{job}").json()
        assert after["state"] == "failed" and after["error"] == DEAD  # interrupted, saying so
        assert Person(url, me.headers).get("/api/runs").json()["total"] == 0  # nothing half-saved
    finally:
        again.send_signal(signal.SIGTERM)
        again.wait(timeout=20)
