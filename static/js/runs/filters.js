// The runs page's filter menus: each offers the values the saved runs have (GET /api/runs' facets),
// so an upload that runs were trained on is a choice too, named by its file. A choice in force stays
// offered even when no run has it any longer, so the menu never changes under the reader.
import { entry } from "../catalogue.js";

const KINDS = { dataset: "datasets", model: "models", optimizer: "optimizers" };

// name -> what the reader calls it: an upload by its file, a built-in by its catalogue label.
export async function datasetNames(getJSON) {
  try {
    const sets = await getJSON("/api/datasets");
    return new Map(sets.map((d) => [d.name, d.file_name ? `${d.file_name} (upload)` : d.name]));
  } catch {
    return new Map(); // the names stay as stored
  }
}

export function labelOf(key, value, datasets) {
  if (key === "dataset") return datasets.get(value) || (value.startsWith("u_") ? `upload ${value.slice(2, 10)}… (deleted)` : value);
  const known = entry(KINDS[key], value);
  return known ? known.label : value;
}

// Fill the three menus from the facets, keeping what each has chosen.
export function fillFilters(facets, datasets) {
  for (const key of Object.keys(KINDS)) {
    const select = document.getElementById(`f-${key}`);
    const chosen = select.value;
    const values = [...new Set([...facets[key], ...(chosen ? [chosen] : [])])];
    const options = values.map((value) => Object.assign(document.createElement("option"),
                                                        { value, textContent: labelOf(key, value, datasets) }));
    select.replaceChildren(Object.assign(document.createElement("option"), { value: "", textContent: "any" }), ...options);
    select.value = chosen;
  }
}

// The filter form (#filters): the name box and the three menus, and the data sets' names (for the
// menus and the table).
export class Filters {
  constructor() {
    this.form = document.getElementById("filters");
    this.datasets = new Map(); // data set name -> what the reader calls it (datasetNames)
  }

  async nameDataSets(getJSON) { this.datasets = await datasetNames(getJSON); }

  // What each filter asks, trimmed ("": any), in the query's order.
  values() {
    return Object.fromEntries(["q", "dataset", "model", "optimizer"].map((k) => [k, document.getElementById(`f-${k}`).value.trim()]));
  }

  filtered() { return Object.values(this.values()).some(Boolean); }

  fill(facets) { fillFilters(facets, this.datasets); }

  // changed(): a filter changed (on every keystroke in the name box).
  wire(changed) {
    this.form.addEventListener("submit", (e) => e.preventDefault());
    this.form.addEventListener("input", changed);
  }
}
