"""A page whose server restarts carries on by itself: the server closes its session with 1012
("service restart"), the page says the server is restarting, waits until the server answers again on
the same address and reloads from its URL, which holds its state (Chromium, a real uvicorn
stopped with SIGTERM and started again on the same port and data directory)."""

from __future__ import annotations

from tests.conftest import free_port, serve
from tests.web.helpers import wait_for

READY = "window.gdviz && window.gdviz.runs.length && window.gdviz.runs.every(r => r.last && r.last.step >= 0)"


def test_the_page_reconnects_after_a_restart_and_carries_on_from_its_url(guarded, tmp_path, artifacts):
    port = free_port()
    query = "/?seed=5&dataset=moons&lr=-1"
    with serve(tmp_path, port=port) as (url, _, _):
        guarded.goto(url + query)
        wait_for(guarded, READY)
        guarded.evaluate("window.restartMarker = 1")  # gone once the page has reloaded
        before = guarded.url  # the page's own URL: its state
    # the server stopped (SIGTERM): its session closed with 1012 (or, if the close frame was lost
    # with the connection, 1006), and the page says so and waits
    wait_for(guarded, "document.getElementById('banner').textContent.includes('will carry on by itself')")
    assert "bad" not in guarded.locator("#banner").get_attribute("class")
    guarded.screenshot(path=str(artifacts / "restarting-desktop.png"))
    guarded.expected_console_errors = ["ERR_CONNECTION_REFUSED", "WebSocket"]
    with serve(tmp_path, port=port):
        wait_for(guarded, "window.restartMarker === undefined && " + READY, timeout=60_000)
        assert guarded.url == before
        assert guarded.evaluate("window.gdviz.state.dataset") == "moons"
        assert guarded.locator("#banner").is_hidden() or "restarting" not in guarded.locator("#banner").inner_text()
