import pytest

from app.engine import catalogue
from tests.lessons.facade import open_lesson, trace_lengths
from tests.web.helpers import wait_for


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
