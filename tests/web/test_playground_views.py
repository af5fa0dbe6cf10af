"""The playground's parts on their own, in Chromium: the run class, the surface view's
projection against the server's, the redraw scheduler's turns, and the window.gdviz facade."""

import pytest

from tests.web.helpers import next_frames, wait_for

JS = "/static/js/"


def test_the_facade_is_small_documented_and_read_only(playground):
    page = playground()
    keys = page.evaluate("Object.keys(window.gdviz).sort()")
    assert keys == ["drawing", "gradcheck", "marks", "redraws", "runs", "state", "surface"]
    source = page.evaluate("fetch('/static/js/playground.js').then(r => r.text())")
    for key in keys:  # each documented in the entry module's header
        assert f"//   {key}" in source
    assert page.evaluate("Object.isFrozen(window.gdviz)")
    assert page.evaluate("window.gdviz.runs[0].constructor.name") == "LiveRun"


@pytest.mark.parametrize("kind", ["random", "pca"])
def test_the_page_projects_a_path_exactly_as_the_server_does(playground, kind):
    """The page moves the path between slices itself; its projection must agree with
    the server's Slice.project, or the path would drift off the drawn plane."""
    page = playground()
    result = page.evaluate("""async ([module, kit, kind]) => {
      const { projector } = await import(module);
      const { postJSON } = await import(kit);  // as the page asks: with its CSRF token
      const trajectory = Array.from({ length: 12 },
                                    (_, t) => [Math.cos(t / 3) - 0.2 * t, 0.5 * Math.sin(t / 2), 0.1 * t]);
      const body = { dataset: { name: "blobs", n_samples: 100 }, model: { kind: "logistic" },
                     center: trajectory[11], directions: { kind, trajectory, seed: 3 }, resolution: 5 };
      const answer = await postJSON("/api/surface", body);
      const { d1, d2 } = answer.directions;
      const { point } = projector(d1, d2, answer.center);
      const mine = trajectory.map(point);
      return { mine, theirs: answer.path };
    }""", [JS + "playground/slice.js", JS + "kit.js", kind])
    assert len(result["mine"]) == len(result["theirs"]) == 12
    for (a, b), (c, d) in zip(result["mine"], result["theirs"], strict=True):
        assert a == pytest.approx(c, abs=1e-9) and b == pytest.approx(d, abs=1e-9)


def test_a_coordinate_slice_puts_the_path_at_the_parameters_values(playground):
    page = playground()
    point = page.evaluate("""async (module) => {
      const { makeSlice } = await import(module);
      const answer = { alpha: [-1, 0, 1], beta: [-2, 0, 2], loss: [[0, 0, 0], [0, 0, 0], [0, 0, 0]],
                       center: [0.5, -0.25, 3], directions: { d1: [0, 1, 0], d2: [0, 0, 1], labels: ["w2", "b"] } };
      const slice = makeSlice(answer, "coordinates", 7);
      return [slice.project([9, 1.5, -4]), slice.xs, slice.ys, slice.step];
    }""", JS + "playground/slice.js")
    assert point == [[1.5, -4], [-1.25, -0.25, 0.75], [1, 3, 5], 7]


def test_the_scheduler_redraws_one_due_plot_a_frame_in_turns(playground):
    page = playground()
    drawn = page.evaluate("""async (module) => {
      const { RedrawScheduler } = await import(module);
      const drawn = [];
      const job = (name, every, ready = () => true) => ({ name, every, ready, draw: () => drawn.push(name) });
      const s = new RedrawScheduler([job("a", 100), job("b", 100), job("never", 0, () => false), job("c", 0)]);
      const ticks = [0, 1, 2, 3, 50, 101, 102, 103].map((t) => s.tick(t));
      return { ticks, counts: Object.fromEntries(Object.entries(s.stats).map(([k, v]) => [k, v.count])) };
    }""", JS + "scheduler.js")
    # a, b, c take turns; a and b wait 100 ms between redraws, c (every 0) is due each turn
    assert drawn["ticks"] == ["a", "b", "c", "c", "c", "a", "b", "c"]
    assert drawn["counts"] == {"a": 2, "b": 2, "c": 4}


def test_a_run_keeps_the_start_of_its_history_and_a_lesson_a_window(playground):
    page = playground()
    out = page.evaluate("""async (module) => {
      const { LiveRun } = await import(module);
      const frame = (from, n, extra = {}) => ({ steps: Array.from({ length: n }, (_, k) =>
        ({ step: from + k, params: [0, 0], loss: 1 })), ...extra });
      const kept = new LiveRun({ label: "export", maxValues: 12 * 5 });
      const window_ = new LiveRun({ label: "lesson", slide: true, maxSteps: 4 });
      for (const run of [kept, window_]) {
        run.close();
        run.takeFrame(frame(0, 3));
        run.takeFrame(frame(3, 4, { gradient: [1, 2] }));
      }
      const steps = (run) => run.history.map((r) => r.step);
      const before = [steps(kept), kept.last.step, kept.gradient, steps(window_), window_.last.step];
      window_.takeFrame(frame(0, 1, { reset: true }));
      return [...before, steps(window_), window_.historyValues];
    }""", JS + "live.js")
    assert out == [[0, 1, 2, 3, 4], 6, [1, 2], [3, 4, 5, 6], 6, [0], 12]


def test_a_reset_empties_the_curves_before_new_steps_are_drawn(playground):
    page = playground("?race=adam:0.05")
    page.click("#play")
    wait_for(page, "window.gdviz.runs.every(r => r.last.step >= 30)", timeout=20_000)
    wait_for(page, "document.getElementById('loss-plot').data[2].x.length >= 10")
    page.click("#play")
    wait_for(page, "window.gdviz.runs.every(r => r.state === 'paused')")
    page.click("#reset")
    wait_for(page, "window.gdviz.runs.every(r => r.last.step === 0)")
    next_frames(page, 4)
    lengths = page.evaluate("document.getElementById('loss-plot').data.map(t => t.x.length)")
    assert all(n <= 1 for n in lengths), lengths  # at most the new step 0 of each run
