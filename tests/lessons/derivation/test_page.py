"""The derivation lesson (article 001): every displayed line against NumPy, for a typed sample and a
data-set sample, and the sign check of article 001's gradient."""

import numpy as np
import pytest

from app.engine.data.datasets import load_dataset
from app.lessons.derivation.routes import DERIVATION_DATA
from tests.lessons.facade import Lesson

PLOT_FITS = ("(p => p._fullLayout && Math.abs(p._fullLayout.width - p.clientWidth) <= 2)"
             "(document.getElementById('along-plot'))")


def numpy_lines(x, y, theta, X, Y, alpha):
    """Every line of the derivation, by hand."""
    xt, Xt = np.append(x, 1.0), np.hstack([X, np.ones((len(X), 1))])
    z = xt @ theta
    h = 1 / (1 + np.exp(-z))
    H = 1 / (1 + np.exp(-(Xt @ theta)))

    def J(t):
        p = 1 / (1 + np.exp(-(Xt @ t)))
        return -np.mean(Y * np.log(p) + (1 - Y) * np.log(1 - p))

    grad = Xt.T @ (H - Y) / len(Y)
    return {"z": z, "h": h, "likelihood": h**y * (1 - h) ** (1 - y), "loss": -np.log(h if y else 1 - h),
            "dJ_dh": -y / h + (1 - y) / (1 - h), "sigma_prime": h * (1 - h), "dh_dtheta": h * (1 - h) * xt,
            "gradient": (h - y) * xt, "cost": J(theta), "gradient_mean": grad,
            "cost_after": J(theta - alpha * grad), "cost_after_article": J(theta + alpha * grad)}


def shown(page, box, value):
    """The box's MathML shows |value| to 4 significant digits (the sign is its own <mo>)."""
    return f"{abs(value):.4g}" in page.text_content(f"#p-{box}")


@pytest.fixture(scope="module")
def data():
    d = load_dataset(DERIVATION_DATA)
    return d.X_train, d.y_train.astype(float)


def check_page(page, v, data):
    X, Y = data
    want = numpy_lines(np.array(v["x"]), v["y"], np.array(v["theta"]), X, Y, v["alpha"])
    for key in ("z", "h", "likelihood", "loss", "dJ_dh", "sigma_prime", "cost", "cost_after", "cost_after_article"):
        assert v[key] == pytest.approx(want[key], rel=1e-9), key
    for key in ("dh_dtheta", "gradient", "gradient_mean"):
        np.testing.assert_allclose(v[key], want[key], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(v["product"], want["gradient"], rtol=1e-9)
    boxes = {"model": ["z", "h"], "likelihood": ["likelihood"], "cost": ["loss"], "cost_mean": ["cost"],
             "dJdh": ["dJ_dh"], "sigmoid": ["sigma_prime"], "sign": ["cost", "cost_after", "cost_after_article"]}
    for box, keys in boxes.items():
        assert all(shown(page, box, want[k]) for k in keys), box
    assert all(shown(page, "dhdtheta", d) for d in want["dh_dtheta"])
    assert all(shown(page, "simplify", g) for g in want["gradient"])
    assert all(shown(page, "gradient_mean", g) for g in want["gradient_mean"])
    return want


def test_a_typed_sample_and_a_picked_one(guarded, live_server, artifacts, data):
    page = guarded
    lesson = Lesson.open(page, live_server, "derivation")
    lesson.fact("derivation")
    page.check("#src-own")
    for key, value in {"x1": "0.7", "x2": "-1.3", "w1": "1.5", "w2": "0.25", "b": "-0.4", "alpha": "0.3"}.items():
        page.fill(f"#{key}", value)
    page.select_option("#y", "0")
    v = lesson.fact("derivation", "d => d.y === 0 && d.x[1] === -1.3 && d.theta[2] === -0.4 && d.alpha === 0.3")
    assert len(page.text_content("#p-sign")) > 0  # the lines are drawn before they are published
    check_page(page, v, data)
    page.screenshot(path=str(artifacts / "lesson-derivation-typed.png"), full_page=True)

    page.check("#src-data")
    page.fill("#index", "17")
    v = lesson.fact("derivation", "d => d.index === 17")
    X, Y = data
    assert v["x"] == pytest.approx(X[17].tolist()) and v["y"] == int(Y[17])
    check_page(page, v, data)
    assert float(page.input_value("#x1")) == pytest.approx(X[17][0], rel=1e-3)  # the picked sample, shown
    assert lesson.state()["src"] == "data" and lesson.state()["index"] == 17


def test_article_001s_sign_climbs_the_cost(guarded, live_server, artifacts, data):
    page = guarded
    lesson = Lesson.open(page, live_server, "derivation", "?x1=3&w1=-2")
    page.click("#round")  # x = (1, 2), y = 1, θ = (0.5, −0.5, 0), α = 0.5
    v = lesson.fact("derivation", "d => d.x[0] === 1 && d.theta[0] === 0.5 && d.theta[1] === -0.5")
    want = check_page(page, v, data)
    assert want["cost_after"] < want["cost"] < want["cost_after_article"]
    verdict = lesson.fact("verdict", f"s => s.includes('from {want['cost']:.4g} ')")
    assert page.text_content("#verdict") == verdict
    assert f"from {want['cost']:.4g} to {want['cost_after']:.4g} (down)" in verdict
    assert f"takes it to {want['cost_after_article']:.4g} (up" in verdict
    along = lesson.fact("along", f"a => a.marks[1].cost === {v['cost_after']!r}")  # both steps, marked on the line
    assert [(m["s"], m["cost"]) for m in along["marks"]] == [(0, v["cost"]), (1, v["cost_after"]),
                                                              (-1, v["cost_after_article"])]
    text = page.text_content("main")
    assert "h(1 − h)(−xⱼ)" in text and "log-likelihood" in text
    page.set_viewport_size({"width": 390, "height": 844})
    lesson.wait(PLOT_FITS)  # the plot laid out again at the phone's width, not left at the desktop's
    page.screenshot(path=str(artifacts / "lesson-derivation-sign-check-phone.png"), full_page=True)
