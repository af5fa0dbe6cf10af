// The article's digits experiment (mse-vs-ce lesson, section 5): both losses on both tasks, the
// majority baseline, and a learning-rate sweep; on the built-in 8×8 digits or an uploaded set.
// Views: ExperimentSetup (the data menu and what the buttons will train), ExperimentResults (the
// baseline, sentence, table and plot) and SweepResults (the sweep's sentence and two plots); and
// stoppable(), the buttons' work. The facts they publish are listed in page.js.
import { $, pct, problemText, send } from "/static/js/kit.js";
import { baseLayout, plotConfig } from "/static/js/plots.js";
import { LOSSES, legendIn } from "./views.js";

export const RATES = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1];
const BUILT_IN_TRAIN = 1348; // 1797 images, a quarter kept for testing
const points = (d) => `${Math.abs(100 * d).toFixed(1)} points`;
const rate = (r) => String(Number(r.toPrecision(3)));
const plural = (n) => `${n} epoch${n > 1 ? "s" : ""}`;

// What the buttons will train, on which data: state is the page's (exp_lr, exp_batch, exp_epochs,
// exp_digit, exp_data); uploads with 3 or more classes join the data menu.
export class ExperimentSetup {
  constructor(page, state) { Object.assign(this, { page, state, uploads: new Map() }); } // id -> GET /api/datasets entry

  nTrain() {
    const { exp_data: data } = this.state;
    return data && this.uploads.has(data) ? Math.round(0.8 * this.uploads.get(data).n_samples) : BUILT_IN_TRAIN;
  }

  label() {
    const { exp_data: data } = this.state;
    return data ? `your upload ${this.uploads.get(data)?.file_name || data}` : "the 8×8 digits";
  }

  // entries: GET /api/datasets's answer
  list(entries) {
    for (const entry of entries) {
      if (entry.kind !== "upload" || entry.n_classes < 3) continue;
      this.uploads.set(entry.name, entry);
      $("exp-data").append(new Option(`${entry.file_name || entry.name} (${entry.n_samples} rows, ${entry.n_classes} classes)`,
                                      entry.name));
    }
    if (this.state.exp_data && !this.uploads.has(this.state.exp_data)) this.state.exp_data = "";
    $("exp-data").value = this.state.exp_data;
    this.describe();
  }

  describe() {
    const state = this.state, n = state.exp_epochs, s = Math.ceil(this.nTrain() / state.exp_batch);
    const approx = state.exp_data ? "about " : "";
    $("exp-run").textContent = `Train both losses: ${plural(n)} on each task`;
    $("sweep-run").textContent = `Sweep ${RATES.length} learning rates, ${RATES[0]} to ${RATES.at(-1)}: `
      + `${4 * RATES.length} trainings of ${plural(n)}`;
    $("exp-what").textContent = `The button trains 4 models on ${this.label()}: cross-entropy and MSE, on the `
      + `${state.exp_digit}-against-the-rest task and on 10 classes, each for ${plural(n)} `
      + `of ${approx}${s} mini-batch steps (${approx}${n * s} steps a model), at learning rate ${rate(state.exp_lr)}. `
      + `The sweep below trains ${4 * RATES.length} such models, one set per learning rate`
      + (state.exp_data ? ": on a large upload, 1 epoch with batches of 256 keeps it within the server's work limit." : ".");
    this.page.publish("setup", { data: state.exp_data, label: this.label(), epochs: n, steps_per_epoch: s,
                                 uploads: [...this.uploads.keys()] });
  }
}

// A button's work: a click runs work(post), a second click stops it (the server drops the work when
// its request goes); idle() once it has ended, however.
export function stoppable(page, button, status, work, idle) {
  const busy = { controller: null }; // the request in flight
  return async () => {
    if (busy.controller) { busy.controller.abort(); return; }
    const controller = new AbortController();
    busy.controller = controller;
    const post = async (url, json) => {
      const response = await send(url, { method: "POST", headers: { "content-type": "application/json" },
                                          body: JSON.stringify(json), signal: controller.signal });
      const payload = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(problemText(payload, response.status));
      return payload;
    };
    $(button).textContent = "Stop";
    $(status).textContent = "training on the engine…";
    try {
      await work(post);
      if (!controller.signal.aborted) $(status).textContent = "";
    } catch (exc) {
      $(status).textContent = controller.signal.aborted ? "stopped" : "";
      if (!controller.signal.aborted) page.banner(exc.message);
    } finally { busy.controller = null; idle(); }
  };
}

// The experiment: test accuracy per epoch of both losses on both tasks, against always answering "rest".
export class ExperimentResults {
  constructor(page) { this.page = page; }

  // binary, softmax: POST /api/lessons/compare-losses's answers; state: the settings they were asked with
  draw(binary, softmax, state) {
    const d = state.exp_digit, last = binary.epochs.length - 1;
    $("r-baseline").textContent = pct(binary.baseline);
    const above = (v) => `${pct(v)} (${points(v - binary.baseline)} ${v >= binary.baseline ? "above" : "below"} it)`;
    const sentence = `Always answering “rest” scores ${pct(binary.baseline)} on digit ${d} against the `
      + `rest. After ${plural(last)} at learning rate ${rate(state.exp_lr)}, cross-entropy `
      + `reaches ${above(binary.cross_entropy[last])} and MSE ${above(binary.mse[last])}; on 10 classes, `
      + `cross-entropy ${pct(softmax.cross_entropy[last])} and MSE ${pct(softmax.mse[last])}.`;
    $("exp-sentence").textContent = sentence;
    const head = `<tr><th>epoch</th><th>${d} vs rest: CE</th><th>${d} vs rest: MSE</th>`
      + "<th>10 classes: CE</th><th>10 classes: MSE</th></tr>";
    const rows = binary.epochs.map((e) => {
      const cell = (r, key, other) => `<td class="${r[key][e] > r[other][e] ? "better" : ""}">${pct(r[key][e])}</td>`;
      return `<tr><th>${e}</th>${cell(binary, "cross_entropy", "mse")}${cell(binary, "mse", "cross_entropy")}`
        + `${cell(softmax, "cross_entropy", "mse")}${cell(softmax, "mse", "cross_entropy")}</tr>`;
    });
    $("exp-table").innerHTML = head + rows.join(""); // numbers formatted above: no user text
    const traces = [{ x: [0, last], y: [binary.baseline, binary.baseline], name: "always “rest”", mode: "lines",
                      line: { color: "#868e96", dash: "dash", width: 1.5 },
                      hovertemplate: "always “rest”: %{y:.3f}<extra></extra>" }];
    for (const [result, name, dash] of [[binary, `${d} vs rest`, "dot"], [softmax, "10 classes", "solid"]]) {
      for (const [key, lossName, color] of LOSSES) {
        traces.push({ x: result.epochs, y: result[key], name: `${name}: ${key === "mse" ? "MSE" : "CE"}`,
                      mode: "lines+markers", line: { color, dash, width: 2 },
                      hovertemplate: `${name}, ${lossName}<br>epoch %{x}<br>test accuracy %{y:.3f}<extra></extra>` });
      }
    }
    Plotly.react("exp-plot", traces, baseLayout("Test accuracy per epoch", { legend: legendIn("exp-plot"),
      xaxis: { title: { text: "epoch" }, dtick: 1 },
      yaxis: { range: [0, 1.02], tickformat: ".0%", title: { text: "test accuracy" } } }),
      plotConfig("gdviz-ce-vs-mse-digits"));
    this.page.publish("experiment", { binary, softmax, sentence });
  }
}

// The sweep: each run's final test accuracy at each learning rate, and cross-entropy's lead over MSE.
export class SweepResults {
  constructor(page) { this.page = page; }

  // Before the first sweep: the two plots' frames, saying what fills them.
  placeholders() {
    const note = { text: "press “Sweep” above", showarrow: false, xref: "paper", yref: "paper", x: 0.5, y: 0.5,
                   font: { size: 13, color: "#667" } };
    const xaxis = { type: "log", range: [-2.1, 0.1], title: { text: "learning rate (log scale)" } };
    for (const [id, title, y] of [["sweep-plot", "Final test accuracy", "test accuracy"],
      ["gap-plot", "Cross-entropy's lead over MSE", "CE − MSE (points)"]]) {
      Plotly.newPlot(id, [], baseLayout(title, { xaxis, yaxis: { title: { text: y } }, annotations: [note] }),
                     plotConfig(id));
    }
  }

  // The sentence states what the numbers show: where the gap is widest, and what is left of it at the
  // largest rate. r: one task's sweep; lr: the rate of the run above.
  static sentence(r, what, lr) {
    const n = r.learning_rates.length, widest = r.gap.indexOf(Math.max(...r.gap)), end = n - 1;
    const at = (i) => `at lr ${rate(r.learning_rates[i])} cross-entropy reaches ${pct(r.cross_entropy[i])} and MSE `
      + `${pct(r.mse[i])}, ${points(r.gap[i])} apart`;
    const parts = [`${what}: ${at(widest)}`];
    const mine = r.learning_rates.indexOf(lr); // the run above, where the sweep has it
    if (mine > widest && mine < end) parts.push(`; at lr ${rate(lr)} (the run above) ${points(r.gap[mine])}`);
    if (end !== widest) {
      const shrinks = Math.abs(r.gap[end]) < 0.5 * Math.abs(r.gap[widest]);
      parts.push(`; at lr ${rate(r.learning_rates[end])} the gap is ${points(r.gap[end])}`
        + (shrinks ? ": MSE's handicap is mostly a slower start, which a larger step makes up."
          : ": a larger step does not close it."));
    } else { parts.push("."); }
    const under = r.learning_rates.filter((_, i) => r.mse[i] < r.baseline);
    if (under.length && what.includes("rest")) {
      parts.push(` At lr ${under.map(rate).join(", ")} MSE ends below the ${pct(r.baseline)} of always answering “rest”.`);
    }
    return parts.join("");
  }

  // binary, softmax: POST /api/lessons/learning-rate-sweep's answers; state: the settings they were asked with
  draw(binary, softmax, state) {
    const d = state.exp_digit;
    const sentence = `After ${plural(binary.epochs)} of each run. `
      + `${SweepResults.sentence(softmax, "10 classes", state.exp_lr)} `
      + `${SweepResults.sentence(binary, `Digit ${d} against the rest`, state.exp_lr)}`;
    $("sweep-sentence").textContent = sentence;
    const acc = [{ x: [binary.learning_rates[0], binary.learning_rates.at(-1)], y: [binary.baseline, binary.baseline],
                   name: "always “rest”", mode: "lines", line: { color: "#868e96", dash: "dash", width: 1.5 },
                   hovertemplate: "always “rest”: %{y:.3f}<extra></extra>" }];
    const gap = [];
    for (const [r, name, dash] of [[binary, `${d} vs rest`, "dot"], [softmax, "10 classes", "solid"]]) {
      for (const [key, lossName, color] of LOSSES) {
        acc.push({ x: r.learning_rates, y: r[key], name: `${name}: ${key === "mse" ? "MSE" : "CE"}`,
                   mode: "lines+markers", line: { color, dash, width: 2 },
                   hovertemplate: `${name}, ${lossName}<br>lr %{x}<br>final test accuracy %{y:.3f}<extra></extra>` });
      }
      gap.push({ x: r.learning_rates, y: r.gap.map((g) => (g === null ? null : 100 * g)), name, mode: "lines+markers",
                 line: { color: "#5f3dc4", dash, width: 2 },
                 hovertemplate: `${name}<br>lr %{x}<br>CE − MSE: %{y:.1f} points<extra></extra>` });
    }
    const xaxis = { type: "log", title: { text: "learning rate (log scale)" }, tickvals: binary.learning_rates,
                    ticktext: binary.learning_rates.map(rate) };
    Plotly.react("sweep-plot", acc, baseLayout("Final test accuracy", { legend: legendIn("sweep-plot"), xaxis,
      yaxis: { range: [0, 1.02], tickformat: ".0%", title: { text: "test accuracy" } } }), plotConfig("gdviz-lr-sweep"));
    Plotly.react("gap-plot", gap, baseLayout("Cross-entropy's lead over MSE", { legend: legendIn("gap-plot"), xaxis,
      yaxis: { title: { text: "CE − MSE (points)" }, zeroline: true } }), plotConfig("gdviz-lr-sweep-gap"));
    this.page.publish("sweep", { binary, softmax, sentence });
  }
}
