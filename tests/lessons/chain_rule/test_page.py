"""The chain-rule lesson (article 003) in Chromium: one sample's graph following a live run, typed
numbers and the preset checked against NumPy, the average over m beside them, and the loop timed
against np.dot."""

import numpy as np
import pytest

from tests.lessons.facade import Lesson


def numpy_chain(x, w, b, y):
    """z, a, L, dz, dw, db of one sample, by hand."""
    x, w = np.asarray(x, float), np.asarray(w, float)
    z = x @ w + b
    a = 1 / (1 + np.exp(-z))
    dz = a - y
    return {"z": z, "a": a, "loss": -(y * np.log(a) + (1 - y) * np.log(1 - a)), "dz": dz, "dw": x * dz, "db": dz}


def test_chain_rule(guarded, live_server, artifacts):
    page = guarded
    lesson = Lesson.open(page, live_server, "chain-rule", "?speed=30")
    first = lesson.fact("chain")
    assert first["dz"] == pytest.approx(first["a"] - first["y"])
    assert first["standardised"] is True and "is standardised" in page.text_content("#x-note")
    assert first["src"] == "data" and first["step"] == 0  # the run starts paused, at step 0
    lesson.wait("gdviz.runs.length === 1 && gdviz.runs[0].state === 'paused'")
    page.click("#play")
    later = lesson.fact("chain", "c => c.step >= 15", timeout=20_000)
    assert later["w"] != first["w"]  # the graph follows training
    assert lesson.fact("plugged")["sample"] == 8
    assert page.locator("#plugged math").count() == 8
    assert "×" in page.text_content("#plugged") and "0log" not in page.text_content("#plugged").replace(" ", "")
    page.locator("#n").fill("4")  # 10^4
    page.click("#time-it")
    timing = lesson.fact("timing", "t => t.n === 10000")
    for part in ("loop", "dot", "ratio_spread"):  # the spread's shape; which is faster is the machine's
        assert timing[part]["min"] <= timing[part]["median"] <= timing[part]["max"]
    for row in ("min", "median", "max"):
        assert page.inner_text(f"#t-ratio-{row}").endswith("×") and page.inner_text(f"#t-loop-{row}").endswith("ms")
    page.screenshot(path=str(artifacts / "lesson-chain-rule.png"), full_page=True)


def test_chain_rule_with_my_own_numbers_the_preset_and_the_average(guarded, live_server, artifacts):
    page = guarded
    lesson = Lesson.open(page, live_server, "chain-rule")
    page.check("#src-own")
    for key, value in {"x1": "0.8", "x2": "-1.5", "w1": "1.25", "w2": "0.5", "b": "-0.3"}.items():
        page.fill(f"#{key}", value)
    page.select_option("#y", "0")
    v = lesson.fact("chain", "c => c.src === 'own' && c.y === 0 && c.b === -0.3 && c.x[1] === -1.5")
    assert v["step"] is None and "src=own" in page.url
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
    assert lesson.fact("average") == {"m": 160, "sample": [*v["dw"], v["db"]], "mean": [*mean["dw"], mean["db"]]}
    assert float(page.inner_text("#avg-dw1")) == pytest.approx(mean["dw"][0], rel=1e-3)
    assert float(page.inner_text("#one-dw1")) == pytest.approx(want["dw"][0], rel=1e-3)
    assert all(f"{abs(g):.4g}" in page.text_content("#plugged-mean") for g in [*mean["dw"], mean["db"]])
    page.screenshot(path=str(artifacts / "lesson-chain-rule-own.png"), full_page=True)

    page.click("#preset")  # article 003 has symbols only: x = (1, 2), y = 1, w = (0.5, -0.5), b = 0
    v = lesson.fact("chain", "c => c.y === 1 && c.x[0] === 1 && c.b === 0")
    want = numpy_chain([1, 2], [0.5, -0.5], 0, 1)
    assert v["z"] == -0.5 and v["a"] == pytest.approx(want["a"]) and v["da"] == pytest.approx(-1 / want["a"])
    np.testing.assert_allclose([*v["dw"], v["db"]], [*want["dw"], want["db"]])
    assert page.input_value("#x2") == "2" and page.input_value("#w2") == "-0.5"
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(artifacts / "lesson-chain-rule-preset-phone.png"), full_page=True)
