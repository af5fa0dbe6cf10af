// The surface view: a 2-D slice of the loss through the followed run's theta (run 1 unless another is
// chosen), with the path of every run in the same parameter space (same data and model) projected
// onto it, and the negative gradient as an arrow whose length grows with log ‖∇J‖. It owns the
// slice, the paths and when to ask for a new slice.
import { arrowShapes, pathShapes, plotConfig, surfaceFigure } from "../plots.js";
import { fmt, postJSON, throttle } from "../kit.js";
import { plotly3d, plotlyOf } from "../vendor.js";
import { makeSlice } from "./slice.js";

const MAX_PATH = 1500; // parameter vectors kept per run for the path
const REFRESH_MS = 2500; // a new slice while running (the slice drifts slowly)
const PREVIEW = 21, DETAIL = 41; // grid sizes: a coarse preview first, then the detail
const ROWS = 1000; // J on at most this many training rows (a seeded subset): bench/surface.py, "the page"
const TRAJECTORY = 240; // path points sent for the principal plane, across all runs

const MAX_PATH_3D = 300; // points of a 3-D path: WebGL redraws a longer line for nothing the eye sees
// At most MAX_PATH_3D of a path's indices, evenly spread, its first and last kept.
const thin = (idx) => (idx.length <= MAX_PATH_3D ? idx
  : idx.filter((_, n) => n % Math.ceil(idx.length / MAX_PATH_3D) === 0 || n === idx.length - 1));
const newPath = () => ({ thetas: [], loss: [], steps: [] });
// The arrow's length as a share of the slice's span: log-scaled in ‖∇J‖, from nothing at 10⁻⁶ (or
// less: only the label is left) to 30% at 10² (or more); 10⁻⁴ is 7.5%, 10⁻² 15%, 1 22.5%.
export const arrowShare = (norm) => 0.3 * Math.min(1, Math.max(0, (Math.log10(norm) + 6) / 8));
const ARROW = "#e6007e"; // magenta: apart from the runs' blue, orange, green and purple
// Two runs share a parameter space (and so a surface) when they learn the same data with the same model.
const sameSpace = (a, b) => a.spec && b.spec && JSON.stringify([a.spec.dataset, a.spec.model])
  === JSON.stringify([b.spec.dataset, b.spec.model]);

export class SurfaceView {
  // state: the page's state (read: surface, view3d, model); objective(): the request's dataset,
  // model, loss and l2; onError(text) shows a failed request.
  // lead(): the followed run; objective(run): that run's dataset, model, loss and l2.
  constructor({ id = "surface-plot", state, lead, objective, onError }) {
    Object.assign(this, { id, state, lead, objective, onError });
    this.runs = [];
    this.paths = [];
    this.slice = null; // the drawn slice (makeSlice), or null before the first answer
    this.generation = 0; // bumps on every reset: answers for older runs are dropped
    this.fresh = false; // a new slice waits to be drawn
    this.dirty = false; // the paths moved since the last redraw
    this.refresh = throttle(() => this.fetch(), REFRESH_MS);
    this.full = null; // the full plotly.js, once the 3-D view asked for it
  }

  // The plotly.js that draws this plot now (vendor.js): the full bundle in 3-D, else the page's.
  // A switch purges the plot with the instance that drew it; null while the full one loads.
  plot() {
    if (!window.Plotly) return null;
    const el = document.getElementById(this.id), want = this.state.view3d ? this.full : window.Plotly;
    if (!want) {
      plotly3d().then((full) => { this.full = full; this.fresh = this.slice !== null; })
        .catch((exc) => this.onError(`3-D view: ${exc.message}`));
      return null;
    }
    if (plotlyOf(el) !== want) {
      plotlyOf(el).purge(el);
      el.gdvizPlotly = this.state.view3d ? want : undefined;
    }
    return want;
  }

  reset(runs) {
    this.generation += 1;
    this.runs = runs;
    this.paths = runs.map(newPath);
    this.slice = null;
    this.fresh = this.dirty = false;
  }

  add(run, message) {
    if (!this.paths[run.index]) return;
    if (message.reset) this.paths[run.index] = newPath();
    for (const record of message.steps) this.addPoint(this.paths[run.index], record);
    this.dirty = true;
    if (!this.slice && run === this.lead()) this.refresh.now();
  }

  // Another run is followed: a slice through its theta, with the paths that share its space.
  refollow() {
    this.generation += 1;
    this.slice = null;
    this.fresh = this.dirty = false;
    const P = this.plot();
    if (P) P.react(this.id, [], { title: { text: "Loss surface: loading the followed run's slice…" } });
    this.refresh.now();
  }

  shown() { const lead = this.lead(); return this.runs.filter((run) => lead && sameSpace(run, lead)); }

  addPoint(path, record) {
    if (record.params.some((v) => v === null)) return;
    path.thetas.push(record.params);
    path.loss.push(record.loss);
    path.steps.push(record.step);
    if (path.thetas.length > MAX_PATH) { // keep the start, thin the rest evenly
      const keep = (_, i) => i === 0 || i % 2 === 1 || i === path.thetas.length - 1;
      for (const key of ["thetas", "loss", "steps"]) path[key] = path[key].filter(keep);
    }
  }

  // Per animation frame: a new slice while the first run moves (throttled), or once it stepped.
  tick() {
    const first = this.lead();
    if (!first || !first.last) return;
    if (first.running || (this.slice && this.slice.step !== first.last.step)) this.refresh();
  }

  // A run paused, stopped or finished a step: the slice through where it is now, soon.
  settled(run) { if (run === this.lead() && !run.running) this.refresh.now(); }

  mode(nParams) {
    if (this.state.surface !== "auto") return this.state.surface;
    const lead = this.lead();
    if (["logistic", "linear"].includes(lead.spec.model.kind) && nParams <= 3) return "coordinates";
    return this.paths[lead.index] && this.paths[lead.index].thetas.length >= 3 ? "pca" : "random";
  }

  trajectory() { // up to TRAJECTORY points of the shown paths, each path's ends included
    const all = [], shown = this.shown();
    for (const { thetas } of shown.map((run) => this.paths[run.index])) {
      const n = thetas.length, stride = Math.max(1, Math.ceil(n / (TRAJECTORY / shown.length)));
      for (let i = 0; i < n; i += stride) all.push(thetas[i]);
      if (n && (n - 1) % stride !== 0) all.push(thetas[n - 1]);
    }
    return all;
  }

  async fetch() {
    const first = this.lead();
    const center = first && first.theta;
    if (!center) return;
    const mine = this.generation, step = first.last.step, mode = this.mode(center.length);
    const trajectory = this.trajectory();
    const distinct = new Set(trajectory.map((t) => t.join(","))).size;
    const directions = { kind: mode === "pca" && distinct < 3 ? "random" : mode };
    if (mode === "coordinates") Object.assign(directions, { i: 0, j: 1 }); // (w, b) or (w1, w2)
    if (trajectory.length) directions.trajectory = trajectory;
    const resolution = this.slice ? DETAIL : PREVIEW;
    try {
      const answer = await postJSON("/api/surface", { ...this.objective(first), center, directions, resolution,
                                                       rows: ROWS });
      if (mine !== this.generation) return;
      this.slice = makeSlice(answer, directions.kind, step);
      this.fresh = true;
      if (resolution < DETAIL) this.refresh.now();
    } catch (exc) {
      if (mine === this.generation) this.onError(`Loss surface: ${exc.message}`); // not an older run's
    }
  }

  projected() {
    const view3d = this.state.view3d;
    const zs = view3d && this.slice.z ? this.slice.z.flat().filter(Number.isFinite) : [];
    const lift = zs.length ? 0.01 * (Math.max(...zs) - Math.min(...zs)) : 0;
    return this.shown().map((run) => {
      const path = this.paths[run.index];
      // In 3-D a point needs its height J, which only the evaluated records carry: the others are skipped.
      const keep = view3d ? thin(path.loss.map((v, i) => (v === undefined ? -1 : i)).filter((i) => i >= 0)) : null;
      const pick = (list) => (keep ? keep.map((i) => list[i]) : list);
      const pts = pick(path.thetas).map(this.slice.project);
      const pj = pick(path.loss); // J; the 3-D line floats a hair above the opaque mesh, which would hide it
      return { label: run.label, color: run.color, px: pts.map((p) => p[0]), py: pts.map((p) => p[1]),
               pz: lift ? pj.map((v) => v + lift) : pj, pj, steps: pick(path.steps) };
    });
  }

  arrows() {
    const first = this.lead();
    if (!first || !first.gradient || !first.theta || first.gradient.some((v) => v === null)) return [];
    const from = this.slice.project(first.theta);
    const [gx, gy] = this.slice.projectVector(first.gradient);
    const shown = Math.hypot(gx, gy), norm = Math.hypot(...first.gradient);
    if (!(shown > 0) || !Number.isFinite(from[0])) return [];
    const length = Math.max(arrowShare(norm), 1e-3) * this.slice.span; // a stub still carries the label
    const size = (document.getElementById(this.id)._fullLayout || {})._size || { w: 500, h: 400 }; // the plot area, px
    const [xs, ys] = [this.slice.xs, this.slice.ys];
    const perPixel = [(xs[xs.length - 1] - xs[0]) / size.w, (ys[ys.length - 1] - ys[0]) / size.h];
    const shapes = arrowShapes(from, [from[0] - (gx / shown) * length, from[1] - (gy / shown) * length], ARROW, perPixel,
                               `−∇J, ‖∇J‖ ${fmt(norm, 3)}`);
    return arrowShare(norm) > 0 ? shapes : shapes.slice(0, 1); // at the bottom: no head, the label says why
  }

  draw() {
    const P = this.plot();
    if (!this.slice || !P) return;
    const projected = this.projected();
    const fig = surfaceFigure(this.slice, projected, this.state.view3d);
    fig.layout.shapes = this.state.view3d ? [] : [...pathShapes(projected), ...this.arrows()];
    const react = () => P.react(this.id, fig.data, fig.layout, plotConfig("gdviz-loss-surface"));
    if (this.state.view3d) setTimeout(react, 0); else react(); // 3-D: see drawPaths
    this.dirty = false;
  }

  // A light update between slices. 2-D: the paths, dots and arrow are layout shapes,
  // so the contour is not recomputed (the path traces, which carry the hover, move with the next
  // slice). 3-D: the path traces (WebGL redraws the scene whatever changes).
  drawPaths() {
    const P = this.plot();
    if (!P) return;
    const projected = this.projected();
    if (!this.state.view3d) {
      P.relayout(this.id, { shapes: [...pathShapes(projected), ...this.arrows()] });
    } else {
      const update = { x: [], y: [], z: [], customdata: [] }, indices = [];
      projected.forEach((run, r) => {
        update.x.push(run.px, run.px.slice(-1));
        update.y.push(run.py, run.py.slice(-1));
        update.z.push(run.pz, run.pz.slice(-1));
        update.customdata.push(run.pj, run.pj.slice(-1));
        indices.push(1 + 2 * r, 2 + 2 * r);
      });
      // In a task of its own, not in the animation frame: software WebGL then renders the scene
      // and the page reads it back in the next frame, so the two costs are two shorter tasks.
      setTimeout(() => { if (this.slice && this.state.view3d) P.restyle(this.id, update, indices); }, 0);
    }
    this.dirty = false;
  }

  jobs() {
    return [
      { name: "new surface", el: this.id, every: 0, ready: () => this.fresh, draw: () => { this.fresh = false; this.draw(); } },
      { name: "surface", el: this.id, every: () => (this.state.view3d ? 1000 : 500), // WebGL costs more
        ready: () => this.slice !== null && this.dirty && !this.fresh, draw: () => this.drawPaths() },
    ];
  }
}
