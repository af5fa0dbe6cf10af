// The article's digits experiment (mse-vs-ce lesson, section 5): both losses on both tasks, the
// majority baseline, and a learning-rate sweep; on the built-in 8×8 digits or an uploaded set.
import { $, getJSON, pct, problemText, showError } from "/static/js/kit.js";
import { baseLayout, plotConfig } from "/static/js/plots.js";

export const RATES = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1];
const BUILT_IN_TRAIN = 1348; // 1797 images, a quarter kept for testing
const points = (d) => `${Math.abs(100 * d).toFixed(1)} points`;
const rate = (r) => String(Number(r.toPrecision(3)));

// state: the page's (exp_lr, exp_batch, exp_epochs, exp_digit, exp_data); losses: [[key, name, colour]].
export function digitsExperiment({ state, save, losses, legendIn }) {
  const uploads = new Map(); // id -> its entry in GET /api/datasets
  const busy = {}; // button id -> the AbortController of its request in flight
  // window.gdviz.experiment: the last results (binary, softmax, sweep), set when the first arrive.
  const keep = (results) => { window.gdviz.experiment = { ...window.gdviz.experiment, ...results }; };

  const nTrain = () => (state.exp_data && uploads.has(state.exp_data)
    ? Math.round(0.8 * uploads.get(state.exp_data).n_samples) : BUILT_IN_TRAIN);
  const steps = () => Math.ceil(nTrain() / state.exp_batch);
  const dataset = () => (state.exp_data ? { name: state.exp_data } : null);
  const label = () => (state.exp_data ? `your upload ${uploads.get(state.exp_data)?.file_name || state.exp_data}`
    : "the 8×8 digits");

  function describe() {
    const n = state.exp_epochs, s = steps(), approx = state.exp_data ? "about " : "";
    $("exp-run").textContent = `Train both losses: ${n} epoch${n > 1 ? "s" : ""} on each task`;
    $("sweep-run").textContent = `Sweep ${RATES.length} learning rates, ${RATES[0]} to ${RATES.at(-1)}: `
      + `${4 * RATES.length} trainings of ${n} epoch${n > 1 ? "s" : ""}`;
    $("exp-what").textContent = `The button trains 4 models on ${label()}: cross-entropy and MSE, on the `
      + `${state.exp_digit}-against-the-rest task and on 10 classes, each for ${n} epoch${n > 1 ? "s" : ""} `
      + `of ${approx}${s} mini-batch steps (${approx}${n * s} steps a model), at learning rate ${rate(state.exp_lr)}. `
      + `The sweep below trains ${4 * RATES.length} such models, one set per learning rate`
      + (state.exp_data ? ": on a large upload, 1 epoch with batches of 256 keeps it within the server's work limit." : ".");
  }

  // A click runs the work; a second click stops it (the server drops the work when its request goes).
  async function run(button, status, work, idle) {
    if (busy[button]) { busy[button].abort(); return; }
    const controller = new AbortController();
    busy[button] = controller;
    const post = async (url, json) => {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" },
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
      if (!controller.signal.aborted) showError(exc.message);
    } finally { delete busy[button]; idle(); }
  }

  const body = () => ({ epochs: state.exp_epochs, batch_size: state.exp_batch, digit: state.exp_digit,
                        seed: state.seed, dataset: dataset() });

  const runExperiment = () => run("exp-run", "exp-status", async (post) => {
    const [binary, softmax] = await Promise.all(["binary", "softmax"].map((task) => post(
      "/api/lessons/compare-losses", { ...body(), task, learning_rate: state.exp_lr })));
    keep({ binary, softmax });
    drawExperiment(binary, softmax);
  }, describe);

  function drawExperiment(binary, softmax) {
    const d = state.exp_digit, last = binary.epochs.length - 1;
    $("r-baseline").textContent = pct(binary.baseline);
    const above = (v) => `${pct(v)} (${points(v - binary.baseline)} ${v >= binary.baseline ? "above" : "below"} it)`;
    $("exp-sentence").textContent = `Always answering “rest” scores ${pct(binary.baseline)} on digit ${d} against the `
      + `rest. After ${last} epoch${last > 1 ? "s" : ""} at learning rate ${rate(state.exp_lr)}, cross-entropy `
      + `reaches ${above(binary.cross_entropy[last])} and MSE ${above(binary.mse[last])}; on 10 classes, `
      + `cross-entropy ${pct(softmax.cross_entropy[last])} and MSE ${pct(softmax.mse[last])}.`;
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
      for (const [key, lossName, color] of losses) {
        traces.push({ x: result.epochs, y: result[key], name: `${name}: ${key === "mse" ? "MSE" : "CE"}`,
                      mode: "lines+markers", line: { color, dash, width: 2 },
                      hovertemplate: `${name}, ${lossName}<br>epoch %{x}<br>test accuracy %{y:.3f}<extra></extra>` });
      }
    }
    Plotly.react("exp-plot", traces, baseLayout("Test accuracy per epoch", { legend: legendIn("exp-plot"),
      xaxis: { title: { text: "epoch" }, dtick: 1 },
      yaxis: { range: [0, 1.02], tickformat: ".0%", title: { text: "test accuracy" } } }),
      plotConfig("gdviz-ce-vs-mse-digits"));
  }

  const runSweep = () => run("sweep-run", "sweep-status", async (post) => {
    const [binary, softmax] = await Promise.all(["binary", "softmax"].map((task) => post(
      "/api/lessons/learning-rate-sweep", { ...body(), task, learning_rates: RATES })));
    keep({ sweep: { binary, softmax } });
    drawSweep(binary, softmax);
  }, describe);

  // The sentence states what the numbers show: where the gap is widest, and what is left of it at the
  // largest rate.
  function sweepSentence(r, what) {
    const n = r.learning_rates.length, widest = r.gap.indexOf(Math.max(...r.gap)), end = n - 1;
    const at = (i) => `at lr ${rate(r.learning_rates[i])} cross-entropy reaches ${pct(r.cross_entropy[i])} and MSE `
      + `${pct(r.mse[i])}, ${points(r.gap[i])} apart`;
    let text = `${what}: ${at(widest)}`;
    const mine = r.learning_rates.indexOf(state.exp_lr); // the run above, where the sweep has it
    if (mine > widest && mine < end) text += `; at lr ${rate(state.exp_lr)} (the run above) ${points(r.gap[mine])}`;
    if (end !== widest) {
      const shrinks = Math.abs(r.gap[end]) < 0.5 * Math.abs(r.gap[widest]);
      text += `; at lr ${rate(r.learning_rates[end])} the gap is ${points(r.gap[end])}`
        + (shrinks ? ": MSE's handicap is mostly a slower start, which a larger step makes up."
          : ": a larger step does not close it.");
    } else { text += "."; }
    const under = r.learning_rates.filter((_, i) => r.mse[i] < r.baseline);
    if (under.length && what.includes("rest")) {
      text += ` At lr ${under.map(rate).join(", ")} MSE ends below the ${pct(r.baseline)} of always answering “rest”.`;
    }
    return text;
  }

  function drawSweep(binary, softmax) {
    const d = state.exp_digit;
    $("sweep-sentence").textContent = `After ${binary.epochs} epoch${binary.epochs > 1 ? "s" : ""} of each run. `
      + `${sweepSentence(softmax, "10 classes")} ${sweepSentence(binary, `Digit ${d} against the rest`)}`;
    const acc = [{ x: [binary.learning_rates[0], binary.learning_rates.at(-1)], y: [binary.baseline, binary.baseline],
                   name: "always “rest”", mode: "lines", line: { color: "#868e96", dash: "dash", width: 1.5 },
                   hovertemplate: "always “rest”: %{y:.3f}<extra></extra>" }];
    const gap = [];
    for (const [r, name, dash] of [[binary, `${d} vs rest`, "dot"], [softmax, "10 classes", "solid"]]) {
      for (const [key, lossName, color] of losses) {
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
  }

  // Before the first sweep: the two plots' frames, saying what fills them.
  function placeholders() {
    const note = { text: "press “Sweep” above", showarrow: false, xref: "paper", yref: "paper", x: 0.5, y: 0.5,
                   font: { size: 13, color: "#667" } };
    const xaxis = { type: "log", range: [-2.1, 0.1], title: { text: "learning rate (log scale)" } };
    for (const [id, title, y] of [["sweep-plot", "Final test accuracy", "test accuracy"],
      ["gap-plot", "Cross-entropy's lead over MSE", "CE − MSE (points)"]]) {
      Plotly.newPlot(id, [], baseLayout(title, { xaxis, yaxis: { title: { text: y } }, annotations: [note] }),
                     plotConfig(id));
    }
  }

  // Uploads with 3 or more classes join the data menu.
  async function listUploads() {
    try {
      for (const entry of await getJSON("/api/datasets")) {
        if (entry.kind !== "upload" || entry.n_classes < 3) continue;
        uploads.set(entry.name, entry);
        const option = new Option(`${entry.file_name || entry.name} (${entry.n_samples} rows, ${entry.n_classes} classes)`,
                                  entry.name);
        $("exp-data").append(option);
      }
    } catch (exc) { showError(exc.message); }
    if (state.exp_data && !uploads.has(state.exp_data)) state.exp_data = "";
    $("exp-data").value = state.exp_data;
    describe();
  }

  $("exp-data").addEventListener("change", (e) => { state.exp_data = e.target.value; save(); describe(); });
  $("exp-run").addEventListener("click", runExperiment);
  $("sweep-run").addEventListener("click", runSweep);
  describe();
  return { listUploads, placeholders, runExperiment, runSweep, describe };
}
