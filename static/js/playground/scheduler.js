// The redraw scheduler: at most one Plotly redraw per animation frame.
//
// Every Plotly update redraws its whole plot (about 13 ms for a curve plot in software-rendered
// Chromium, 40 ms for the contour), so the plots take turns: each frame redraws the next job in the
// rota that has something new and whose last redraw is older than its interval. Each view hands
// in its own jobs; the scheduler owns only the turn order and the counts.

export class RedrawScheduler {
  // jobs: [{name, every: ms or () => ms, ready: () => bool, draw: () => void}], in rota order.
  constructor(jobs) {
    this.jobs = jobs;
    this.rota = 0;
    this.lastDrawn = {}; // job name -> performance.now() of its last redraw
    this.stats = {}; // job name -> {count, ms, max}: read by bench/browser.py through window.gdviz
  }

  // Redraw at most one job; returns its name, or null when nothing was due.
  tick(now = performance.now()) {
    for (let k = 0; k < this.jobs.length; k += 1) {
      const job = this.jobs[(this.rota + k) % this.jobs.length];
      const every = typeof job.every === "function" ? job.every() : job.every;
      if (!job.ready() || now - (this.lastDrawn[job.name] ?? -Infinity) < every) continue;
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

  // Tick on every animation frame, then call afterEach() (cheap per-frame work: readouts, fetches).
  start(afterEach = () => {}) {
    const frame = () => {
      this.tick();
      afterEach();
      window.requestAnimationFrame(frame);
    };
    window.requestAnimationFrame(frame);
  }
}
