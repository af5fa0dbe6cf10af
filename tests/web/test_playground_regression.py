"""Regression in the playground, in Chromium: a line fitted by gradient descent, arriving where the
normal equations say, with R² and RMSE in the readout and the fitted line moving over the data."""

import numpy as np

from tests.web.helpers import wait_for

FIT_TRACE = "document.getElementById('boundary-plot').data.find(t => t.name === 'prediction ŷ(x)')"


def test_a_line_is_fitted_and_arrives_at_the_normal_equations_optimum(playground, artifacts):
    # a link that pairs the line with a classifier and cross-entropy: the page fits both to the task
    # (played at 300 steps/s: the test is where the run arrives, not its pace)
    page = playground("?dataset=line&model=logistic&loss=cross_entropy&lr=0.3&max_steps=400&speed=300")
    assert page.evaluate("[window.gdviz.state.model, window.gdviz.state.loss]") == ["linear", "mse"]
    assert "model=linear" in page.url and "loss=mse" in page.url
    disabled = page.evaluate("[...document.querySelectorAll('#loss option')].filter(o => o.disabled)"
                             ".map(o => o.value)")
    assert disabled == ["cross_entropy"]  # regression goes with MSE (or MAE, Huber), never cross-entropy
    assert page.evaluate("document.querySelector('#model option[value=logistic]').disabled")
    wait_for(page, f"{FIT_TRACE} !== undefined && (document.getElementById('surface-plot').data || [])"
                   ".some(t => t.name === 'θ* (normal equations)')")
    first_fit = page.evaluate(f"{FIT_TRACE}.y.slice()")
    optimum = page.evaluate("document.getElementById('surface-plot').data"
                            ".find(t => t.name === 'θ* (normal equations)')")
    page.click("#play")
    wait_for(page, "window.gdviz.runs[0].stopReason !== null", timeout=40_000)
    last = page.evaluate("window.gdviz.runs[0].last")
    assert "accuracy" not in last and last["r2"] > 0.85 and last["test_r2"] > 0.8
    assert page.locator("#r-acc-label").inner_text() == "train R²"
    assert page.locator("#r-rmse-box").is_visible() and abs(float(page.locator("#r-acc").inner_text())
                                                             - last["r2"]) < 1e-3
    # gradient descent ends where the normal equations put the bottom of the (w, b) bowl
    np.testing.assert_allclose(last["params"], [optimum["x"][0], optimum["y"][0]], atol=2e-3)
    # the drawn line follows the run to its end (a redraw after the last step: under load the map may
    # still show an earlier step when the run stops, so this waits for the line, not for a step)
    slope = f"(t => (t.y[t.y.length - 1] - t.y[0]) / (t.x[t.x.length - 1] - t.x[0]))({FIT_TRACE})"
    wait_for(page, f"Math.abs({slope} - 1.5) < 0.2", timeout=30_000)  # y = 1.5 x + 0.5 + noise, in its own units
    fit = page.evaluate(FIT_TRACE)
    assert any(abs(v - w) > 0.1 for v, w in zip(fit["y"], first_fit, strict=True))  # it moved from the start
    page.screenshot(path=str(artifacts / "playground-regression.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#boundary-plot").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "playground-regression-phone.png"))


def test_the_task_follows_the_data_set_both_ways(playground):
    page = playground("?dataset=sine&model=mlp&layers=2&hidden=12&hidden2=12&optimizer=adam&lr=0.03")
    assert page.evaluate("[window.gdviz.state.model, window.gdviz.state.loss]") == ["mlp", "mse"]
    page.locator("#loss").select_option("huber")
    page.click("#step10")
    wait_for(page, "window.gdviz.runs[0].last.step >= 10 && window.gdviz.runs[0].config.loss === 'huber'")
    page.locator("#dataset").select_option("blobs")
    wait_for(page, "window.gdviz.runs[0].config && window.gdviz.runs[0].config.dataset.name === 'blobs'")
    assert page.evaluate("[window.gdviz.state.model, window.gdviz.state.loss]") == ["mlp", "cross_entropy"]
    # the readout follows at its next redraw (at most 10 a second), after the new run's first record
    wait_for(page, "document.getElementById('r-acc-label').textContent === 'train accuracy'")
    page.locator("#dataset").select_option("diabetes")
    wait_for(page, "window.gdviz.runs[0].config.dataset.name === 'diabetes'")
    assert page.evaluate("window.gdviz.state.loss") == "mse"
    assert "regression" in page.locator("#dataset-info").inner_text()


def test_an_uploaded_table_with_a_price_is_fitted_over_its_plane(playground, artifacts):
    from tests.web.test_uploads_browser import drop

    rng = np.random.default_rng(0)
    rows = "".join(f"{a:.3f},{b:.3f},{100 + 30 * a - 20 * b + rng.normal() * 5:.2f}\n"
                   for a, b in rng.normal(size=(300, 2)))
    page = playground("?speed=300")  # the upload's run plays at 300 steps/s: the test waits for 100 steps
    drop(page, "houses.csv", ("size,age,price\n" + rows).encode())
    wait_for(page, "document.getElementById('prep-shape').textContent.includes('regression on price')")
    page.click("#prep-train")
    wait_for(page, "window.gdviz.runs[0].config && window.gdviz.runs[0].config.model.kind === 'linear'")
    page.click("#play")
    wait_for(page, "window.gdviz.runs[0].last.step >= 100", timeout=30_000)
    wait_for(page, "document.getElementById('boundary-plot').data.some(t => t.type === 'heatmap') && "
                   "document.getElementById('boundary-plot').data.some(t => t.name === 'train (colour: price)')")
    assert page.evaluate("window.gdviz.runs[0].last.r2") > 0.95
    page.screenshot(path=str(artifacts / "playground-regression-upload.png"))
