"""In Chromium: hostile names render as text, and everything works under the CSP
(which allows no inline script and no eval; a violation is a console error)."""

from tests.web.helpers import next_frames, wait_for

XSS_COLUMN = "<script>alert(1)</script>"
XSS_CLASS = "<img src=x onerror=alert(2)>"


def test_a_column_named_script_renders_as_text(playground, artifacts):
    page = playground()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    rows = "".join(f"{i % 7 * 1.5},{i % 5},{XSS_CLASS if i % 2 else 'ok'}\n" for i in range(30))
    page.set_input_files("#upload", files=[{"name": f"{XSS_COLUMN}.csv", "mimeType": "text/csv",
                                            "buffer": (f'"{XSS_COLUMN}",b,label\n' + rows).encode()}])
    page.locator("#prep").wait_for(state="visible")  # the preview shows the names as text
    wait_for(page, "document.getElementById('prep-shape').textContent.includes('2 classes')")
    assert XSS_COLUMN in page.locator("#prep-columns").inner_text()
    assert XSS_COLUMN in page.locator("#prep-file").inner_text()
    assert page.locator("#prep script, #prep img").count() == 0
    page.click("#prep-train")
    wait_for(page, "window.gdviz.state.dataset.startsWith('u_') && window.gdviz.runs[0].last")
    info = page.locator("#dataset-info")
    info.wait_for()
    assert XSS_COLUMN in info.inner_text() and XSS_CLASS in info.inner_text()
    assert page.locator("#dataset-info script, #dataset-info img").count() == 0
    page.click("#step10")
    wait_for(page, "window.gdviz.runs[0].last.step === 10")
    wait_for(page, "document.getElementById('r-step').textContent === '10'")  # the page drew step 10
    next_frames(page)
    injected = "img[src=x], script:not([src]):not([type='application/json'])"  # the catalogue is data, not code
    assert page.evaluate(f'document.querySelectorAll("{injected}").length') == 0
    assert dialogs == []
    page.screenshot(path=str(artifacts / "security-hostile-names.png"))


def test_the_3d_view_works_under_the_policy(playground):
    page = playground("?view3d=1")
    page.click("#step10")
    wait_for(page, "window.gdviz.surface && window.gdviz.surface.step === 10", timeout=20_000)
    wait_for(page, "document.getElementById('surface-plot').data[0].type === 'mesh3d'")
    next_frames(page, 5)  # WebGL draws on later frames: any error it raises is a console error


def test_the_api_docs_work_under_the_policy(guarded, live_server):
    guarded.goto(live_server + "/docs")
    guarded.get_by_text("/api/train").first.wait_for(timeout=15_000)
