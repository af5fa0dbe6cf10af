"""Heavy work (app.api.heavy) against a live uvicorn: a client that hangs up stops its
computation (or leaves its place in the queue); past the pool a request waits its turn and is
answered; only a full queue answers 503 with Retry-After, in words without a setting's name.

Nothing here depends on how fast the machine is: the server's own counters
(GET /api/health: heavy_running, heavy_cancelled) say what happened, and the waits
are liveness bounds (a stopped computation ends within a second; the test allows
generous time before calling it a failure).
"""

from __future__ import annotations

import json
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

import httpx
import pytest

from tests.conftest import serve

BIG_RUN = {"dataset": {"name": "digits"}, "model": {"kind": "softmax"}, "max_steps": 20_000,
           "record_every": 1000, "tol_grad": 0}


def health(url: str) -> dict:
    return httpx.get(url + "/api/health", timeout=10).json()


def wait_until(predicate, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "still not so after a generous wait"
        time.sleep(0.05)


def send_and_hang_up(url: str, path: str, body: dict) -> socket.socket:
    """Send a POST and keep the socket open without reading; the caller closes it."""
    parts = urlparse(url)
    data = json.dumps(body).encode()
    sock = socket.create_connection((parts.hostname, parts.port))
    sock.sendall(f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/json\r\n"
                 f"Content-Length: {len(data)}\r\n\r\n".encode() + data)
    return sock


@pytest.fixture(scope="module")
def capped(tmp_path_factory):
    with serve(tmp_path_factory.mktemp("heavy"), {"GDVIZ_HEAVY_POOL": "2", "GDVIZ_MAX_WAITING_REQUESTS": "1"}
               ) as running:
        yield running


def test_a_run_whose_client_hangs_up_is_stopped(capped):
    url, _, log = capped
    before = health(url)["heavy_cancelled"]
    sock = send_and_hang_up(url, "/api/train", BIG_RUN)
    wait_until(lambda: health(url)["heavy_running"] == 1)  # it started
    sock.close()
    wait_until(lambda: health(url)["heavy_running"] == 0)  # and stopped: it would take minutes to finish
    assert health(url)["heavy_cancelled"] == before + 1
    assert "Traceback" not in log.read_text()


def test_past_the_pool_a_request_waits_its_turn_and_only_a_full_queue_says_503(capped):
    url, _, log = capped
    socks = [send_and_hang_up(url, "/api/train", BIG_RUN) for _ in range(2)]
    try:
        wait_until(lambda: health(url)["heavy_running"] == 2)  # the pool (2) is busy
        with ThreadPoolExecutor(1) as pool:
            waiting = pool.submit(httpx.post, url + "/api/lessons/timing", json={"n": 1000}, timeout=120)
            wait_until(lambda: health(url)["heavy_waiting"] == 1)  # it waits in its lane
            refused = httpx.post(url + "/api/lessons/timing", json={"n": 1000}, timeout=30)  # the queue (1) is full
            assert refused.status_code == 503 and refused.headers["retry-after"] == "2"
            assert "try again in a few seconds" in refused.json()["detail"]
            assert "max_" not in refused.text and "GDVIZ" not in refused.text  # a learner's words
            assert httpx.get(url + "/api/datasets", timeout=30).status_code == 200  # light routes still answer
            socks.pop().close()  # a slot frees: the waiting request gets it
            assert waiting.result().status_code == 200
    finally:
        for sock in socks:
            sock.close()
    wait_until(lambda: health(url)["heavy_running"] == 0)
    assert "the limit max_waiting_requests" in log.read_text()  # the setting is named in the log


def test_a_request_whose_client_leaves_while_it_waits_gives_up_its_place(capped):
    url, _, _ = capped
    socks = [send_and_hang_up(url, "/api/train", BIG_RUN) for _ in range(2)]
    try:
        wait_until(lambda: health(url)["heavy_running"] == 2)
        before = health(url)["heavy_cancelled"]
        waiter = send_and_hang_up(url, "/api/train", BIG_RUN)
        wait_until(lambda: health(url)["heavy_waiting"] == 1)
        waiter.close()
        wait_until(lambda: health(url)["heavy_waiting"] == 0)
        assert health(url)["heavy_cancelled"] == before + 1 and health(url)["heavy_running"] == 2
    finally:
        for sock in socks:
            sock.close()
    wait_until(lambda: health(url)["heavy_running"] == 0)


@pytest.mark.parametrize("path, body", [
    ("/api/surface", {"dataset": {"name": "digits"}, "model": {"kind": "softmax"}, "resolution": 200,
                      "directions": {"kind": "random"}}),
    ("/api/gradcheck", {"dataset": {"name": "digits"}, "model": {"kind": "mlp", "hidden": 16}}),
    ("/api/lessons/compare-losses", {"epochs": 10, "batch_size": 1}),  # its longest: 26,940 updates
])
def test_every_heavy_computation_stops_when_its_client_leaves(tmp_path, path, body):
    limits = {"GDVIZ_MAX_SURFACE_WORK": "1e12", "GDVIZ_MAX_GRADCHECK_WORK": "1e13", "GDVIZ_MAX_LESSON_WORK": "1e12"}
    with serve(tmp_path, limits) as (url, _, _):
        sock = send_and_hang_up(url, path, body)
        wait_until(lambda: health(url)["heavy_running"] == 1)
        sock.close()
        wait_until(lambda: health(url)["heavy_running"] == 0)
        assert health(url)["heavy_cancelled"] == 1


def test_work_limits_are_named_in_the_answer(client, settings):
    settings.max_lesson_work = 1e7  # the experiment's largest is 2 x (10 + 11) x 1,797 rows x 650 params
    answer = client.post("/api/lessons/compare-losses", json={"epochs": 10, "batch_size": 1})
    assert answer.status_code == 422 and "max_lesson_work=10,000,000" in answer.text
    answer = client.post("/api/lessons/timing", json={"n": 3_000_000})
    assert answer.status_code == 422 and "max_timing_length=2,000,000" in answer.text
    deep = {"kind": "mlp", "layers": 2, "hidden": 32, "hidden2": 32}
    answer = client.post("/api/gradcheck", json={"dataset": {"name": "digits"}, "model": deep})
    assert answer.status_code == 422 and "max_gradcheck_" in answer.text
