"""A link copied after live changes replays the run bit for bit (Debian's Chromium, live server)."""

from tests.web.helpers import wait_for

RUN = "window.gdviz.runs[0]"


def step_to(page, n):
    page.click("#step10")
    wait_for(page, f"{RUN}.last.step === {n}")


def play_to_the_end(page, last_step):
    page.click("#play")
    wait_for(page, f"{RUN}.state === 'stopped' && {RUN}.last.step === {last_step}", timeout=60_000)
    return page.evaluate(f"{RUN}.last")


def test_a_link_copied_after_live_changes_replays_them(playground, artifacts):
    # played at 300 steps/s, the copy too: the pace is not logged and changes no step
    page = playground("?seed=7&dataset=moons&batch=mini&batch_size=16&max_steps=60&speed=300")
    step_to(page, 10)
    page.locator("#lr").fill("-2")  # log10: the learning rate 0.01 from step 10
    wait_for(page, f"{RUN}.events.length === 1")
    step_to(page, 20)
    page.select_option("#optimizer", "adam")
    wait_for(page, f"{RUN}.events.length === 2")
    assert page.evaluate(f"{RUN}.events") == [{"step": 10, "changes": {"learning_rate": 0.01}},
                                               {"step": 20, "changes": {"optimizer": "adam"}}]
    original = play_to_the_end(page, 60)
    page.click("#copy-link")
    banner = page.locator("#banner")
    wait_for(page, "document.getElementById('banner').textContent.includes('live change')")
    assert "2 live changes" in banner.inner_text()
    link = page.url
    assert "ev=10:lr=0.01;20:optimizer=adam" in link and "lr=0.01" not in link.split("ev=")[0]
    page.screenshot(path=str(artifacts / "playground-replay-original.png"))
    events = page.evaluate(f"{RUN}.events")

    # the link opened in the same tab: a new page load that keeps nothing but the link (the page keeps
    # no storage), its scripts from the tab's cache rather than a cold browser context's
    page.goto(link)
    wait_for(page, f"window.gdviz && window.gdviz.runs.length && {RUN}.last && {RUN}.last.step === 0")
    assert page.evaluate(f"{RUN}.spec.events") == events
    replayed = play_to_the_end(page, 60)
    assert (replayed["loss"], replayed["params"]) == (original["loss"], original["params"])
    assert replayed == original
    assert page.evaluate(f"{RUN}.events") == events
    # the controls followed the replayed changes, as they did in the original page
    assert page.evaluate("[window.gdviz.state.lr, window.gdviz.state.optimizer]") == [0.01, "adam"]
    assert page.locator("#optimizer").input_value() == "adam" and page.locator("#lr-out").inner_text() == "0.0100"
    assert "ev=10:lr=0.01;20:optimizer=adam" in page.url  # its own link still carries the log
    page.screenshot(path=str(artifacts / "playground-replay-replayed.png"))


def test_a_reset_starts_a_new_log_and_the_link_is_the_settings_again(playground):
    page = playground("?seed=3&max_steps=40")
    step_to(page, 10)
    page.locator("#lr").fill("-2")
    wait_for(page, f"{RUN}.events.length === 1 && location.search.includes('ev=')")
    page.click("#reset")
    wait_for(page, f"{RUN}.events.length === 0 && !location.search.includes('ev=')")
    assert "lr=0.01" in page.url and "ev=" not in page.url  # the run goes on from step 0 under the settings in force


def test_changes_before_the_first_step_stay_in_the_settings(playground):
    page = playground("?seed=3&max_steps=40")
    page.locator("#lr").fill("-2")
    wait_for(page, f"{RUN}.events.length === 1")
    assert page.evaluate(f"{RUN}.events") == [{"step": 0, "changes": {"learning_rate": 0.01}}]
    assert "lr=0.01" in page.url and "ev=" not in page.url  # the same run from step 0: no log needed
