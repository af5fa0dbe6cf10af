// A loss slice as the surface view draws it: the server's POST /api/surface answer with its axes,
// its title and the projection of any theta (or gradient) onto its plane.
const dot = (a, b) => a.reduce((s, v, k) => s + v * b[k], 0);

// Slice coordinates, exactly as the server's Slice.project: the least-squares (alpha, beta) with
// theta - center ~ alpha d1 + beta d2, from the 2x2 normal equations (exact whether or not the
// server's directions are orthogonal). vector() maps a direction (a gradient) the same way.
export function projector(d1, d2, center) {
  const g11 = dot(d1, d1), g12 = dot(d1, d2), g22 = dot(d2, d2), det = g11 * g22 - g12 * g12;
  const vector = (g) => {
    const r1 = dot(g, d1), r2 = dot(g, d2);
    return [(g22 * r1 - g12 * r2) / det, (g11 * r2 - g12 * r1) / det];
  };
  return { vector, point: (theta) => vector(theta.map((v, k) => v - center[k])) };
}

// A POST /api/surface answer as the view draws it. In coordinate mode the axes are the two
// parameters' values, so the slice's offsets shift by the center.
export function makeSlice(answer, kind, step) {
  const { alpha, beta, loss, directions, center } = answer;
  const coords = kind === "coordinates";
  const i = coords ? directions.d1.indexOf(1) : -1, j = coords ? directions.d2.indexOf(1) : -1;
  const [ox, oy] = coords ? [center[i], center[j]] : [0, 0];
  const { point, vector } = projector(directions.d1, directions.d2, center);
  const xs = alpha.map((a) => a + ox), ys = beta.map((b) => b + oy);
  const ev = directions.explained_variance;
  const title = coords ? `Loss surface over (${directions.labels.join(", ")})` + (center.length > 2 ? ", rest of θ fixed" : "")
    : kind === "pca" ? `Loss on the path's PCA plane (${(100 * ev[0]).toFixed(0)}%, ${(100 * ev[1]).toFixed(0)}%)`
    : "Loss along two random directions";
  const best = answer.optimum;
  const optimum = best ? { point: [best.point[0] + ox, best.point[1] + oy], loss: best.loss, offPlane: best.off_plane }
    : null;
  const subset = answer.rows_used < answer.rows_total
    ? ` · ${answer.rows_used.toLocaleString("en")}-row sample` : "";
  return { mode: kind, step, xs, ys, z: loss, labels: directions.labels, title: title + subset, projectVector: vector,
           optimum,
           project: (theta) => { const [a, b] = point(theta); return [a + ox, b + oy]; },
           span: Math.max(xs[xs.length - 1] - xs[0], ys[ys.length - 1] - ys[0]) };
}
