// plotly.js (4.8 MB, a few hundred ms to decode and compile) is fetched after the page's first
// paint, so the controls and every plot frame's loading sign show at once (bench/first_paint.py);
// a page starts its plots when this resolves.
export const plotly = new Promise((resolve, reject) => {
  const load = () => {
    if (document.getElementById("plotly-js")) return;
    const script = Object.assign(document.createElement("script"), { id: "plotly-js", src: "/vendor/plotly.min.js" });
    script.onload = () => resolve(window.Plotly);
    script.onerror = () => reject(new Error("plotly.js did not load: reload the page"));
    document.head.append(script);
  };
  requestAnimationFrame(() => setTimeout(load, 0)); // the frame after the first paint
  setTimeout(load, 1000); // a tab in the background paints no frames
});
