"""Each lesson page in Debian's Chromium: it draws, nothing errs, the live parts move."""

import numpy as np
import pytest

from app.engine import catalogue
from app.web.pages import LESSONS
from tests.web.helpers import wait_for


def open_lesson(guarded, live_server, slug, query=""):
    guarded.goto(f"{live_server}/lessons/{slug}{query}")
    return guarded


def trace_lengths(page, plot_id):
    return page.evaluate(
        f"(document.getElementById('{plot_id}').data || []).map(t => (t.x || t.z || []).length)")


def steps(page):
    return page.evaluate("window.gdviz.runs.map(r => r.last ? r.last.step : -1)")


@pytest.mark.parametrize("slug", [lesson.slug for lesson in LESSONS])
def test_every_lesson_links_to_the_others_and_the_playground(guarded, live_server, slug):
    page = open_lesson(guarded, live_server, slug)
    links = page.evaluate("[...document.querySelectorAll('.lesson-nav a')].map(a => a.getAttribute('href'))")
    assert set(links) == {f"/lessons/{lesson.slug}" for lesson in LESSONS if lesson.slug != slug} | {"/"}
    assert page.locator("math").count() >= 1  # server-rendered MathML, no JavaScript maths library
    scripts = page.evaluate("[...document.scripts].filter(s => s.type !== 'application/json')"
                            ".map(s => s.getAttribute('src'))")
    # the lesson's module, and plotly.js from this server, added after the first paint (vendor.js)
    assert sorted(scripts) == sorted([f"/static/js/lessons/{slug}.js", "/vendor/plotly.min.js"])


def test_mse_vs_ce(guarded, live_server, artifacts):
    page = open_lesson(guarded, live_server, "mse-vs-ce")
    wait_for(page, "document.getElementById('dz-plot').data && window.gdviz.runs.length === 2"
                           " && window.gdviz.runs.every(r => r.last)")
    assert trace_lengths(page, "prob-plot") == [199] * 4
    marks = page.evaluate("document.getElementById('dz-plot').data.filter(t => t.mode === 'markers+text')"
                          ".map(t => t.y)")
    assert marks[0] == pytest.approx([0.98, 0.82]) and marks[1] == pytest.approx([0.019208, 0.121032])
    page.click("#play")
    wait_for(page, "window.gdviz.runs.every(r => r.last.step >= 40)", timeout=20_000)
    wait_for(page, "document.getElementById('race-loss').data.every(t => (t.x || []).length > 10) && "
                   "['surface-ce', 'surface-mse'].every(id => (document.getElementById(id).data[1].x || [])"
                   ".length > 10)")
    ce, mse = page.evaluate("window.gdviz.runs.map(r => r.last.accuracy)")
    assert ce > mse  # from a confidently wrong start, MSE is still on its plateau
    wait_for(page, "window.gdviz.experiment !== undefined", timeout=30_000)
    page.screenshot(path=str(artifacts / "lesson-mse-vs-ce.png"), full_page=True)


def test_the_digits_experiment_shows_cross_entropy_ahead_after_five_epochs(guarded, live_server):
    page = open_lesson(guarded, live_server, "mse-vs-ce")
    wait_for(page, "window.gdviz.experiment !== undefined", timeout=30_000)
    result = page.evaluate("window.gdviz.experiment")
    for task in ("binary", "softmax"):
        assert result[task]["epochs"][-1] == 5
        assert result[task]["cross_entropy"][5] > result[task]["mse"][5]
    rows = page.locator("#exp-table tr")
    assert rows.count() == 7  # header and epochs 0..5
    last = rows.nth(6).locator("td")
    assert "better" in last.nth(0).get_attribute("class") and "better" in last.nth(2).get_attribute("class")


def test_softmax_on_digits(guarded, live_server, artifacts):
    page = open_lesson(guarded, live_server, "softmax", "?optimizer=adam&lr=0.01&fastest=1")
    wait_for(page, "window.gdviz.runs.length && window.gdviz.runs[0].last")
    page.click("#play")
    wait_for(page, "window.gdviz.runs[0].last.step >= 60", timeout=20_000)
    wait_for(page, "window.gdviz.confusion && window.gdviz.probabilities")
    page.click("#play")  # pause, so the numbers below describe one theta
    wait_for(page, "window.gdviz.runs[0].state === 'paused'")
    wait_for(page, "window.gdviz.confusionStep === window.gdviz.runs[0].last.step && "
                   "window.gdviz.probabilities.step === window.gdviz.runs[0].last.step")
    weights = page.evaluate("document.getElementById('weights-plot').data.map(t => t.z.flat())")
    assert len(weights) == 10 and all(len(w) == 64 for w in weights)
    assert any(abs(v) > 0.05 for w in weights for v in w)
    confusion = page.evaluate("window.gdviz.confusion")
    assert sum(map(sum, confusion)) == 359
    assert sum(confusion[k][k] for k in range(10)) > 0.8 * 359
    probs = page.evaluate("window.gdviz.probabilities")
    assert sum(probs["probabilities"]) == pytest.approx(1.0)
    page.locator("#index").fill("42")
    wait_for(page, "window.gdviz.probabilities.index === 42")
    assert "index=42" in page.url
    page.screenshot(path=str(artifacts / "lesson-softmax.png"), full_page=True)


def test_nonlinearity(guarded, live_server, artifacts):
    page = open_lesson(guarded, live_server, "nonlinearity", "?fastest=1")
    wait_for(page, "window.gdviz.runs.length === 3 && window.gdviz.runs.every(r => r.last)")
    page.click("#play")
    wait_for(page, "window.gdviz.runs.every(r => r.last.step >= 300)", timeout=30_000)
    line, mapped, network = page.evaluate("window.gdviz.runs.map(r => r.last.accuracy)")
    assert line < 0.75 and mapped > 0.9 and network > 0.9
    wait_for(page, "document.getElementById('boundary-2').data && "
                           "document.getElementById('boundary-2').data.length === 3")
    assert "app/" not in page.locator("main").inner_text()  # plain words, no file names for a learner
    page.screenshot(path=str(artifacts / "lesson-nonlinearity.png"), full_page=True)


def test_losses_gallery(guarded, live_server, artifacts):
    page = open_lesson(guarded, live_server, "losses")
    wait_for(page, "document.getElementById('margin-plot').data && window.gdviz.information")
    assert len(trace_lengths(page, "margin-plot")) == 6
    before = page.evaluate("window.gdviz.information.kl")
    assert before > 0 and page.inner_text("#kl").endswith("nats")  # nats by default, like the training losses
    assert page.text_content("label[for=p-0]") == "p(A) weight 4.0 →0.400"  # the weight and its share
    log_at_zero = page.evaluate("document.getElementById('margin-plot').data[3].y[100]")  # margin 0
    assert abs(log_at_zero - 0.6931) < 1e-3  # ln 2 nats
    page.check("#log-bits")
    wait_for(page, "Math.abs(document.getElementById('margin-plot').data[3].y[100] - 1) < 1e-9")  # log2: 1 at 0
    page.select_option("#unit", "bits")
    wait_for(page, "window.gdviz.information.unit === 'bits'")
    assert page.inner_text("#kl").endswith("bits")
    assert abs(page.evaluate("window.gdviz.information.kl") - before / 0.6931471805599453) < 1e-9
    for i, value in enumerate(["4", "3", "2", "1"]):  # make q equal to p
        page.locator(f"#q-{i}").fill(value)
    wait_for(page, "Math.abs(window.gdviz.information.kl) < 1e-9")
    assert "q=4%2C3%2C2%2C1" in page.url or "q=4,3,2,1" in page.url
    page.screenshot(path=str(artifacts / "lesson-losses.png"), full_page=True)


def test_activations_and_vanishing_gradient(guarded, live_server, artifacts):
    page = open_lesson(guarded, live_server, "activations")
    wait_for(page, "window.gdviz.vanishing && document.getElementById('deriv-plot').data")
    assert len(trace_lengths(page, "act-plot")) == len(catalogue.names("activations"))
    out = page.evaluate("window.gdviz.vanishing")
    assert out["sigmoid"][0] < 1e-3 * out["relu"][0]
    ratios = out["ratios"]["sigmoid"]  # layer l over layer l + 1: about 0.2-0.33, not capped at 1/4
    assert len(ratios) == 11 and all(0.15 < r < 0.4 for r in ratios) and max(ratios) > 0.25
    summary = page.evaluate("window.gdviz.sigmoidRatios")
    assert summary["min"] <= summary["median"] <= summary["max"] == pytest.approx(max(ratios))
    assert f"max {summary['max']:.3f}" in page.locator("#ratio-readout").inner_text()
    assert len(trace_lengths(page, "ratio-plot")) == len(catalogue.names("activations"))
    page.locator("#depth").fill("20")
    wait_for(page, "window.gdviz.vanishing.layers.length === 20 && window.gdviz.vanishing.collapse.depth === 20")
    page.screenshot(path=str(artifacts / "lesson-activations.png"), full_page=True)


def test_activations_every_curve_is_visible(guarded, live_server):
    # ReLU, leaky ReLU and linear share g(z) = z for z > 0: linear is a wide pale band drawn first
    page = open_lesson(guarded, live_server, "activations")
    wait_for(page, "document.getElementById('deriv-plot').data")
    for plot in ("act-plot", "deriv-plot"):
        styles = page.evaluate(f"document.getElementById('{plot}').data.map(t => [t.name, t.line.width, "
                               "t.line.dash, t.opacity])")
        names = [name for name, *_ in styles]
        assert names[0] == "linear" and names.index("relu") < names.index("leaky_relu")
        by = {name: rest for name, *rest in styles}
        assert by["linear"][0] > 2 * by["relu"][0] and by["linear"][2] < 1  # under the others, see-through
        assert by["leaky_relu"][1] == "dot" and by["relu"][1] == "solid"


def test_linear_collapse_relu_sparsity_and_timing(guarded, live_server, artifacts):
    page = open_lesson(guarded, live_server, "activations", "?depth=8")
    wait_for(page, "window.gdviz.vanishing && window.gdviz.timing")
    collapse = page.evaluate("window.gdviz.vanishing.collapse")
    assert collapse["depth"] == 8 and collapse["max_difference"] < 1e-12  # the deep net is X·W + b
    readout = page.locator("#collapse-readout").inner_text()
    assert f"{collapse['max_difference']:.1e}" in readout and "one 4×3 map" in readout
    cells = page.locator("#collapse-table td").all_inner_texts()
    assert len(cells) == 15  # W (4 x 3) and b (3)
    assert [float(c) for c in cells[:3]] == pytest.approx(collapse["product"][0], rel=1e-3)
    share = page.evaluate("window.gdviz.vanishing.relu_inactive")
    assert len(share) == 8 and all(0 <= s <= 1 for s in share)
    assert page.locator("#sparsity-readout").inner_text().startswith(f"layer 1: {100 * share[0]:.1f}%")
    trained = wait_for(page, "window.gdviz.trained")
    assert all(0 <= s <= 1 for s in (*trained["after"], *trained["dead"]))
    assert f"): layer 1 {100 * trained['after'][0]:.1f}%, " in page.locator("#trained-readout").inner_text()
    rows = page.locator("#time-table tr").all_inner_texts()
    assert [r.split("\t")[0] for r in rows] == ["time (ms)", "sigmoid", "tanh", "relu"]
    for row in rows[1:]:  # min <= median <= max as shown
        low, mid, high = (float(v) for v in row.split("\t")[1:4])
        assert low <= mid <= high
    for s in page.evaluate("Object.values(window.gdviz.timing.seconds)"):
        assert s["min"] <= s["median"] <= s["max"]
    page.click("#time-run")  # timed again on demand; the button comes back when done
    wait_for(page, "!document.getElementById('time-run').disabled")
    page.screenshot(path=str(artifacts / "lesson-activations-readouts.png"), full_page=True)


def test_chain_rule(guarded, live_server, artifacts):
    page = open_lesson(guarded, live_server, "chain-rule", "?speed=30")
    wait_for(page, "window.gdviz.chain !== undefined")
    first = page.evaluate("window.gdviz.chain")
    assert first["dz"] == pytest.approx(first["a"] - first["y"])
    assert first["standardised"] is True and "is standardised" in page.text_content("#x-note")
    page.click("#play")
    wait_for(page, "window.gdviz.chain.step >= 15", timeout=20_000)
    later = page.evaluate("window.gdviz.chain")
    assert later["w"] != first["w"]  # the graph follows training
    assert page.locator("#plugged math").count() == 8
    assert "×" in page.text_content("#plugged") and "0log" not in page.text_content("#plugged").replace(" ", "")
    page.locator("#n").fill("4")  # 10^4
    page.click("#time-it")
    timing = wait_for(page, "window.gdviz.timing && window.gdviz.timing.n === 10000 && window.gdviz.timing")
    for part in ("loop", "dot", "ratio_spread"):  # the spread's shape; which is faster is the machine's
        assert timing[part]["min"] <= timing[part]["median"] <= timing[part]["max"]
    for row in ("min", "median", "max"):
        assert page.inner_text(f"#t-ratio-{row}").endswith("×") and page.inner_text(f"#t-loop-{row}").endswith("ms")
    page.screenshot(path=str(artifacts / "lesson-chain-rule.png"), full_page=True)


def numpy_chain(x, w, b, y):
    """z, a, L, dz, dw, db of one sample, by hand."""
    x, w = np.asarray(x, float), np.asarray(w, float)
    z = x @ w + b
    a = 1 / (1 + np.exp(-z))
    dz = a - y
    return {"z": z, "a": a, "loss": -(y * np.log(a) + (1 - y) * np.log(1 - a)), "dz": dz, "dw": x * dz, "db": dz}


def test_chain_rule_with_my_own_numbers_the_preset_and_the_average(guarded, live_server, artifacts):
    page = open_lesson(guarded, live_server, "chain-rule")
    page.check("#src-own")
    for key, value in {"x1": "0.8", "x2": "-1.5", "w1": "1.25", "w2": "0.5", "b": "-0.3"}.items():
        page.fill(f"#{key}", value)
    page.select_option("#y", "0")
    v = wait_for(page, "(c => c && c.src === 'own' && c.y === 0 && c.b === -0.3 && c.x[1] === -1.5 && c)"
                       "(window.gdviz.chain)")
    want = numpy_chain([0.8, -1.5], [1.25, 0.5], -0.3, 0)
    for key in ("z", "a", "loss", "dz", "db"):
        assert v[key] == pytest.approx(want[key], rel=1e-12), key
    np.testing.assert_allclose(v["dw"], want["dw"], rtol=1e-12)
    assert v["standardised"] is False and "taken as typed" in page.text_content("#x-note")
    plugged = page.text_content("#plugged")
    for number in (want["z"], want["a"], want["loss"], *want["dw"]):
        assert f"{abs(number):.4g}" in plugged
    assert float(page.inner_text("#v-z").removeprefix("z = ")) == pytest.approx(want["z"], rel=1e-3)
    # the average over the m samples at the same w and b, beside the one sample
    mean = v["mean_gradient"]
    assert mean["m"] == 160 and page.inner_text("#m-count") == "m = 160"
    assert float(page.inner_text("#avg-dw1")) == pytest.approx(mean["dw"][0], rel=1e-3)
    assert float(page.inner_text("#one-dw1")) == pytest.approx(want["dw"][0], rel=1e-3)
    assert all(f"{abs(g):.4g}" in page.text_content("#plugged-mean") for g in [*mean["dw"], mean["db"]])
    page.screenshot(path=str(artifacts / "lesson-chain-rule-own.png"), full_page=True)

    page.click("#preset")  # article 003 has symbols only: x = (1, 2), y = 1, w = (0.5, -0.5), b = 0
    v = wait_for(page, "(c => c && c.y === 1 && c.x[0] === 1 && c.b === 0 && c)(window.gdviz.chain)")
    want = numpy_chain([1, 2], [0.5, -0.5], 0, 1)
    assert v["z"] == -0.5 and v["a"] == pytest.approx(want["a"]) and v["da"] == pytest.approx(-1 / want["a"])
    np.testing.assert_allclose([*v["dw"], v["db"]], [*want["dw"], want["db"]])
    assert page.input_value("#x2") == "2" and page.input_value("#w2") == "-0.5"
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(artifacts / "lesson-chain-rule-preset-phone.png"), full_page=True)
