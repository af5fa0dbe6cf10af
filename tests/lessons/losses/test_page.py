"""The loss gallery in Chromium: the margin losses (log loss in nats, or in bits on request), and the
information measures of two distributions as the sliders and the unit change them."""

from tests.lessons.facade import Lesson


def test_losses_gallery(guarded, live_server, artifacts):
    page = guarded
    lesson = Lesson.open(page, live_server, "losses")
    margins = lesson.fact("margins")
    assert len(lesson.trace_lengths("margin-plot")) == len(margins["names"]) == 6
    before = lesson.fact("information")["kl"]
    assert before > 0 and page.inner_text("#kl").endswith("nats")  # nats by default, like the training losses
    assert page.text_content("label[for=p-0]") == "p(A) weight 4.0 →0.400"  # the weight and its share
    log_at_zero = lesson.plot("margin-plot", "p => p.data[3].y[100]")  # margin 0
    assert abs(log_at_zero - 0.6931) < 1e-3 and abs(margins["at_zero"]["log"] - 0.6931) < 1e-3  # ln 2 nats
    page.check("#log-bits")
    lesson.fact("margins", "m => m.bits && Math.abs(m.at_zero.log - 1) < 1e-9")  # log2: 1 at 0
    assert abs(lesson.plot("margin-plot", "p => p.data[3].y[100]") - 1) < 1e-9
    page.select_option("#unit", "bits")
    bits = lesson.fact("information", "i => i.unit === 'bits'")
    assert page.inner_text("#kl").endswith("bits")
    assert abs(bits["kl"] - before / 0.6931471805599453) < 1e-9
    for i, value in enumerate(["4", "3", "2", "1"]):  # make q equal to p
        page.locator(f"#q-{i}").fill(value)
    lesson.fact("information", "i => i.kl !== null && Math.abs(i.kl) < 1e-9")
    assert "q=4%2C3%2C2%2C1" in page.url or "q=4,3,2,1" in page.url
    page.screenshot(path=str(artifacts / "lesson-losses.png"), full_page=True)
