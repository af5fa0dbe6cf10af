"""Saved runs in the browser (Debian's Chromium, live server): "Save run" in the playground saves run 1
with its live changes up to the step it reached, /?run=<id> replays it to the same loss and θ (==),
and the runs page (/runs) lists, sorts, filters, renames, deletes, exports and overlays saved runs."""

from __future__ import annotations

import json
from dataclasses import replace

from app.db import open_store
from app.identity.secret import secret_key
from app.settings import Settings
from tests.conftest import Person
from tests.db.factories import big_run
from tests.web.helpers import next_frames, wait_for
from tests.web.layout import SIZES, plot_collisions

RUN = "window.gdviz.runs[0]"
SPEC = {"dataset": {"name": "blobs", "n_samples": 120, "seed": 3}, "model": {"kind": "logistic"},
        "optimizer": {"name": "gd", "learning_rate": 0.1}, "max_steps": 40, "seed": 3}


def job_ended(you: Person, job_id: str) -> None:
    """Follow a job's server-sent progress until it is no longer running."""
    with you.stream("GET", f"/api/runs/{job_id}/progress") as stream:
        for line in stream.iter_lines():
            if line.startswith("data:") and json.loads(line[5:])["state"] not in ("queued", "running"):
                return


def saved_run(you: Person, name: str, **changes) -> dict:
    """A run of ``you``'s saved through the REST API (POST /api/runs, then GET until it is saved)."""
    body = {**SPEC, **changes, "name": name}
    job = you.post("/api/runs", json=body)
    assert job.status_code == 202, job.text
    job_ended(you, job.json()["id"])
    run = you.get(f"/api/runs/{job.json()['id']}").json()
    assert run["state"] == "saved", run
    return run


def step_to(page, n):
    page.click("#step10")
    wait_for(page, f"{RUN}.last.step === {n}")


def test_a_run_saved_after_a_live_change_reopens_and_replays_to_the_same_loss_and_params(
        playground, browser, live_server, artifacts, you):
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
    page.screenshot(path=str(artifacts / "playground-saved-desktop.png"))
    page.locator("#group-view").screenshot(path=str(artifacts / "playground-saved-feedback-desktop.png"))
    page.set_viewport_size(SIZES["phone"])
    page.locator("#group-view").screenshot(path=str(artifacts / "playground-saved-feedback-phone.png"))
    original = page.evaluate(f"{RUN}.last")

    saved = you.get(f"/api/runs/{run_id}").json()
    assert saved["name"] == "moons lr drop" and saved["steps"] == 30 and saved["spec"]["max_steps"] == 30
    assert saved["events"] == [{"step": 10, "changes": {"learning_rate": 0.01}}]
    assert (saved["final_loss"], saved["params"]) == (original["loss"], original["params"])  # saved bit for bit

    other = browser.new_page(viewport=SIZES["desktop"])
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
    for _ in range(60):  # the plots fit their boxes again in the frames after the banner shows (a resize each)
        next_frames(other, 3)
        if not plot_collisions(other):
            break
    assert plot_collisions(other) == []  # the note above the plots left them room
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


LONG = {**SPEC, "dataset": {"name": "blobs", "n_samples": 20_000, "seed": 1}, "max_steps": 100_000}


def test_a_save_while_long_jobs_train_waits_its_turn_and_is_saved(playground, you):
    """Two long jobs of this person's hold the pool in slices; the page's save is a third job,
    trained in turn between their slices, and saved: nothing is refused."""
    jobs = [you.post("/api/runs", json={**LONG, "name": f"busy {i}"}) for i in range(2)]
    try:
        assert [job.status_code for job in jobs] == [202, 202]
        page = playground("?seed=2&max_steps=40")
        step_to(page, 10)
        page.click("#save-open")
        page.click("#save-form button[type=submit]")
        run_id = wait_for(page, "document.getElementById('save-out').dataset.saved", timeout=120_000)
        assert you.get(f"/api/runs/{run_id}").json()["steps"] == 10
        assert page.locator("#banner").is_hidden() or "Could not" not in page.locator("#banner").inner_text()
    finally:
        for job in jobs:
            if job.status_code == 202:
                you.delete(f"/api/runs/{job.json()['id']}")


def test_a_missing_saved_run_says_so(guarded, live_server):
    guarded.expected_console_errors = ["404"]
    guarded.goto(f"{live_server}/?run=0123456789abcdef")
    wait_for(guarded, "window.gdviz && window.gdviz.runs.length && !document.getElementById('saved-note').hidden")
    assert "Could not open saved run 0123456789abcdef" in guarded.locator("#saved-note").inner_text()


def open_runs(page, live_server, prefix: str, size: str = "desktop"):
    """/runs filtered to this test's runs (the live server is shared with other tests)."""
    page.set_viewport_size(SIZES[size])
    page.goto(f"{live_server}/runs")
    wait_for(page, "window.gdviz && window.gdviz.view.loads > 0")
    loads = page.evaluate("window.gdviz.view.loads")
    page.fill("#f-q", prefix)
    wait_for(page, f"window.gdviz.view.loads > {loads} && "
                   f"window.gdviz.view.rows.every(r => r.name.includes('{prefix}'))")
    return page


def names(page) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('#runs-table tbody td.name')].map(td => td.textContent)")


def reload_after(page, action) -> None:
    loads = page.evaluate("window.gdviz.view.loads")
    action()
    wait_for(page, f"window.gdviz.view.loads > {loads}")


def test_the_table_sorts_filters_renames_and_deletes(guarded, live_server, you):
    runs = [saved_run(you, f"tbl {name}", optimizer={"name": "gd", "learning_rate": lr})
            for name, lr in (("slow", 0.01), ("fast", 0.5), ("middle", 0.1))]
    page = open_runs(guarded, live_server, "tbl ")
    assert sorted(names(page)) == ["tbl fast", "tbl middle", "tbl slow"]
    by_loss = [run["name"] for run in sorted(runs, key=lambda run: run["final_loss"])]
    reload_after(page, lambda: page.click("th[data-sort=final_loss] button"))
    assert names(page) == by_loss  # the server sorts: lowest final loss first
    assert page.get_attribute("th[data-sort=final_loss]", "aria-sort") == "ascending"
    reload_after(page, lambda: page.click("th[data-sort=final_loss] button"))
    assert names(page) == by_loss[::-1]
    reload_after(page, lambda: page.fill("#f-q", "tbl mid"))
    assert names(page) == ["tbl middle"]

    page.click("button[aria-label='Rename “tbl middle”']")
    page.fill(".rename-input", "tbl middle renamed")
    reload_after(page, lambda: page.press(".rename-input", "Enter"))
    assert names(page) == ["tbl middle renamed"]
    assert you.get(f"/api/runs/{runs[2]['id']}").json()["name"] == "tbl middle renamed"

    page.click("button[aria-label='Delete “tbl middle renamed”']")  # a confirm step first
    assert page.locator(".confirm").inner_text() == "Delete for good?"
    page.click("text=Keep it")
    assert names(page) == ["tbl middle renamed"]
    page.click("button[aria-label='Delete “tbl middle renamed”']")
    reload_after(page, lambda: page.click("button.danger"))
    assert names(page) == []
    assert you.get(f"/api/runs/{runs[2]['id']}").status_code == 404


def plotted(page, plot: str) -> list[dict]:
    return page.evaluate(f"document.getElementById('{plot}').data.map(t => ({{name: t.name, x: [...t.x], y: [...t.y], "
                         "raw: [...t.customdata]}))")


def test_two_runs_overlaid_with_smoothing_and_three_x_axes(guarded, live_server, artifacts, you):
    first = saved_run(you, "ovl gd", optimizer={"name": "gd", "learning_rate": 0.1})
    second = saved_run(you, "ovl adam", optimizer={"name": "adam", "learning_rate": 0.05})
    page = open_runs(guarded, live_server, "ovl ")
    for run in (first, second):
        drawn = page.evaluate("window.gdviz.overlay")
        page.check(f"tr[data-id='{run['id']}'] input[type=checkbox]")
        wait_for(page, f"window.gdviz.overlay > {drawn} && window.gdviz.selected.has('{run['id']}')")
    loss = {trace["name"]: trace for trace in plotted(page, "loss-plot")}
    assert set(loss) == {"ovl gd", "ovl adam"}
    for run in (first, second):
        assert loss[run["name"]]["y"] == [r["loss"] for r in run["history"]]
        assert loss[run["name"]]["x"] == [r["step"] for r in run["history"]]
    acc = {trace["name"]: trace["y"] for trace in plotted(page, "acc-plot")}
    grad = {trace["name"]: trace["y"] for trace in plotted(page, "grad-plot")}
    assert acc["ovl gd"] == [r["accuracy"] for r in first["history"]]
    assert grad["ovl adam"] == [r["grad_norm"] for r in second["history"]]
    colours = page.evaluate("document.getElementById('loss-plot').data.map(t => t.line.color)")
    assert len(set(colours)) == 2

    drawn = page.evaluate("window.gdviz.overlay")
    page.locator("#smooth").fill("0.9")
    wait_for(page, f"window.gdviz.overlay > {drawn}")
    smoothed = {trace["name"]: trace for trace in plotted(page, "loss-plot")}["ovl gd"]
    raw = [r["loss"] for r in first["history"]]
    assert smoothed["raw"] == raw and smoothed["y"] != raw  # the hover's saved value stays; the line is smoothed
    assert smoothed["y"][0] == raw[0] and smoothed["y"][-1] > raw[-1]  # debiased start; a falling curve lags above
    hover = page.evaluate("document.getElementById('loss-plot').data[0].hovertemplate")
    assert "smoothed %{y" in hover and "saved %{customdata" in hover
    page.screenshot(path=str(artifacts / "runs-overlay-desktop.png"), full_page=True)

    for axis, field in (("epoch", "epoch"), ("wall_time", "wall_time")):
        drawn = page.evaluate("window.gdviz.overlay")
        page.check(f"input[name=xaxis][value={axis}]")
        wait_for(page, f"window.gdviz.overlay > {drawn}")
        traces = {trace["name"]: trace for trace in plotted(page, "loss-plot")}
        assert traces["ovl adam"]["x"] == [r[field] for r in second["history"]]
    assert page.evaluate("document.getElementById('loss-plot').layout.xaxis.title.text").startswith("wall time")

    page.set_viewport_size(SIZES["phone"])
    wait_for(page, "document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(artifacts / "runs-overlay-phone.png"), full_page=True)


def test_export_gives_the_runs_json_and_its_history_as_csv(guarded, live_server, you):
    run = saved_run(you, "exp one")
    page = open_runs(guarded, live_server, "exp ")
    with page.expect_download() as download:
        page.click("button[aria-label='Download “exp one” as JSON']")
    whole = you.get(f"/api/runs/{run['id']}").json()
    assert json.loads(download.value.path().read_text()) == whole
    with page.expect_download() as download:
        page.click("button[aria-label=\"Download “exp one”'s history as CSV\"]")
    lines = download.value.path().read_text().splitlines()
    header = lines[0].split(",")
    assert {"step", "epoch", "loss", "accuracy", "grad_norm", "wall_time"} <= set(header)
    assert len(lines) == 1 + len(run["history"])
    assert float(lines[-1].split(",")[header.index("loss")]) == run["history"][-1]["loss"]


def test_over_100_runs_come_in_pages(guarded, live, live_server, you):
    data = live[2].parent / "data"
    owner = you.id(secret_key(Settings(data_dir=data)))
    store = open_store(Settings(data_dir=data))  # the live server's own database, written
    try:                                         # directly: 101 jobs took 12 s
        for i in range(101):
            store.save(replace(big_run(3, seed=i), name=f"pg {i:03d}", owner=owner))
    finally:
        store.close()
    page = open_runs(guarded, live_server, "pg ")
    reload_after(page, lambda: page.click("th[data-sort=name] button"))  # by name, a to z
    assert len(names(page)) == 100 and names(page)[0] == "pg 000"
    assert page.locator("#page-of").inner_text() == "page 1 of 2" and page.locator("#prev").is_disabled()
    reload_after(page, lambda: page.click("#next"))
    assert names(page) == ["pg 100"] and page.locator("#next").is_disabled()
    assert "101–101 of 101" in page.locator("#runs-count").inner_text()


def test_a_running_job_is_listed_with_its_progress(guarded, live_server, you):
    job = you.post("/api/runs", json={**LONG, "name": "job long"}, timeout=30).json()
    try:
        guarded.goto(f"{live_server}/runs")
        wait_for(guarded, "!document.getElementById('running-box').hidden")
        assert "job long" in guarded.locator("#running").inner_text()
        assert guarded.locator("#running progress").count() >= 1
        wait_for(guarded, "+document.querySelector('#running progress').value > 0")  # its progress moves
        guarded.click("button[aria-label='Stop job long']")  # the page's Stop: DELETE, nothing of it kept
        wait_for(guarded, "!document.getElementById('running').textContent.includes('job long')")
        assert you.get(f"/api/runs/{job['id']}").status_code == 404
    finally:
        you.delete(f"/api/runs/{job['id']}")  # 404 once stopped: the test's own tidy-up


def test_a_race_is_saved_runner_by_runner_and_the_json_export_replays_every_runner(playground, live_server, you):
    page = playground("?seed=5&dataset=moons&race=adam:0.05&max_steps=500")
    step_to(page, 10)
    page.locator("#lr").fill("-1.5")  # a live change of the main settings' rate: run 1 logs it at step 10
    wait_for(page, "window.gdviz.runs[0].events.length === 1")
    step_to(page, 20)
    lasts = page.evaluate("window.gdviz.runs.map(r => r.last)")
    with page.expect_download() as download:
        page.click("#export-json")
    exported = json.loads(download.value.path().read_text())
    changes = [1, 0]  # run 2 races at its own rate
    for run, last, n in zip(exported["runs"], lasts, changes, strict=True):  # each runner's export replays it
        again = you.post("/api/train", json=run["replay"], timeout=60).json()
        assert run["replay"]["max_steps"] == 20 and len(run["replay"]["events"]) == n
        assert (again["final"]["loss"], again["final"]["params"]) == (last["loss"], last["params"])

    page.click("#save-open")
    assert page.locator("#save-name").input_value().startswith("moons logistic race of 2 step 20")
    page.fill("#save-name", "race pair")
    page.click("#save-form button[type=submit]")
    ids = wait_for(page, "document.getElementById('save-out').dataset.saved").split()
    assert len(ids) == 2 and "Saved the race (2 runs" in page.locator("#save-out").inner_text()
    assert page.evaluate("document.getElementById('save-out').dataset.race") == f"/?runs={ids[0]},{ids[1]}"
    for run_id, last, optimizer, n in zip(ids, lasts, ("gd", "adam"), changes, strict=True):
        saved = you.get(f"/api/runs/{run_id}").json()
        assert saved["name"].startswith("race pair · ") and saved["optimizer"] == optimizer
        assert saved["steps"] == 20 and len(saved["events"]) == n
        assert (saved["final_loss"], saved["params"]) == (last["loss"], last["params"])  # bit for bit


def test_the_filters_offer_what_the_runs_have_and_ticked_runs_are_deleted_together(guarded, live_server, artifacts,
                                                                                  you):
    table = b"size,age,label\n" + b"".join(b"%d,%d,%d\n" % (i, (7 * i) % 11, i % 2) for i in range(60))
    upload = you.post("/api/datasets", files={"file": ("flats.csv", table, "text/csv")}).json()["name"]
    on_upload = saved_run(you, "flt upload", dataset={"name": upload})
    others = [saved_run(you, f"flt {name}", optimizer={"name": name, "learning_rate": 0.05})
              for name in ("momentum", "rmsprop")]
    page = open_runs(guarded, live_server, "flt ")
    options = page.evaluate("[...document.querySelectorAll('#f-dataset option')].map(o => [o.value, o.textContent])")
    assert [upload, "flats.csv (upload)"] in options and ["", "any"] == options[0]
    assert "flats.csv (upload)" in page.locator(f"tr[data-id='{on_upload['id']}']").inner_text()
    reload_after(page, lambda: page.select_option("#f-dataset", upload))
    assert names(page) == ["flt upload"]
    reload_after(page, lambda: page.select_option("#f-dataset", ""))

    assert page.locator("#bulk").is_hidden()
    for run in others:
        drawn = page.evaluate("window.gdviz.overlay")
        page.check(f"tr[data-id='{run['id']}'] input[type=checkbox]")
        wait_for(page, f"window.gdviz.overlay > {drawn}")
    wait_for(page, "window.gdviz.selected.size === 2")  # each tick fetches its run whole first
    assert page.locator("#bulk-delete").inner_text() == "Delete the 2 ticked runs…"
    page.locator("#bulk").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "runs-bulk-desktop.png"))
    page.click("#bulk-delete")
    assert page.locator("#bulk .confirm").inner_text() == "Delete these 2 runs for good?"
    reload_after(page, lambda: page.click("#bulk button.danger"))
    assert names(page) == ["flt upload"] and page.locator("#bulk").is_hidden()
    for run in others:
        assert you.get(f"/api/runs/{run['id']}").status_code == 404
    page.set_viewport_size(SIZES["phone"])
    wait_for(page, "document.documentElement.scrollWidth <= window.innerWidth")  # the plots refit their boxes
    next_frames(page, 3)
    page.screenshot(path=str(artifacts / "runs-filters-phone.png"), full_page=True)


def reopened(page, live_server, run_id: str) -> str:
    page.goto(f"{live_server}/?run={run_id}")
    wait_for(page, f"window.gdviz && window.gdviz.runs.length && {RUN}.last && {RUN}.last.step === 0 && "
                   "document.getElementById('saved-note').dataset.run")
    next_frames(page, 3)  # the differences are looked for once run 1 has started
    return page.locator("#saved-note").inner_text()


def test_a_run_saved_through_the_api_reopens_with_its_own_data_seed_and_replays_exactly(guarded, live_server, you):
    run = saved_run(you, "api seeds", dataset={"name": "moons", "n_samples": 150, "seed": 11}, seed=4,
                    record_every=7, optimizer={"name": "momentum", "learning_rate": 0.2, "momentum": 0.8},
                    events=[{"step": 15, "changes": {"learning_rate": 0.05}}])
    note = reopened(guarded, live_server, run["id"])
    assert "cannot set" not in note and "dseed=11" in guarded.url
    assert guarded.evaluate(f"{RUN}.spec.dataset.seed") == 11 and guarded.evaluate(f"{RUN}.spec.seed") == 4
    guarded.click("#play")
    wait_for(guarded, f"{RUN}.state === 'stopped' && {RUN}.last.step === 40", timeout=60_000)
    last = guarded.evaluate(f"{RUN}.last")
    assert (last["loss"], last["params"]) == (run["final_loss"], run["params"])  # bit for bit


def test_a_setting_the_page_cannot_take_is_named_not_replayed_silently(guarded, live_server, artifacts, you):
    run = saved_run(you, "api wide batch", dataset={"name": "blobs", "n_samples": 1000, "seed": 3},
                    batch_size=500)
    note = reopened(guarded, live_server, run["id"])
    assert "This page cannot set batch_size as saved (500; here 256)" in note
    assert guarded.get_attribute("#saved-note", "data-differs") == "batch_size"
    assert guarded.locator("#dataset-info").inner_text().startswith("1000 rows")  # the rows it has, not the default
    guarded.screenshot(path=str(artifacts / "playground-reopened-differs.png"))


def test_the_table_keeps_its_actions_and_its_names_in_view(guarded, live_server, artifacts, you):
    """Issue 27: at 1440 px the Actions column was clipped ("Open" cut off), and a delete's
    confirmation pushed the Name column out of view."""
    saved_run(you, "lay a run with a rather long name indeed")
    page = open_runs(guarded, live_server, "lay ")
    box = "document.querySelector('.table-box')"
    fits = f"{box}.scrollWidth <= {box}.clientWidth + 1"
    assert page.evaluate(fits)
    right = page.evaluate(f"{box}.getBoundingClientRect().right")
    assert page.evaluate("Math.max(...[...document.querySelectorAll('td.actions > *')]"
                         ".map(e => e.getBoundingClientRect().right))") <= right
    page.click("button[aria-label^='Delete “lay ']")
    assert page.locator(".confirm").is_visible()
    assert page.evaluate(fits) and page.evaluate(f"{box}.scrollLeft") == 0
    assert page.locator("td.name").first.is_visible()
    page.screenshot(path=str(artifacts / "runs-confirm-delete-desktop.png"))
