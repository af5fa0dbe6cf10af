"""The softmax lesson in Chromium: at its default settings the ten weight images become pictures of
the digits after 5 epochs (each correlates with its digit's mean image), and not at the old λ."""

from tests.web.helpers import wait_for


def train_to(page, steps):
    """Step the paused run to exactly ``steps`` with the Step 10 and Step 1 buttons."""
    wait_for(page, "window.gdviz.runs.length && window.gdviz.runs[0].last")
    for n in range(10, steps + 1, 10):
        page.click("#step10")
        wait_for(page, f"window.gdviz.runs[0].last.step === {n}")
    for n in range(steps - steps % 10 + 1, steps + 1):
        page.click("#step1")
        wait_for(page, f"window.gdviz.runs[0].last.step === {n}")
    wait_for(page, f"window.gdviz.confusionStep === {steps} && window.gdviz.templates")
    return page.evaluate("window.gdviz.templates")


def test_the_weights_become_pictures_of_the_digits_at_the_defaults(guarded, live_server, artifacts):
    guarded.goto(f"{live_server}/lessons/softmax")
    assert guarded.text_content("#l2-out") == "0.20"
    templates = train_to(guarded, 225)  # 5 epochs of 45 mini-batches
    assert len(templates) == 10 and min(templates) > 0.9
    assert "step 225: 0: 0.9" in guarded.text_content("#templates")
    guarded.locator("#weights-plot").screenshot(path=str(artifacts / "lesson-softmax-weights-l2-0.2.png"))

