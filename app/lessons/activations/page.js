// Activations and their derivatives; the vanishing gradient through deep stacks and the measured
// layer-to-layer ratios; ReLU's idle units; a linear stack collapsing; what each activation costs.
//
// Views (views.js): ActivationCurves (g and g′), GradientPlot (the gradient's size per layer),
// RatioPlot (each layer's over the next one's, and sigmoid's in words), SparsityReadout (ReLU units
// off at random weights), TrainedReadout (and after training), CollapseTable (a linear stack as one
// map) and TimingTable (what each costs). Facts (window.gdviz.facts):
//   activations  {names}: the activations drawn, in the legends' order (linear first, under the others)
//   vanishing    {layers, sizes: {<activation>: RMS of dJ/dW per layer}}: the curves of the plot
//   ratios       {layers, ratios: {<activation>: layer l ÷ layer l + 1, null where undefined},
//                sigmoid: {min, median, max}}: the plot, and sigmoid's ratios as the readout says them
//   sparsity     [share of (sample, unit) pairs off, per layer of the ReLU stack]
//   collapse     {depth, shapes, product, bias, deep_rows, single_rows, max_difference}: the table's W
//                and b and the readout's numbers
//   trained      {hidden, layers, steps, before, after, dead, accuracy}: the trained network's readout
//   timing       {n, rounds, seconds: {<activation>: {min, median, max}}, ratio_to_relu}: the table
import { $, throttle } from "/static/js/kit.js";
import { names } from "/static/js/catalogue.js";
import { LessonPage, plotted } from "/static/js/lesson.js";
import { ActivationCurves, CollapseTable, GradientPlot, Palette, RatioPlot, SparsityReadout, TimingTable,
         TrainedReadout } from "./views.js";

const PROPS = [
  { key: "depth", type: "int", def: 12, clamp: (v) => Math.min(30, Math.max(2, v)) },
  { key: "width", type: "int", def: 32, clamp: (v) => Math.min(128, Math.max(4, v)) },
  { key: "seed", type: "int", def: 0, clamp: (v) => Math.min(4294967295, Math.max(0, v)) },
];

function main() {
  const page = new LessonPage({ props: PROPS, ready: 7 }), state = page.state;
  const palette = new Palette(names("activations"));
  const curves = new ActivationCurves(page, palette), gradients = new GradientPlot(page, palette);
  const ratios = new RatioPlot(page, palette), sparsity = new SparsityReadout(page);
  const collapse = new CollapseTable(page), trained = new TrainedReadout(page), timing = new TimingTable(page);

  const drawVanishing = throttle(async () => {
    const out = await page.request("/api/lessons/vanishing", { depth: state.depth, width: state.width, seed: state.seed });
    if (!out) return; // the banner says why
    gradients.draw(out);
    ratios.draw(out);
    sparsity.draw(out.relu_inactive);
    collapse.draw(out.collapse);
  }, 100);

  const runTrained = async () => {
    const r = await page.request("/api/lessons/relu-trained", { hidden: 16, steps: 1000, seed: state.seed });
    if (r) trained.draw(r);
  };

  const runTiming = async () => {
    timing.busy();
    try {
      const t = await page.request("/api/lessons/activation-timing", { n: 1000000, rounds: 7 });
      if (t) timing.draw(t); else timing.failed();
    } finally { timing.done(); }
  };

  for (const key of ["depth", "width"]) page.bind(key, key, drawVanishing);
  $("seed").value = state.seed;
  $("seed").addEventListener("change", (e) => { // a seed that is not a whole number >= 0 changes nothing
    const v = Number.parseInt(e.target.value, 10);
    if (Number.isFinite(v) && v >= 0) { state.seed = v; page.save(); drawVanishing(); runTrained(); }
  });
  $("time-run").addEventListener("click", runTiming);

  plotted.then(async () => {
    const c = await page.request("/api/lessons/activations");
    if (c) curves.draw(c);
    drawVanishing();
    await runTrained();
    runTiming();
  });
}

main();
