
from tests.lessons.facade import open_lesson, trace_lengths
from tests.web.helpers import wait_for


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
