// Downloads of what the page received: every step of every run (up to a cap), as CSV or JSON.
import { has } from "./live.js";
import { download } from "./kit.js";
import { saveBody } from "./playground/saved.js";

const CLASSIFICATION_COLUMNS = ["step", "epoch", "batch_loss", "loss", "test_loss", "accuracy", "test_accuracy",
                                "grad_norm", "learning_rate"];
const REGRESSION_COLUMNS = ["step", "epoch", "batch_loss", "loss", "test_loss", "r2", "test_r2", "rmse",
                            "test_rmse", "grad_norm", "learning_rate"];

export function historyCSV(runs) {
  const names = runs.length ? runs[0].paramNames : [];
  // Not every record was evaluated: the task and the layers come from one that was, and a field a
  // record lacks is an empty cell.
  const first = runs.map((run) => run.history.find((r) => has(r, "r2") || has(r, "accuracy"))).find(Boolean);
  const columns = first && has(first, "r2") ? REGRESSION_COLUMNS : CLASSIFICATION_COLUMNS;
  const withLayers = runs.length ? runs[0].history.find((r) => has(r, "layer_grads") && r.layer_grads) : null;
  const layers = withLayers ? withLayers.layer_grads.map((_, l) => `grad_layer_${l + 1}`) : [];
  const lines = [["run", "optimizer", ...columns, ...layers, ...names].join(",")];
  for (const run of runs) {
    for (const r of run.history) {
      const perLayer = layers.map((_, l) => (r.layer_grads ? r.layer_grads[l] : null));
      const cells = [run.index + 1, run.runner.optimizer, ...columns.map((c) => r[c]), ...perLayer, ...r.params];
      lines.push(cells.map((v) => (v === null || v === undefined ? "" : v)).join(","));
    }
  }
  return lines.join("\n") + "\n";
}

export function downloadCSV(runs) {
  download("gdviz-history.csv", "text/csv", historyCSV(runs));
}

// Each run's `replay` is the POST /api/train (or /api/runs) body that replays it, bit for bit, to the
// step it had reached: the spec its event log starts from, and the log (`spec` is the spec in force).
export function downloadJSON(runs, state) {
  const body = {
    config: state,
    link: window.location.href,
    runs: runs.map((run) => ({ run: run.index + 1, optimizer: run.runner.optimizer,
                               learning_rate: run.runner.learning_rate, spec: run.config,
                               replay: run.last && run.last.step > 0 ? (({ name: _, ...train }) => train)(saveBody(run, "")) // eslint-disable-line no-unused-vars
                                 : null,
                               param_names: run.paramNames,
                               stop_reason: run.stopReason, history: run.history })),
  };
  download("gdviz-history.json", "application/json", JSON.stringify(body));
}
