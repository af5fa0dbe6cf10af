// When to stop: one descent run three times, each ended by one stopping rule alone. The runs are
// POST /api/train, evaluated at every step: where a rule fires does not depend on the machine's speed.
//
// Views: RuleCurves (the three plots: J, |ΔJ| and ‖∇J‖ with the tolerances) and StopTable (where each
// rule stopped, and the verdict). Facts (window.gdviz.facts):
//   stops     [{name, reason, step, loss, grad, accuracy}], one per rule, in the table's order
//   runs      [{stop_reason, history: [{step, loss, grad_norm}]}], each rule's run as the server answered
//   verdict   the sentence under the table
import { $, fmt, pct, throttle } from "/static/js/kit.js";
import { prop } from "/static/js/catalogue.js";
import { COLORS, baseLayout, plotConfig } from "/static/js/plots.js";
import { LessonPage, plotted } from "/static/js/lesson.js";

const LONGEST = 3000; // the step limit of the runs that a tolerance ends
const PROPS = [{ ...prop("learning_rate", "lr"), def: 0.5 }, prop("seed"),
  { key: "dataset", type: "string", def: "moons", choices: ["moons", "blobs"] },
  { key: "batch", type: "string", def: "full", choices: ["full", "4"] },
  { key: "max_steps", type: "int", def: 300, clamp: (v) => Math.min(LONGEST, Math.max(10, v)) },
  { key: "tol_loss", type: "float", def: 1e-5, clamp: (v) => Math.min(1e-2, Math.max(1e-8, v)) },
  { key: "tol_grad", type: "float", def: 1e-3, clamp: (v) => Math.min(1e-1, Math.max(1e-5, v)) },
];

// rule: its name in the table, and the stopping settings of the run it ends (the others off)
const RULES = [
  { name: "1: step limit", config: (s) => ({ max_steps: s.max_steps, tol_loss: 0, tol_grad: 0 }),
    threshold: (s) => `${s.max_steps} steps` },
  { name: "2: loss change", config: (s) => ({ max_steps: LONGEST, tol_loss: s.tol_loss, tol_grad: 0 }),
    threshold: (s) => `|ΔJ| < ${s.tol_loss.toExponential(1)}` },
  { name: "3: gradient", config: (s) => ({ max_steps: LONGEST, tol_loss: 0, tol_grad: s.tol_grad }),
    threshold: (s) => `‖∇J‖ < ${s.tol_grad.toExponential(1)}` },
];

// The three runs' requests: the same data, model, start and optimizer, each with its own rule.
function requests(state) {
  const common = { dataset: { name: state.dataset, seed: state.seed }, model: { kind: "logistic" },
                   seed: state.seed, optimizer: { name: "gd", learning_rate: state.lr },
                   batch_size: state.batch === "full" ? null : 4, record_every: 1, params_every: 0 };
  return RULES.map((rule) => ({ ...common, ...rule.config(state) }));
}

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

// where each run ended
const stopsOf = (runs) => runs.map((run, i) => ({
  name: RULES[i].name, reason: run.stop_reason, step: run.final.step, loss: run.final.loss,
  grad: run.final.grad_norm, accuracy: run.final.accuracy }));

// The three plots: the runs' J with where each stopped, rule 2's |ΔJ| and rule 3's ‖∇J‖ with their tolerances.
class RuleCurves {
  constructor(page) {
    this.page = page;
    const line = { title: { text: "step" } }, log = (title) => ({ type: "log", title: { text: title }, exponentformat: "power" });
    this.layouts = {
      "loss-plot": baseLayout("Training loss J (its end: zoom out to see the start)", { xaxis: line, yaxis: { title: { text: "J" } } }),
      "change-plot": baseLayout("|ΔJ| from one step to the next", { xaxis: line, yaxis: log("|ΔJ|") }),
      "grad-plot": baseLayout("‖∇J‖ (full training set)", { xaxis: line, yaxis: log("‖∇J‖") }),
    };
  }

  draw(runs, stops, state) {
    const histories = runs.map((run) => run.history);
    const curve = (field, i, h) => ({ x: h.map((r) => r.step), y: h.map((r) => r[field]), mode: "lines",
      name: `rule ${RULES[i].name}`, line: { color: COLORS[i], width: 6 - 2 * i },
      hovertemplate: `rule ${RULES[i].name}<br>step %{x}<br>%{y:.5g}<extra></extra>` });
    const marks = stops.map((s, i) => ({
      x: [s.step], y: [s.loss], mode: "markers", showlegend: false, name: `rule ${s.name} stopped`,
      marker: { color: COLORS[i], size: 13, symbol: "x" },
      hovertemplate: `rule ${s.name} stopped<br>step %{x}<br>J %{y:.5f}<extra></extra>` }));
    const xmax = Math.max(10, ...stops.map((s) => s.step));
    const level = (y, name) => ({ x: [0, xmax], y: [y, y], name, mode: "lines", hoverinfo: "skip",
                                  line: { color: "#5b6577", dash: "dash", width: 1 } });
    const react = (id, traces, yaxis = {}) => Plotly.react(id, traces, {
      ...this.layouts[id], xaxis: { ...this.layouts[id].xaxis, range: [0, xmax * 1.03] },
      yaxis: { ...this.layouts[id].yaxis, ...yaxis } }, plotConfig(`gdviz-stopping-${id}`));
    // the end is where the rules differ: the y range runs from the lowest J to J a tenth of the way in
    const longest = histories.reduce((a, b) => (b.length > a.length ? b : a));
    const low = Math.min(...stops.map((s) => s.loss)), high = longest[Math.floor(longest.length / 10)].loss;
    const zoom = Number.isFinite(low) && Number.isFinite(high) && high > low
      ? { range: [low - 0.05 * (high - low), high] } : { autorange: true };
    react("loss-plot", [...histories.map((h, i) => curve("loss", i, h)), ...marks], zoom);
    react("change-plot", [{ ...curve("loss", 1, []), ...lossChanges(histories[1]), name: "rule 2's run" },
                          level(state.tol_loss, "rule 2's tolerance")]);
    react("grad-plot", [curve("grad_norm", 2, histories[2]), level(state.tol_grad, "rule 3's tolerance")]);
    this.page.publish("runs", runs.map((run) => ({ stop_reason: run.stop_reason,
      history: run.history.map(({ step, loss, grad_norm }) => ({ step, loss, grad_norm })) })));
  }
}

// Where each rule stopped, and the verdict.
class StopTable {
  constructor(page) { this.page = page; }

  draw(stops, state) {
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
    const sentence = verdict(stops);
    $("verdict").textContent = sentence;
    this.page.publish("verdict", sentence);
    this.page.publish("stops", stops);
  }
}

function main() {
  const page = new LessonPage({ props: PROPS, ready: 3 }), state = page.state;
  const curves = new RuleCurves(page), table = new StopTable(page);
  const compute = throttle(async () => {
    const runs = await Promise.all(requests(state).map((body) => page.request("/api/train", body)));
    if (runs.some((run) => run === null)) return; // the banner says why
    const stops = stopsOf(runs);
    curves.draw(runs, stops, state);
    table.draw(stops, state);
  }, 150);
  for (const id of ["dataset", "batch"]) page.bind(id, id, compute, { read: String, event: "change" });
  const log = { write: Math.log10, read: (v) => Number((10 ** Number(v)).toPrecision(2)), show: (v) => v.toExponential(1) };
  page.bind("lr", "lr", compute, { ...log, show: (v) => fmt(v, 2) });
  page.bind("max_steps", "max_steps", compute, { read: (v) => Math.round(Number(v)) });
  page.bind("tol_loss", "tol_loss", compute, log);
  page.bind("tol_grad", "tol_grad", compute, log);
  plotted.then(() => compute());
}

main();
