"""The regression lesson in Chromium: gradient descent reaches the closed-form marker on the bowl,
and the sigmoid + MSE surface shows plateaus that cross-entropy's does not."""

import pytest

from tests.web.helpers import next_frames, wait_for

READY = ("window.gdviz && window.gdviz.optimum && window.gdviz.plateaus && window.gdviz.runs.length === 1"
         " && window.gdviz.runs[0].last && document.getElementById('surface-ce').data")


def test_gradient_descent_reaches_the_closed_form_marker(guarded, live_server, artifacts):
    guarded.goto(f"{live_server}/lessons/regression?fastest=1")
    wait_for(guarded, READY)
    star = guarded.evaluate("window.gdviz.optimum")
    assert star["params"] == pytest.approx([1.449, 0.4444], abs=1e-3)  # the normal equations on the line set
    marker = guarded.evaluate("document.getElementById('bowl').data.find(t => t.name === 'exact θ*')")
    assert [marker["x"][0], marker["y"][0]] == pytest.approx(star["params"])
    start = guarded.evaluate("window.gdviz.distance")
    assert start > 5  # from (-3, -3)
    guarded.click("#play")
    wait_for(guarded, "window.gdviz.distance < 1e-4 && window.gdviz.gap !== null && window.gdviz.gap < 1e-8",
             timeout=60_000)
    next_frames(guarded, 2)
    shown = [guarded.locator(f"#{box}").inner_text() for box in ("r-dist", "r-gap")]
    assert float(shown[0]) < 1e-3
    assert shown[1] == "0 (to rounding)" or float(shown[1]) < 1e-6
    last = guarded.evaluate("window.gdviz.runs[0].last.params")
    assert last == pytest.approx(star["params"], abs=1e-4)
    wait_for(guarded, "window.gdviz.runs[0].state === 'stopped'")  # it stops itself: ||grad J|| < 1e-9
    assert guarded.evaluate("window.gdviz.runs[0].stopReason") == "tol_grad"
    path = guarded.evaluate("document.getElementById('bowl').data[1]")
    assert path["x"][0] == -3 and path["y"][0] == -3  # the whole walk, from the start to the star
    assert len(path["x"]) > 50 and [path["x"][-1], path["y"][-1]] == pytest.approx(star["params"], abs=1e-3)
    guarded.screenshot(path=str(artifacts / "lesson-regression.png"), full_page=True)


def test_sigmoid_mse_plateaus_are_shown_beside_cross_entropy(guarded, live_server):
    guarded.goto(f"{live_server}/lessons/regression")
    wait_for(guarded, READY)
    flat = guarded.evaluate("window.gdviz.plateaus")
    assert flat["mse"]["share"] > 0.1 and flat["cross_entropy"]["share"] == 0
    text = guarded.locator("#plateau-readout").inner_text()
    assert f"{100 * flat['mse']['share']:.1f}% of the square for MSE" in text and "0.0% for cross-entropy" in text
    for plot in ("surface-mse", "surface-ce"):  # the flat spot is marked on both surfaces
        assert guarded.evaluate(f"document.getElementById('{plot}').data.some(t => t.name === 'flat spot')")
    guarded.locator("#noise").fill("1.5")
    wait_for(guarded, "window.gdviz.plateausNoise === 1.5")
    assert "noise=1.5" in guarded.url
