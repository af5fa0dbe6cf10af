// Regression and MSE: linear regression's bowl with gradient descent walking to the exact answer,
// and the plateaus of a sigmoid output under MSE beside cross-entropy's bowl.
// The bowl is POST /api/surface (linear + MSE on the unscaled line set, θ* from the normal equations)
// under a live run of gradient descent from (w0, b0), started again when the start moves; the
// plateaus are POST /api/surface for sigmoid + MSE and sigmoid + cross-entropy, and POST
// /api/lessons/plateaus, again when the noise moves.
//
// Views: Bowl (the MSE bowl, the exact θ* and the run's path), DistancePlot (‖θ − θ*‖ and J − J*
// against the step, and the readout) and PlateauSurfaces (the two sigmoid surfaces, the flat spot and
// the sentence on them). Facts (window.gdviz.facts):
//   optimum   {method, params, loss, ...}: the exact θ* = (w, b) and J* the bowl marks (the server's)
//   distance  {step, theta, distance, gap}: at the run's newest step, ‖θ − θ*‖ and J − J* (null while
//             J is not measured there)
//   plateaus  the server's plateau measure the readout states ({flat, mse: {share, point, ...},
//             cross_entropy: {...}}), with the noise of the data it and the surfaces show
import { $, RUN_PROPS, fmt, postJSON, throttle } from "/static/js/kit.js";
import { baseLayout, logTicks, plotConfig } from "/static/js/plots.js";
import { drawWbSurface, restylePath, wbSurface } from "/static/js/lesson/surface.js";
import { LessonPage, plotted } from "/static/js/lesson.js";

const PROPS = [...RUN_PROPS.map((p) => (p.key === "lr" ? { ...p, def: 0.1 } : p)),
  { key: "w0", type: "float", def: -3, clamp: (v) => Math.min(4, Math.max(-4, v)) },
  { key: "b0", type: "float", def: -3, clamp: (v) => Math.min(4, Math.max(-4, v)) },
  { key: "noise", type: "float", def: 0.8, clamp: (v) => Math.min(2, Math.max(0.2, v)) },
];
const pair = (v) => `(${fmt(v[0], 4)}, ${fmt(v[1], 4)})`;
const line = (state) => ({ name: "line", seed: state.seed, standardize: false });

// --- 1. the bowl and the run ---------------------------------------------------------------------------
// The MSE of ŷ = w·x + b over (w, b), the exact θ* starred, the run's path on it.
class Bowl {
  constructor(page) { this.page = page; this.star = null; } // star: the normal equations' θ* and J*

  async draw(surface, history) {
    this.star = surface.optimum;
    $("r-star").textContent = pair(this.star.params);
    await drawWbSurface("bowl", surface, "MSE of ŷ = w·x + b over (w, b)", { lossName: "MSE", path: history,
      marks: [{ w: this.star.params[0], b: this.star.params[1], text: "exact θ*", position: "bottom center" }],
      filename: "gdviz-regression-bowl" });
    this.page.publish("optimum", this.star);
  }

  follow(history) { restylePath("bowl", history); }
}

// Each record's distance to θ* and J − J* (J only where measured), on a log axis, and the readout.
class DistancePlot {
  constructor(page) { this.page = page; }

  clear() {
    Plotly.newPlot("gap-plot", [
      { x: [], y: [], name: "‖θ − θ*‖", mode: "lines", line: { color: "#1f6feb", width: 2 },
        hovertemplate: "step %{x}<br>‖θ − θ*‖ %{y:.3e}<extra></extra>" },
      { x: [], y: [], name: "J − J*", mode: "lines", line: { color: "#d9480f", width: 2, dash: "dash" },
        hovertemplate: "step %{x}<br>J − J* %{y:.3e}<extra></extra>" }],
    baseLayout("Distance to the exact answer", { xaxis: { title: { text: "iteration" }, rangemode: "nonnegative" },
      yaxis: { type: "log", title: { text: "distance (log scale)" }, ...logTicks(1e-12, 10) } }),
    plotConfig("gdviz-regression-gap"));
  }

  draw(run, star) {
    const distance = (r) => Math.hypot(r.params[0] - star.params[0], r.params[1] - star.params[1]);
    const gap = (r) => (r.loss === undefined || r.loss === null ? null : Math.max(r.loss - star.loss, 0));
    const h = run.history, withLoss = h.filter((r) => gap(r) !== null);
    Plotly.restyle("gap-plot", { x: [h.map((r) => r.step), withLoss.map((r) => r.step)],
      y: [h.map((r) => Math.max(distance(r), 1e-16)), withLoss.map((r) => Math.max(gap(r), 1e-16))] }, [0, 1]);
    const last = run.last, d = distance(last), g = gap(run.latest);
    $("r-step").textContent = last.step;
    $("r-theta").textContent = pair(last.params);
    $("r-dist").textContent = fmt(d, 3);
    // below about 1e-15 of J* the difference is rounding
    $("r-gap").textContent = g !== null && g < 1e-15 * Math.max(star.loss, 1) ? "0 (to rounding)" : fmt(g, 3);
    this.page.publish("distance", { step: last.step, theta: last.params, distance: d, gap: g });
  }
}

// The run: gradient descent from (w0, b0), paused at first, stopped once ‖∇J‖ < 1e-9. Started again
// (with a new bowl) when the start moves; the path and the distances follow it, at most once a frame.
class Descent {
  constructor(page, bowl, distance, onStatus) {
    Object.assign(this, { page, bowl, distance, onStatus, run: null, fresh: false });
    page.schedule([{ name: "descent", every: 0, ready: () => this.due(), draw: () => this.draw() }]);
  }

  start(state) {
    if (this.run) { this.run.close(); this.page.forget(this.run); }
    const run = this.page.liveRun("linear regression", { onFrame: () => { this.fresh = true; }, onStatus: this.onStatus });
    this.run = run;
    run.start({ dataset: line(state), model: { kind: "linear" }, loss: "mse", optimizer: { name: "gd", learning_rate: state.lr },
                init: [state.w0, state.b0], tol_grad: 1e-9, seed: state.seed, speed: state.fastest ? null : state.speed,
                paused: true });
    this.distance.clear();
    wbSurface(line(state), { kind: "linear" }, "mse", 4.5)
      .then((surface) => this.bowl.draw(surface, this.run ? this.run.history : []))
      .then(() => { this.fresh = true; })
      .catch((exc) => this.page.banner(exc.message));
  }

  due() { return this.fresh && this.run && this.run.last && this.bowl.star; }

  draw() {
    this.fresh = false;
    this.bowl.follow(this.run.history);
    this.distance.draw(this.run, this.bowl.star);
  }
}

// --- 2. plateaus: sigmoid + MSE against sigmoid + cross-entropy ----------------------------------------
class PlateauSurfaces {
  constructor(page) { this.page = page; }

  async draw(mse, ce, flat, noise) {
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
    this.page.publish("plateaus", { ...flat, noise }); // what the readout and the surfaces now show
  }
}

function main() {
  const page = new LessonPage({ props: PROPS, ready: 3 }), state = page.state; // the bowl, the distances, the plateaus
  const controls = page.runControls();
  const descent = new Descent(page, new Bowl(page), new DistancePlot(page), () => controls.status());
  const plateaus = new PlateauSurfaces(page);
  const drawPlateaus = throttle(async () => {
    try {
      const noise = state.noise, dataset = { name: "line1d", noise, seed: state.seed };
      const [mse, ce, flat] = await Promise.all([
        wbSurface(dataset, { kind: "logistic" }, "mse", 6.5), wbSurface(dataset, { kind: "logistic" }, "cross_entropy", 6.5),
        postJSON("/api/lessons/plateaus", { noise, seed: state.seed })]);
      await plateaus.draw(mse, ce, flat, noise);
    } catch (exc) { page.banner(exc.message); }
  }, 200);
  const restart = throttle(async () => descent.start(state), 300);
  const show = (v) => fmt(v, 2);
  page.bind("w0", "w0", restart, { show });
  page.bind("b0", "b0", restart, { show });
  page.bind("noise", "noise", drawPlateaus, { show });

  plotted.then(() => { descent.start(state); drawPlateaus(); });
}

main();
