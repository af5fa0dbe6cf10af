"""Clients that never read, vanish mid-run, or connect and drop, against a live uvicorn."""

import json
import socket
import time
from pathlib import Path

import httpx
from websockets.sync.client import connect


def health(url):
    return httpx.get(url + "/api/health", timeout=60).json()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def settle(url, baseline_tasks, seconds=20.0):
    """Wait until the server has no session and no extra task (a liveness bound: a
    session ends within a second of its socket; `make stress` measures how soon)."""
    deadline = time.monotonic() + seconds
    while True:
        now = health(url)
        if now["sessions"] == 0 and now["tasks"] <= baseline_tasks:
            return now
        assert time.monotonic() < deadline, f"left behind: {now} (baseline {baseline_tasks} tasks)"
        time.sleep(0.02)


def test_a_client_that_never_reads_costs_bounded_memory_and_blocks_nobody(live):
    """While one client never reads, another gets every one of its steps, in order. (Its
    frame rate beside a stalled client is measured by `make stress`, not asserted here.)"""
    url, proc, _ = live
    ws_url = url.replace("http", "ws") + "/ws/train"
    before = rss_mb(proc.pid)
    with connect(ws_url, max_size=2**24) as stalled, connect(ws_url, max_size=2**24) as reader:
        stalled.send(json.dumps({"type": "start", "config": {"speed": None, "max_steps": 100_000,
                                                             "dataset": {"name": "digits"},
                                                             "model": {"kind": "softmax"}}}))
        reader.send(json.dumps({"type": "start", "config": {"speed": 60, "max_steps": 60}}))
        steps, state = [], None
        while state != "stopped":
            message = json.loads(reader.recv(timeout=60))
            steps += [s["step"] for s in message.get("steps", [])]
            state = message.get("state", state)
        growth = rss_mb(proc.pid) - before
    assert steps == list(range(61))  # slow enough that nothing was left out
    assert growth < 150  # the stalled session's steps coalesce instead of piling up


def test_a_client_that_vanishes_mid_run_leaves_no_task(live_server):
    baseline = settle(live_server, 10**9)["tasks"]
    ws = connect(live_server.replace("http", "ws") + "/ws/train").__enter__()  # closed by hand below
    ws.send(json.dumps({"type": "start", "config": {"speed": None, "max_steps": 100_000}}))
    ws.recv(timeout=5)
    assert health(live_server)["tasks"] > baseline
    ws.socket.shutdown(socket.SHUT_RDWR)  # gone, without a closing handshake
    ws.socket.close()
    settle(live_server, baseline)


def test_two_hundred_connect_and_drop_cycles_leave_nothing_behind(live):
    url, proc, _ = live
    ws_url = url.replace("http", "ws") + "/ws/train"
    baseline = settle(url, 10**9)["tasks"]
    before = rss_mb(proc.pid)
    for i in range(200):
        ws = connect(ws_url).__enter__()  # dropped below without a closing handshake
        if i % 2:
            ws.send(json.dumps({"type": "start", "config": {"speed": None, "max_steps": 100_000}}))
        ws.socket.close()
    settle(url, baseline)
    assert rss_mb(proc.pid) - before < 50


def test_a_session_over_the_limit_is_closed_with_1013(tmp_path):
    from websockets.exceptions import ConnectionClosed

    from tests.conftest import serve
    with serve(tmp_path, {"GDVIZ_MAX_SESSIONS": "2", "GDVIZ_MAX_SESSIONS_PER_PERSON": "3"}) as (url, _, log):
        ws_url = url.replace("http", "ws") + "/ws/train"
        with connect(ws_url) as a, connect(ws_url) as b:
            a.send(json.dumps({"type": "pause"}))
            b.send(json.dumps({"type": "pause"}))
            a.recv(timeout=5)
            b.recv(timeout=5)
            with connect(ws_url) as third:
                try:
                    third.recv(timeout=5)
                    raise AssertionError("the third session was not closed")
                except ConnectionClosed as closed:
                    assert closed.rcvd.code == 1013
                    assert "as many live runs as it can take" in closed.rcvd.reason  # a learner's words
        assert "the limit max_sessions" in log.read_text()  # the setting: in the log


def test_one_person_may_open_max_sessions_per_person(tmp_path):
    from websockets.exceptions import ConnectionClosed

    from tests.conftest import browser_headers, serve
    with serve(tmp_path, {"GDVIZ_MAX_SESSIONS_PER_PERSON": "2"}) as (url, _, _):
        ws_url = url.replace("http", "ws") + "/ws/train"
        ann, bob = ({"cookie": browser_headers(url)["cookie"]} for _ in range(2))
        with connect(ws_url, additional_headers=ann) as a, connect(ws_url, additional_headers=ann) as b:
            for ws in (a, b):
                ws.send(json.dumps({"type": "pause"}))
                ws.recv(timeout=5)
            with connect(ws_url, additional_headers=ann) as third:
                try:
                    third.recv(timeout=5)
                    raise AssertionError("ann's third session was not closed")
                except ConnectionClosed as closed:
                    assert closed.rcvd.code == 1013 and "you have 2 live runs open already" in closed.rcvd.reason
            with connect(ws_url, additional_headers=bob) as other:  # another person is let in
                other.send(json.dumps({"type": "pause"}))
                assert json.loads(other.recv(timeout=5))["type"]
