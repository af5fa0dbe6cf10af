"""Saved runs in the browser (Debian's Chromium, live server): "Save run" in the playground saves run 1
with its live changes up to the step it reached, /?run=<id> replays it to the same loss and θ (==),
and the runs page (/runs) lists, sorts, filters, renames, deletes, exports and overlays saved runs."""

from __future__ import annotations

import json

import httpx

from tests.web.helpers import wait_for

RUN = "window.gdviz.runs[0]"
SPEC = {"dataset": {"name": "blobs", "n_samples": 120, "seed": 3}, "model": {"kind": "logistic"},
        "optimizer": {"name": "gd", "learning_rate": 0.1}, "max_steps": 40, "seed": 3}


def saved_run(live_server: str, name: str, **changes) -> dict:
    """A run saved through the REST API (POST /api/runs, then GET until the job is saved)."""
    body = {**SPEC, **changes, "name": name}
    job = httpx.post(live_server + "/api/runs", json=body, timeout=30)
    assert job.status_code == 202, job.text
    with httpx.stream("GET", f"{live_server}/api/runs/{job.json()['id']}/progress", timeout=60) as stream:
        for line in stream.iter_lines():  # the server-sent events end with the job
            if line.startswith("data:") and json.loads(line[5:])["state"] != "running":
                break
    run = httpx.get(f"{live_server}/api/runs/{job.json()['id']}", timeout=30).json()
    assert run["state"] == "saved", run
    return run


def step_to(page, n):
    page.click("#step10")
    wait_for(page, f"{RUN}.last.step === {n}")


def test_a_run_saved_after_a_live_change_reopens_and_replays_to_the_same_loss_and_params(
        playground, browser, live_server, artifacts):
    page = playground("?seed=7&dataset=moons&batch=mini&batch_size=16&max_steps=500")
    step_to(page, 10)
    page.locator("#lr").fill("-2")  # log10: the learning rate 0.01 from step 10
    wait_for(page, f"{RUN}.events.length === 1")
    step_to(page, 20)
    step_to(page, 30)
    page.click("#save-open")
    assert page.locator("#save-name").is_visible()
    page.fill("#save-name", "moons lr drop")
    page.click("#save-form button[type=submit]")
    run_id = wait_for(page, "document.getElementById('save-out').dataset.saved")
    out = page.locator("#save-out").inner_text()
    assert f"/?run={run_id}" in out and "moons lr drop" in out and "30 steps" in out
    page.screenshot(path=str(artifacts / "playground-saved.png"))
    original = page.evaluate(f"{RUN}.last")

    saved = httpx.get(f"{live_server}/api/runs/{run_id}").json()
    assert saved["name"] == "moons lr drop" and saved["steps"] == 30 and saved["spec"]["max_steps"] == 30
    assert saved["events"] == [{"step": 10, "changes": {"learning_rate": 0.01}}]
    assert (saved["final_loss"], saved["params"]) == (original["loss"], original["params"])  # saved bit for bit

    other = browser.new_page()
    other.goto(f"{live_server}/?run={run_id}")
    wait_for(other, f"window.gdviz && window.gdviz.runs.length && {RUN}.last && {RUN}.last.step === 0")
    note = other.locator("#saved-note").inner_text()
    assert "Replaying saved run “moons lr drop” (1 live change" in note
    assert other.evaluate(f"{RUN}.spec.events") == saved["events"]
    other.click("#play")
    wait_for(other, f"{RUN}.state === 'stopped' && {RUN}.last.step === 30", timeout=60_000)
    replayed = other.evaluate(f"{RUN}.last")
    assert (replayed["loss"], replayed["params"]) == (saved["final_loss"], saved["params"])
    assert other.evaluate("window.gdviz.state.lr") == 0.01  # the controls followed the replayed change
    other.screenshot(path=str(artifacts / "playground-reopened.png"))
    other.close()


def test_save_errors_reach_the_banner(playground):
    page = playground("?seed=1&max_steps=40")
    page.expected_console_errors = ["422"]  # the browser logs the refused request
    page.click("#save-open")  # step 0: nothing to save yet
    wait_for(page, "!document.getElementById('banner').hidden")
    assert "Take a step first" in page.locator("#banner").inner_text()
    step_to(page, 10)
    page.click("#save-open")
    page.fill("#save-name", "x" * 200)
    page.evaluate("document.getElementById('save-name').removeAttribute('maxlength')")
    page.fill("#save-name", "x" * 201)  # over the name's limit: the server's 422 says why
    page.click("#save-form button[type=submit]")
    wait_for(page, "document.getElementById('banner').textContent.includes('Could not save')")
    assert "200" in page.locator("#banner").inner_text()


def test_a_missing_saved_run_says_so(guarded, live_server):
    guarded.expected_console_errors = ["404"]
    guarded.goto(f"{live_server}/?run=0123456789abcdef")
    wait_for(guarded, "window.gdviz && window.gdviz.runs.length && !document.getElementById('saved-note').hidden")
    assert "Could not open saved run 0123456789abcdef" in guarded.locator("#saved-note").inner_text()
