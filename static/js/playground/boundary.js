// The decision-map view: the data's points (train and test) over the followed run's decision
// regions at its newest step (run 1 unless another is chosen); for a 1-D set, the points and the model's curve (a regression's
// fitted line). It owns the points, the map and when to ask for a new map.
import { plotConfig } from "../plots.js";
import { boundaryFigure, fitFigure, predictedFigure } from "../mapplots.js";
import { postJSON, throttle } from "../kit.js";

const REFRESH_MS = 1000; // a new map while running: each costs a request and a ~60 ms heatmap redraw
const RESOLUTION = 60;

export class BoundaryView {
  // lead(): the followed run; request(run): its dataset, model, loss and l2; onError(text).
  constructor({ id = "boundary-plot", lead, request, onError }) {
    Object.assign(this, { id, lead, request, onError });
    this.runs = [];
    this.points = null; // POST /api/points: the data as drawn (2-D data sets only)
    this.map = null; // POST /api/boundary at map.step
    this.generation = 0;
    this.dirty = false;
    this.refresh = throttle(() => this.fetchMap(), REFRESH_MS);
  }

  reset(runs) {
    this.runs = runs;
    this.refollow();
  }

  // Another run is followed: its data (its own scaling, maybe) and its map.
  refollow() {
    this.generation += 1;
    this.points = this.map = null;
    this.dirty = false;
    this.fetchPoints();
  }

  async fetchPoints() {
    const mine = this.generation;
    try {
      const points = await postJSON("/api/points", { dataset: this.request(this.lead()).dataset });
      if (mine !== this.generation) return;
      this.points = points;
      this.dirty = true;
    } catch (exc) {
      if (mine === this.generation) this.onError(exc.message); // an older run's failure is not news
    }
  }

  // Per animation frame: a new map when the first run has moved past the drawn one.
  tick() {
    const first = this.lead();
    if (!first || !first.theta || !this.points || !this.points.train_x) return;
    if (!this.map || this.map.step !== first.last.step) this.refresh();
  }

  async fetchMap() {
    const first = this.lead();
    const params = first && first.theta;
    if (!params || !this.points || !this.points.train_x) return;
    const mine = this.generation, step = first.last.step;
    try {
      const map = await postJSON("/api/boundary", { ...this.request(first), params, resolution: RESOLUTION });
      if (mine !== this.generation) return;
      this.map = { ...map, step };
      this.dirty = true;
    } catch (exc) {
      if (mine === this.generation) this.onError(`Decision boundary: ${exc.message}`);
    }
  }

  draw() {
    const oneD = this.points && this.points.train_x && this.points.train_x[0].length === 1;
    const fit = this.points && this.points.axes && this.points.task === "regression"; // many features
    const who = this.lead() ? this.lead().label : "run";
    const fig = oneD ? fitFigure(this.points, this.map, who) : fit ? predictedFigure(this.points, this.map, who)
      : boundaryFigure(this.points, this.map, this.points ? this.points.class_names : [], who);
    Plotly.react(this.id, fig.data, fig.layout, plotConfig("gdviz-decision-boundary"));
    this.dirty = false;
  }

  jobs() { return [{ name: "boundary", el: this.id, every: 1000, ready: () => this.dirty, draw: () => this.draw() }]; }
}
