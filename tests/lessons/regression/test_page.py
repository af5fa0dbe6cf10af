"""The regression lesson in Chromium: gradient descent reaches the closed-form marker on the bowl,
and the sigmoid + MSE surface shows plateaus that cross-entropy's does not."""

import pytest

from tests.lessons.facade import Lesson


def test_gradient_descent_reaches_the_closed_form_marker(guarded, live_server, artifacts):
    lesson = Lesson.open(guarded, live_server, "regression", "?fastest=1")
    star = lesson.fact("optimum")
    assert star["params"] == pytest.approx([1.449, 0.4444], abs=1e-3)  # the normal equations on the line set
    marker = lesson.plot("bowl", "p => p.data.find(t => t.name === 'exact θ*')")
    assert [marker["x"][0], marker["y"][0]] == pytest.approx(star["params"])
    start = lesson.fact("distance")
    assert start["step"] == 0 and start["distance"] > 5  # from (-3, -3)
    lesson.wait("gdviz.runs.length === 1 && gdviz.runs[0].state === 'paused'")  # the run waits for Play
    assert lesson.steps() == [0]
    guarded.click("#play")
    near = lesson.fact("distance", "d => d.distance < 1e-4 && d.gap !== null && d.gap < 1e-8", timeout=60_000)
    shown = [guarded.locator(f"#{box}").inner_text() for box in ("r-dist", "r-gap")]  # drawn before published
    assert float(shown[0]) < 1e-3
    assert shown[1] == "0 (to rounding)" or float(shown[1]) < 1e-6
    assert near["theta"] == pytest.approx(star["params"], abs=1e-4)
    last = lesson.runs("r => r.last.params")[0]
    assert last == pytest.approx(star["params"], abs=1e-4)
    lesson.wait("gdviz.runs[0].state === 'stopped'")  # it stops itself: ||grad J|| < 1e-9
    assert lesson.runs("r => r.stopReason") == ["tol_grad"]
    end = lesson.runs("r => r.last.step")[0]
    lesson.fact("distance", f"d => d.step === {end}")  # the path drawn to the run's last step
    path = lesson.plot("bowl", "p => p.data[1]")
    assert path["x"][0] == -3 and path["y"][0] == -3  # the whole walk, from the start to the star
    assert len(path["x"]) > 50 and [path["x"][-1], path["y"][-1]] == pytest.approx(star["params"], abs=1e-3)
    guarded.screenshot(path=str(artifacts / "lesson-regression.png"), full_page=True)


def test_sigmoid_mse_plateaus_are_shown_beside_cross_entropy(guarded, live_server):
    lesson = Lesson.open(guarded, live_server, "regression")
    flat = lesson.fact("plateaus")
    assert flat["noise"] == 0.8
    assert flat["mse"]["share"] > 0.1 and flat["cross_entropy"]["share"] == 0
    text = guarded.locator("#plateau-readout").inner_text()
    assert f"{100 * flat['mse']['share']:.1f}% of the square for MSE" in text and "0.0% for cross-entropy" in text
    for plot in ("surface-mse", "surface-ce"):  # the flat spot is marked on both surfaces
        assert lesson.plot(plot, "p => p.data.some(t => t.name === 'flat spot')")
    guarded.locator("#noise").fill("1.5")
    lesson.fact("plateaus", "p => p.noise === 1.5")
    assert "noise=1.5" in guarded.url and lesson.state()["noise"] == 1.5
