"""Records the server did not evaluate: every record has step, epoch, batch_loss, learning_rate
and params; only evaluated ones have loss, test_loss, grad_norm, layer_grads and accuracy (or R²
and RMSE). The page's consumers skip the absent fields: curves, readouts, the 3-D path, exports."""

from tests.web.helpers import wait_for

JS = "/static/js/"

# Steps 0..5 of one run; steps 0, 3 and 5 were evaluated (5 is the newest of the frame).
def bare(step):
    return {"step": step, "epoch": step / 10, "batch_loss": 1 / (step + 1), "learning_rate": 0.1,
            "params": [step, -step, 1]}


def full(step):
    return {**bare(step), "loss": 2 / (step + 1), "test_loss": 3 / (step + 1), "grad_norm": 10 + step,
            "accuracy": 0.5 + step / 100, "test_accuracy": 0.4 + step / 100, "layer_grads": [step, 2 * step]}


FRAME = {"type": "frame", "steps": [full(0), bare(1), bare(2), full(3), bare(4), full(5)], "gradient": None}


def test_curves_plot_only_the_records_that_carry_the_field(playground):
    page = playground()
    drawn = page.evaluate("""async ([module, frame]) => {
      const { CurvesView } = await import(module);
      for (const id of ["t-loss", "t-grad", "t-params", "t-layers"]) {
        const div = document.createElement("div"); div.id = id; document.body.append(div);
      }
      const view = new CurvesView({ loss: "t-loss", grad: "t-grad", params: "t-params", layers: "t-layers" });
      const run = { index: 0, label: "run", color: "#000" };
      view.reset([run]);
      view.setParamNames(["w1", "w2", "b"]);
      view.add(run, frame);
      view.drawLoss(); view.drawGrad(); view.drawParams(); view.drawLayers();
      const xy = (id) => document.getElementById(id).data.map((t) => ({ x: [...t.x], y: [...t.y] }));
      return { loss: xy("t-loss"), grad: xy("t-grad"), params: xy("t-params"), layers: xy("t-layers") };
    }""", [JS + "playground/curves.js", FRAME])
    train, test = drawn["loss"]
    assert train == {"x": [0, 3, 5], "y": [2, 0.5, 2 / 6]}
    assert test["x"] == [0, 3, 5] and None not in test["y"]
    assert drawn["grad"] == [{"x": [0, 3, 5], "y": [10, 13, 15]}]
    assert [t["y"] for t in drawn["layers"]] == [[0, 3, 5], [0, 6, 10]]
    assert drawn["params"][0] == {"x": [0, 1, 2, 3, 4, 5], "y": [0, 1, 2, 3, 4, 5]}  # params: every record


def test_the_readout_and_the_export_use_what_each_record_has(playground):
    page = playground()
    result = page.evaluate("""async ([run, exp, frame]) => {
      const { LiveRun } = await import(run);
      const { historyCSV } = await import(exp);
      const live = Object.assign(Object.create(LiveRun.prototype), {
        history: [], historyValues: 0, maxValues: Infinity, maxSteps: Infinity, slide: false, last: null,
        evaluated: null, gradient: null, index: 0, runner: { optimizer: "gd" }, paramNames: ["w1", "w2", "b"] });
      frame.steps.push({ step: 6, epoch: 0.6, batch_loss: 0.1, learning_rate: 0.1, params: [6, -6, 1] });
      live.takeFrame(frame); // step 6 unevaluated, as if the newest of a frame were not (it always is)
      return { latest: live.latest, csv: historyCSV([live]) };
    }""", [JS + "live.js", JS + "export.js", FRAME])
    latest = result["latest"]
    assert latest["step"] == 6 and latest["params"] == [6, -6, 1]  # the newest record's own fields
    assert latest["loss"] == 2 / 6 and latest["grad_norm"] == 15  # the newest evaluated record's
    lines = result["csv"].splitlines()
    head = lines[0].split(",")
    assert head[:11] == ["run", "optimizer", "step", "epoch", "batch_loss", "loss", "test_loss", "accuracy",
                         "test_accuracy", "grad_norm", "learning_rate"]
    assert head[11:] == ["grad_layer_1", "grad_layer_2", "w1", "w2", "b"]
    rows = [dict(zip(head, line.split(","), strict=True)) for line in lines[1:]]
    assert [r["step"] for r in rows] == ["0", "1", "2", "3", "4", "5", "6"]
    for r in rows:
        evaluated = r["step"] in ("0", "3", "5")
        for column in ("loss", "test_loss", "accuracy", "test_accuracy", "grad_norm", "grad_layer_2"):
            assert (r[column] != "") == evaluated, (r["step"], column)
        assert r["batch_loss"] != "" and r["w1"] == r["step"]


def test_the_3d_path_skips_points_without_a_height(playground):
    page = playground()
    path = page.evaluate("""async ([module, frame]) => {
      const { SurfaceView } = await import(module);
      const state = { view3d: true, surface: "auto", model: "logistic" };
      const run = { index: 0, label: "run", color: "#000", last: null, spec: { dataset: {}, model: {} } };
      const view = new SurfaceView({ id: "none", state, lead: () => run, objective: () => ({}), onError: () => {} });
      view.reset([run]);
      view.add({ index: 1 }, frame); // not a run of this view: ignored
      view.paths[0] = { thetas: [], loss: [], steps: [] };
      for (const record of frame.steps) view.addPoint(view.paths[0], record);
      view.slice = { project: (theta) => [theta[0], theta[1]] };
      const three = view.projected()[0];
      state.view3d = false;
      const flat = view.projected()[0];
      return { three: { px: three.px, pz: three.pz, steps: three.steps }, flat: { px: flat.px, steps: flat.steps } };
    }""", [JS + "playground/surface.js", FRAME])
    assert path["three"] == {"px": [0, 3, 5], "pz": [2, 0.5, 2 / 6], "steps": [0, 3, 5]}
    assert path["flat"] == {"px": [0, 1, 2, 3, 4, 5], "steps": [0, 1, 2, 3, 4, 5]}  # params: every record


def test_a_live_run_shows_a_readout_from_its_evaluated_records(playground):
    page = playground("?fastest=1")
    page.click("#play")
    wait_for(page, "window.gdviz.runs[0].last.step > 30")
    page.click("#play")
    wait_for(page, "window.gdviz.runs[0].state === 'paused'")
    assert page.evaluate("window.gdviz.runs[0].evaluated.step === window.gdviz.runs[0].last.step")
    wait_for(page, "document.getElementById('r-loss').textContent !== '–'")
    assert page.evaluate("Number(document.getElementById('r-loss').textContent)") > 0
