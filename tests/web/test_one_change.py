"""A drag is one change (issue 27): a slider dragged with the mouse, or a quick run of key presses
on it, is one logged change at the step where it takes effect; the inputs in between only move
the slider's number; a saved run keeps every change; a link too long for its log says so."""

from __future__ import annotations

from tests.web.helpers import wait_for

SENT = """(() => { window.sets = []; const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (text) { if (JSON.parse(text).type === "set") window.sets.push(JSON.parse(text));
    return send.call(this, text); }; })()"""


def drag(page, selector: str, moves: int) -> None:
    box = page.locator(selector).bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.3, y)
    page.mouse.down()
    for k in range(moves):
        page.mouse.move(box["x"] + box["width"] * (0.3 + 0.5 * (k + 1) / moves), y)
    assert page.evaluate("window.sets.length") == 0  # nothing is sent while the hand is on it


def test_a_drag_while_running_is_one_change_and_the_inputs_send_nothing(playground):
    page = playground("?pace=steady&speed=30")
    page.evaluate(SENT)
    page.click("#play")
    wait_for(page, "window.gdviz.runs[0].running && window.gdviz.runs[0].last.step > 3")
    inputs = page.evaluate("(() => { window.inputs = 0; document.getElementById('lr')"
                           ".addEventListener('input', () => { window.inputs += 1; }); return 0; })()")
    drag(page, "#lr", 40)
    assert page.evaluate("window.inputs") >= 20 + inputs
    page.mouse.up()
    wait_for(page, "window.gdviz.runs[0].events.length === 1")
    sets = page.evaluate("window.sets")
    assert len(sets) == 1 and sets[0]["learning_rate"] == page.evaluate("window.gdviz.state.lr")
    wait_for(page, "window.gdviz.marks.length === 1")  # the curves mark it (at most 10 times a second)


def test_a_quick_run_of_key_presses_is_one_change(playground):
    page = playground()
    page.evaluate(SENT)
    page.focus("#lr")
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    wait_for(page, "window.gdviz.runs[0].events.length === 1")
    (change,) = page.evaluate("window.gdviz.runs[0].events")
    assert change["changes"] == {"learning_rate": page.evaluate("window.gdviz.state.lr")}
    assert page.evaluate("window.gdviz.state.lr") > 0.3  # ten notches of 10^0.05 up from 0.1
    assert len(page.evaluate("window.sets")) == 1


def test_a_log_too_long_for_a_link_says_so_and_offers_to_save(playground):
    page = playground()
    page.evaluate("window.gdviz.runs[0].step(1000)")
    wait_for(page, "window.gdviz.runs[0].last.step === 1000")
    # a log of 1,000 changes, one a step (as the server would have logged them: events come from its status)
    page.evaluate("window.gdviz.runs[0].events = Array.from({ length: 1000 }, (_, k) => "
                  "({ step: k + 1, changes: { learning_rate: k % 2 ? 0.1 : 0.2 } }))")
    page.click("#copy-link")
    banner = page.locator("#banner")
    banner.wait_for(state="visible")
    assert "too many for a link" in banner.inner_text() and "Save the run" in banner.inner_text()
    assert page.locator("#save-form").is_visible()
    assert "ev=" not in page.url  # the address holds the settings only
    page.fill("#save-name", "a long log")
    page.click("#save-form button[type=submit]")
    wait_for(page, "document.getElementById('save-out').dataset.saved", 120_000)
    run_id = page.evaluate("document.getElementById('save-out').dataset.saved")
    origin = page.evaluate("window.location.origin")
    saved = page.request.get(f"{origin}/api/runs/{run_id}").json()
    assert len(saved["events"]) == 1000  # every change, not the 500 it used to stop at
