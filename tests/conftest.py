"""Shared fixtures: an in-process client, a live uvicorn, and Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest
from fastapi.testclient import TestClient

from app.cli.serve import WS_FRAME_FACTOR
from app.main import create_app
from app.settings import Settings
from tests.web.helpers import wait_for

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path)


@pytest.fixture
def client(settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(tmp_dir: Path, env_extra: dict[str, str] | None = None, workers: int = 1,
          port: int | None = None) -> Iterator[tuple[str, subprocess.Popen, Path]]:
    """A real uvicorn on a loopback port; yields (url, process, log file)."""
    port = port or free_port()
    log = tmp_dir / f"uvicorn-{port}.log"
    env = {**os.environ, "GDVIZ_DATA_DIR": str(tmp_dir / "data"), **(env_extra or {})}
    # the frame cap gdviz serve sets (app.cli.serve.WS_FRAME_FACTOR), so the tests meet the server users run
    frame_cap = WS_FRAME_FACTOR * int(env.get("GDVIZ_MAX_WS_MESSAGE_BYTES", Settings().max_ws_message_bytes))
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning", "--workers", str(workers),
             "--ws-max-size", str(frame_cap)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                httpx.get(url + "/api/health", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start:\n{log.read_text()}") from None
                time.sleep(0.1)
        yield url, proc, log
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def live(tmp_path_factory) -> Iterator[tuple[str, subprocess.Popen, Path]]:
    with serve(tmp_path_factory.mktemp("live")) as running:
        yield running


@pytest.fixture(scope="session")
def live_server(live) -> str:
    """The live server's base URL."""
    return live[0]


@pytest.fixture
def server_log(live) -> Path:
    return live[2]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's Chromium (Playwright cannot download its own here)."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def shared_context(browser, browser_context_args):
    """One browser context per test process. A fresh context costs about 0.7 s of a page's first
    load (its HTTP cache is empty: plotly.js and every module again); the pages keep no cookies or
    storage, so a new tab in a shared context is as clean a start. A test that needs a context of its
    own (no JavaScript, a touch screen) makes one from ``browser``."""
    context = browser.new_context(**browser_context_args)
    yield context
    context.close()


@pytest.fixture
def page(shared_context):
    """pytest-playwright's page, as a new tab of the shared context, closed after the test."""
    tab = shared_context.new_page()
    yield tab
    tab.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def mnist_csv() -> bytes:
    """The MNIST test set's layout and size (10,000 x 785), written once per session."""
    from tests import tables
    return tables.mnist_like()


# --- pages under test: no console error, no request beyond 127.0.0.1 -------------------------------
@pytest.fixture
def guarded(page):
    errors, foreign = [], []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def check_request(request):
        url = urlparse(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname != "127.0.0.1":
            foreign.append(request.url)
    page.on("request", check_request)
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.expected_console_errors = []  # a test that provokes an error lists it here
    yield page
    assert foreign == [], f"requests left 127.0.0.1: {foreign}"
    unexpected = [e for e in errors if not any(x in e for x in page.expected_console_errors)]
    assert unexpected == [], f"console errors: {unexpected}"


@pytest.fixture
def playground(guarded, live_server):
    """Open the playground (optionally with a query) and wait for step 0."""
    def open_page(query: str = ""):
        guarded.goto(live_server + "/" + query)
        wait_for(guarded, "window.gdviz && window.gdviz.runs.length && "
                                  "window.gdviz.runs.every(r => r.last && r.last.step === 0)")
        # the settings' collapsible groups open, so a test can use any control (the first-screen
        # tests, tests/web/test_first_screen.py, see the page as it opens)
        guarded.evaluate("document.querySelectorAll('details.group').forEach(d => d.open = true)")
        return guarded
    return open_page
