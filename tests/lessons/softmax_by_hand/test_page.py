"""Softmax by hand in Chromium: article 004's rows to its printed digits, typed logits, the two models."""

from tests.web.helpers import wait_for

READY = "window.gdviz && window.gdviz.hand && window.gdviz.models && document.querySelector('#row-1 table')"


def test_the_preset_shows_the_articles_rows_and_typing_updates(guarded, live_server, artifacts):
    page = guarded
    page.goto(f"{live_server}/lessons/softmax-by-hand")
    wait_for(page, READY)
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
    wait_for(page, "window.gdviz.hand.rows[0].z[0] === 0"
                   " && document.querySelector('#row-0').innerText.includes('z = [0, 1, -3]')")
    assert page.inner_text("#error-rate") == "1/2"
    page.select_option("#t-0", "1")
    wait_for(page, "document.getElementById('error-rate').textContent === '0/2'")

    page.click("#huge")
    wait_for(page, "document.querySelector('#row-0').innerText.includes('∞ (overflow)')")
    assert "1.0000" in page.inner_text("#row-0")  # the shifted column: e^0 for the largest logit
    page.select_option("#n-classes", "4")
    wait_for(page, "window.gdviz.hand.rows[0].p.length === 4")


def test_two_models_same_error_rate_different_cross_entropy(guarded, live_server, artifacts):
    page = guarded
    page.goto(f"{live_server}/lessons/softmax-by-hand")
    wait_for(page, READY + " && document.getElementById('models-plot').data")
    assert page.inner_text("#m0-err") == "1/3" and page.inner_text("#m1-err") == "1/3"
    assert page.inner_text("#m0-ce") == "1.378" and page.inner_text("#m1-ce") == "0.639"
    page.fill("#m0-0-2", "0.6")  # sample 1 of model 1, its true class: more confident, still right
    wait_for(page, "document.getElementById('m0-ce').textContent !== '1.378'")
    assert page.inner_text("#m0-err") == "1/3"
    assert float(page.inner_text("#m0-ce")) < 1.378
    page.locator("#models-plot").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "softmax-by-hand-models.png"), full_page=True)
