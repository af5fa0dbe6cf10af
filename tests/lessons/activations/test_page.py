"""The activations lesson in Chromium: the curves (each visible where they coincide), the gradient per
layer and its layer-to-layer ratios, ReLU's idle units, the linear stack's collapse and the timings."""

import pytest

from app.engine import catalogue
from tests.lessons.facade import Lesson


def test_activations_and_vanishing_gradient(guarded, live_server, artifacts):
    page = guarded
    lesson = Lesson.open(page, live_server, "activations")
    assert len(lesson.trace_lengths("act-plot")) == len(catalogue.names("activations"))
    assert len(lesson.trace_lengths("deriv-plot")) == len(catalogue.names("activations"))
    sizes = lesson.fact("vanishing")["sizes"]
    assert sizes["sigmoid"][0] < 1e-3 * sizes["relu"][0]
    drawn = lesson.fact("ratios")
    ratios = drawn["ratios"]["sigmoid"]  # layer l over layer l + 1: about 0.2-0.33, not capped at 1/4
    assert len(ratios) == 11 and all(0.15 < r < 0.4 for r in ratios) and max(ratios) > 0.25
    summary = drawn["sigmoid"]
    assert summary["min"] <= summary["median"] <= summary["max"] == pytest.approx(max(ratios))
    assert f"max {summary['max']:.3f}" in page.locator("#ratio-readout").inner_text()
    assert len(lesson.trace_lengths("ratio-plot")) == len(catalogue.names("activations"))
    page.locator("#depth").fill("20")
    lesson.fact("vanishing", "v => v.layers.length === 20")
    lesson.fact("collapse", "c => c.depth === 20")
    page.screenshot(path=str(artifacts / "lesson-activations.png"), full_page=True)


def test_activations_every_curve_is_visible(guarded, live_server):
    # ReLU, leaky ReLU and linear share g(z) = z for z > 0: linear is a wide pale band drawn first
    page = guarded
    lesson = Lesson.open(page, live_server, "activations")
    assert lesson.fact("activations")["names"][0] == "linear"
    for plot in ("act-plot", "deriv-plot"):
        styles = lesson.plot(plot, "p => p.data.map(t => [t.name, t.line.width, t.line.dash, t.opacity])")
        names = [name for name, *_ in styles]
        assert names[0] == "linear" and names.index("relu") < names.index("leaky_relu")
        by = {name: rest for name, *rest in styles}
        assert by["linear"][0] > 2 * by["relu"][0] and by["linear"][2] < 1  # under the others, see-through
        assert by["leaky_relu"][1] == "dot" and by["relu"][1] == "solid"


def test_linear_collapse_relu_sparsity_and_timing(guarded, live_server, artifacts):
    page = guarded
    lesson = Lesson.open(page, live_server, "activations", "?depth=8")
    collapse = lesson.fact("collapse")
    assert collapse["depth"] == 8 and collapse["max_difference"] < 1e-12  # the deep net is X·W + b
    readout = page.locator("#collapse-readout").inner_text()
    assert f"{collapse['max_difference']:.1e}" in readout and "one 4×3 map" in readout
    cells = page.locator("#collapse-table td").all_inner_texts()
    assert len(cells) == 15  # W (4 x 3) and b (3)
    assert [float(c) for c in cells[:3]] == pytest.approx(collapse["product"][0], rel=1e-3)
    share = lesson.fact("sparsity")
    assert len(share) == 8 and all(0 <= s <= 1 for s in share)
    assert page.locator("#sparsity-readout").inner_text().startswith(f"layer 1: {100 * share[0]:.1f}%")
    trained = lesson.fact("trained")
    assert all(0 <= s <= 1 for s in (*trained["after"], *trained["dead"]))
    assert f"): layer 1 {100 * trained['after'][0]:.1f}%, " in page.locator("#trained-readout").inner_text()
    timing = lesson.fact("timing")
    rows = page.locator("#time-table tr").all_inner_texts()
    assert [r.split("\t")[0] for r in rows] == ["time (ms)", "sigmoid", "tanh", "relu"]
    for row in rows[1:]:  # min <= median <= max as shown
        low, mid, high = (float(v) for v in row.split("\t")[1:4])
        assert low <= mid <= high
    for s in timing["seconds"].values():
        assert s["min"] <= s["median"] <= s["max"]
    drawn = lesson.drawn()
    page.click("#time-run")  # timed again on demand; the button comes back when done
    lesson.wait(f"gdviz.drawn > {drawn} && !document.getElementById('time-run').disabled")
    page.screenshot(path=str(artifacts / "lesson-activations-readouts.png"), full_page=True)
