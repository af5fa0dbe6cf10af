"""Softmax by hand in Chromium: article 004's rows to its printed digits, typed logits, the two models."""

from tests.lessons.facade import Lesson


def test_the_preset_shows_the_articles_rows_and_typing_updates(guarded, live_server, artifacts):
    page = guarded
    lesson = Lesson.open(page, live_server, "softmax-by-hand")
    lesson.fact("hand", "h => h.rows.length === 2")
    assert page.locator("#row-1 table").count() == 1
    first, second = page.inner_text("#row-0"), page.inner_text("#row-1")
    for printed in ("0.87888", "0.11894", "0.0021785"):
        assert printed in first
    for printed in ("0.0024704", "0.99662", "0.0009088"):
        assert printed in second
    assert page.inner_text("#ce-0") == "0.12911"  # -ln 0.87888 nats
    assert page.inner_text("#error-rate") == "0/2"
    # Jᵀ(−t/p) = p − t in the page's own table
    jac = page.inner_text("#jacobians")
    assert "Jᵀ(dL/dp)\t-0.12112\t0.11894\t0.0021785" in jac and "pₖ − tₖ\t-0.12112\t0.11894\t0.0021785" in jac
    page.screenshot(path=str(artifacts / "softmax-by-hand-preset.png"), full_page=True)

    page.fill("#z-0-0", "0")  # row 1 becomes [0, 1, -3]: class 1 now wins, against the true class 0
    lesson.fact("hand", "h => h.rows[0].z[0] === 0")
    assert "z = [0, 1, -3]" in page.inner_text("#row-0")
    assert page.inner_text("#error-rate") == "1/2"
    page.select_option("#t-0", "1")
    assert lesson.fact("hand", "h => h.rows[0].target === 1")["errors"] == "0/2"
    assert page.inner_text("#error-rate") == "0/2"

    page.click("#huge")
    lesson.fact("hand", "h => h.rows[0].exp_raw[0] === null")
    assert "∞ (overflow)" in page.inner_text("#row-0")
    assert "1.0000" in page.inner_text("#row-0")  # the shifted column: e^0 for the largest logit
    page.select_option("#n-classes", "4")
    lesson.fact("hand", "h => h.rows[0].p.length === 4")


def test_two_models_same_error_rate_different_cross_entropy(guarded, live_server, artifacts):
    page = guarded
    lesson = Lesson.open(page, live_server, "softmax-by-hand")
    lesson.fact("models")
    assert lesson.plot("models-plot", "p => p.data.length") == 2  # the plot is drawn
    assert page.inner_text("#m0-err") == "1/3" and page.inner_text("#m1-err") == "1/3"
    assert page.inner_text("#m0-ce") == "1.378" and page.inner_text("#m1-ce") == "0.639"
    page.fill("#m0-0-2", "0.6")  # sample 1 of model 1, its true class: more confident, still right
    lesson.fact("models", "m => m.models[0].p[0][2] !== 0.4")
    assert page.inner_text("#m0-ce") != "1.378"
    assert page.inner_text("#m0-err") == "1/3"
    assert float(page.inner_text("#m0-ce")) < 1.378
    page.locator("#models-plot").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "softmax-by-hand-models.png"), full_page=True)
