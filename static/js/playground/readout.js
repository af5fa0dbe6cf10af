// The runs in figures and words: the readout line (one run) or a row per runner (a race), the stop
// reason in words, a calm aria-live announcement for screen readers, and each plot's text summary.
import { $, fmt, pct, showRecord } from "../kit.js";
import { entry } from "../catalogue.js";

const ANNOUNCE_MS = 5000; // a screen reader hears the run at most every 5 s (and at once when it stops)

// Why a run stopped, in words, with the rule's own threshold (config: the run spec in force).
export function stopText(reason, config = {}) {
  switch (reason) {
    case "diverged": return "diverged: the loss exploded or stopped being a number. Lower the learning rate, then Reset.";
    case "max_steps": return `stopped at the step limit (max steps ${config.max_steps}).`;
    case "tol_grad": return `converged: ‖∇J‖ fell below ${config.tol_grad}.`;
    case "tol_loss": return `converged: the loss changed by less than ${config.tol_loss} between evaluated steps.`;
    case "target_loss": return `reached the target loss ${config.target_loss}.`;
    default: return reason ? `stopped (${reason}).` : "";
  }
}

// What a runner does differently from run 1 (a loss, a batch, a model, the scaling), in words.
export function ownWords(runner) {
  const own = runner.own || {};
  return [own.loss && entry("losses", own.loss).short, own.batch && (own.batch === "1" ? "SGD" : `batch ${own.batch}`),
          own.model, own.standardize && (own.standardize === "1" ? "standardised" : "raw")].filter(Boolean).join(", ");
}

// How a runner is named in legends and rows: its number, optimizer and current rate, and ownWords.
export function runLabel(index, count, runner, lr) {
  if (count === 1) return "run";
  const own = ownWords(runner);
  return `${index + 1}: ${runner.optimizer} ${fmt(lr, 2)}${own ? ` · ${own}` : ""}`;
}

const quality = (r) => (r.r2 !== undefined ? `R² ${fmt(r.r2, 3)}` : r.accuracy !== undefined ? `accuracy ${pct(r.accuracy)}` : "");

// One run in a sentence (count: how many runs the page has).
function summary(run, count) {
  const r = run.latest;
  if (!r) return `${run.label}: waiting for the first step.`;
  const stop = run.state === "stopped" ? `, ${stopText(run.stopReason, run.config || {})}` : "";
  return `${count > 1 ? `Run ${run.index + 1}` : "The run"} is ${run.state} at step ${r.step}: loss ${fmt(r.loss, 4)}`
    + `${quality(r) ? `, ${quality(r)}` : ""}, ‖∇J‖ ${fmt(r.grad_norm, 3)}${stop}.`;
}

export class Readout {
  constructor() {
    this.announcedAt = -Infinity;
    this.spoken = ""; // the last announcement
  }

  // The figures, at most ~10 times a second (the caller throttles).
  show(runs, lrOf) {
    const race = runs.length > 1;
    $("readout").hidden = race;
    $("race-readout").hidden = !race;
    if (!race) {
      const run = runs[0];
      if (!run || !run.last) return;
      showRecord(run.latest);
      $("r-lr").textContent = fmt(lrOf(run), 3);
      return;
    }
    const regression = runs.some((run) => run.latest && run.latest.r2 !== undefined);
    $("race-acc-head").textContent = regression ? "R²" : "accuracy";
    const rows = runs.map((run) => {
      const r = run.latest || {};
      const tr = document.createElement("tr");
      const cells = [run.label, run.state, r.step ?? "–", fmt(r.loss, 4),
                     regression ? fmt(r.r2, 3) : pct(r.accuracy), fmt(r.grad_norm, 3), fmt(lrOf(run), 3)];
      cells.forEach((text, k) => {
        const td = document.createElement(k === 0 ? "th" : "td");
        if (k === 0) { td.scope = "row"; td.style.borderLeft = `4px solid ${run.color}`; }
        td.textContent = String(text);
        tr.append(td);
      });
      return tr;
    });
    $("race-readout").tBodies[0].replaceChildren(...rows);
  }

  // The aria-live line: every ANNOUNCE_MS while running, at once when a run stops or pauses (urgent).
  announce(runs, urgent = false) {
    const now = performance.now();
    if (!urgent && now - this.announcedAt < ANNOUNCE_MS) return false;
    const text = runs.map((run) => summary(run, runs.length)).join(" ");
    if (text === this.spoken) return false;
    this.announcedAt = now;
    this.spoken = text;
    $("announce").textContent = text;
    return true;
  }
}

// Each plot's text summary (its figcaption), for someone who cannot see the plot.
export function summarise(runs, lead, slice) {
  const set = (id, text) => { const el = $(id); if (el && el.textContent !== text) el.textContent = text; };
  const first = (run, field) => run.history.find((r) => r[field] !== undefined && r[field] !== null);
  const span = (field, name) => runs.map((run) => {
    const a = first(run, field), b = run.latest;
    return a && b ? `${run.label}: ${name} ${fmt(a[field], 3)} at step ${a.step}, ${fmt(b[field], 3)} at step ${b.step}`
      : `${run.label}: no ${name} yet`;
  }).join("; ");
  set("loss-summary", `Loss curve. ${span("loss", "loss")}.`);
  set("grad-summary", `Gradient norm curve. ${span("grad_norm", "‖∇J‖")}.`);
  const now = lead && lead.latest;
  if (!now) return;
  const theta = lead.theta;
  if (slice && theta) {
    const [x, y] = slice.project(theta);
    set("surface-summary", `${slice.title}. ${lead.label} is at (${fmt(x, 3)}, ${fmt(y, 3)}) with J ${fmt(now.loss, 4)}; `
      + `the arrow points down the gradient, ‖∇J‖ ${fmt(now.grad_norm, 3)}.`);
  }
  set("boundary-summary", `Decision map or fit of ${lead.label} at step ${now.step}: ${quality(now) || "no score yet"}.`);
  const names = lead.paramNames.slice(0, 6);
  if (theta) set("params-summary", `Parameters of ${lead.label} at step ${now.step}: `
    + names.map((n, k) => `${n} ${fmt(theta[k], 3)}`).join(", ") + (lead.paramNames.length > 6 ? ", …" : "") + ".");
  if (now.layer_grads) set("layer-grad-summary", `Gradient reaching each layer of ${lead.label}, first to output: `
    + now.layer_grads.map((g) => fmt(g, 2)).join(", ") + ".");
}
