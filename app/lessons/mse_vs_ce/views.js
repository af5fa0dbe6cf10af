// The MSE-vs-cross-entropy lesson's views of sections 1 to 4: the loss and dL/dz curves, the points a
// learner moves, the race's curves and readout, and the two (w, b) surfaces with the runs' paths.
// The facts they publish are listed in page.js.
import { $, fmt, pct } from "/static/js/kit.js";
import { LEGEND_BELOW, baseLayout, plotConfig } from "/static/js/plots.js";
import { withField } from "/static/js/live.js";

export const CE = "#1f6feb", MSE = "#d9480f";
export const LOSSES = [["cross_entropy", "cross-entropy", CE], ["mse", "MSE", MSE]]; // [key, name, colour]

// Where a figure is narrow (a phone), two legend entries a row: one a row took half its height.
export const legendIn = (id) => ({ ...LEGEND_BELOW, ...($(id).clientWidth < 560 ? { entrywidth: 0.5, entrywidthmode: "fraction" } : {}) });

// Both losses' curves for y = 1 (solid) and y = 0 (dotted): answer[`${loss}_y${y}`] against x.
function curves(answer, x, trace) {
  const traces = [];
  for (const [key, name, color] of LOSSES) {
    for (const y of [1, 0]) {
      traces.push({ x, y: answer[`${key}_y${y}`], name: `${name}, y = ${y}`, mode: "lines",
                    line: { color, dash: y ? "solid" : "dot", width: 2 }, ...trace(name, y) });
    }
  }
  return traces;
}

// Section 1: the loss of one sample against its predicted probability.
export class ProbabilityCurves {
  constructor(page) { this.page = page; }

  draw(prob) {
    const traces = curves(prob, prob.a, (name, y) => ({
      hovertemplate: `${name}, y=${y}<br>a %{x:.3f}<br>L %{y:.4f}<extra></extra>` }));
    Plotly.newPlot("prob-plot", traces, baseLayout("Loss L(a) for one sample", { legend: legendIn("prob-plot"),
      xaxis: { title: { text: "predicted probability a = P(y=1)" } }, yaxis: { title: { text: "loss" }, range: [0, 4] } }),
      plotConfig("gdviz-loss-vs-probability"));
    this.page.publish("probability", prob);
  }
}

// Section 2: dL/dz against z, and the two points a learner moves, labelled on the plot.
export class DzPlot {
  constructor(page) { this.page = page; this.curves = null; }

  drawCurves(dz) {
    const lines = curves(dz, dz.z, (name, y) => ({ customdata: dz.a,
      hovertemplate: `${name}, y=${y}<br>z %{x:.2f} (a %{customdata:.3f})<br>dL/dz %{y:.4f}<extra></extra>` }));
    Plotly.newPlot("dz-plot", lines, baseLayout("dL/dz against z (target y)", { legend: legendIn("dz-plot"),
      xaxis: { title: { text: "z = w·x + b" } }, yaxis: { title: { text: "dL/dz" } } }),
      plotConfig("gdviz-dz-curves"));
    this.curves = dz;
  }

  // marks: [{a, z, y, cross_entropy, mse}] from the engine, for the target y
  drawMarks(marks, y) {
    const plot = $("dz-plot");
    const old = plot.data.map((t, i) => (t.mode === "markers+text" ? i : -1)).filter((i) => i >= 0);
    if (old.length) Plotly.deleteTraces(plot, old);
    const side = marks.map((m, i) => (m.z >= marks[1 - i].z ? "right" : "left")); // the labels apart
    Plotly.addTraces(plot, LOSSES.map(([key, name, color]) => ({
      x: marks.map((m) => m.z), y: marks.map((m) => m[key]), mode: "markers+text", name: `${name} at the points`,
      marker: { size: 11, color, symbol: "diamond" }, showlegend: false, cliponaxis: false, textfont: { size: 10 },
      text: marks.map((m) => `a=${m.a}: ${fmt(m[key], 3)}`), // the labels say what they are
      textposition: marks.map((m, i) => { // the higher of the two points labelled above, the lower below
        const other = key === "mse" ? "cross_entropy" : "mse";
        return `${m[key] > m[other] || (m[key] === m[other] && key === "mse") ? "top" : "bottom"} ${side[i]}`;
      }),
      hovertemplate: `${name}, y=${y}<br>z %{x:.3f}<br>dL/dz %{y:.4f}<extra></extra>` })));
    this.page.publish("dz", { ...this.curves, marks });
  }
}

// Section 2's table: both gradients at the two points, with the learner's numbers plugged in.
export class DzTable {
  constructor(page) { this.page = page; }

  draw(marks, y) {
    const num = (v) => String(Number(v.toPrecision(6)));
    const signed = (v) => (v < 0 ? `(−${num(-v)})` : num(v));
    $("dz-table").innerHTML = "<tr><th>a</th><th>cross-entropy</th><th>MSE</th></tr>"
      + marks.map((m) => `<tr><th>${m.a}</th>`
        + `<td data-loss="cross_entropy">${m.a} − ${y} = <b>${num(m.cross_entropy)}</b></td>`
        + `<td data-loss="mse">${signed(m.a - y)} × ${m.a} × ${num(1 - m.a)} = <b>${num(m.mse)}</b></td></tr>`).join("");
    this.page.publish("marks", marks);
  }
}

// Section 3: both runs' loss (each on its own axis) and training accuracy.
export class RaceCurves {
  constructor(page) { this.page = page; }

  reset() {
    Plotly.newPlot("race-loss", LOSSES.map(([, name, color], i) => ({
      x: [], y: [], name, mode: "lines", line: { color, width: 2 }, yaxis: i ? "y2" : "y",
      hovertemplate: `${name}<br>step %{x}<br>J %{y:.5f}<extra></extra>` })),
      baseLayout("Loss (each on its own axis)", { xaxis: { title: { text: "iteration" }, rangemode: "nonnegative" },
        yaxis: { title: { text: "cross-entropy", font: { color: CE } }, rangemode: "nonnegative" }, // no loss below 0
        yaxis2: { title: { text: "MSE", font: { color: MSE } }, overlaying: "y", side: "right", tickformat: ".3f",
                  rangemode: "nonnegative" } }),
      plotConfig("gdviz-race-loss"));
    Plotly.newPlot("race-acc", LOSSES.map(([, name, color]) => ({
      x: [], y: [], name, mode: "lines", line: { color, width: 2 },
      hovertemplate: `${name}<br>step %{x}<br>accuracy %{y:.3f}<extra></extra>` })),
      baseLayout("Training accuracy", { xaxis: { title: { text: "iteration" }, rangemode: "nonnegative" },
                                        yaxis: { range: [0, 1.02], tickformat: ".0%" } }),
      plotConfig("gdviz-race-accuracy"));
  }

  // runs: the two live runs, cross-entropy's first
  draw(runs) {
    const drawn = {};
    for (const [id, field] of [["race-loss", "loss"], ["race-acc", "accuracy"]]) { // records that carry it
      const kept = runs.map((r) => withField(r.history, field));
      Plotly.restyle(id, { x: kept.map((h) => h.map((x) => x.step)), y: kept.map((h) => h.map((x) => x[field])) },
                     [0, 1]);
      drawn[field] = kept.map((h) => h.length);
    }
    this.page.publish("race", runs.map((run, i) => ({ loss: LOSSES[i][0], step: run.last.step,
      loss_points: drawn.loss[i], accuracy_points: drawn.accuracy[i] })));
  }
}

// Section 3's readout: the step, and each run's newest accuracy and gradient norm.
export class RaceReadout {
  constructor(page) { this.page = page; }

  draw(runs) {
    const [ce, mse] = runs.map((r) => r.latest);
    $("r-step").textContent = runs[0].last.step;
    $("r-ce-acc").textContent = pct(ce.accuracy);
    $("r-mse-acc").textContent = pct(mse.accuracy);
    $("r-ce-grad").textContent = fmt(ce.grad_norm, 3);
    $("r-mse-grad").textContent = fmt(mse.grad_norm, 3);
    this.page.publish("readout", { step: runs[0].last.step,
      cross_entropy: { accuracy: ce.accuracy, grad_norm: ce.grad_norm }, mse: { accuracy: mse.accuracy, grad_norm: mse.grad_norm } });
  }
}

// Section 4: each loss over (w, b), with its run's path.
export class Surfaces {
  constructor(page) { this.page = page; this.drawn = {}; } // loss -> {span, path_points}

  // s: the engine's surface (POST /api/surface) over [-span, span]²; run: the loss's live run, if any
  draw(loss, s, span, run) {
    const name = LOSSES.find(([key]) => key === loss)[1];
    const path = run ? run.history : [];
    Plotly.react(`surface-${loss === "mse" ? "mse" : "ce"}`, [
      { type: "contour", x: s.alpha, y: s.beta, z: s.loss, colorscale: "Viridis", ncontours: 28,
        contours: { coloring: "heatmap" }, colorbar: { thickness: 10 }, name: name,
        hovertemplate: `w %{x:.3f}<br>b %{y:.3f}<br>${name} %{z:.5f}<extra></extra>` },
      { x: path.map((r) => r.params[0]), y: path.map((r) => r.params[1]), mode: "lines+markers",
        marker: { size: 3 }, line: { color: "#fff", width: 2 }, name: "path",
        hovertemplate: "step %{text}<br>w %{x:.3f}, b %{y:.3f}<extra></extra>", text: path.map((r) => r.step) },
    ], baseLayout(`${name} over (w, b)`, { xaxis: { title: { text: "w" } }, yaxis: { title: { text: "b" } },
                                       showlegend: false }), plotConfig(`gdviz-surface-${loss}`));
    this.drawn[loss] = { span, path_points: path.length };
  }

  // The runs' newest paths, on the surfaces drawn so far.
  paths(runs) {
    runs.forEach((run, i) => {
      const id = i ? "surface-mse" : "surface-ce", loss = LOSSES[i][0];
      if (document.getElementById(id).data) {
        Plotly.restyle(id, { x: [run.history.map((r) => r.params[0])], y: [run.history.map((r) => r.params[1])],
                             text: [run.history.map((r) => r.step)] }, [1]);
        if (this.drawn[loss]) this.drawn[loss].path_points = run.history.length;
      }
    });
    this.publish();
  }

  publish() { // once both are drawn
    if (LOSSES.every(([loss]) => this.drawn[loss])) {
      this.page.publish("surfaces", LOSSES.map(([loss]) => ({ loss, ...this.drawn[loss] })));
    }
  }
}
