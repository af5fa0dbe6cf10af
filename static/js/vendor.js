// plotly.js, compiled after the page's first paint, so the controls and every plot frame's loading
// sign show at once. Pages start with the cartesian bundle (contour, heatmap, scatter: every 2-D plot;
// 1.5 MB, about 0.4 s to fetch and compile here, against 0.86 s for the full 4.8 MB: see
// docs/dev/performance.md); the 3-D view asks for the full bundle (plotly3d) when it is first chosen.
const load = (id, src) => new Promise((resolve, reject) => {
  const script = Object.assign(document.createElement("script"), { id, src });
  script.onload = () => resolve(window.Plotly);
  script.onerror = () => reject(new Error("plotly.js did not load: reload the page"));
  document.head.append(script);
});

// The page's plotly.js (window.Plotly, the cartesian bundle): a page starts its plots when this
// resolves. It loads in the frame after the first paint; a page marked data-plotly="after-first-step"
// (the playground) first shows its run's first step, then calls loadPlotly(): compiling plotly.js
// holds the main thread for about 0.4 s, which would otherwise land on the step's arrival. Its bytes
// are fetched at once all the same, so the script then comes from the cache.
const CARTESIAN = "/vendor/plotly-cartesian.min.js";
const gate = {};
const opened = new Promise((resolve) => { gate.open = resolve; });
export const loadPlotly = () => gate.open();
export const plotly = opened.then(() => (document.getElementById("plotly-js") ? window.Plotly : load("plotly-js", CARTESIAN)));
if (document.querySelector("[data-plotly=after-first-step]")) {
  fetch(CARTESIAN).catch(() => {}); // into the cache; the script tag reports a failure
  setTimeout(loadPlotly, 2000); // no step within 2 s (a busy server): the plots come all the same
} else {
  requestAnimationFrame(() => setTimeout(loadPlotly, 0)); // the frame after the first paint
  setTimeout(loadPlotly, 1000); // a tab in the background paints no frames
}

const full = {}; // {promise}: the full bundle, loaded once

// The full bundle, a second Plotly instance for the plots it alone can draw (scatter3d, mesh3d).
// window.Plotly stays the cartesian one; a plot element drawn by this one says so (el.gdvizPlotly),
// so whoever resizes or purges it asks the instance that drew it (plotlyOf).
export function plotly3d() {
  if (!full.promise) {
    full.promise = plotly.then((cartesian) => load("plotly-js-full", "/vendor/plotly.min.js").then((all) => {
      window.Plotly = cartesian;
      return all;
    }));
  }
  return full.promise;
}

export const plotlyOf = (el) => el.gdvizPlotly || window.Plotly;
