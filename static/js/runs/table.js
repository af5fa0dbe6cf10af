// The runs table (#runs-table): a page of the saved runs as the server lists them (100 a page),
// sorted by the column whose name was clicked, its caption (#runs-count), the note shown while no
// run is saved (#runs-empty) and the pager (#pager). Per row: a tick (to overlay its curves),
// rename in place, delete after a confirm, export (JSON, CSV), open in the playground. It owns the
// sort, the page and the rows it shows; what a row asks for (a request) is the page's (`on`).
import { $, fmt, pct } from "../kit.js";
import { labelOf } from "./filters.js";
import { button, el } from "./dom.js";

export const PAGE = 100;
const HIGHEST_FIRST = ["created_at", "final_accuracy", "steps"]; // a first click sorts these descending

export class RunsTable {
  // on: changed() lists the runs again; tick(row, ticked, untick) a tick (untick() clears the box if
  // the run could not be fetched); rename(row, name); remove(row) once confirmed; download(row, format).
  constructor(on) {
    this.on = on;
    Object.assign(this, { sort: "created_at", descending: true, offset: 0, rows: [], total: 0 });
    this.body = document.querySelector("#runs-table tbody");
    this.headers = [...document.querySelectorAll("th[data-sort]")];
    [this.caption, this.empty, this.pager, this.pageOf, this.prev, this.next] =
      ["runs-count", "runs-empty", "pager", "page-of", "prev", "next"].map((id) => $(id));
  }

  // The GET /api/runs query for the page shown, with the filters that ask for something.
  query(filters) {
    const query = new URLSearchParams({ sort: this.sort, descending: String(this.descending), limit: String(PAGE),
                                        offset: String(this.offset) });
    for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
    return query;
  }

  firstPage() { this.offset = 0; }

  // Show a page: runs (the rows), total (how many match), filtered (a filter asks for something),
  // ticked (the ticked runs' ids: has(id)), datasets (data set name -> its label).
  show({ runs, total, filtered, ticked, datasets }) {
    Object.assign(this, { rows: runs, total });
    this.empty.hidden = total > 0 || filtered;
    this.body.replaceChildren(...runs.map((row) => this.rowOf(row, ticked.has(row.id), datasets)));
    const shown = runs.length ? `${this.offset + 1}–${this.offset + runs.length} of ${total}` : "none";
    this.caption.textContent = `Saved runs: ${shown}${filtered ? " (filtered)" : ""}. Click a column's name to sort by it.`;
    this.pager.hidden = total <= PAGE;
    this.pageOf.textContent = `page ${Math.floor(this.offset / PAGE) + 1} of ${Math.ceil(total / PAGE)}`;
    [this.prev.disabled, this.next.disabled] = [this.offset === 0, this.offset + PAGE >= total];
    for (const th of this.headers) {
      th.setAttribute("aria-sort", th.dataset.sort !== this.sort ? "none" : this.descending ? "descending" : "ascending");
    }
  }

  rowOf(row, ticked, datasets) {
    const box = el("input", { type: "checkbox", checked: ticked });
    box.setAttribute("aria-label", `Overlay “${row.name}”`);
    box.addEventListener("change", () => this.on.tick(row, box.checked, () => { box.checked = false; }));
    const nameCell = el("td", { className: "name" }, row.name || "(no name)");
    const actions = el("td", { className: "actions" });
    actions.append(
      button("Rename", () => this.rename(row, nameCell), { label: `Rename “${row.name}”` }),
      button("Delete", () => this.confirmDelete(row, actions), { label: `Delete “${row.name}”` }),
      button("JSON", () => this.on.download(row, "json"),
             { title: "Download the whole run as JSON", label: `Download “${row.name}” as JSON` }),
      button("CSV", () => this.on.download(row, "csv"),
             { title: "Download the run's history as CSV", label: `Download “${row.name}”'s history as CSV` }),
      el("a", { href: `/?run=${row.id}`, textContent: "Open", title: "Replay it in the playground" }));
    const tr = el("tr", {}, el("td", {}, box), nameCell, el("td", { textContent: labelOf("dataset", row.dataset, datasets) }),
                  el("td", { textContent: row.model }), el("td", { textContent: row.optimizer }),
                  el("td", { className: "num", textContent: fmt(row.final_loss, 5) }),
                  el("td", { className: "num", textContent: pct(row.final_accuracy) }),
                  el("td", { className: "num", textContent: String(row.steps) }),
                  el("td", { className: "date", textContent: row.created_at.slice(0, 16).replace("T", " ") }), actions);
    tr.dataset.id = row.id;
    return tr;
  }

  // The name cell becomes a box: Enter or Save renames (a new, non-empty name), Escape or Cancel
  // does not; either way the table is listed again.
  rename(row, cell) {
    const input = el("input", { type: "text", value: row.name, maxLength: 200, className: "rename-input" });
    input.setAttribute("aria-label", `New name for ${row.name}`);
    const done = async (save) => {
      const name = input.value.trim();
      if (save && name && name !== row.name) await this.on.rename(row, name);
      await this.on.changed();
    };
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") done(true); if (e.key === "Escape") done(false); });
    cell.replaceChildren(el("span", { className: "rename" }, input, button("Save", () => done(true)),
                            button("Cancel", () => done(false))));
    input.select();
    input.focus();
  }

  // The actions cell asks first: delete for good, or keep it (the focus on "Keep it").
  confirmDelete(row, cell) {
    const actions = [...cell.childNodes];
    const cancel = button("Keep it", () => cell.replaceChildren(...actions));
    // short words in the cell's own width (a name-long button pushed the Name column out of view)
    const yes = button("Delete", () => this.on.remove(row), { className: "danger", label: `Delete “${row.name}” for good` });
    cell.replaceChildren(el("span", { className: "confirm", textContent: "Delete for good? " }), yes, " ", cancel);
    cancel.focus();
  }

  wire() {
    for (const th of this.headers) {
      th.querySelector("button").addEventListener("click", () => {
        const key = th.dataset.sort;
        this.descending = key === this.sort ? !this.descending : HIGHEST_FIRST.includes(key);
        Object.assign(this, { sort: key, offset: 0 });
        this.on.changed();
      });
    }
    this.prev.addEventListener("click", () => { this.offset = Math.max(0, this.offset - PAGE); this.on.changed(); });
    this.next.addEventListener("click", () => { this.offset += PAGE; this.on.changed(); });
  }
}
