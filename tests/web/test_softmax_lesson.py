"""The softmax lesson in Chromium: at its default settings the ten weight images become pictures of
the digits after 5 epochs (each correlates with its digit's mean image), and not at the old λ."""

from tests.web.helpers import wait_for


def train_to(page, steps):
    """Step the paused run to exactly ``steps`` with the Step 10 and Step 1 buttons, clicked in one go:
    the server queues the single steps each click asks for."""
    wait_for(page, "window.gdviz.runs.length && window.gdviz.runs[0].last")
    page.evaluate("([tens, ones]) => { for (let k = 0; k < tens; k += 1) document.getElementById('step10').click();"
                  " for (let k = 0; k < ones; k += 1) document.getElementById('step1').click(); }",
                  [steps // 10, steps % 10])
    wait_for(page, f"window.gdviz.runs[0].last.step === {steps}")
    wait_for(page, f"window.gdviz.confusionStep === {steps} && window.gdviz.templates")
    return page.evaluate("window.gdviz.templates")


def test_the_weights_become_pictures_of_the_digits_at_the_defaults(guarded, live_server, artifacts):
    guarded.goto(f"{live_server}/lessons/softmax")
    assert guarded.text_content("#l2-out") == "0.20"
    templates = train_to(guarded, 225)  # 5 epochs of 45 mini-batches
    assert len(templates) == 10 and min(templates) > 0.9
    assert "step 225: 0: 0.9" in guarded.text_content("#templates")
    guarded.locator("#weights-plot").screenshot(path=str(artifacts / "lesson-softmax-weights-l2-0.2.png"))

