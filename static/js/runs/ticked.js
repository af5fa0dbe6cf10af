// The ticked runs (the overlay draws their curves), each fetched whole, and the bar under the table
// that deletes them together (#bulk), after a confirm in the bar itself.
import { $ } from "../kit.js";
import { button, el } from "./dom.js";

export class TickedRuns {
  // removeAll(runs): the page deletes these runs, closes the confirm (closeConfirm) and lists again.
  constructor({ removeAll }) {
    this.runs = new Map(); // id -> the whole saved run (GET /api/runs/{id}), in the order ticked
    this.removeAll = removeAll;
    [this.bar, this.button] = [$("bulk"), $("bulk-delete")];
    this.kept = []; // the bar's own content while it asks for a confirm
  }

  has(id) { return this.runs.has(id); }

  keep(id, run) { this.runs.set(id, run); }

  drop(id) { return this.runs.delete(id); } // true if it was ticked

  renamed(id, name) {
    const run = this.runs.get(id);
    if (run) run.name = name;
  }

  list() { return [...this.runs.values()]; }

  // The bar: shown while runs are ticked, its button saying how many.
  show() {
    const n = this.runs.size;
    this.bar.hidden = n === 0;
    this.button.textContent = `Delete the ${n === 1 ? "ticked run" : `${n} ticked runs`}…`;
  }

  // The bar asks first: delete these (the runs ticked now), or keep them.
  confirm() {
    const doomed = this.list();
    const count = doomed.length === 1 ? `“${doomed[0].name}”` : `these ${doomed.length} runs`;
    this.kept = [...this.bar.childNodes];
    const cancel = button("Keep them", () => this.closeConfirm());
    const yes = button(`Delete ${count}`, () => this.removeAll(doomed), { className: "danger" });
    this.bar.replaceChildren(el("span", { className: "confirm", textContent: `Delete ${count} for good? ` }), yes, " ", cancel);
    cancel.focus();
  }

  closeConfirm() { this.bar.replaceChildren(...this.kept); }

  wire() { this.button.addEventListener("click", () => this.confirm()); }
}
