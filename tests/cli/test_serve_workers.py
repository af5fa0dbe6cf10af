"""``gdviz serve --workers 2`` as a real subprocess: both workers answer, a live session and
the REST calls work, an upload made through one worker is used through each, and the
session and heavy-work limits hold for the whole server whichever worker takes a client.

The kernel spreads fresh connections over the workers; a test that needs a given worker
(or both) retries with fresh connections, within a bound, until it has seen what it needs.
A REST connection is kept alive so that its /api/health (which names the worker's pid) and
the calls after it go to the same worker.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from tests.api.test_heavy_work import BIG_RUN, send_and_hang_up
from tests.conftest import ROOT, browser_headers, free_port

GDVIZ = str(Path(sys.executable).parent / "gdviz")  # the console script beside this Python
CSV = b"a,b,label\n" + b"".join(b"%d,%d,%s\n" % (i, (7 * i) % 5, b"yes" if i % 3 else b"no") for i in range(40))
TRIES = 60  # fresh connections before concluding the kernel never picked a worker


def wait_until(predicate, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "still not so after a generous wait"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """gdviz serve --workers 2, at most 2 sessions and a pool of 1 heavy computation in the whole server."""
    tmp = tmp_path_factory.mktemp("workers")
    port = free_port()
    env = {**os.environ, "GDVIZ_DATA_DIR": str(tmp / "data"), "GDVIZ_MAX_SESSIONS": "2",
           "GDVIZ_HEAVY_POOL": "1"}
    with open(tmp / "serve.log", "w") as log:
        proc = subprocess.Popen([GDVIZ, "serve", "--workers", "2", "--port", str(port)], cwd=ROOT, env=env,
                                stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        def both_answer() -> bool:
            try:
                return len(worker_pids(url, tries=10)) == 2
            except httpx.HTTPError:
                assert proc.poll() is None, (tmp / "serve.log").read_text()
                return False
        wait_until(both_answer)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        assert "Traceback" not in (tmp / "serve.log").read_text()


def worker_pids(url: str, tries: int = TRIES) -> set[int]:
    pids = set()
    for _ in range(tries):
        with httpx.Client(timeout=60) as client:
            pids.add(client.get(url + "/api/health", timeout=5).json()["pid"])
        if len(pids) == 2:
            break
    return pids


def health(url: str) -> dict:
    return httpx.get(url + "/api/health", timeout=5).json()


def live_session(url: str, stack: ExitStack) -> ClientConnection:
    """A started live run, closed with ``stack``: returns once its first frame has arrived."""
    ws = stack.enter_context(connect(url.replace("http", "ws") + "/ws/train", open_timeout=30))
    ws.send(json.dumps({"type": "start", "config": {"speed": 30, "max_steps": 100_000}}))
    while json.loads(ws.recv(timeout=30))["type"] != "frame":
        pass
    return ws


def refused(url: str) -> tuple[int | None, str]:
    """Open a websocket; (close code, reason) if the server closes it at once."""
    with connect(url.replace("http", "ws") + "/ws/train", open_timeout=30) as ws:
        try:
            ws.recv(timeout=30)
        except ConnectionClosed as closed:
            assert closed.rcvd is not None
            return closed.rcvd.code, closed.rcvd.reason
    return None, ""


def test_both_workers_answer_and_a_live_session_streams(server):
    assert len(worker_pids(server)) == 2
    with ExitStack() as stack:
        ws = live_session(server, stack)
        frames = 0
        while frames < 5:
            message = json.loads(ws.recv(timeout=30))
            if message["type"] == "frame":
                assert message["steps"] and message["steps"][-1]["step"] > 0
                frames += 1
    run = httpx.post(server + "/api/train", json={"dataset": {"name": "moons"}, "max_steps": 20}, timeout=60)
    assert run.status_code == 200 and run.json()["stop_reason"] == "max_steps"


def test_an_upload_made_through_one_worker_is_used_through_each(server):
    me = browser_headers(server)  # one browser: its upload, read and trained on through either worker
    name = httpx.post(server + "/api/datasets", content=CSV, headers=me, timeout=60).json()["name"]
    trained_by = set()
    for _ in range(TRIES):  # keep-alive: the health call and the ones after it reach the same worker
        with httpx.Client(base_url=server, headers=me, timeout=60) as client:
            pid = client.get("/api/health").json()["pid"]
            assert client.get(f"/api/datasets/{name}").json()["n_samples"] == 40
            run = client.post("/api/train", json={"dataset": {"name": name}, "max_steps": 5})
            assert run.status_code == 200 and run.json()["stop_reason"] == "max_steps"
            trained_by.add(pid)
        if len(trained_by) == 2:
            break
    assert len(trained_by) == 2, "only one worker was reached"
    with connect(server.replace("http", "ws") + "/ws/train", open_timeout=30,  # and by a live run
                 additional_headers={"cookie": me["cookie"]}) as ws:
        ws.send(json.dumps({"type": "start", "config": {"dataset": {"name": name}, "max_steps": 3}}))
        while (message := json.loads(ws.recv(timeout=30)))["type"] != "frame":
            assert message["type"] != "error", message
        assert message["steps"][0]["step"] == 0


def test_the_session_limit_holds_for_the_whole_server(server):
    """max_sessions=2 over two workers. Sessions are opened until the two are in different
    workers (each then holds one, under a per-process limit of 2), and every third client is
    refused with 1013, whichever worker takes it; once one closes, a new one is let in."""
    sessions: list[ClientConnection] = []
    with ExitStack() as stack:
        for _ in range(TRIES):
            while len(sessions) < 2:
                sessions.append(live_session(server, stack))
            wait_until(lambda: health(server)["server_sessions"] == 2)
            per_worker = {}
            for _ in range(TRIES):
                body = health(server)
                per_worker[body["pid"]] = body["sessions"]
                if len(per_worker) == 2:
                    break
            if sorted(per_worker.values()) == [1, 1]:
                break
            sessions.pop().close()  # both in one worker: try again for a split
            wait_until(lambda: health(server)["server_sessions"] == 1)
        assert sorted(per_worker.values()) == [1, 1], "the two sessions never landed in different workers"
        for _ in range(6):  # each worker holds one session, below a per-process limit: the server's is hit
            code, reason = refused(server)
            assert code == 1013 and "as many live runs as it can take" in reason
        sessions.pop().close()
        wait_until(lambda: health(server)["server_sessions"] == 1)
        sessions.append(live_session(server, stack))  # a freed slot is taken again
        assert health(server)["server_sessions"] == 2
    wait_until(lambda: health(server)["server_sessions"] == 0)


def test_the_heavy_pool_is_the_whole_servers_and_a_request_waits_for_it_in_either_worker(server):
    """A pool of 1: while one worker computes, a computation sent to each worker waits its turn
    there (that worker's fair queue, for the server-wide slot); when the first client leaves,
    both are answered."""
    sock = send_and_hang_up(server, "/api/train", BIG_RUN)
    try:
        wait_until(lambda: health(server)["server_heavy_running"] == 1)
        clients = []
        with ThreadPoolExecutor(TRIES) as pool:
            waiting_in = set()
            for _ in range(TRIES):  # fresh connections until a request waits in each worker
                client = httpx.Client(base_url=server, timeout=120)
                clients.append(client)
                pid = client.get("/api/health").json()["pid"]
                if pid in waiting_in:
                    continue
                waiting_in.add(pid)
                answer = pool.submit(client.post, "/api/train", json={"dataset": {"name": "moons"}, "max_steps": 5})
                clients.append(answer)
                if len(waiting_in) == 2:
                    break
            assert len(waiting_in) == 2, "only one worker was reached"
            wait_until(lambda: sum(h["heavy_waiting"] for h in by_worker(server).values()) == 2)
            assert health(server)["server_heavy_running"] == 1  # the pool is the server's: neither ran
            sock.close()
            answers = [c.result() for c in clients if not isinstance(c, httpx.Client)]
            assert [a.status_code for a in answers] == [200, 200]
    finally:
        sock.close()
        for c in clients:
            if isinstance(c, httpx.Client):
                c.close()
    wait_until(lambda: health(server)["server_heavy_running"] == 0)


def by_worker(url: str) -> dict[int, dict]:
    """Each worker's /api/health, over fresh connections until both have answered."""
    seen: dict[int, dict] = {}
    for _ in range(TRIES):
        answer = health(url)
        seen[answer["pid"]] = answer
        if len(seen) == 2:
            break
    return seen


def test_a_job_is_followed_renamed_and_cancelled_through_either_worker(server):
    run = {"dataset": {"name": "moons", "n_samples": 20_000}, "max_steps": 100_000, "record_every": 1000}
    me = browser_headers(server)
    job = httpx.post(server + "/api/runs", json=run, headers=me, timeout=60).json()
    answered_by = set()
    for _ in range(TRIES):  # fresh connections: the kernel hands each to either worker
        with httpx.Client(base_url=server, headers=me, timeout=60) as client:
            answered_by.add(client.get("/api/health").json()["pid"])
            seen = client.get(f"/api/runs/{job['id']}")
            assert seen.status_code == 200 and seen.json()["state"] == "running", seen.text
        if len(answered_by) == 2:
            break
    assert len(answered_by) == 2, "only one worker was reached"
    with httpx.Client(base_url=server, headers=me, timeout=60) as client:
        assert client.patch(f"/api/runs/{job['id']}", json={"name": "long"}).json()["name"] == "long"
        assert client.delete(f"/api/runs/{job['id']}").status_code == 204
    for _ in range(4):
        assert httpx.get(f"{server}/api/runs/{job['id']}", headers=me, timeout=60).status_code == 404
    assert httpx.get(server + "/api/runs", headers=me, timeout=60).json()["running"] == []
