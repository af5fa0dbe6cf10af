// The network view: a live diagram of the first run's network, and its builder. Every unit shows
// its output over the data's plane (POST /api/neurons) as a small heatmap (a curve on 1-D data);
// every edge's width and colour show its weight; between the columns, the size of the gradient
// reaching that layer's weights. Hovering a unit shows its incoming weights and bias. The + and −
// buttons add or remove hidden layers and units (the model's layers and hiddenN settings).
// It owns the diagram's elements, the maps and when to ask for new ones.
import { PALETTES, edgeStyle, layout, paint, range, unpack } from "../netdraw.js";
import { $, fmt, postJSON, throttle } from "../kit.js";

const REFRESH_MS = 400;
const RESOLUTION = 20;
const MAX_LAYERS = 4, MAX_WIDTH = 32;
const MAX_DRAWN = 32; // units drawn per column: 784 inputs (MNIST) show their first 32
const SVG = "http://www.w3.org/2000/svg";
const widthKey = (layer) => (layer === 1 ? "hidden" : `hidden${layer}`); // layer 1..4 -> its setting
const rangeOf = (values) => { // [min, max] of a regression's predictions (white at their middle)
  const finite = values.filter((v) => v !== null && Number.isFinite(v));
  const lo = Math.min(...finite), hi = Math.max(...finite);
  return finite.length && hi > lo ? [lo, hi] : [-1, 1];
};

export class NetworkView {
  // state: the page's (model, layers, hiddenN, activation); request(): the runs' objective;
  // build(changes): new settings for the network (the runs restart); onError(text).
  constructor({ state, request, build, onError }) {
    Object.assign(this, { state, request, build, onError });
    this.runs = [];
    this.maps = null; // POST /api/neurons at maps.step
    this.shape = ""; // the sizes the diagram's elements were made for
    this.generation = 0;
    this.dirty = false;
    this.refresh = throttle(() => this.fetchMaps(), REFRESH_MS);
  }

  get shown() { return this.state.model === "mlp"; }

  reset(runs) {
    this.generation += 1;
    this.runs = runs;
    this.maps = null;
    this.dirty = false;
  }

  tick() {
    const first = this.runs[0];
    if (!this.shown || !first || !first.theta) return;
    if (!this.maps || this.maps.step !== first.last.step) this.refresh();
  }

  async fetchMaps() {
    const first = this.runs[0];
    if (!this.shown || !first || !first.theta) return;
    const mine = this.generation, step = first.last.step;
    try {
      const maps = await postJSON("/api/neurons", { ...this.request(), params: first.theta, resolution: RESOLUTION });
      if (mine !== this.generation) return;
      this.maps = { ...maps, step, theta: first.theta };
      this.dirty = true;
    } catch (exc) {
      if (mine === this.generation) this.onError(`Network diagram: ${exc.message}`);
    }
  }

  // The diagram's elements for these sizes: columns, units (each a canvas), edges, gradient labels.
  make(sizes) {
    const body = $("net-body");
    const width = body.clientWidth || 800, height = body.clientHeight || 300;
    const drawn = sizes.map((n) => Math.min(n, MAX_DRAWN));
    const { box, cols } = layout(drawn, width, height);
    this.narrow = cols.length > 1 && cols[1].x - cols[0].x < 120; // a phone: the gradient labels lose their names
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "net-edges");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("aria-hidden", "true");
    this.edges = [];
    for (let l = 0; l + 1 < sizes.length; l += 1) {
      for (let i = 0; i < drawn[l]; i += 1) {
        for (let j = 0; j < drawn[l + 1]; j += 1) {
          const line = document.createElementNS(SVG, "line");
          line.setAttribute("x1", cols[l].x + box / 2); line.setAttribute("y1", cols[l].ys[i]);
          line.setAttribute("x2", cols[l + 1].x - box / 2); line.setAttribute("y2", cols[l + 1].ys[j]);
          svg.append(line);
          this.edges.push({ line, l, i, j });
        }
      }
    }
    const parts = [svg];
    this.units = [];
    cols.forEach((col, l) => {
      const last = l === sizes.length - 1;
      const head = document.createElement("div");
      head.className = "net-col-head";
      head.style.left = `${col.x}px`;
      head.append(l === 0 ? "inputs" : last ? "output" : `layer ${l}`);
      if (drawn[l] < sizes[l]) head.append(` (first ${drawn[l]} of ${sizes[l]})`);
      if (l > 0 && !last) head.append(this.widthButtons(l, sizes[l]));
      parts.push(head);
      col.ys.forEach((y, u) => {
        const canvas = document.createElement("canvas");
        canvas.className = "neuron";
        Object.assign(canvas.style, { left: `${col.x - box / 2}px`, top: `${y - box / 2}px`,
                                      width: `${box}px`, height: `${box}px` });
        canvas.dataset.layer = l;
        canvas.dataset.unit = u;
        canvas.setAttribute("role", "img");
        canvas.setAttribute("aria-label", this.unitName(l, u, sizes));
        parts.push(canvas);
        this.units.push({ canvas, l, u });
      });
    });
    this.gradLabels = cols.slice(1).map((col, l) => {
      const label = document.createElement("div");
      label.className = "net-grad";
      label.style.left = `${(cols[l].x + col.x) / 2}px`;
      label.title = `‖∂J/∂W${l + 1}‖: the size of the gradient reaching these weights`;
      parts.push(label);
      return label;
    });
    body.replaceChildren(...parts);
    this.shape = sizes.join(",");
  }

  widthButtons(layer, n) {
    const group = document.createElement("span");
    group.className = "net-width";
    const key = widthKey(layer);
    const button = (text, delta, label) => {
      const b = document.createElement("button");
      Object.assign(b, { type: "button", textContent: text, disabled: n + delta < 1 || n + delta > MAX_WIDTH });
      b.setAttribute("aria-label", `${label} a unit in layer ${layer}`);
      b.addEventListener("click", () => this.change({ [key]: n + delta }));
      return b;
    };
    group.append(button("−", -1, "Remove"), ` ${n} `, button("+", 1, "Add"));
    return group;
  }

  unitName(l, u, sizes) {
    if (l === 0) return `input ${u + 1}`;
    return l === sizes.length - 1 ? `output unit ${u + 1}` : `layer ${l}, unit ${u + 1}`;
  }

  // Incoming weights and bias of a unit, at the drawn step.
  describe(l, u) {
    const maps = this.maps, sizes = maps.sizes;
    const name = this.unitName(l, u, sizes);
    if (l === 0) return `${name}: a feature of the data, as the model sees it (scaled)`;
    const { W, b } = unpack(maps.theta, sizes);
    const weights = W[l - 1].map((row) => row[u]);
    const shown = weights.slice(0, 12).map((w) => fmt(w, 3)).join(", ") + (weights.length > 12 ? ", …" : "");
    const act = l === sizes.length - 1 ? "" : ` (${maps.activation})`;
    return `${name}${act} at step ${maps.step}\nbias b = ${fmt(b[l - 1][u], 4)}\n`
      + `weights in (from ${l === 1 ? "the inputs" : `layer ${l - 1}`}): ${shown}`;
  }

  // The sizes the state asks for, with the data's inputs and outputs as maps says them.
  wanted(sizes) {
    const hidden = Array.from({ length: Number(this.state.layers) }, (_, k) => Number(this.state[widthKey(k + 1)]));
    return [sizes[0], ...hidden, sizes[sizes.length - 1]];
  }

  // A + or −: the state, then the diagram in its new shape at once (in this same frame), its units
  // blank until the restarted run's maps come; the restart itself is debounced (build), so a quick
  // run of clicks is one restart, and each click counts once.
  change(changes) {
    this.build(changes);
    if (!this.maps) return;
    const sizes = this.wanted(this.maps.sizes);
    if (this.shape !== sizes.join(",")) this.make(sizes);
    $("net-layers").textContent = `${sizes.length - 2} hidden layer${sizes.length === 3 ? "" : "s"}`;
  }

  draw() {
    this.dirty = false;
    const maps = this.maps;
    if (!this.shown || !maps) return;
    const sizes = maps.sizes;
    if (sizes.join(",") !== this.wanted(sizes).join(",")) return; // the old network's, before the restart
    if (this.shape !== sizes.join(",")) this.make(sizes);
    const { W } = unpack(maps.theta, sizes);
    let largest = 0;
    for (const layer of W) for (const row of layer) for (const w of row) largest = Math.max(largest, Math.abs(w));
    for (const { line, l, i, j } of this.edges) {
      const style = edgeStyle(W[l][i][j], largest);
      line.setAttribute("stroke", style.stroke);
      line.setAttribute("stroke-width", style.width.toFixed(2));
      line.setAttribute("stroke-opacity", style.opacity.toFixed(2));
    }
    const layers = [maps.inputs, ...maps.hidden, [maps.output]];
    const ranges = layers.map((layer) => range(layer));
    const out = layers.length - 1;
    if (maps.output_kind === "probability") ranges[out] = [0, 1]; // white at P = 0.5, as the decision map
    if (maps.output_kind === "class") ranges[out] = [0, Math.max(1, sizes[out] - 1)];
    if (maps.output_kind === "value") ranges[out] = rangeOf(maps.output);
    for (const { canvas, l, u } of this.units) {
      if (maps.kind === "none" || !layers[l] || !layers[l][u]) continue;
      const palette = l === out && maps.output_kind !== "value" ? PALETTES.classes : PALETTES.units;
      paint(canvas, layers[l][u], maps.kind, ...ranges[l], palette);
    }
    const grads = (this.runs[0] && this.runs[0].last && this.runs[0].latest.layer_grads) || [];
    this.gradLabels.forEach((label, l) => {
      const g = grads[l];
      label.textContent = g === undefined || g === null ? "" : `${this.narrow ? "" : `‖∂J/∂W${l + 1}‖ `}${fmt(g, 2)}`;
      label.style.setProperty("--bar", `${Math.max(0, Math.min(1, (Math.log10(g || 1e-12) + 8) / 9)) * 100}%`);
    });
    $("net-layers").textContent = `${sizes.length - 2} hidden layer${sizes.length === 3 ? "" : "s"}`;
    $("net-note").hidden = maps.kind !== "none";
    $("net-note").textContent = `The units' maps need a data set with 1 or 2 raw features; this one has ${sizes[0]}.`;
  }

  wire() {
    const layers = () => Number(this.state.layers);
    $("net-layer-plus").addEventListener("click", () => { if (layers() < MAX_LAYERS) this.change({ layers: layers() + 1 }); });
    $("net-layer-minus").addEventListener("click", () => { if (layers() > 1) this.change({ layers: layers() - 1 }); });
    const tip = $("net-tip"), body = $("net-body");
    body.addEventListener("mouseover", (e) => {
      const unit = e.target.closest(".neuron");
      if (!unit || !this.maps) return;
      tip.textContent = this.describe(Number(unit.dataset.layer), Number(unit.dataset.unit));
      const box = unit.getBoundingClientRect(), host = $("network-panel").getBoundingClientRect();
      tip.style.left = `${Math.min(box.right - host.left + 6, host.width - 260)}px`;
      tip.style.top = `${box.top - host.top}px`;
      tip.hidden = false;
    });
    body.addEventListener("mouseleave", () => { tip.hidden = true; });
    new ResizeObserver(() => { // a new width (a phone turned, a window resized): lay the diagram out again
      this.shape = "";
      if (this.maps) this.dirty = true;
    }).observe(body);
  }

  // Show or hide with the model; the buttons say what the state allows.
  show() {
    $("network-panel").hidden = !this.shown;
    $("net-layer-plus").disabled = Number(this.state.layers) >= MAX_LAYERS;
    $("net-layer-minus").disabled = Number(this.state.layers) <= 1;
  }

  jobs() { return [{ name: "network", el: "net-body", every: 500, ready: () => this.dirty, draw: () => this.draw() }]; }
}
