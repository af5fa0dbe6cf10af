// A loss grid as a triangle mesh (Plotly's mesh3d) for the 3-D view. In software-rendered WebGL
// (a machine without a GPU, headless Chromium) a mesh3d redraws in about a third of the time of a
// surface trace with the same grid (measured: ~75 ms against 170-300 ms for a 600x450 scene).
// z[a][b] is J at (xs[b], ys[a]); a cell with a value that is not finite is left out.

export function gridMesh(xs, ys, z) {
  const x = [], y = [], h = [], i = [], j = [], k = [];
  const index = ys.map(() => xs.map(() => -1)); // grid point -> vertex, or -1 (not finite)
  ys.forEach((yv, a) => xs.forEach((xv, b) => {
    const v = z[a][b];
    if (v === null || !Number.isFinite(v)) return;
    index[a][b] = h.length;
    x.push(xv); y.push(yv); h.push(v);
  }));
  for (let a = 0; a + 1 < ys.length; a += 1) {
    for (let b = 0; b + 1 < xs.length; b += 1) {
      const [p, q, r, s] = [index[a][b], index[a][b + 1], index[a + 1][b + 1], index[a + 1][b]];
      if (p >= 0 && q >= 0 && r >= 0) { i.push(p); j.push(q); k.push(r); }
      if (p >= 0 && r >= 0 && s >= 0) { i.push(p); j.push(r); k.push(s); }
    }
  }
  return { x, y, z: h, i, j, k };
}
