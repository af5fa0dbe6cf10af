// The selected runs' curves laid over each other: loss, accuracy and gradient norm, one colour and
// one legend entry per run, against step, epoch or wall time. The smoothing is TensorBoard's
// (debiased exponential moving average), applied to the drawn line only: the hover shows the
// smoothed value and the saved (raw) one.
import { $, fitPlotsToBoxes, untabPlotToolbars } from "../kit.js";
import { baseLayout, logTicks, plotConfig } from "../plots.js";
import { plotly } from "../vendor.js";

export const RUN_COLORS = ["#1f6feb", "#d9480f", "#2b8a3e", "#9c36b5", "#c2255c", "#0b7285", "#e67700", "#5f3dc4",
  "#495057", "#087f5b"];
const X_TITLES = { step: "step", epoch: "epoch", wall_time: "wall time (s into the job)" };

// TensorBoard's smoothing: s = w·s + (1 − w)·y over the finite values, divided by 1 − w^n (so the
// first values are not pulled towards 0); a missing value stays missing. w = 0 is the raw curve.
export function smooth(ys, weight) {
  let last = 0, n = 0;
  return ys.map((y) => {
    if (y === null || !Number.isFinite(y)) return y;
    n += 1;
    last = last * weight + (1 - weight) * y;
    return weight === 0 ? y : last / (1 - weight ** n);
  });
}

// Which field each plot draws: accuracy for a classifier, R² for a regression.
const PLOTS = [
  { id: "loss-plot", title: "Loss J(θ) (train)", field: () => "loss", y: "loss", log: false },
  { id: "acc-plot", title: "Accuracy (train; R² for a regression)", field: (h) => (h.some((r) => r.r2 !== undefined) ? "r2" : "accuracy"),
    y: "accuracy or R²", log: false },
  { id: "grad-plot", title: "Gradient norm ‖∇J(θ)‖", field: () => "grad_norm", y: "‖∇J‖", log: true },
];

export function traces(runs, plot, xKey, weight) {
  return runs.map((run, i) => {
    const field = plot.field(run.history);
    const records = run.history.filter((r) => r[field] !== null && r[field] !== undefined);
    const raw = records.map((r) => r[field]);
    return {
      x: records.map((r) => r[xKey]), y: smooth(raw, weight), customdata: raw, mode: "lines", name: run.name || run.id,
      line: { color: RUN_COLORS[i % RUN_COLORS.length], width: 2 },
      hovertemplate: `${(run.name || run.id).replace(/[<>%{}]/g, "")}<br>${X_TITLES[xKey]} %{x:.4~g}<br>`
        + (weight > 0 ? "smoothed %{y:.5~g}<br>saved %{customdata:.5~g}" : "%{y:.5~g}") + "<extra></extra>",
      meta: { id: run.id, field },
    };
  });
}

export class Overlay {
  constructor() { this.drawn = 0; }

  // Draw every plot for these runs ([{id, name, history}]), x the record field, weight the smoothing.
  async draw(runs, xKey, weight) {
    const Plotly = await plotly;
    for (const plot of PLOTS) {
      const data = traces(runs, plot, xKey, weight);
      const values = data.flatMap((t) => t.y).filter((v) => v > 0 && Number.isFinite(v));
      // a log axis labelled so it reads (plots.js logTicks: 1-2-5 steps, not nine crowded labels a decade)
      const log = plot.log ? { type: "log", exponentformat: "power", ...(values.length
        ? logTicks(Math.min(...values), Math.max(...values)) : {}) } : {};
      const layout = baseLayout(plot.title, {
        xaxis: { title: { text: X_TITLES[xKey] }, rangemode: "nonnegative" },
        yaxis: { title: { text: plot.y }, ...log },
        hovermode: "closest", uirevision: xKey });
      if (!runs.length) { // an empty frame that says why, not empty axes
        Object.assign(layout, { xaxis: { visible: false }, yaxis: { visible: false }, annotations: [{
          text: "no run ticked", showarrow: false, xref: "paper", yref: "paper", x: 0.5, y: 0.5,
          font: { color: "#5b6577", size: 13 } }] });
      }
      await Plotly.react(plot.id, data, layout, plotConfig(`gdviz-runs-${plot.id}`));
    }
    this.drawn += 1;
  }
}

// The overlay section: the curves (Overlay), the hint shown while no run is ticked, and what the
// curves are drawn with: the smoothing weight (its slider, and its value beside it) and the x axis.
export class OverlayPanel {
  constructor() {
    this.overlay = new Overlay();
    [this.hint, this.slider, this.weightOut] = [$("overlay-hint"), $("smooth"), $("smooth-out")];
    this.radios = [...document.querySelectorAll("input[name=xaxis]")];
    this.plots = document.querySelector(".overlay-plots");
  }

  get drawn() { return this.overlay.drawn; }

  // Draw these runs' curves ([{id, name, history}]) as the controls say.
  draw(runs) {
    this.hint.hidden = runs.length > 0;
    const xKey = this.radios.find((radio) => radio.checked).value, weight = Number(this.slider.value);
    this.weightOut.textContent = weight.toFixed(2);
    return this.overlay.draw(runs, xKey, weight);
  }

  // changed(): the smoothing or the x axis changed.
  wire(changed) {
    this.slider.addEventListener("input", changed);
    for (const radio of this.radios) radio.addEventListener("change", changed);
    untabPlotToolbars(this.plots);
    fitPlotsToBoxes(this.plots);
  }
}
