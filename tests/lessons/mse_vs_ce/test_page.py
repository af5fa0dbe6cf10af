"""The MSE-vs-cross-entropy lesson in Chromium: the points a learner moves on the dL/dz plot, the
digits experiment's majority baseline, the learning-rate sweep, and the experiment on an upload."""

import pytest

from app.lessons.mse_vs_ce.maths import compare_losses_data, majority_baseline
from tests import tables
from tests.lessons.facade import Lesson


def dz_cells(page):
    return page.evaluate("[...document.querySelectorAll('#dz-table tr')].slice(1)"
                         ".map(r => [...r.querySelectorAll('td b')].map(b => b.textContent))")


def marked(lesson: Lesson):
    """The y of the points marked on the dL/dz plot, one list per loss (cross-entropy's first)."""
    return lesson.plot("dz-plot", "p => p.data.filter(t => t.mode === 'markers+text').map(t => t.y)")


def test_the_articles_dz_points_are_a_preset_the_learner_moves(guarded, live_server):
    page = guarded
    lesson = Lesson.open(page, live_server, "mse-vs-ce")
    assert len(lesson.fact("marks")) == 2 and page.locator("#dz-table tr").count() == 3
    assert dz_cells(page) == [["0.98", "0.019208"], ["0.82", "0.121032"]]  # CE a − 0; MSE a × a × (1 − a)
    assert "0.98 × 0.98 × 0.02 = 0.019208" in page.text_content("#dz-table")
    on_plot = marked(lesson)
    assert on_plot[0] == pytest.approx([0.98, 0.82]) and on_plot[1] == pytest.approx([0.019208, 0.121032])
    page.locator("#mark1").fill("0.5")
    lesson.fact("marks", "m => m[0].a === 0.5")
    assert dz_cells(page)[0] == ["0.5", "0.125"]  # the sigmoid's steepest point: MSE's biggest factor, 0.25
    assert "mark1=0.5" in page.url
    page.select_option("#target", "1")
    lesson.fact("marks", "m => m[0].y === 1")
    assert dz_cells(page) == [["-0.5", "-0.125"], ["-0.18", "-0.026568"]]
    page.click("#marks-reset")
    lesson.fact("marks", "m => m[0].a === 0.98 && m[0].y === 0")
    assert dz_cells(page) == [["0.98", "0.019208"], ["0.82", "0.121032"]]
    assert [m["y"] for m in lesson.fact("dz")["marks"]] == [0, 0]  # the plot's points moved back too
    assert marked(lesson)[1] == pytest.approx([0.019208, 0.121032])


def test_the_experiment_shows_the_majority_baseline_from_the_engine(guarded, live_server):
    baseline = majority_baseline(compare_losses_data("binary", digit=0))  # always "rest": 399 of 449
    page = guarded
    lesson = Lesson.open(page, live_server, "mse-vs-ce")
    result = lesson.fact("experiment", "e => e.binary")["binary"]
    assert result["baseline"] == pytest.approx(baseline)
    assert page.text_content("#r-baseline") == f"{100 * baseline:.1f}%" == "88.9%"
    line = lesson.plot("exp-plot", "p => p.data.find(t => t.name === 'always “rest”').y")
    assert line == pytest.approx([baseline, baseline])
    sentence = page.text_content("#exp-sentence")
    assert sentence == lesson.fact("experiment")["sentence"]
    for loss in ("cross_entropy", "mse"):
        final = result[loss][-1]
        assert f"{100 * final:.1f}% ({abs(100 * (final - baseline)):.1f} points above it)" in sentence
    label = page.text_content("#exp-run")
    assert "5 epochs" in label and "43 mini-batch steps" in page.text_content("#exp-what")
    assert lesson.fact("setup")["steps_per_epoch"] == 43


def test_the_learning_rate_sweep_plots_one_point_per_rate_and_says_what_it_measured(guarded, live_server, artifacts):
    page = guarded
    lesson = Lesson.open(page, live_server, "mse-vs-ce", "?exp_epochs=2")
    lesson.fact("experiment", "e => e.binary")
    assert page.text_content("#sweep-run") == "Sweep 7 learning rates, 0.01 to 1: 28 trainings of 2 epochs"
    page.click("#sweep-run")
    sweep = lesson.fact("sweep", timeout=60_000)
    rates = sweep["softmax"]["learning_rates"]
    assert rates == [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]
    lengths = lesson.plot("sweep-plot", "p => p.data.filter(t => t.mode === 'lines+markers').map(t => t.x.length)")
    assert lengths == [7] * 4  # both losses on both tasks, one point per rate
    assert lesson.plot("sweep-plot", "p => p.layout.xaxis.type") == "log"
    gaps = lesson.plot("gap-plot", "p => p.data.map(t => t.y)")
    assert gaps[1] == pytest.approx([100 * g for g in sweep["softmax"]["gap"]])
    sentence = page.text_content("#sweep-sentence")
    assert sentence == sweep["sentence"]
    soft = sweep["softmax"]
    widest = soft["gap"].index(max(soft["gap"]))
    assert (f"at lr {rates[widest]} cross-entropy reaches {100 * soft['cross_entropy'][widest]:.1f}% and MSE "
            f"{100 * soft['mse'][widest]:.1f}%, {100 * soft['gap'][widest]:.1f} points apart") in sentence
    assert f"at lr 1 the gap is {abs(100 * soft['gap'][-1]):.1f} points" in sentence
    page.locator("#sweep-plot").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "lesson-mse-vs-ce-sweep.png"), full_page=True)


def test_the_experiment_runs_on_an_uploaded_mnist(guarded, live_server, mnist_csv, you):
    info = you.post("/api/datasets", timeout=120,
                    files={"file": ("mnist_test.zip", tables.zipped(mnist_csv), "application/zip")}).json()
    page = guarded
    lesson = Lesson.open(page, live_server, "mse-vs-ce", "?exp_epochs=1&exp_batch=256")
    lesson.fact("setup", f"s => s.uploads.includes('{info['name']}')")
    assert "10 classes" in page.text_content(f"#exp-data option[value={info['name']}]")
    lesson.fact("experiment", "e => e.binary")
    page.select_option("#exp-data", info["name"])
    assert "4 models on your upload data.csv" in page.text_content("#exp-what")
    page.click("#exp-run")
    result = lesson.fact("experiment", "e => e.binary.n_test === 2000", timeout=60_000)
    assert result["binary"]["class_names"] == ["rest", "0"] and len(result["softmax"]["class_names"]) == 10
    assert f"{100 * result['softmax']['cross_entropy'][1]:.1f}%" in page.text_content("#exp-sentence")
    you.delete(f"/api/datasets/{info['name']}")


def test_mse_vs_ce(guarded, live_server, artifacts):
    page = guarded
    lesson = Lesson.open(page, live_server, "mse-vs-ce")
    assert len(lesson.runs()) == 2 and min(lesson.steps()) >= 0
    assert lesson.trace_lengths("prob-plot") == [199] * 4
    marks = marked(lesson)
    assert marks[0] == pytest.approx([0.98, 0.82]) and marks[1] == pytest.approx([0.019208, 0.121032])
    page.click("#play")
    lesson.wait("gdviz.runs.every(r => r.last.step >= 40)", timeout=20_000)
    lesson.fact("race", "r => r.every(run => run.loss_points > 10)")
    lesson.fact("surfaces", "s => s.every(surface => surface.path_points > 10)")
    assert all(n > 10 for n in lesson.trace_lengths("race-loss"))
    assert all(len(lesson.plot(plot, "p => p.data[1].x")) > 10
               for plot in ("surface-ce", "surface-mse"))
    ce, mse = lesson.runs("r => r.last.accuracy")
    assert ce > mse  # from a confidently wrong start, MSE is still on its plateau
    lesson.fact("experiment")
    page.screenshot(path=str(artifacts / "lesson-mse-vs-ce.png"), full_page=True)


def test_the_digits_experiment_shows_cross_entropy_ahead_after_five_epochs(guarded, live_server):
    page = guarded
    lesson = Lesson.open(page, live_server, "mse-vs-ce")
    result = lesson.fact("experiment")
    for task in ("binary", "softmax"):
        assert result[task]["epochs"][-1] == 5
        assert result[task]["cross_entropy"][5] > result[task]["mse"][5]
    rows = page.locator("#exp-table tr")
    assert rows.count() == 7  # header and epochs 0..5
    last = rows.nth(6).locator("td")
    assert "better" in last.nth(0).get_attribute("class") and "better" in last.nth(2).get_attribute("class")


def test_the_dz_table_fits_a_phone(guarded, live_server, artifacts):
    """Issue 27: on a 390-px phone the MSE column was cut off; its worked product now wraps."""
    from tests.web.layout import SIZES

    page = guarded
    page.set_viewport_size(SIZES["phone"])
    lesson = Lesson.open(page, live_server, "mse-vs-ce")
    assert len(lesson.fact("marks")) == 2
    table = page.locator("#dz-table")
    table.scroll_into_view_if_needed()
    assert table.bounding_box()["x"] + table.bounding_box()["width"] <= SIZES["phone"]["width"]
    assert page.evaluate("(t => t.scrollWidth <= t.clientWidth + 1)(document.getElementById('dz-table'))")
    page.screenshot(path=str(artifacts / "mse-vs-ce-dz-table-phone.png"))
