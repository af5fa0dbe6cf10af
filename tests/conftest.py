"""Shared fixtures: an in-process client, a live uvicorn, and Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest
from fastapi.testclient import TestClient

from app.cli.serve import WS_FRAME_FACTOR
from app.identity.cookies import IdentityCookie
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


def as_person(c: TestClient) -> TestClient:
    """``c`` as a browser is: its first page gives it an identity (the signed cookie) and the CSRF
    cookie, and it sends the CSRF token back on every request, as the pages do (kit.js)."""
    c.get("/me")
    c.headers["x-csrf-token"] = c.cookies["gdviz_csrf"]
    return c


def same_person(c: TestClient, browser: TestClient) -> TestClient:
    """``c`` with ``browser``'s cookies and CSRF header: the same person (another worker, a restart)."""
    for name, value in browser.cookies.items():
        c.cookies.set(name, value)
    c.headers["x-csrf-token"] = browser.headers["x-csrf-token"]
    return c


def browser_headers(url: str) -> dict[str, str]:
    """What a new browser's requests to the live server ``url`` carry after its first page: its
    identity cookie and CSRF cookie, and the CSRF token in its header (as kit.js sends it)."""
    return cookie_headers(httpx.get(url + "/me", timeout=60).cookies)


def cookie_headers(jar: Mapping[str, str]) -> dict[str, str]:
    """A browser's headers from its cookies: the identity and CSRF cookies, and the CSRF token."""
    return {"cookie": f"gdviz_id={jar['gdviz_id']}; gdviz_csrf={jar['gdviz_csrf']}", "x-csrf-token": jar["gdviz_csrf"]}


def person_in(context, url: str) -> Person:
    """The person a Playwright browser context is on ``url``. Its page /me is opened first, so its
    cookies are that server's: cookies go by host, not port, and a test's own server on 127.0.0.1
    may have set others, which the server replaces on a page visit."""
    tab = context.new_page()
    tab.goto(url + "/me")
    tab.close()
    return Person(url, cookie_headers({c["name"]: c["value"] for c in context.cookies(url)}))


@dataclass(frozen=True)
class Person:
    """Someone's requests to a live server, as their browser's pages make them: with its identity
    cookie, its CSRF cookie and the CSRF token in the header."""

    url: str
    headers: dict[str, str]

    def request(self, method: str, path: str, **kwargs) -> httpx.Response:
        return httpx.request(method, self.url + path, headers={**self.headers, **kwargs.pop("headers", {})},
                             timeout=kwargs.pop("timeout", 60), **kwargs)

    def get(self, path: str, **kwargs) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs) -> httpx.Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs) -> httpx.Response:
        return self.request("DELETE", path, **kwargs)

    def stream(self, method: str, path: str, **kwargs):
        return httpx.stream(method, self.url + path, headers=self.headers, timeout=60, **kwargs)

    def id(self, secret: str) -> str:
        """The full identity id in the signed cookie (the API shows only its first digits)."""
        cookie = self.headers["cookie"].split(";")[0].removeprefix("gdviz_id=")
        read = IdentityCookie(secret, 1).read(cookie)
        assert read is not None
        return read[0]


def token_for(url: str, headers: dict[str, str] | None = None) -> str:
    """A personal access token of a new identity (or of the browser ``headers`` stand for)."""
    made = httpx.post(url + "/api/me/tokens", json={"name": "tests"}, headers=headers or browser_headers(url),
                      timeout=60)
    assert made.status_code == 201, made.text
    return made.json()["token"]


def person_id(c: TestClient) -> str:
    """The full identity id inside ``c``'s signed cookie (the API only ever shows its first digits)."""
    read = c.app.state.identity_cookie.read(c.cookies["gdviz_id"])
    assert read is not None
    return read[0]


@pytest.fixture
def client(settings) -> Iterator[TestClient]:
    """An in-process client with an identity of its own (``as_person``)."""
    with TestClient(create_app(settings)) as c:
        yield as_person(c)


@pytest.fixture
def anonymous(settings) -> Iterator[TestClient]:
    """An in-process client with no identity: no cookie, no token."""
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
def you(shared_context, live_server) -> Person:
    """The shared browser context's person on the live server: what a test saves or uploads
    through the API as ``you`` is the browser's own, and its pages list it."""
    return person_in(shared_context, live_server)


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
        wait_for(guarded, "window.gdviz && window.gdviz.runs.length && window.gdviz.drawing && "
                                  "window.gdviz.runs.every(r => r.last && r.last.step === 0)")
        # the settings' collapsible groups open, so a test can use any control (the first-screen
        # tests, tests/web/test_first_screen.py, see the page as it opens)
        guarded.evaluate("document.querySelectorAll('details.group').forEach(d => d.open = true)")
        return guarded
    return open_page
