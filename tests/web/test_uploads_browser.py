"""Bringing your own data in the page: drop a file, read the preview, choose the label and a
column's use, train; a copied link rebuilds the same features; an upload can be deleted."""

import json

from tests import tables
from tests.web.helpers import wait_for

DROP = """([name, text]) => {
  const data = new DataTransfer();
  data.items.add(new File([text], name, { type: "text/csv" }));
  const zone = document.getElementById("drop-zone");
  zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }));
  zone.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
}"""


def drop(page, name, data: bytes):
    page.evaluate(DROP, [name, data.decode()])
    page.locator("#prep").wait_for(state="visible")
    wait_for(page, "document.getElementById('prep-shape').textContent.length > 0 || "
                   "!document.getElementById('prep-problems').hidden")


def column_rows(page):
    return page.evaluate("""[...document.querySelectorAll('#prep-columns tbody tr')].map(r =>
        [...r.children].map(c => c.querySelector('select') ? c.querySelector('select').value : c.textContent))""")


def test_drop_a_passenger_list_choose_and_train(playground, artifacts):
    page = playground()
    drop(page, "titanic.csv", tables.passengers())
    assert page.locator("#prep-file").inner_text() == "titanic.csv"
    assert "400 rows × 11 columns" in page.locator("#prep-read").inner_text()
    rows = {r[1]: r for r in column_rows(page)}
    assert rows["Survived"][4] == "the label" and rows["Name"][4] == "drop" and rows["Sex"][4] == "one_hot"
    assert rows["Age"][3] != "–" and rows["Cabin"][2] == "mostly missing"
    assert rows["Name"][0] == "4"  # columns counted from 1, as in every message
    first_line = page.evaluate("document.querySelector('#prep-rows tbody th').textContent")
    assert first_line == "2"  # rows numbered as lines of the file: the header is line 1
    assert "2 classes of Survived" in page.locator("#prep-shape").inner_text()
    page.screenshot(path=str(artifacts / "playground-upload-preview.png"), full_page=True)

    page.select_option("#prep-label", "Pclass")  # change the label...
    wait_for(page, "document.getElementById('prep-shape').textContent.includes('3 classes of Pclass')")
    page.select_option("select[aria-label='Use of column 5, Sex']", "drop")  # ...and one column's use
    wait_for(page, "document.getElementById('prep-shape').textContent.includes('× 9 features')")
    page.click("#prep-train")
    wait_for(page, "window.gdviz.state.dataset.startsWith('u_') && window.gdviz.runs[0].paramNames.length === 30")
    assert page.evaluate("window.gdviz.state.model") == "softmax"  # 3 classes
    assert page.evaluate("window.gdviz.state.prep") == {"label": "Pclass", "columns": {"Sex": "drop"},
                                                        "missing": "impute", "scale": "standard", "max_levels": 20,
                                                        "task": "auto"}
    page.click("#play")
    wait_for(page, "window.gdviz.runs[0].last.step >= 20", timeout=20_000)
    assert page.locator("#prep").is_hidden() and page.locator("#banner").is_hidden()
    page.screenshot(path=str(artifacts / "playground-upload-training.png"))
    # a continuous column as the label: the upload becomes a regression, and the model follows
    page.click("#prep-open")
    wait_for(page, "!document.getElementById('prep').hidden")
    assert "a number: regression" in page.locator("#prep-label option[value=Fare]").inner_text()
    page.select_option("#prep-label", "Fare")
    wait_for(page, "document.getElementById('prep-shape').textContent.includes('regression on Fare')")
    page.click("#prep-train")
    wait_for(page, "window.gdviz.runs[0].config && window.gdviz.runs[0].config.model.kind === 'linear' && "
                   "window.gdviz.runs[0].last.r2 !== undefined")
    assert page.evaluate("window.gdviz.state.loss") == "mse"
    page.goto(page.url)  # the link: the recipe's label is not the upload's default (Survived)
    wait_for(page, "window.gdviz && window.gdviz.runs.length && window.gdviz.runs[0].last "
                   "&& window.gdviz.runs[0].config")
    assert page.evaluate("[window.gdviz.runs[0].config.model.kind, window.gdviz.state.loss]") == ["linear", "mse"]
    assert page.locator("#banner").is_hidden()


def test_a_link_rebuilds_the_same_features_and_an_upload_can_be_deleted(playground, browser, live_server, you):
    page = playground()
    drop(page, "medical.csv", tables.medical())
    page.select_option("#prep-scale", "minmax")
    page.select_option("#prep-missing", "drop_rows")
    wait_for(page, "document.getElementById('prep-shape').textContent.includes('rows dropped')")
    page.click("#prep-train")
    wait_for(page, "window.gdviz.state.dataset.startsWith('u_') && window.gdviz.runs[0].last.step === 0")
    page.click("#step10")
    wait_for(page, "window.gdviz.runs[0].last.step === 10")
    thetas = page.evaluate("window.gdviz.runs[0].history.map(r => r.params)")
    assert "prep=" in page.url
    assert json.loads(page.evaluate("JSON.stringify(window.gdviz.state.prep)"))["scale"] == "minmax"
    other = page.context.new_page()  # another tab of the same browser: the upload is its person's
    other.goto(page.url)
    wait_for(other, "window.gdviz && window.gdviz.runs.length && window.gdviz.runs[0].last")
    other.click("#step10")
    wait_for(other, "window.gdviz.runs[0].last.step === 10")
    assert other.evaluate("window.gdviz.runs[0].history.map(r => r.params)") == thetas
    other.close()
    stranger = browser.new_page()  # someone else's browser with the link: the upload is not theirs to train on
    stranger.goto(page.url)
    wait_for(stranger, "document.getElementById('banner').textContent.includes('is not one of yours')")
    stranger.close()
    name = page.evaluate("window.gdviz.state.dataset")
    assert name in page.evaluate("[...document.querySelectorAll('#dataset option')].map(o => o.value)")
    page.click("#prep-open")
    page.locator("#prep").wait_for(state="visible")
    page.click("#prep-delete")  # the runs leave the upload (for blobs), then it is deleted and leaves the list
    wait_for(page, f"![...document.querySelectorAll('#dataset option')].some(o => o.value === '{name}')")
    assert page.evaluate("window.gdviz.state.dataset") == "blobs"
    assert you.get(f"/api/datasets/{name}").status_code == 404


def test_a_continuous_label_is_a_regression_and_classifying_it_is_explained(playground, artifacts):
    page = playground()
    page.expected_console_errors.append("status of 422")
    drop(page, "fares.csv", tables.prices(label_name="Kept"))
    wait_for(page, "document.getElementById('prep-shape').textContent.includes('regression on Fare')")
    page.select_option("#prep-task", "classification")  # classes of a price: one per value
    problems = page.locator("#prep-problems")
    problems.wait_for(state="visible")
    assert "'Fare' looks continuous" in problems.inner_text() and "choose task regression" in problems.inner_text()
    assert page.locator("#prep-train").is_disabled()
    page.select_option("#prep-label", "Kept")
    wait_for(page, "document.getElementById('prep-problems').hidden")
    wait_for(page, "document.getElementById('prep-shape').textContent.includes('2 classes of Kept')")
    assert not page.locator("#prep-train").is_disabled()
    page.screenshot(path=str(artifacts / "playground-upload-continuous.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the panel's tables scroll inside it
    page.locator("#prep").scroll_into_view_if_needed()
    panel = page.evaluate("document.getElementById('prep').getBoundingClientRect().width")
    assert panel <= 390
    page.screenshot(path=str(artifacts / "playground-upload-phone.png"))
