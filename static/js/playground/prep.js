// The preparation panel: an upload's columns and first rows, and the recipe the user builds from
// them (label, each column's use, missing cells, scaling). Every change asks the server what the
// recipe makes (POST /api/datasets/{name}/prepare): the shape, or every problem with its fix.
import { $, postJSON, throttle } from "../kit.js";

const USES = { number: "a number", one_hot: "0/1 per level", drop: "dropped" };
const KINDS = { numeric: "numbers", categorical: "levels", text: "free text", id: "identifier",
                constant: "constant", mostly_missing: "mostly missing", empty: "empty" };

const cell = (tag, text, attrs = {}) => {
  const el = document.createElement(tag);
  el.textContent = text;
  Object.assign(el, attrs);
  return el;
};

export class PrepPanel {
  // onApply(name, recipe, made): train on the upload with this recipe; onDelete(name): delete it.
  constructor({ onApply, onDelete }) {
    Object.assign(this, { onApply, onDelete });
    this.info = null; // the upload's answer (POST or GET /api/datasets)
    this.recipe = null; // {label, columns: {name: use}, missing, scale, max_levels}
    this.made = null; // the last answer of /prepare, or null while it has problems
    this.check = throttle(() => this.ask(), 200);
    $("prep-label").addEventListener("change", (e) => { this.recipe.label = e.target.value || null; this.changed(); });
    $("prep-missing").addEventListener("change", (e) => { this.recipe.missing = e.target.value; this.changed(); });
    $("prep-scale").addEventListener("change", (e) => { this.recipe.scale = e.target.value; this.changed(); });
    $("prep-task").addEventListener("change", (e) => { this.recipe.task = e.target.value; this.changed(); });
    $("prep-train").addEventListener("click", () => this.apply());
    $("prep-close").addEventListener("click", () => { $("prep").hidden = true; });
    $("prep-delete").addEventListener("click", () => this.remove());
  }

  // Show an upload; recipe: the one in force (from the URL), else the report's suggestions.
  open(info, recipe = null) {
    this.info = info;
    this.recipe = { label: info.prepared ? info.prepared.label : null, columns: {}, missing: "impute",
                    scale: "standard", max_levels: 20, task: "auto", ...(recipe || {}) };
    this.recipe.columns = { ...this.recipe.columns };
    $("prep-file").textContent = info.file_name || "your upload";
    const read = info.read;
    $("prep-read").textContent = `${info.n_rows.toLocaleString("en")} rows × ${info.n_columns} columns · `
      + `${{ ",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars" }[read.delimiter] || read.delimiter}`
      + `${read.decimal === "," ? ", decimal commas" : ""} · ${read.header ? "a header line" : "no header line"}`
      + `${read.compression !== "none" ? ` · ${read.compression}` : ""} · ${read.encoding}`;
    $("prep-missing").value = this.recipe.missing;
    $("prep-scale").value = this.recipe.scale;
    $("prep-task").value = this.recipe.task;
    this.render();
    $("prep").hidden = false;
    this.check.now();
  }

  column(name) { return this.info.columns.find((c) => c.name.toLowerCase() === String(name).toLowerCase()); }

  use(column) {
    if (this.recipe.label !== null && this.column(this.recipe.label) === column) return "label";
    return this.recipe.columns[column.name] || column.treatment;
  }

  changed() { this.render(); this.check(); }

  render() {
    const label = $("prep-label");
    label.replaceChildren(cell("option", "(choose the column to predict)", { value: "" }));
    for (const c of this.info.columns) {
      const fit = c.as_label === "ok";
      const what = c.label_task === "regression" ? " — a number: regression" : fit ? "" : " — cannot be the label";
      label.append(cell("option", `${c.number}. ${c.name}${what}`,
                        { value: c.name, title: fit ? (c.label_task === "regression" ? `${c.levels} distinct numbers`
                                                                                     : `${c.levels} classes`) : c.as_label }));
    }
    const chosen = this.recipe.label === null ? null : this.column(this.recipe.label);
    label.value = chosen ? chosen.name : "";
    const body = $("prep-columns").querySelector("tbody");
    body.replaceChildren(...this.info.columns.map((c) => this.columnRow(c)));
    this.renderRows();
  }

  columnRow(c) {
    const row = document.createElement("tr");
    const use = this.use(c);
    row.className = use === "label" ? "label" : use === "drop" ? "dropped" : "";
    const kind = c.kind === "categorical" ? `${c.levels} levels` : KINDS[c.kind];
    row.append(cell("td", c.number), cell("th", c.name, { scope: "row", title: c.name }),
               cell("td", c.bad ? `${kind} (${c.bad} not numbers)` : kind),
               cell("td", c.missing ? c.missing.toLocaleString("en") : "–"));
    const td = document.createElement("td");
    if (use === "label") td.textContent = "the label";
    else {
      const select = document.createElement("select");
      select.setAttribute("aria-label", `Use of column ${c.number}, ${c.name}`);
      for (const [value, text] of Object.entries(USES)) {
        if (value === "number" && c.kind !== "numeric" && c.kind !== "id" && c.kind !== "constant") continue;
        select.append(new Option(value === c.treatment ? `${text} (suggested)` : text, value));
      }
      select.value = use;
      select.title = c.why;
      select.addEventListener("change", () => {
        if (select.value === c.treatment) delete this.recipe.columns[c.name];
        else this.recipe.columns[c.name] = select.value;
        this.changed();
      });
      td.append(select);
    }
    row.append(td, cell("td", c.examples.join(", "), { title: c.why }));
    return row;
  }

  renderRows() {
    const table = $("prep-rows"), names = this.info.columns.map((c) => c.name);
    const head = document.createElement("tr");
    head.append(cell("th", "line", { scope: "col" }), ...names.map((n, j) => cell("th", `${j + 1}. ${n}`, { scope: "col" })));
    table.querySelector("thead").replaceChildren(head);
    table.querySelector("tbody").replaceChildren(...this.info.preview.map((cells, i) => {
      const row = document.createElement("tr");
      row.append(cell("th", this.info.first_line + i, { scope: "row" }), ...cells.map((v) => cell("td", v)));
      return row;
    }));
  }

  // The recipe as the API takes it: only the columns whose use differs from the suggestion.
  spec() {
    const { label, columns, missing, scale, max_levels, task } = this.recipe;
    return { label, columns: { ...columns }, missing, scale, max_levels, task };
  }

  async ask() {
    const name = this.info.name, spec = JSON.stringify(this.spec());
    const shape = $("prep-shape"), problems = $("prep-problems");
    try {
      const made = await postJSON(`/api/datasets/${name}/prepare`, this.spec());
      if (name !== this.info.name || spec !== JSON.stringify(this.spec())) return; // changed meanwhile
      this.made = made;
      const target = made.task === "regression" ? `regression on ${made.label} (a real number)`
        : `${made.n_classes} classes of ${made.label} (${made.class_names.slice(0, 6).join(", ")}`
          + `${made.n_classes > 6 ? ", …" : ""})`;
      shape.textContent = `→ ${made.n_rows.toLocaleString("en")} rows × ${made.n_features} features, ${target}`
        + `${made.rows_dropped ? ` · ${made.rows_dropped} rows dropped` : ""}`;
      problems.hidden = true;
    } catch (exc) {
      if (name !== this.info.name) return;
      this.made = null;
      shape.textContent = "";
      problems.textContent = exc.message;
      problems.hidden = false;
    }
    $("prep-train").disabled = this.made === null;
  }

  apply() {
    if (!this.made) return;
    $("prep").hidden = true;
    this.onApply(this.info.name, this.spec(), this.made);
  }

  async remove() {
    $("prep").hidden = true;
    await this.onDelete(this.info.name);
  }
}
