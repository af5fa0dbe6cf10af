"""The softmax lesson in Chromium: at its default settings the ten weight images become pictures of
the digits after 5 epochs (each correlates with its digit's mean image), and not at the old λ."""

import pytest

from tests.lessons.facade import Lesson


def train_to(lesson: Lesson, steps: int) -> list[float]:
    """Step the paused run to exactly ``steps`` with the Step 10 and Step 1 buttons, clicked in one go:
    the server queues the single steps each click asks for. The templates the page shows there."""
    assert lesson.steps() == [0]
    lesson.page.evaluate("([tens, ones]) => { for (let k = 0; k < tens; k += 1) document.getElementById('step10')"
                         ".click(); for (let k = 0; k < ones; k += 1) document.getElementById('step1').click(); }",
                         [steps // 10, steps % 10])
    lesson.wait(f"gdviz.runs[0].last.step === {steps}")
    confusion = lesson.fact("confusion", f"c => c.step === {steps} && c.templates")
    assert lesson.steps() == [steps]
    return confusion["templates"]


def test_the_weights_become_pictures_of_the_digits_at_the_defaults(guarded, live_server, artifacts):
    lesson = Lesson.open(guarded, live_server, "softmax")
    assert guarded.text_content("#l2-out") == "0.20"
    templates = train_to(lesson, 225)  # 5 epochs of 45 mini-batches
    assert len(templates) == 10 and min(templates) > 0.9
    assert "step 225: 0: 0.9" in guarded.text_content("#templates")
    guarded.locator("#weights-plot").screenshot(path=str(artifacts / "lesson-softmax-weights-l2-0.2.png"))


def test_softmax_on_digits(guarded, live_server, artifacts):
    page = guarded
    lesson = Lesson.open(page, live_server, "softmax", "?optimizer=adam&lr=0.01&fastest=1")
    page.click("#play")
    lesson.wait("gdviz.runs[0].last.step >= 60", timeout=20_000)
    lesson.fact("confusion")
    lesson.fact("probabilities")
    page.click("#play")  # pause, so the numbers below describe one theta
    lesson.wait("gdviz.runs[0].state === 'paused'")
    lesson.wait("gdviz.facts.confusion.step === gdviz.runs[0].last.step && "
                "gdviz.facts.probabilities.step === gdviz.runs[0].last.step")
    weights = lesson.plot("weights-plot", "p => p.data.map(t => t.z.flat())")
    assert len(weights) == 10 and all(len(w) == 64 for w in weights)
    assert any(abs(v) > 0.05 for w in weights for v in w)
    confusion = lesson.fact("confusion")["matrix"]
    assert sum(map(sum, confusion)) == 359
    assert sum(confusion[k][k] for k in range(10)) > 0.8 * 359
    probs = lesson.fact("probabilities")
    assert sum(probs["probabilities"]) == pytest.approx(1.0)
    page.locator("#index").fill("42")
    lesson.fact("probabilities", "p => p.index === 42")
    assert "index=42" in page.url and lesson.state()["index"] == 42
    page.screenshot(path=str(artifacts / "lesson-softmax.png"), full_page=True)
