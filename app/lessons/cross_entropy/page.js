// Cross-entropy pitfalls: the epsilon cap against the stable loss, H(p, p) = H(p), and the cross-entropy
// article's derivative formulas checked against central differences. Numbers from the engine; the
// unit menu shows losses in nats (the default) or in bits (nats / ln 2). Nothing is kept in the URL.
//
// Views: Epsilon (here: the last ε answer) with EpsilonReadout and EpsilonPlots (views.js: the two forms
// of the loss at z and against z),
// WeightSliders, SelfEntropyTable and SimplexPlot (views.js: H(p, p) for the p you set, and over every
// p), CheckTables (checks.js: the derivative formulas). Facts (window.gdviz.facts):
//   epsilon         {unit, y, epsilon, cap, point: {z, p, stable, stable_dz, capped, capped_dz}, p_true}:
//                   the sample the table shows (cap and point in nats, as answered; the table in unit),
//                   and p_true, the model's probability of the true class
//   epsilon-curves  {unit, y, z, cap, marks: {stable, capped, stable_dz, capped_dz}}: the plots' unit,
//                   the cap's height and the marked points, in that unit
//   weights         {weights, shares}: the three sliders' weights (0 to 10) and p's shares beside them
//   information     the answer of POST /api/lessons/information (q = p) the table shows: {unit, p, q,
//                   entropy, cross_entropy, kl, entropy_q}
//   simplex         {unit, p: [p₁, p₂], h_pp}: the heatmap's unit, the marked p and its H(p, p)
//   checks          the answer of POST /api/lessons/derivative-checks the tables show: {a, p, t, target,
//                   checks: [{name, wrt, article, right, numeric, article_matches, right_matches, ...}]}
import { $, throttle } from "/static/js/kit.js";
import { LessonPage, plotted } from "/static/js/lesson.js";
import { EpsilonPlots, EpsilonReadout, SelfEntropyTable, SimplexPlot, WeightSliders } from "./views.js";
import { CheckTables } from "./checks.js";

// Section 1: the capped loss −ln(σ(z) + ε) against the stable form, its readout and plots, which keep
// the last answer so that a new unit redraws them without asking again.
class Epsilon {
  constructor(page) {
    Object.assign(this, { page, answer: null, readout: new EpsilonReadout(page), curves: new EpsilonPlots(page) });
  }

  async update(unit) {
    const answer = await this.page.request("/api/lessons/epsilon", {
      z: Number($("z").value), y: Number($("label").value), epsilon: Number($("eps").value) });
    if (!answer) return; // the banner says why
    this.answer = answer;
    this.show(unit);
  }

  show(unit) {
    if (!this.answer) return;
    this.readout.draw(this.answer, unit);
    this.curves.draw(this.answer, unit);
  }
}

function main() {
  const page = new LessonPage({ ready: 6 });
  const unit = () => $("unit").value; // nats or bits
  const epsilon = new Epsilon(page);
  const table = new SelfEntropyTable(page), simplex = new SimplexPlot(page), checks = new CheckTables(page);

  // --- epsilon against the stable form -------------------------------------------------------
  const updateEpsilon = throttle(() => epsilon.update(unit()), 60);
  $("z").addEventListener("input", updateEpsilon);
  $("eps").addEventListener("change", updateEpsilon);
  $("label").addEventListener("change", () => { // y = 0 mirrors the picture: wrong at large positive z
    const y = Number($("label").value), z = $("z");
    z.min = y ? "-40" : "-10";
    z.max = y ? "10" : "40";
    z.value = String(-Number(z.value));
    updateEpsilon();
  });

  // --- H(p, p) ------------------------------------------------------------------------------
  const sliders = new WeightSliders(page, [5, 3, 2], () => updateInfo());
  const updateInfo = throttle(async () => {
    const info = await page.request("/api/lessons/information",
                                    { p: sliders.weights, q: sliders.weights, unit: unit() });
    if (!info) return;
    sliders.show(info);
    table.draw(info);
    simplex.draw(info, info.unit);
  }, 60);

  // --- the derivative checks ----------------------------------------------------------------
  const updateChecks = throttle(async () => {
    const logits = [0, 1, 2].map((k) => Number.parseFloat($(`a${k}`).value));
    if (!logits.every((v) => Number.isFinite(v) && Math.abs(v) <= 20)) return;
    const out = await page.request("/api/lessons/derivative-checks", { logits, target: Number($("target").value) });
    if (out) checks.draw(out);
  }, 60);
  for (const id of ["a0", "a1", "a2"]) $(id).addEventListener("input", updateChecks);
  $("target").addEventListener("change", updateChecks);

  $("unit").addEventListener("change", () => {
    epsilon.show(unit());
    updateInfo();
  });

  updateChecks();
  plotted.then(async () => {
    updateEpsilon();
    await simplex.load();
    updateInfo();
  });
}

main();
