// MSE vs cross-entropy: curves, a live race, the two (w, b) surfaces and the article's experiment.
import { $, lessonRun, RUN_PROPS, fmt, getJSON, pct, postJSON, round4, showError, throttle, urlState,
  wireRunControls } from "../kit.js";
import { LEGEND_BELOW, baseLayout, plotConfig } from "../plots.js";
import { withField } from "../run.js";
import { splitFormulas } from "./formulas.js";
import { plotly } from "../vendor.js";

const PROPS = [...RUN_PROPS,
  { key: "w0", type: "float", def: -3, clamp: (v) => Math.min(6, Math.max(-6, v)) },
  { key: "b0", type: "float", def: 3, clamp: (v) => Math.min(6, Math.max(-6, v)) },
  { key: "noise", type: "float", def: 0.8, clamp: (v) => Math.min(2, Math.max(0.2, v)) },
  { key: "exp_lr", type: "float", def: 0.05, clamp: (v) => Math.min(1, Math.max(0.001, v)) },
  { key: "exp_batch", type: "int", def: 32, clamp: (v) => Math.min(256, Math.max(1, v)) },
  { key: "exp_epochs", type: "int", def: 5, clamp: (v) => Math.min(10, Math.max(1, v)) },
  { key: "exp_digit", type: "int", def: 0, clamp: (v) => Math.min(9, Math.max(0, v)) },
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
    for (const [key, name, color] of LOSSES) {
      lines.push({ x: dz.marks.map((m) => m.z), y: dz.marks.map((m) => m[key]), mode: "markers+text",
                   name: `${name} at a = 0.98, 0.82`, marker: { size: 11, color, symbol: "diamond" },
                   showlegend: false, cliponaxis: false, textfont: { size: 10 }, // the labels say what they are
                   text: dz.marks.map((m) => `a=${m.a}: ${fmt(m[key], 3)}`),
                   textposition: key === "mse" ? ["top right", "top left"] : ["bottom right", "top left"], // a = 0.98, 0.82: apart
                   hovertemplate: `${name}, y=0<br>z %{x:.3f}<br>dL/dz %{y:.4f}<extra></extra>` });
    }
    Plotly.newPlot("dz-plot", lines, baseLayout("dL/dz against z (target y)", { legend: legendIn("dz-plot"),
      xaxis: { title: { text: "z = w·x + b" } }, yaxis: { title: { text: "dL/dz" } } }),
      plotConfig("gdviz-dz-curves"));
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

  // --- the article's experiment ------------------------------------------------------------------------
  async function runExperiment() {
    $("exp-run").disabled = true;
    $("exp-status").textContent = "running on the engine…";
    try {
      const body = { epochs: state.exp_epochs, batch_size: state.exp_batch, learning_rate: state.exp_lr,
                     digit: state.exp_digit, seed: state.seed };
      const [binary, softmax] = await Promise.all(["binary", "softmax"].map(
        (task) => postJSON("/api/lessons/compare-losses", { ...body, task })));
      window.gdviz.experiment = { binary, softmax };
      drawExperiment(binary, softmax);
      $("exp-status").textContent = `done: ${binary.steps_per_epoch} steps per epoch`;
    } catch (exc) {
      $("exp-status").textContent = "";
      showError(exc.message);
    } finally {
      $("exp-run").disabled = false;
    }
  }

  function drawExperiment(binary, softmax) {
    const table = $("exp-table");
    const head = `<tr><th>epoch</th><th>${state.exp_digit} vs rest: CE</th><th>${state.exp_digit} vs rest: MSE</th>`
      + "<th>10 classes: CE</th><th>10 classes: MSE</th></tr>";
    const rows = binary.epochs.map((e) => {
      const cell = (r, key, other) => `<td class="${r[key][e] > r[other][e] ? "better" : ""}">${pct(r[key][e])}</td>`;
      return `<tr><th>${e}</th>${cell(binary, "cross_entropy", "mse")}${cell(binary, "mse", "cross_entropy")}`
        + `${cell(softmax, "cross_entropy", "mse")}${cell(softmax, "mse", "cross_entropy")}</tr>`;
    });
    table.innerHTML = head + rows.join(""); // numbers formatted above: no user text
    const traces = [];
    for (const [result, label, dash] of [[binary, `${state.exp_digit} vs rest`, "dot"], [softmax, "10 classes", "solid"]]) {
      for (const [key, name, color] of LOSSES) {
        const short = key === "mse" ? "MSE" : "CE"; // as in the table's headers
        traces.push({ x: result.epochs, y: result[key], name: `${label}: ${short}`, mode: "lines+markers",
                      line: { color, dash, width: 2 }, hovertemplate: `${label}, ${name}<br>epoch %{x}<br>test accuracy %{y:.3f}<extra></extra>` });
      }
    }
    Plotly.react("exp-plot", traces, baseLayout("Test accuracy per epoch", { legend: legendIn("exp-plot"),
      xaxis: { title: { text: "epoch" }, dtick: 1 }, yaxis: { range: [0, 1.02], tickformat: ".0%", title: { text: "test accuracy" } } }),
      plotConfig("gdviz-ce-vs-mse-digits"));
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
  bindSlider("exp-lr", "exp_lr", { read: (v) => round4(10 ** Number(v)), write: Math.log10, show: (v) => fmt(v, 3),
                                   onChange: () => {} });
  bindSlider("exp-batch", "exp_batch", { onChange: () => {} });
  bindSlider("exp-epochs", "exp_epochs", { onChange: () => {} });
  bindSlider("exp-digit", "exp_digit", { onChange: () => {} });
  $("exp-run").addEventListener("click", runExperiment);

  plotly.then(async () => {
    try {
      await drawCurves();
      startRace();
      requestAnimationFrame(draw);
      await runExperiment();
    } catch (exc) { showError(exc.message); }
  });
}

lesson();
