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
