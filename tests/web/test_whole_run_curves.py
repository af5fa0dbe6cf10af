"""Whole-run curves (issue 27): every curve shows the run from step 0 however long it gets, thinned
as TensorBoard does (each stretch keeps its lowest and highest point), never cut."""

from __future__ import annotations

from tests.web.helpers import wait_for

JS = "/static/js/"


def test_a_thinned_series_keeps_the_start_the_extremes_and_the_gaps(playground):
    page = playground()
    found = page.evaluate("""async (module) => {
      const { ThinnedSeries } = await import(module);
      const s = new ThinnedSeries(2000);
      for (let step = 0; step <= 20000; step += 1) {
        const y = step === 12345 ? 50 : step === 15000 ? -3 : step === 17001 ? null : 1 / (1 + step);
        s.push([step], [y], [step / 10]);
      }
      return { n: s.x.length, first: [s.x[0], s.y[0]], last: s.x[s.x.length - 1],
               spike: s.x.includes(12345), dip: s.x.includes(15000), gap: s.y.includes(null),
               sorted: s.x.every((x, i) => i === 0 || x > s.x[i - 1]),
               epochs: s.x.every((x, i) => s.c[i] === x / 10), thinnings: s.thinnings };
    }""", JS + "thinned.js")
    assert 1000 <= found["n"] <= 2000
    assert found["first"] == [0, 1]  # the start stays
    assert found["last"] == 20000
    assert found["spike"] and found["dip"] and found["gap"]  # nothing a reader should see is lost
    assert found["sorted"] and found["epochs"] and found["thinnings"] >= 4


def test_a_run_of_20000_steps_shows_from_step_0(playground, artifacts):
    page = playground("?fastest=1&max_steps=20000")
    page.click("#play")
    wait_for(page, "window.gdviz.runs[0].state === 'stopped' && window.gdviz.runs[0].last.step === 20000", 120_000)
    for plot in ("loss-plot", "params-plot"):
        wait_for(page, f"(() => {{ const x = document.getElementById('{plot}').data[0].x; "
                       "return x[x.length - 1] === 20000; })()", 10_000)
    trace = page.evaluate("(() => { const t = document.getElementById('loss-plot').data[0]; "
                          "return { x: [...t.x], y: [...t.y] }; })()")
    first = page.evaluate("window.gdviz.runs[0].history[0].loss")
    assert trace["x"][0] == 0 and trace["y"][0] == first  # the curve starts where the run did
    assert max(trace["y"]) == first and min(trace["y"]) < first / 10  # the y range spans the whole run
    evaluated = page.evaluate("window.gdviz.runs[0].history.filter(r => r.loss !== undefined).length")
    assert len(trace["x"]) == min(evaluated, 2000) or 1000 <= len(trace["x"]) <= 2000  # as fast as possible,
    # the server evaluates the loss on some records only; the parameters come with every one:
    params = page.evaluate("(() => { const t = document.getElementById('params-plot').data[0]; "
                           "return [t.x[0], t.x[t.x.length - 1], t.x.length]; })()")
    assert params[0] == 0 and params[1] == 20000 and 1000 <= params[2] <= 2000
    page.screenshot(path=str(artifacts / "curves-20000-steps.png"))
