
from tests.lessons.facade import open_lesson
from tests.web.helpers import wait_for


def test_nonlinearity(guarded, live_server, artifacts):
    page = open_lesson(guarded, live_server, "nonlinearity", "?fastest=1")
    wait_for(page, "window.gdviz.runs.length === 3 && window.gdviz.runs.every(r => r.last)")
    page.click("#play")
    wait_for(page, "window.gdviz.runs.every(r => r.last.step >= 300)", timeout=30_000)
    line, mapped, network = page.evaluate("window.gdviz.runs.map(r => r.last.accuracy)")
    assert line < 0.75 and mapped > 0.9 and network > 0.9
    wait_for(page, "document.getElementById('boundary-2').data && "
                           "document.getElementById('boundary-2').data.length === 3")
    assert "app/" not in page.locator("main").inner_text()  # plain words, no file names for a learner
    page.screenshot(path=str(artifacts / "lesson-nonlinearity.png"), full_page=True)
