"""The playground in Debian's Chromium, driven by Playwright against a live server."""

import csv
import io
import json

from tests.web.helpers import wait_for

LAST_STEP = "window.gdviz.runs[0].last.step"


def wait_steps(page, n, run=0):
    wait_for(page, f"window.gdviz.runs[{run}].last.step >= {n}", timeout=20_000)


# points in the first run's path as drawn (a layout shape, moved between slices)
PATH_POINTS = ("(document.getElementById('surface-plot').layout.shapes || [])"
               ".filter(s => s.type === 'path' && s.name !== 'gradient')[0].path.split('L').length")


def path_length(page):
    return page.evaluate(PATH_POINTS)


def test_training_lowers_the_loss_and_draws_the_path(playground, artifacts):
    page = playground()
    page.click("#play")
    wait_steps(page, 20)
    wait_for(page, "(document.getElementById('surface-plot').data || []).length > 1")
    early = path_length(page)
    wait_steps(page, 80)
    wait_for(page, f"{PATH_POINTS} > {early}")
    later = path_length(page)
    assert later > early > 1
    history = page.evaluate("window.gdviz.runs[0].history.filter(r => 'loss' in r).map(r => r.loss)")  # evaluated
    assert history[-1] < 0.5 * history[0]
    assert page.locator("#play").inner_text() == "Pause"
    assert float(page.locator("#r-loss").inner_text()) < history[0]
    assert page.evaluate("document.getElementById('loss-plot').data[0].y.length") > 20
    arrows = page.evaluate("document.getElementById('surface-plot').layout.shapes.filter(s => s.name === 'gradient')")
    assert len(arrows) == 1  # the negative gradient
    page.screenshot(path=str(artifacts / "playground-blobs.png"))


def test_learning_rate_changes_mid_run_and_the_next_steps_carry_it(playground):
    page = playground()
    page.click("#play")
    wait_steps(page, 10)
    page.locator("#lr").fill("-2")  # log10: 0.01
    wait_for(page, "window.gdviz.runs[0].history.some(r => r.learning_rate === 0.01)")
    wait_steps(page, page.evaluate(LAST_STEP) + 5)
    rates = page.evaluate("window.gdviz.runs[0].history.slice(1).map(r => r.learning_rate)")
    switch = rates.index(0.01)
    assert switch >= 9 and set(rates[:switch]) == {0.1} and set(rates[switch:]) == {0.01}
    assert "lr=0.01" in page.url
    assert page.locator("#lr-out").inner_text() == "0.0100"


def test_pause_step_and_reset(playground):
    page = playground()
    page.click("#play")
    wait_steps(page, 5)
    page.click("#play")  # pause
    wait_for(page, "window.gdviz.runs[0].state === 'paused'")
    at = page.evaluate(LAST_STEP)
    page.click("#step1")
    wait_for(page, f"{LAST_STEP} === {at + 1}")
    page.click("#step10")
    wait_for(page, f"{LAST_STEP} === {at + 11}")
    # stepping does not resume the run: a pause is answered, in order, with the step the
    # server has made, which is exactly the last one stepped to
    seen = page.evaluate("window.gdviz.runs[0].statuses")
    page.evaluate("window.gdviz.runs[0].socket.pause()")
    wait_for(page, f"window.gdviz.runs[0].statuses > {seen}")
    assert page.evaluate("[window.gdviz.runs[0].state, window.gdviz.runs[0].statusStep]") == ["paused", at + 11]
    page.click("#reset")
    wait_for(page, f"{LAST_STEP} === 0")
    assert page.evaluate("window.gdviz.runs[0].history.length") == 1
    wait_for(page, "document.getElementById('r-step').textContent === '0'")  # drawn on the next frame


def test_space_bar_plays_and_pauses(playground):
    page = playground()
    page.locator("body").press("Space")
    wait_steps(page, 3)
    page.locator("body").press("Space")
    wait_for(page, "window.gdviz.runs[0].state === 'paused'")


def test_race_two_optimizers_on_one_surface(playground, artifacts):
    page = playground("?race=adam:0.05")
    assert page.evaluate("window.gdviz.runs.length") == 2
    start = page.evaluate("window.gdviz.runs.map(r => JSON.stringify(r.last.params))")
    assert start[0] == start[1]  # the same initial theta
    page.click("#play")
    wait_steps(page, 60, run=0)
    wait_steps(page, 60, run=1)
    wait_for(page, "document.getElementById('surface-plot').data"
                   ".filter(t => (t.name || '').endsWith('path') && (t.x || []).length > 5).length === 2")
    curves = page.evaluate("document.getElementById('loss-plot').data.map(t => t.y.length)")
    assert len(curves) == 4 and min(curves) > 10
    finals = page.evaluate("window.gdviz.runs.map(r => r.last.loss)")
    assert finals[0] != finals[1]
    page.screenshot(path=str(artifacts / "playground-race.png"))


def test_add_a_runner_from_the_page(playground):
    page = playground()
    page.click("#race-add")
    wait_for(page, "window.gdviz.runs.length === 2 && window.gdviz.runs[1].last")
    assert "race=" in page.url
    page.locator("#race-opt-1").select_option("rmsprop")
    wait_for(page, "window.gdviz.runs[1].runner.optimizer === 'rmsprop'")


def test_a_bad_csv_upload_shows_a_readable_error(playground, artifacts):
    page = playground()
    page.expected_console_errors.append("status of 422")  # Chromium logs the refused upload
    page.set_input_files("#upload", files=[{"name": "bad.csv", "mimeType": "text/csv",
                                            "buffer": b"a,b,label\n1,2,x\n3,4\n5,6,y\n"}])
    error = page.locator("#upload-error")
    error.wait_for(state="visible")
    assert "a row has 2 cells where the header has 3" in error.inner_text()
    assert "Quote cells that contain the delimiter, or fix that row" in error.inner_text()
    page.screenshot(path=str(artifacts / "playground-bad-upload.png"))


def test_a_copied_link_reproduces_the_run(playground):
    page = playground("?seed=7&optimizer=adam&lr=0.05&batch=mini&batch_size=16&dataset=moons")
    page.click("#step10")
    wait_for(page, f"{LAST_STEP} === 10")
    first = page.evaluate("window.gdviz.runs[0].history.map(r => r.params)")  # on every record
    # the link opened in the same tab: a new page load that keeps nothing but the link (the page keeps
    # no storage), its scripts from the tab's cache rather than a cold browser context's
    page.goto(page.url)
    wait_for(page, "window.gdviz && window.gdviz.runs.length && window.gdviz.runs[0].last")
    page.evaluate("document.querySelectorAll('details.group').forEach(d => d.open = true)")
    assert page.evaluate(LAST_STEP) == 0
    assert page.locator("#optimizer").input_value() == "adam"
    assert page.locator("#dataset").input_value() == "moons"
    assert page.locator("#batch").input_value() == "mini"
    page.click("#step10")
    wait_for(page, f"{LAST_STEP} === 10")
    assert page.evaluate("window.gdviz.runs[0].history.map(r => r.params)") == first


def test_export_history_as_csv_and_json(playground):
    page = playground()
    page.click("#step10")
    wait_for(page, f"{LAST_STEP} === 10")
    with page.expect_download() as info:
        page.click("#export-csv")
    rows = list(csv.DictReader(io.StringIO(open(info.value.path()).read())))
    assert [int(r["step"]) for r in rows] == list(range(11))
    assert {"loss", "grad_norm", "w1", "w2", "b"} <= set(rows[0])
    with page.expect_download() as info:
        page.click("#export-json")
    body = json.load(open(info.value.path()))
    assert body["runs"][0]["param_names"] == ["w1", "w2", "b"]
    assert len(body["runs"][0]["history"]) == 11
    # the saved state is the run spec: POST /api/train with it makes the same steps
    spec = body["runs"][0]["spec"]
    del spec["speed"], spec["pace"], spec["paused"]
    base = page.url.split("/?")[0].rstrip("/")
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "gdviz_csrf")  # as kit.js sends it
    again = page.request.post(base + "/api/train", data={**spec, "max_steps": 10},
                              headers={"x-csrf-token": csrf}).json()
    live = {r["step"]: r for r in body["runs"][0]["history"]}
    compared = 0  # each record has the fields that were computed for it: compare those both have
    for record in again["history"]:
        for key in ("batch_loss", "loss", "params"):
            if key in record and key in live[record["step"]]:
                assert record[key] == live[record["step"]][key], (record["step"], key)
                compared += 1
    assert compared >= 2 and "loss" in live[10] and "loss" in live[0]


def test_every_plot_offers_png_export(playground):
    page = playground()
    wait_for(page, "['surface-plot', 'boundary-plot'].every(id => document.getElementById(id).data)")
    for plot in ("surface-plot", "boundary-plot", "loss-plot", "grad-plot", "params-plot"):
        titles = page.evaluate(f"[...document.querySelectorAll('#{plot} .modebar-btn')]"
                               ".map(b => b.getAttribute('data-title'))")
        assert "Download plot as a PNG" in titles
        assert not any("Share" in t or "Edit" in t for t in titles)  # nothing offers to upload


def test_every_control_is_labelled_and_shows_its_value(playground):
    page = playground()
    unlabelled = page.evaluate("""[...document.querySelectorAll(
        'aside input, aside select, .toolbar select, .toolbar input')].filter(el =>
        !el.getAttribute('aria-label') && !document.querySelector(`label[for="${el.id}"]`))
        .map(el => el.outerHTML)""")
    assert unlabelled == []
    for slider in page.locator("aside input[type=range]").all():
        slider_id = slider.get_attribute("id")
        assert page.locator(f"#{slider_id}-out").count() == 1, slider_id


def test_softmax_on_digits_uses_a_pca_or_random_slice(playground, artifacts):
    page = playground("?dataset=digits&model=softmax&optimizer=adam&lr=0.01&surface=pca")
    page.click("#step10")
    wait_for(page, f"{LAST_STEP} === 10")
    wait_for(page, "window.gdviz.surface && window.gdviz.surface.mode === 'pca'"
                           " && window.gdviz.surface.step === 10", timeout=20_000)
    title = page.evaluate("window.gdviz.surface.title")
    assert "PCA plane" in title and "(0%" not in title
    assert path_length(page) == 11  # the 650-D path of steps 0..10, projected onto the plane
    page.screenshot(path=str(artifacts / "playground-digits-pca.png"))


def test_divergence_is_shown_plainly(playground, artifacts):
    page = playground("?dataset=breast_cancer&standardize=0&lr=10")
    page.click("#play")
    wait_for(page, "window.gdviz.runs[0].state === 'stopped'", timeout=20_000)
    assert page.evaluate("window.gdviz.runs[0].stopReason") == "diverged"
    banner = page.locator("#banner")
    assert banner.is_visible() and "diverged" in banner.inner_text()
    assert page.locator("#play").inner_text() == "Play"
    page.screenshot(path=str(artifacts / "playground-diverged.png"))


def test_reaching_max_steps_is_shown(playground):
    page = playground("?max_steps=15&fastest=1")
    page.click("#play")
    wait_for(page, "window.gdviz.runs[0].state === 'stopped'")
    assert "step limit (max steps 15)" in page.locator("#banner").inner_text()
    assert page.evaluate(LAST_STEP) == 15


def test_schedule_and_its_parameters_change_mid_run(playground):
    page = playground("?lr=0.5")
    page.click("#step1")
    wait_for(page, f"{LAST_STEP} === 1")
    page.locator("#schedule").select_option("step")
    assert page.locator("#step_size").is_visible() and page.locator("#decay").is_hidden()
    page.locator("#step_size").fill("1")  # a log slider: 10^1 = every 10 steps
    page.locator("#gamma").fill("0.2")  # sent once the slider settles (300 ms): both before the step below
    wait_for(page, "(s => s.gamma === 0.2 && s.step_size === 10)(window.gdviz.runs[0].config.schedule)")
    page.click("#step10")
    wait_for(page, f"{LAST_STEP} === 11")
    rates = page.evaluate("window.gdviz.runs[0].history.map(r => r.learning_rate)")
    # t counts updates made: steps 2..10 use t = 1..9 (rate 0.5), step 11 uses t = 10 (0.5 * 0.2)
    assert rates[2:11] == [0.5] * 9 and abs(rates[11] - 0.1) < 1e-12
    # the link: the settings the run started from, and the changes at their steps (schedule.name=step, ...)
    assert "ev=1:schedule.name=step" in page.url and "gamma=0.2" in page.url and "step_size=10" in page.url


def test_the_maths_being_run_follows_the_model_and_loss(playground):
    page = playground()
    page.click("details.maths summary")
    wait_for(page, "document.querySelectorAll('.maths-case:not([hidden])').length === 1")
    shown = page.locator(".maths-case:not([hidden])")
    assert shown.count() == 1 and shown.get_attribute("data-loss") == "cross_entropy"
    assert shown.locator("math").first.is_visible()
    page.select_option("#loss", "mse")  # a live change: the panel follows it at the next readout
    page.click("#step1")
    wait_for(page, "document.querySelector('.maths-case:not([hidden])').dataset.loss === 'mse'")
    wait_for(page, "document.querySelector('.maths-values').textContent.includes('step 1')")


def test_the_gradient_check_reads_exact_on_the_page(playground, artifacts):
    """Softmax on digits: a plain relative error read 8.3e-3 there; on the gradient's scale it is exact."""
    page = playground("?dataset=digits&model=softmax")
    page.click("#step10")
    wait_for(page, f"{LAST_STEP} === 10")
    page.click("details.maths summary")
    page.click("#gradcheck")
    wait_for(page, "window.gdviz.gradcheck", timeout=60_000)
    check = page.evaluate("window.gdviz.gradcheck")
    assert check["exact"] and check["max_relative_error"] < 1e-6 and check["step"] == 10
    assert "exact" in page.locator("#gradcheck-out").inner_text()
    page.locator("details.maths").screenshot(path=str(artifacts / "playground-gradcheck.png"))


def test_the_playground_trains_the_network_with_its_own_settings(playground, artifacts):
    """The network is in the model menu because the catalogue lists it; its settings
    (hidden units, activation) show only while it is chosen, and a change restarts the run."""
    # played at 300 steps/s: the test waits for 150 steps, not for the pace
    page = playground("?dataset=circles&model=mlp&hidden=6&activation=tanh&optimizer=adam&lr=0.05&speed=300")
    assert page.locator("#model").input_value() == "mlp"
    assert page.locator("#hidden").is_visible() and page.locator("#activation").is_visible()
    assert page.evaluate("window.gdviz.runs[0].paramNames.length") == 2 * 6 + 6 + 6 + 1
    page.click("#play")
    wait_steps(page, 150)
    page.click("#play")
    first, last = page.evaluate("[window.gdviz.runs[0].history[0].loss, window.gdviz.runs[0].last.loss]")
    assert last < 0.7 * first
    wait_for(page, "window.gdviz.surface && document.getElementById('surface-plot').data.length > 1")
    page.screenshot(path=str(artifacts / "playground-network.png"))
    page.locator("#activation").select_option("relu")
    wait_for(page, "window.gdviz.runs[0].last && window.gdviz.runs[0].last.step === 0")
    assert "activation=relu" in page.url
    page.locator("#model").select_option("logistic")
    wait_for(page, "window.gdviz.runs[0].paramNames.length === 3")
    assert page.locator("#hidden").is_hidden()


def test_a_deeper_network_shows_a_width_per_layer(playground, artifacts):
    # played at 300 steps/s: the test waits for 100 steps, not for the pace
    page = playground("?dataset=spiral&model=mlp&layers=3&hidden=8&hidden2=6&hidden3=4&optimizer=adam&lr=0.03"
                      "&speed=300")
    assert page.locator("#hidden2").is_visible() and page.locator("#hidden3").is_visible()
    assert page.locator("#hidden4").is_hidden()  # past the depth
    assert page.evaluate("window.gdviz.runs[0].paramNames.length") == 2 * 8 + 8 * 6 + 6 * 4 + 4 + 8 + 6 + 4 + 1
    page.locator("#layers").fill("2")  # one layer fewer: hidden3 goes, the run restarts with it
    # until the (debounced) restart, requests about the run still describe the run's own model
    page.evaluate("document.getElementById('gradcheck').click()")
    wait_for(page, "!['', 'checking…'].includes(document.getElementById('gradcheck-out').textContent)")
    assert "exact" in page.locator("#gradcheck-out").text_content()
    wait_for(page, "window.gdviz.runs[0].paramNames.length === 2 * 8 + 8 * 6 + 6 + 8 + 6 + 1")
    assert page.locator("#hidden3").is_hidden() and "layers=2" in page.url
    page.click("#play")
    wait_steps(page, 100)
    wait_for(page, "window.gdviz.surface && document.getElementById('surface-plot').data.length > 1")
    # the gradient reaching each layer, plotted against iteration: two hidden layers and the output
    assert page.locator("#layer-grad-plot").is_visible()
    page.locator("#layer-grad-plot").scroll_into_view_if_needed()  # a plot off screen waits to be seen
    wait_for(page, "document.getElementById('layer-grad-plot').data.length === 3 && "
                   "document.getElementById('layer-grad-plot').data.every(t => t.y.length > 20)")
    last = page.evaluate("window.gdviz.runs[0].last.layer_grads")
    assert len(last) == 3 and all(g > 0 for g in last)
    page.locator("#layer-grad-plot").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "playground-deep-network.png"), full_page=True)
    page.locator("#model").select_option("softmax")
    wait_for(page, "window.gdviz.runs[0].paramNames.length === 6")
    assert page.locator("#layer-grad-plot").is_hidden()


def test_a_data_sets_own_parameter_has_its_control_from_the_catalogue(playground):
    """digit_vs_rest's digit: a row built from its catalogue parameter, shown for that set alone;
    moving it starts the runs again on the new digit, and the address keeps it."""
    page = playground("?dataset=digit_vs_rest")
    row, samples = page.locator(".row.data-setting:has(#digit)"), page.locator(".row.data-setting:has(#n)")
    assert row.is_visible() and not samples.is_visible()  # a real set: no sample count, its own digit
    assert page.get_attribute("#digit", "min") == "0" and page.get_attribute("#digit", "max") == "9"
    assert "Digit against the rest" in row.inner_text() and page.locator("#digit-out").inner_text() == "0"
    page.locator("#digit").fill("3")
    wait_for(page, "window.gdviz.runs[0].spec.dataset.digit === 3 && window.gdviz.runs[0].last")
    assert "digit=3" in page.url and page.locator("#digit-out").inner_text() == "3"
    page.goto(page.url)
    wait_for(page, "window.gdviz && window.gdviz.runs.length && window.gdviz.runs[0].last")
    page.evaluate("document.querySelectorAll('details.group').forEach(d => d.open = true)")
    assert page.input_value("#digit") == "3" and page.evaluate("window.gdviz.runs[0].spec.dataset.digit") == 3
    page.select_option("#dataset", "blobs")
    assert not page.locator(".row.data-setting:has(#digit)").is_visible() and samples.is_visible()
