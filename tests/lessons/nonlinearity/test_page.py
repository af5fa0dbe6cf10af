"""The non-linearity lesson in Chromium: on circles a line fails, and a feature map and a hidden layer
both separate the classes, trained live side by side."""

from tests.lessons.facade import Lesson


def test_nonlinearity(guarded, live_server, artifacts):
    page = guarded
    lesson = Lesson.open(page, live_server, "nonlinearity", "?fastest=1")
    assert lesson.steps() == [0, 0, 0]  # three runs, paused at their start
    assert [m["step"] for m in (lesson.fact(f"boundary-{i}") for i in range(3))] == [0, 0, 0]
    page.click("#play")
    lesson.wait("gdviz.runs.every(r => r.last.step >= 300)", timeout=30_000)
    line, mapped, network = lesson.runs("r => r.last.accuracy")
    assert line < 0.75 and mapped > 0.9 and network > 0.9
    shown = lesson.fact("boundary-2", "b => b.step >= 300")  # the network's map follows its run
    assert shown["label"].startswith("network: 8 tanh") and sum(shown["classes"]) > 0
    assert lesson.plot("boundary-2", "p => p.data.length") == 3  # the map and two classes
    assert "app/" not in page.locator("main").inner_text()  # plain words, no file names for a learner
    page.screenshot(path=str(artifacts / "lesson-nonlinearity.png"), full_page=True)
