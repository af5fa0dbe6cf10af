// Regression and MSE: linear regression's bowl with gradient descent walking to the exact answer,
// and the plateaus of a sigmoid output under MSE beside cross-entropy's bowl.
import { $, lessonRun, RUN_PROPS, fmt, postJSON, showError, throttle, urlState, wireRunControls } from "/static/js/kit.js";
import { baseLayout, logTicks, plotConfig } from "/static/js/plots.js";
import { drawWbSurface, restylePath, wbSurface } from "/static/js/lesson/surface.js";
import { splitFormulas } from "/static/js/lesson/formulas.js";
import { plotly } from "/static/js/vendor.js";

const PROPS = [...RUN_PROPS,
  { key: "w0", type: "float", def: -3, clamp: (v) => Math.min(4, Math.max(-4, v)) },
  { key: "b0", type: "float", def: -3, clamp: (v) => Math.min(4, Math.max(-4, v)) },
  { key: "noise", type: "float", def: 0.8, clamp: (v) => Math.min(2, Math.max(0.2, v)) },
];
PROPS.find((p) => p.key === "lr").def = 0.1;
const pair = (v) => `(${fmt(v[0], 4)}, ${fmt(v[1], 4)})`;

// The lesson owns its state: nothing mutable at module level.
function lesson() {
  const { state, save } = urlState(PROPS);
  let run = null, star = null, dirty = false;
  window.gdviz = { state, get runs() { return run ? [run] : []; } };
  splitFormulas();
  const line = () => ({ name: "line", seed: state.seed, standardize: false });

  // --- 1. the bowl and the run -------------------------------------------------------------------------
  async function drawBowl() {
    const span = 4.5;
    const s = await wbSurface(line(), { kind: "linear" }, "mse", span);
    star = s.optimum; // the normal equations' theta* and J*
    window.gdviz.optimum = star;
    $("r-star").textContent = pair(star.params);
    await drawWbSurface("bowl", s, "MSE of ŷ = w·x + b over (w, b)", { lossName: "MSE", path: run ? run.history : [],
      marks: [{ w: star.params[0], b: star.params[1], text: "exact θ*", position: "bottom center" }],
      filename: "gdviz-regression-bowl" });
    dirty = true;
  }

  function startRun() {
    if (run) run.close();
    run = lessonRun("linear regression", { onFrame: () => { dirty = true; }, onStatus: () => controls.status() });
    run.start({ dataset: line(), model: { kind: "linear" }, loss: "mse", optimizer: { name: "gd", learning_rate: state.lr },
                init: [state.w0, state.b0], tol_grad: 1e-9, seed: state.seed, speed: state.fastest ? null : state.speed,
                paused: true });
    Plotly.newPlot("gap-plot", [
      { x: [], y: [], name: "‖θ − θ*‖", mode: "lines", line: { color: "#1f6feb", width: 2 },
        hovertemplate: "step %{x}<br>‖θ − θ*‖ %{y:.3e}<extra></extra>" },
      { x: [], y: [], name: "J − J*", mode: "lines", line: { color: "#d9480f", width: 2, dash: "dash" },
        hovertemplate: "step %{x}<br>J − J* %{y:.3e}<extra></extra>" }],
    baseLayout("Distance to the exact answer", { xaxis: { title: { text: "iteration" }, rangemode: "nonnegative" },
      yaxis: { type: "log", title: { text: "distance (log scale)" }, ...logTicks(1e-12, 10) } }),
    plotConfig("gdviz-regression-gap"));
    drawBowl().catch((exc) => showError(exc.message));
  }

  // Each record's distance to theta* and J - J* (null until theta* is known; J only where measured).
  const distance = (r) => Math.hypot(r.params[0] - star.params[0], r.params[1] - star.params[1]);
  const gap = (r) => (r.loss === undefined || r.loss === null ? null : Math.max(r.loss - star.loss, 0));

  function draw() {
    if (dirty && run && run.last && star) {
      dirty = false;
      const h = run.history;
      restylePath("bowl", h);
      const withLoss = h.filter((r) => gap(r) !== null);
      Plotly.restyle("gap-plot", { x: [h.map((r) => r.step), withLoss.map((r) => r.step)],
        y: [h.map((r) => Math.max(distance(r), 1e-16)), withLoss.map((r) => Math.max(gap(r), 1e-16))] }, [0, 1]);
      const last = run.last, latest = run.latest;
      const d = distance(last);
      window.gdviz.distance = d;
      window.gdviz.gap = gap(latest);
      $("r-step").textContent = last.step;
      $("r-theta").textContent = pair(last.params);
      $("r-dist").textContent = fmt(d, 3);
      const g = gap(latest); // below about 1e-15 of J* the difference is rounding
      $("r-gap").textContent = g !== null && g < 1e-15 * Math.max(star.loss, 1) ? "0 (to rounding)" : fmt(g, 3);
    }
    requestAnimationFrame(draw);
  }

  // --- 2. plateaus: sigmoid + MSE against sigmoid + cross-entropy ---------------------------------------
  const drawPlateaus = throttle(async () => {
    try {
      const noise = state.noise, dataset = { name: "line1d", noise, seed: state.seed };
      const [mse, ce, flat] = await Promise.all([
        wbSurface(dataset, { kind: "logistic" }, "mse", 6.5), wbSurface(dataset, { kind: "logistic" }, "cross_entropy", 6.5),
        postJSON("/api/lessons/plateaus", { noise, seed: state.seed })]);
      window.gdviz.plateaus = flat;
      const p = flat.mse.point;
      const marks = p ? [{ w: p.w, b: p.b, text: "flat spot", symbol: "x", color: "#ff6b6b", position: "middle right" }] : [];
      await Promise.all([
        drawWbSurface("surface-mse", mse, "sigmoid + MSE over (w, b)", { lossName: "MSE", marks,
                                                                          filename: "gdviz-sigmoid-mse-surface" }),
        drawWbSurface("surface-ce", ce, "sigmoid + cross-entropy over (w, b)", { lossName: "cross-entropy", marks,
                                                                                  filename: "gdviz-sigmoid-ce-surface" })]);
      const share = (x) => `${(100 * x.share).toFixed(1)}%`;
      $("plateau-readout").textContent = `Flat (‖∇J‖ < ${flat.flat}) while still far from the bottom: `
        + `${share(flat.mse)} of the square for MSE, ${share(flat.cross_entropy)} for cross-entropy.`
        + (p ? ` At the flat spot (w, b) = (${fmt(p.w, 3)}, ${fmt(p.b, 3)}): MSE ${fmt(p.mse_loss, 3)} with ‖∇J‖ `
          + `${fmt(p.mse_grad, 2)}; cross-entropy ${fmt(p.cross_entropy_loss, 3)} with ‖∇J‖ ${fmt(p.cross_entropy_grad, 2)}, `
          + `${Math.round(p.cross_entropy_grad / p.mse_grad)} times steeper.` : "");
      window.gdviz.plateausNoise = noise; // what the readout and the surfaces now show
    } catch (exc) { showError(exc.message); }
  }, 200);

  // --- controls ------------------------------------------------------------------------------------------
  const controls = wireRunControls(() => (run ? [run] : []), state, save);
  const restart = throttle(async () => startRun(), 300);
  for (const [id, onChange] of [["w0", restart], ["b0", restart], ["noise", drawPlateaus]]) {
    const render = () => { $(id).value = state[id]; $(`${id}-out`).textContent = fmt(state[id], 2); };
    $(id).addEventListener("input", (e) => { state[id] = Number(e.target.value); render(); save(); onChange(); });
    render();
  }

  plotly.then(() => { startRun(); requestAnimationFrame(draw); drawPlateaus(); });
}

lesson();
