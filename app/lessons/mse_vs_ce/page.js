// MSE vs cross-entropy: curves, a live race, the two (w, b) surfaces and the article's experiment.
import { $, lessonRun, RUN_PROPS, fmt, getJSON, pct, postJSON, round4, showError, throttle, urlState,
  wireRunControls } from "/static/js/kit.js";
import { digitsExperiment } from "./digits.js";
import { LEGEND_BELOW, baseLayout, plotConfig } from "/static/js/plots.js";
import { withField } from "/static/js/live.js";
import { splitFormulas } from "/static/js/lesson/formulas.js";
import { plotly } from "/static/js/vendor.js";

const PROPS = [...RUN_PROPS,
  { key: "w0", type: "float", def: -3, clamp: (v) => Math.min(6, Math.max(-6, v)) },
  { key: "b0", type: "float", def: 3, clamp: (v) => Math.min(6, Math.max(-6, v)) },
  { key: "noise", type: "float", def: 0.8, clamp: (v) => Math.min(2, Math.max(0.2, v)) },
  { key: "exp_lr", type: "float", def: 0.05, clamp: (v) => Math.min(1, Math.max(0.001, v)) },
  { key: "exp_batch", type: "int", def: 32, clamp: (v) => Math.min(256, Math.max(1, v)) },
  { key: "exp_epochs", type: "int", def: 5, clamp: (v) => Math.min(10, Math.max(1, v)) },
  { key: "exp_digit", type: "int", def: 0, clamp: (v) => Math.min(9, Math.max(0, v)) },
  { key: "exp_data", type: "string", def: "", pattern: /^(u_[0-9a-f]{32})?$/ },
  { key: "mark1", type: "float", def: 0.98, clamp: (v) => Math.min(0.99, Math.max(0.01, v)) },
  { key: "mark2", type: "float", def: 0.82, clamp: (v) => Math.min(0.99, Math.max(0.01, v)) },
  { key: "target", type: "int", def: 0, clamp: (v) => (v ? 1 : 0) },
];
PROPS.find((p) => p.key === "lr").def = 1.0;
// The lesson owns its state: nothing mutable at module level.
function lesson() {
  const { state, save } = urlState(PROPS);
  const CE = "#1f6feb", MSE = "#d9480f";
  const LOSSES = [["cross_entropy", "cross-entropy", CE], ["mse", "MSE", MSE]];
  let runs = [];
  let dirty = false;
  window.gdviz = { state, get runs() { return runs; } };
  splitFormulas();
  // Where a figure is narrow (a phone), two legend entries a row: one a row took half its height.
  const legendIn = (id) => ({ ...LEGEND_BELOW, ...($(id).clientWidth < 560 ? { entrywidth: 0.5, entrywidthmode: "fraction" } : {}) });

  async function drawCurves() {
    const prob = await getJSON("/api/lessons/probability-losses");
    const traces = [];
    for (const [key, name, color] of LOSSES) {
      for (const y of [1, 0]) {
        traces.push({ x: prob.a, y: prob[`${key}_y${y}`], name: `${name}, y = ${y}`, mode: "lines",
                      line: { color, dash: y ? "solid" : "dot", width: 2 },
                      hovertemplate: `${name}, y=${y}<br>a %{x:.3f}<br>L %{y:.4f}<extra></extra>` });
      }
    }
    Plotly.newPlot("prob-plot", traces, baseLayout("Loss L(a) for one sample", { legend: legendIn("prob-plot"),
      xaxis: { title: { text: "predicted probability a = P(y=1)" } }, yaxis: { title: { text: "loss" }, range: [0, 4] } }),
      plotConfig("gdviz-loss-vs-probability"));

    const dz = await getJSON("/api/lessons/dz-curves");
    const lines = [];
    for (const [key, name, color] of LOSSES) {
      for (const y of [1, 0]) {
        lines.push({ x: dz.z, y: dz[`${key}_y${y}`], name: `${name}, y = ${y}`, mode: "lines",
                     line: { color, dash: y ? "solid" : "dot", width: 2 }, customdata: dz.a,
                     hovertemplate: `${name}, y=${y}<br>z %{x:.2f} (a %{customdata:.3f})<br>dL/dz %{y:.4f}<extra></extra>` });
      }
    }
    Plotly.newPlot("dz-plot", lines, baseLayout("dL/dz against z (target y)", { legend: legendIn("dz-plot"),
      xaxis: { title: { text: "z = w·x + b" } }, yaxis: { title: { text: "dL/dz" } } }),
      plotConfig("gdviz-dz-curves"));
    await drawMarks();
  }

  // The two points a learner moves: both losses' dL/dz from the engine, on the plot and in the table.
  async function drawMarks() {
    const a = [state.mark1, state.mark2], y = state.target;
    const { marks } = await postJSON("/api/lessons/dz-points", { a, y });
    window.gdviz.marks = marks;
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
    const num = (v) => String(Number(v.toPrecision(6)));
    const signed = (v) => (v < 0 ? `(−${num(-v)})` : num(v));
    $("dz-table").innerHTML = "<tr><th>a</th><th>cross-entropy</th><th>MSE</th></tr>"
      + marks.map((m) => `<tr><th>${m.a}</th>`
        + `<td data-loss="cross_entropy">${m.a} − ${y} = <b>${num(m.cross_entropy)}</b></td>`
        + `<td data-loss="mse">${signed(m.a - y)} × ${m.a} × ${num(1 - m.a)} = <b>${num(m.mse)}</b></td></tr>`).join("");
  }

  // --- the race -----------------------------------------------------------------------------------
  function startRace() {
    for (const run of runs) run.close();
    runs = LOSSES.map(([loss, name]) => lessonRun(name, { onFrame: () => { dirty = true; },
                                                            onStatus: () => controls.status() }));
    runs.forEach((run, i) => run.start({
      dataset: { name: "line1d", noise: state.noise, seed: state.seed }, model: { kind: "logistic" },
      loss: LOSSES[i][0], optimizer: { name: "gd", learning_rate: state.lr }, init: [state.w0, state.b0],
      tol_grad: 0, seed: state.seed, speed: state.fastest ? null : state.speed, paused: true }));
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
    drawSurfaces();
  }

  const surfaces = {};
  async function drawSurfaces() {
    const span = Math.max(6.5, 1.2 * Math.max(Math.abs(state.w0), Math.abs(state.b0)));
    await Promise.all(LOSSES.map(async ([loss, name, color], i) => {
      try {
        const s = await postJSON("/api/surface", { dataset: { name: "line1d", noise: state.noise, seed: state.seed },
          model: { kind: "logistic" }, loss, center: [0, 0], span, resolution: 61,
          directions: { kind: "coordinates", i: 0, j: 1 } });
        surfaces[loss] = s;
        const path = runs[i] ? runs[i].history : [];
        Plotly.react(`surface-${loss === "mse" ? "mse" : "ce"}`, [
          { type: "contour", x: s.alpha, y: s.beta, z: s.loss, colorscale: "Viridis", ncontours: 28,
            contours: { coloring: "heatmap" }, colorbar: { thickness: 10 }, name: name,
            hovertemplate: `w %{x:.3f}<br>b %{y:.3f}<br>${name} %{z:.5f}<extra></extra>` },
          { x: path.map((r) => r.params[0]), y: path.map((r) => r.params[1]), mode: "lines+markers",
            marker: { size: 3 }, line: { color: "#fff", width: 2 }, name: "path",
            hovertemplate: "step %{text}<br>w %{x:.3f}, b %{y:.3f}<extra></extra>", text: path.map((r) => r.step) },
        ], baseLayout(`${name} over (w, b)`, { xaxis: { title: { text: "w" } }, yaxis: { title: { text: "b" } },
                                           showlegend: false }), plotConfig(`gdviz-surface-${loss}`));
      } catch (exc) { showError(exc.message); }
    }));
  }

  function draw() {
    if (dirty && runs.length === 2 && runs.every((r) => r.last)) {
      dirty = false;
      for (const [id, field] of [["race-loss", "loss"], ["race-acc", "accuracy"]]) { // records that carry it
        const kept = runs.map((r) => withField(r.history, field));
        Plotly.restyle(id, { x: kept.map((h) => h.map((x) => x.step)), y: kept.map((h) => h.map((x) => x[field])) },
                       [0, 1]);
      }
      runs.forEach((run, i) => {
        const id = i ? "surface-mse" : "surface-ce";
        if (document.getElementById(id).data) {
          Plotly.restyle(id, { x: [run.history.map((r) => r.params[0])], y: [run.history.map((r) => r.params[1])],
                               text: [run.history.map((r) => r.step)] }, [1]);
        }
      });
      $("r-step").textContent = runs[0].last.step;
      $("r-ce-acc").textContent = pct(runs[0].latest.accuracy);
      $("r-mse-acc").textContent = pct(runs[1].latest.accuracy);
      $("r-ce-grad").textContent = fmt(runs[0].latest.grad_norm, 3);
      $("r-mse-grad").textContent = fmt(runs[1].latest.grad_norm, 3);
    }
    requestAnimationFrame(draw);
  }

  // --- controls --------------------------------------------------------------------------------------
  const controls = wireRunControls(() => runs, state, save);

  function bindSlider(id, key, { read = Number, write = (v) => v, show = (v) => v, onChange }) {
    const el = $(id);
    const render = () => { el.value = write(state[key]); $(`${id}-out`).textContent = show(state[key]); };
    el.addEventListener("input", () => { state[key] = read(el.value); render(); save(); onChange(); });
    render();
  }

  const restart = throttle(async () => startRace(), 300);
  bindSlider("w0", "w0", { onChange: restart });
  bindSlider("b0", "b0", { onChange: restart });
  bindSlider("noise", "noise", { show: (v) => v.toFixed(1), onChange: restart });
  const experiment = digitsExperiment({ state, save, losses: LOSSES, legendIn });
  bindSlider("exp-lr", "exp_lr", { read: (v) => round4(10 ** Number(v)), write: Math.log10, show: (v) => fmt(v, 3),
                                   onChange: experiment.describe });
  bindSlider("exp-batch", "exp_batch", { onChange: experiment.describe });
  bindSlider("exp-epochs", "exp_epochs", { onChange: experiment.describe });
  bindSlider("exp-digit", "exp_digit", { onChange: experiment.describe });
  const moveMarks = throttle(async () => { try { await drawMarks(); } catch (exc) { showError(exc.message); } }, 150);
  bindSlider("mark1", "mark1", { read: (v) => round4(Number(v)), onChange: moveMarks });
  bindSlider("mark2", "mark2", { read: (v) => round4(Number(v)), onChange: moveMarks });
  $("target").value = String(state.target);
  $("target").addEventListener("change", (e) => { state.target = Number(e.target.value); save(); moveMarks(); });
  $("marks-reset").addEventListener("click", () => {
    Object.assign(state, { mark1: 0.98, mark2: 0.82, target: 0 });
    for (const id of ["mark1", "mark2"]) { $(id).value = state[id]; $(`${id}-out`).textContent = state[id]; }
    $("target").value = "0"; save(); moveMarks();
  });

  plotly.then(async () => {
    try {
      await drawCurves();
      startRace();
      requestAnimationFrame(draw);
      experiment.placeholders();
      await experiment.listUploads();
      await experiment.runExperiment();
    } catch (exc) { showError(exc.message); }
  });
}

lesson();
