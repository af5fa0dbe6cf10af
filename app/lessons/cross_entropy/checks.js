// The cross-entropy pitfalls' third panel: the article's derivative formulas checked (CheckTables).
// page.js lists the facts.
import { $, fmt } from "/static/js/kit.js";
import { SUB, el } from "./views.js";

const LABELS = { article: "as the article writes it", right: "the right formula", numeric: "central difference of L",
                 numeric_bce: "central difference of the binary CE" };
const BOXES = { code: "check-code", missing_division: "check-division", sum_of_reciprocals: "check-reciprocals" };

// One check as a table: the article's values, the right ones and the central differences, per
// coordinate, and whether each formula matches L's central difference (in colour and in words).
function checkTable(check) {
  const K = check.article.length, wrt = check.wrt === "p" ? "∂L/∂p" : "∂L/∂a";
  const rows = Object.entries(LABELS).filter(([key]) => check[key]).map(([key, label]) => {
    const verdict = key === "article" ? check.article_matches : key === "right" ? check.right_matches : null;
    if (key === "numeric_bce") {
      return el("tr", {}, el("th", { scope: "row" }, label), ...check[key].map((v) => el("td", {}, fmt(v, 5))),
        el("td", {}, check.article_matches_bce ? "= the article's" : "≠ the article's"));
    }
    return el("tr", {}, el("th", { scope: "row" }, label), ...check[key].map((v) => el("td", {}, fmt(v, 5))),
      el("td", { class: verdict === null ? "" : verdict ? "verdict-right" : "verdict-wrong" },
        verdict === null ? "" : verdict ? "✓ yes" : "✗ no"));
  });
  const head = el("tr", {}, el("th", { scope: "col" }, ""), ...Array.from({ length: K }, (_, k) => el("th", { scope: "col" }, `${wrt}${SUB[k]}`)),
    el("th", { scope: "col" }, "matches L's central difference?"));
  return el("div", { class: "scroll-x", tabindex: "0", role: "region", "aria-label": `Check: ${check.name}` },
    el("table", { class: "data" }, head, ...rows));
}

// p of the sample, and one table per check (POST /api/lessons/derivative-checks).
export class CheckTables {
  constructor(page) { this.page = page; }

  draw(out) {
    $("d-p").textContent = `(${out.p.map((v) => fmt(v, 4)).join(", ")})`;
    for (const check of out.checks) $(BOXES[check.name]).replaceChildren(checkTable(check));
    this.page.publish("checks", out);
  }
}
