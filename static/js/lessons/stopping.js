// When to stop: one descent run three times, each ended by one stopping rule alone. The runs are
// POST /api/train, evaluated at every step: where a rule fires does not depend on the machine's speed.
import { $, fmt, pct, postJSON, showError, throttle, urlState } from "../kit.js";
import { prop } from "../catalogue.js";
import { COLORS, baseLayout, plotConfig } from "../plots.js";
import { splitFormulas } from "./formulas.js";
import { plotly } from "../vendor.js";

const LONGEST = 3000; // the step limit of the runs that a tolerance ends
const PROPS = [prop("learning_rate", "lr"), prop("seed"),
  { key: "dataset", type: "string", def: "moons", choices: ["moons", "blobs"] },
  { key: "batch", type: "string", def: "full", choices: ["full", "4"] },
  { key: "max_steps", type: "int", def: 300, clamp: (v) => Math.min(LONGEST, Math.max(10, v)) },
  { key: "tol_loss", type: "float", def: 1e-5, clamp: (v) => Math.min(1e-2, Math.max(1e-8, v)) },
  { key: "tol_grad", type: "float", def: 1e-3, clamp: (v) => Math.min(1e-1, Math.max(1e-5, v)) },
];
PROPS[0].def = 0.5;

// rule: its name in the table, and the stopping settings of the run it ends (the others off)
const RULES = [
  { name: "1: step limit", config: (s) => ({ max_steps: s.max_steps, tol_loss: 0, tol_grad: 0 }),
    threshold: (s) => `${s.max_steps} steps` },
  { name: "2: loss change", config: (s) => ({ max_steps: LONGEST, tol_loss: s.tol_loss, tol_grad: 0 }),
    threshold: (s) => `|ΔJ| < ${s.tol_loss.toExponential(1)}` },
  { name: "3: gradient", config: (s) => ({ max_steps: LONGEST, tol_loss: 0, tol_grad: s.tol_grad }),
    threshold: (s) => `‖∇J‖ < ${s.tol_grad.toExponential(1)}` },
];

// |J_t − J_t'| between consecutive evaluated records: what rule 2 compares with its tolerance
function lossChanges(records) {
  const out = { x: [], y: [] };
  for (let i = 1; i < records.length; i += 1) {
    out.x.push(records[i].step);
    out.y.push(Math.abs(records[i].loss - records[i - 1].loss));
  }
  return out;
}

// The sentence under the table, from the stops as measured: which rule ended first, and how much
// higher its loss is than the lowest loss any rule reached.
function verdict(stops) {
  if (stops.some((s) => s.reason === "diverged")) return "A run diverged: lower the learning rate.";
  const first = stops.reduce((a, b) => (b.step < a.step ? b : a));
  const best = stops.reduce((a, b) => (b.loss < a.loss ? b : a));
  const gap = first.loss - best.loss;
  const lead = `Rule ${first.name} stopped first, at step ${first.step}`;
  if (first === best || gap <= 0) return `${lead}, and no rule found a lower loss.`;
  return `${lead}, with J = ${fmt(first.loss, 5)}: ${fmt(gap, 2)} above the lowest J of the three ` +
         `(rule ${best.name}, step ${best.step}, J = ${fmt(best.loss, 5)}).`;
}

function lesson() {
  const { state, save } = urlState(PROPS);
  window.gdviz = { state, stops: [], runs: [] };
  splitFormulas();
  const line = { title: { text: "step" } };
  const LAYOUTS = {
    "loss-plot": baseLayout("Training loss J (its end: zoom out to see the start)", { xaxis: line, yaxis: { title: { text: "J" } } }),
    "change-plot": baseLayout("|ΔJ| from one step to the next", {
      xaxis: line, yaxis: { type: "log", title: { text: "|ΔJ|" }, exponentformat: "power" } }),
    "grad-plot": baseLayout("‖∇J‖ (full training set)", {
      xaxis: line, yaxis: { type: "log", title: { text: "‖∇J‖" }, exponentformat: "power" } }),
  };

  // the three runs, each with its own rule; the same data, model, start and optimizer
  const compute = throttle(async () => {
    const common = { dataset: { name: state.dataset, seed: state.seed }, model: { kind: "logistic" },
                     seed: state.seed, optimizer: { name: "gd", learning_rate: state.lr },
                     batch_size: state.batch === "full" ? null : 4, record_every: 1, params_every: 0 };
    try {
      const runs = await Promise.all(RULES.map((rule) => postJSON("/api/train", { ...common, ...rule.config(state) })));
      $("banner").hidden = true;
      draw(runs);
    } catch (exc) { showError(exc.message); }
  }, 150);

  // where each run ended
  const stopsOf = (runs) => runs.map((run, i) => ({
    name: RULES[i].name, reason: run.stop_reason, step: run.final.step, loss: run.final.loss,
    grad: run.final.grad_norm, accuracy: run.final.accuracy }));

  // a horizontal tolerance line across the plot
  const level = (y, xmax, name) => ({ x: [0, xmax], y: [y, y], name, mode: "lines", hoverinfo: "skip",
                                      line: { color: "#5b6577", dash: "dash", width: 1 } });

  function draw(runs) {
    const stops = stopsOf(runs);
    const histories = runs.map((run) => run.history);
    const curve = (field, i, h) => ({ x: h.map((r) => r.step), y: h.map((r) => r[field]), mode: "lines",
      name: `rule ${RULES[i].name}`, line: { color: COLORS[i], width: 6 - 2 * i },
      hovertemplate: `rule ${RULES[i].name}<br>step %{x}<br>%{y:.5g}<extra></extra>` });
    const marks = stops.map((s, i) => ({
      x: [s.step], y: [s.loss], mode: "markers", showlegend: false, name: `rule ${s.name} stopped`,
      marker: { color: COLORS[i], size: 13, symbol: "x" },
      hovertemplate: `rule ${s.name} stopped<br>step %{x}<br>J %{y:.5f}<extra></extra>` }));
    const xmax = Math.max(10, ...stops.map((s) => s.step));
    const range = [0, xmax * 1.03];
    const react = (id, traces, yaxis = {}) => Plotly.react(id, traces, {
      ...LAYOUTS[id], xaxis: { ...LAYOUTS[id].xaxis, range }, yaxis: { ...LAYOUTS[id].yaxis, ...yaxis } },
    plotConfig(`gdviz-stopping-${id}`));
    // the end is where the rules differ: the y range runs from the lowest J to J a tenth of the way in
    const longest = histories.reduce((a, b) => (b.length > a.length ? b : a));
    const low = Math.min(...stops.map((s) => s.loss)), high = longest[Math.floor(longest.length / 10)].loss;
    const zoom = Number.isFinite(low) && Number.isFinite(high) && high > low
      ? { range: [low - 0.05 * (high - low), high] } : { autorange: true };
    react("loss-plot", [...histories.map((h, i) => curve("loss", i, h)), ...marks], zoom);
    react("change-plot", [{ ...curve("loss", 1, []), ...lossChanges(histories[1]), name: "rule 2's run" },
                          level(state.tol_loss, xmax, "rule 2's tolerance")]);
    react("grad-plot", [curve("grad_norm", 2, histories[2]), level(state.tol_grad, xmax, "rule 3's tolerance")]);
    $("stops").replaceChildren(...stops.map((s, i) => {
      const row = document.createElement("tr");
      const cells = [`${s.name} (${RULES[i].threshold(state)})`,
                     `${s.step}${s.reason === "diverged" ? " (diverged)" : ""}`,
                     fmt(s.loss, 5), fmt(s.grad, 3), pct(s.accuracy)];
      row.replaceChildren(...cells.map((text, j) => {
        const cell = document.createElement(j ? "td" : "th");
        cell.textContent = text;
        return cell;
      }));
      return row;
    }));
    $("verdict").textContent = verdict(stops);
    Object.assign(window.gdviz, { stops, runs });
  }

  for (const id of ["dataset", "batch"]) {
    $(id).value = state[id];
    $(id).addEventListener("change", (e) => { state[id] = e.target.value; save(); compute(); });
  }
  const log = [Math.log10, (v) => Number((10 ** v).toPrecision(2)), (v) => v.toExponential(1)];
  const sliders = [["lr", Math.log10, (v) => Number((10 ** v).toPrecision(2)), (v) => fmt(v, 2)], ["max_steps", (v) => v, (v) => Math.round(v), String],
                   ["tol_loss", ...log], ["tol_grad", ...log]];
  for (const [id, toSlider, fromSlider, show] of sliders) {
    const render = () => { $(id).value = toSlider(state[id]); $(`${id}-out`).textContent = show(state[id]); };
    $(id).addEventListener("input", (e) => { state[id] = fromSlider(Number(e.target.value)); render(); save(); compute(); });
    render();
  }

  plotly.then(() => compute());
}

lesson();
