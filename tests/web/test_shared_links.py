"""Links that share a run (issue 27): play=1 starts at once, at=N opens at the step the run was
shared at (fast-forwarded), Copy link writes both, and a replayed run marks its live changes as it
reaches them."""

from __future__ import annotations

from tests.web.helpers import wait_for

RUN1 = "window.gdviz.runs[0]"


def opened(page, base: str, query: str):
    page.goto(base + "/" + query)
    wait_for(page, "window.gdviz && window.gdviz.runs.length && window.gdviz.runs.every(r => r.last)")
    return page


def test_play_1_starts_at_once(guarded, live_server):
    page = opened(guarded, live_server, "?play=1&pace=steady&speed=100")
    wait_for(page, f"{RUN1}.running && {RUN1}.last.step > 5")
    assert "play=" not in page.url  # read once: a reload does not keep restarting it


def test_at_opens_at_the_shared_step_and_play_goes_on_from_there(guarded, live_server):
    page = opened(guarded, live_server, "?at=12345&pace=steady&speed=30")
    wait_for(page, f"{RUN1}.last.step === 12345 && {RUN1}.state === 'paused'", 60_000)
    assert page.evaluate(f"{RUN1}.history[0].step") == 0  # the whole way there, on the curves too
    page = opened(guarded, live_server, "?at=300&play=1&pace=steady&speed=30&race=adam:0.05")
    wait_for(page, "window.gdviz.runs.every(r => r.running && r.last.step > 300)", 60_000)


def test_copy_link_of_a_running_run_reopens_it_at_its_step_playing(playground):
    page = playground("?pace=steady&speed=50")
    page.click("#play")
    wait_for(page, f"{RUN1}.last.step > 20")
    page.click("#copy-link")
    wait_for(page, "document.getElementById('banner').textContent.includes('Link')")
    text = page.locator("#banner").inner_text()
    assert "opens at step" in text and "playing" in text


def test_a_replayed_link_marks_its_live_changes_as_it_reaches_them(playground):
    page = playground("?ev=20:lr=0.3;40:optimizer=adam")
    page.evaluate(f"{RUN1}.step(30)")
    wait_for(page, f"{RUN1}.last.step === 30 && window.gdviz.marks.length === 1")
    assert page.evaluate("window.gdviz.marks.map(m => [m.step, m.text])") == [[20, "α 0.30"]]
    page.evaluate(f"{RUN1}.step(20)")
    wait_for(page, "window.gdviz.marks.length === 2")
    assert page.evaluate("window.gdviz.marks[1].step") == 40
    shapes = page.evaluate("document.getElementById('loss-plot').layout.shapes.map(s => s.x0)")
    assert shapes == [20, 40]


def test_a_saved_race_is_one_link_that_reopens_the_race_with_each_runners_changes(playground, artifacts):
    page = playground("?race=adam:0.05&pace=steady&speed=30")
    page.evaluate("window.gdviz.runs.forEach(r => r.step(5))")
    wait_for(page, "window.gdviz.runs.every(r => r.last.step === 5)")
    page.evaluate("window.gdviz.runs.forEach(r => r.set({ l2: 0.01 }))")  # a change both runners took at step 5
    wait_for(page, "window.gdviz.runs.every(r => r.events.length === 1)")
    page.evaluate("window.gdviz.runs.forEach(r => r.step(10))")
    wait_for(page, "window.gdviz.runs.every(r => r.last.step === 15)")
    finals = page.evaluate("window.gdviz.runs.map(r => r.last.loss)")
    page.click("#save-open")
    page.fill("#save-name", "a race")
    page.click("#save-form button[type=submit]")
    wait_for(page, "document.getElementById('save-out').dataset.race", 60_000)
    link = page.evaluate("document.getElementById('save-out').dataset.race")
    assert link.startswith("/?runs=") and len(link.split("=")[1].split(",")) == 2
    origin = page.evaluate("window.location.origin")
    page.goto(origin + link)
    wait_for(page, "window.gdviz && window.gdviz.runs.length === 2 && window.gdviz.runs.every(r => r.last)")
    assert page.evaluate("window.gdviz.runs.map(r => r.runner.optimizer)") == ["gd", "adam"]
    assert page.evaluate("window.gdviz.runs.map(r => r.spec.events.length)") == [1, 1]  # each replays its own
    assert "ev2=" in page.url and "race=adam" in page.url
    page.evaluate("window.gdviz.runs.forEach(r => r.step(15))")
    wait_for(page, "window.gdviz.runs.every(r => r.last.step === 15)")
    assert page.evaluate("window.gdviz.runs.map(r => r.last.loss)") == finals  # the same race, bit for bit
    assert "saved race of 2" in page.locator("#saved-note").inner_text()
    page.screenshot(path=str(artifacts / "saved-race-reopened.png"))
