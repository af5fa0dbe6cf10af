// Drawing a network: where each unit sits, how each weight looks, and each unit's map painted into
// a canvas. Pure functions (data in, numbers or pixels out); the NetworkView owns the page's state.

// The flat theta of a network, as app/engine/training/mlp.py lays it out: every layer's weights
// W_l (n_(l-1) x n_l, row-major), then every layer's intercepts b_l. Returns {W: [[row, ...] per
// layer], b: [[...] per layer]}: W[l][i][j] is the weight from unit i of layer l to unit j of l+1.
export function unpack(theta, sizes) {
  const W = [], b = [];
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l += 1) {
    const rows = [];
    for (let i = 0; i < sizes[l]; i += 1) { rows.push(theta.slice(at, at + sizes[l + 1])); at += sizes[l + 1]; }
    W.push(rows);
  }
  for (let l = 1; l < sizes.length; l += 1) { b.push(theta.slice(at, at + sizes[l])); at += sizes[l]; }
  return { W, b };
}

// Column x and unit y centres for a diagram width x height, with a box size that fits the widest
// layer: {box, cols: [{x, ys: [...]}]}. top: room above the units for a column's header.
export function layout(sizes, width, height, top = 44) {
  const widest = Math.max(...sizes);
  const box = Math.max(8, Math.min(34, Math.floor((height - top - 8) / widest) - 3));
  const pad = box / 2 + 30, step = sizes.length > 1 ? (width - 2 * pad) / (sizes.length - 1) : 0;
  const cols = sizes.map((n, l) => {
    const gap = Math.min(box + 10, (height - top - 8) / n), first = top + (height - top - gap * n) / 2 + gap / 2;
    return { x: pad + l * step, ys: Array.from({ length: n }, (_, i) => first + i * gap) };
  });
  return { box, cols };
}

// One colour convention across the page (the diagram's legend says it): the decision map's, blue
// for low (class 0, a negative value or weight), white for the middle, red for high (class 1, positive).
const BLUE = [33, 102, 172], RED = [178, 24, 43];

// A weight as an edge: red for positive, blue for negative, width and opacity growing with |w|
// relative to the largest weight shown.
export function edgeStyle(w, largest) {
  const share = largest > 0 ? Math.min(1, Math.abs(w) / largest) : 0;
  return { stroke: w >= 0 ? "#b2182b" : "#2166ac", width: 0.4 + 3.6 * share, opacity: 0.15 + 0.75 * share };
}

// The palettes, each [below the middle, above it]: the units' values and the output's probability
// share the decision map's blue and red.
export const PALETTES = { units: [BLUE, RED], classes: [BLUE, RED] };

// A value on [lo, hi] as a colour: the palette's first below the middle, white at it, its second above.
export function colour(v, lo, hi, palette = PALETTES.units) {
  if (v === null || !Number.isFinite(v)) return [200, 200, 200];
  const mid = (lo + hi) / 2, half = (hi - lo) / 2 || 1;
  const t = Math.max(-1, Math.min(1, (v - mid) / half));
  const [r, g, b] = t >= 0 ? palette[1] : palette[0];
  const a = Math.abs(t);
  return [Math.round(255 + (r - 255) * a), Math.round(255 + (g - 255) * a), Math.round(255 + (b - 255) * a)];
}

// The colour range of a layer's maps: symmetric about 0, so 0 is white (a ReLU unit that is off,
// a tanh unit at its middle) and the layer's largest |value| is the full colour.
export function range(maps) {
  let m = 0;
  for (const values of maps) for (const v of values) if (v !== null && Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m > 0 ? [-m, m] : [-1, 1];
}

// Paint one unit's map into its canvas: a heatmap of R x R values (a plane; row 0 at the bottom,
// as y grows upward) or, on a line, the unit's output against x as a curve.
export function paint(canvas, values, kind, lo, hi, palette = PALETTES.units) {
  const ctx = canvas.getContext("2d");
  if (kind === "plane") {
    const R = Math.round(Math.sqrt(values.length));
    if (canvas.width !== R) { canvas.width = R; canvas.height = R; }
    const image = ctx.createImageData(R, R);
    for (let r = 0; r < R; r += 1) {
      for (let c = 0; c < R; c += 1) {
        const [red, green, blue] = colour(values[r * R + c], lo, hi, palette), k = 4 * ((R - 1 - r) * R + c);
        image.data[k] = red; image.data[k + 1] = green; image.data[k + 2] = blue; image.data[k + 3] = 255;
      }
    }
    ctx.putImageData(image, 0, 0);
    return;
  }
  const size = 40;
  if (canvas.width !== size) { canvas.width = size; canvas.height = size; }
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, size, size);
  ctx.strokeStyle = "#1f6feb";
  ctx.lineWidth = 2;
  ctx.beginPath();
  values.forEach((v, i) => {
    const x = (i / Math.max(1, values.length - 1)) * size, y = size - ((v - lo) / (hi - lo || 1)) * size;
    if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
  });
  ctx.stroke();
}
