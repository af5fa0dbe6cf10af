// A curve that keeps the whole run in at most `max` points, the way TensorBoard's charts do: past
// max, the points are taken in stretches of four and each stretch keeps its lowest and highest
// point, in step order (the very first point stays too), so the count halves and no spike, dip or
// gap is lost. Nothing is dropped: the curve starts at step 0 however long the run.
//   x: steps, y: values (null: a gap, kept), c: each point's customdata (its epoch)
const STRETCH = 4;

export class ThinnedSeries {
  constructor(max) {
    this.max = max;
    this.x = [];
    this.y = [];
    this.c = [];
    this.thinnings = 0; // how many times it halved (a redraw then replaces the trace's points)
  }

  push(xs, ys, cs) {
    for (let i = 0; i < xs.length; i += 1) { this.x.push(xs[i]); this.y.push(ys[i]); this.c.push(cs[i]); }
    while (this.x.length > this.max) this.thin();
  }

  thin() {
    const keep = [0];
    for (let start = 1; start < this.x.length; start += STRETCH) {
      const end = Math.min(start + STRETCH, this.x.length);
      let lo = -1, hi = -1, gap = -1;
      for (let i = start; i < end; i += 1) {
        const v = this.y[i];
        if (v === null || !Number.isFinite(v)) { if (gap < 0) gap = i; continue; }
        if (lo < 0 || v < this.y[lo]) lo = i;
        if (hi < 0 || v > this.y[hi]) hi = i;
      }
      for (const i of [...new Set([lo, hi, gap].filter((k) => k >= 0))].sort((a, b) => a - b)) keep.push(i);
    }
    this.x = keep.map((i) => this.x[i]);
    this.y = keep.map((i) => this.y[i]);
    this.c = keep.map((i) => this.c[i]);
    this.thinnings += 1;
  }
}
