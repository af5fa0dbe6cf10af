// The redraw scheduler: at most one Plotly redraw per animation frame.
//
// Every Plotly update redraws its whole plot (about 13 ms for a curve plot in software-rendered
// Chromium, 40 ms for the contour), so the plots take turns: each frame redraws the next job in the
// rota that has something new and whose last redraw is older than its interval. Each view hands
// in its own jobs; the scheduler owns only the turn order and the counts. A job that names its
// element (el: an id) waits while that element is off screen or hidden: its view keeps what is
// new (bounded) and draws it when the element comes into view.

export class RedrawScheduler {
  // jobs: [{name, every: ms or () => ms, ready: () => bool, draw: () => void, el?: id}], in rota order.
  constructor(jobs) {
    this.jobs = jobs;
    this.rota = 0;
    this.lastDrawn = {}; // job name -> performance.now() of its last redraw
    this.stats = {}; // job name -> {count, ms, max}: read by bench/browser.py through window.gdviz
    this.offScreen = new Set(); // ids of the jobs' elements that are out of view (unknown: in view)
    this.observer = null;
  }

  observe() {
    if (typeof IntersectionObserver === "undefined") return;
    this.observer = new IntersectionObserver((entries) => {
      for (const e of entries) this.offScreen[e.isIntersecting ? "delete" : "add"](e.target.id);
    }, { rootMargin: "200px 0px" });
    for (const id of new Set(this.jobs.map((job) => job.el).filter(Boolean))) {
      const el = document.getElementById(id);
      if (el) this.observer.observe(el);
    }
  }

  // Redraw at most one job; returns its name, or null when nothing was due.
  tick(now = performance.now()) {
    for (let k = 0; k < this.jobs.length; k += 1) {
      const job = this.jobs[(this.rota + k) % this.jobs.length];
      const every = typeof job.every === "function" ? job.every() : job.every;
      if ((job.el && this.offScreen.has(job.el)) || !job.ready() || now - (this.lastDrawn[job.name] ?? -Infinity) < every) continue;
      job.draw();
      this.lastDrawn[job.name] = now;
      const cost = performance.now() - now;
      const stats = this.stats[job.name] || (this.stats[job.name] = { count: 0, ms: 0, max: 0 });
      stats.count += 1; stats.ms += cost; stats.max = Math.max(stats.max, cost);
      this.rota = (this.rota + k + 1) % this.jobs.length;
      return job.name;
    }
    return null;
  }

  // Tick on every animation frame (once drawing() says the plots can be drawn), then call
  // afterEach() (cheap per-frame work: readouts, fetches).
  start(afterEach = () => {}, drawing = () => true) {
    this.observe();
    const frame = () => {
      if (drawing()) this.tick();
      afterEach();
      window.requestAnimationFrame(frame);
    };
    window.requestAnimationFrame(frame);
  }
}
