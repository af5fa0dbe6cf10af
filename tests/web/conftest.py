"""A page that fails its test on any console error or any request beyond 127.0.0.1."""

from urllib.parse import urlparse

import pytest

from tests.web.helpers import wait_for


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
