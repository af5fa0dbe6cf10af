"""Data with more than two features (issue 27): the map's frame shows the data on its first two
principal components with the predicted class behind (a regression: predicted against true), and
the parameter plot names each weight's feature."""

from __future__ import annotations

import pytest

from tests.web.helpers import next_frames, wait_for
from tests.web.layout import PLOTS_SETTLED, SIZES, plot_collisions

MAP = "document.getElementById('boundary-plot')"


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_iris_is_drawn_on_its_principal_plane_with_the_predicted_class_behind(guarded, playground, artifacts, size):
    guarded.set_viewport_size(SIZES[size])  # before the page opens: its plots are laid out at this size
    page = playground("?dataset=iris&model=softmax")
    page.evaluate("window.gdviz.runs[0].step(50)")
    wait_for(page, f"window.gdviz.runs[0].last.step === 50 && ({MAP}.data || []).some(t => t.type === 'heatmap')")
    page.evaluate(f"{MAP}.scrollIntoView()")
    wait_for(page, f"({MAP}.data || []).filter(t => t.type === 'scatter').length >= 3")
    traces = page.evaluate(f"{MAP}.data.map(t => [t.type, t.name || '', (t.x || []).length])")
    points = sum(n for kind, name, n in traces if kind == "scatter")
    assert points == 150  # every row, train and test, on the plane
    assert {name.split(" ", 1)[1] for kind, name, _ in traces if kind == "scatter"} == {"setosa", "versicolor",
                                                                                         "virginica"}
    assert page.evaluate(f"{MAP}.layout.xaxis.title.text").startswith("PC1 (")
    assert "principal components" in page.evaluate(f"{MAP}.layout.title.text")
    names = page.evaluate("document.getElementById('params-plot').data.map(t => t.name)")
    assert names[0].startswith("w1_0 · ") and "class setosa" in names[0]
    wait_for(page, PLOTS_SETTLED)
    next_frames(page, 2)
    assert plot_collisions(page) == []
    page.screenshot(path=str(artifacts / f"iris-principal-plane-{size}.png"))


def test_a_regression_with_many_features_shows_predicted_against_true(playground, artifacts):
    page = playground("?dataset=diabetes&model=linear&loss=mse")
    page.evaluate("window.gdviz.runs[0].step(100)")
    wait_for(page, f"window.gdviz.runs[0].last.step === 100 && ({MAP}.data || []).length === 3")
    assert page.evaluate(f"{MAP}.layout.title.text").startswith("Predicted against true")
    rows = page.evaluate(f"{MAP}.data.slice(1).map(t => t.x.length)")
    assert sum(rows) == page.evaluate("window.gdviz.runs[0].spec.dataset.n_samples") or sum(rows) > 300
    page.screenshot(path=str(artifacts / "diabetes-predicted-against-true.png"))
