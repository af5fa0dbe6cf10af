"""A page that meets a busy server (the fair queue full: 503 with Retry-After) waits and sends its
request again by itself, saying so in words a learner understands, and never names a setting
(Chromium, a real uvicorn whose pool of one is held and whose queue takes nobody)."""

from __future__ import annotations

from tests.api.test_heavy_work import BIG_RUN, health, send_and_hang_up, wait_until
from tests.conftest import serve
from tests.web.helpers import wait_for

BUSY = "The server is busy with many people's work right now"


def test_the_playground_waits_out_a_busy_server_quietly_and_carries_on(guarded, tmp_path, artifacts):
    env = {"GDVIZ_HEAVY_POOL": "1", "GDVIZ_MAX_WAITING_REQUESTS": "0"}  # nothing may wait: a 503 at once
    with serve(tmp_path, env) as (url, _, log):
        hog = send_and_hang_up(url, "/api/train", BIG_RUN)  # holds the pool's one slot
        try:
            wait_until(lambda: health(url)["heavy_running"] == 1)
            guarded.expected_console_errors = ["503"]
            guarded.goto(url + "/?seed=3")
            wait_for(guarded, f"document.getElementById('banner').textContent.includes(\"{BUSY}\")")
            text = guarded.locator("#banner").inner_text()
            assert "max_" not in text and "GDVIZ" not in text and "bad" not in guarded.locator(
                "#banner").get_attribute("class")
            guarded.screenshot(path=str(artifacts / "busy-desktop.png"))
            assert guarded.evaluate("import('/static/js/kit.js').then(k => k.busy.waits)") >= 1
        finally:
            hog.close()
        # the slot is free: the retried request goes through, the note goes, the surface is drawn
        wait_for(guarded, "document.getElementById('banner').hidden", timeout=60_000)
        wait_for(guarded, "document.querySelector('#surface-plot .main-svg') !== null", timeout=60_000)
        assert "the limit max_waiting_requests" in log.read_text()
