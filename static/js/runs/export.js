// A saved run's downloads: its whole JSON (GET /api/runs/{id}, as the server gives it) and its
// history as CSV (one row per record; a column per field any record has, params left out).
import { download, getJSON } from "../kit.js";

const cell = (v) => (v === null || v === undefined ? "" : Array.isArray(v) ? `"${v.join(" ")}"` : String(v));

export function historyCSV(history) {
  const columns = [];
  for (const record of history) {
    for (const key of Object.keys(record)) if (key !== "params" && !columns.includes(key)) columns.push(key);
  }
  return [columns.join(","), ...history.map((r) => columns.map((c) => cell(r[c])).join(","))].join("\n") + "\n";
}

const fileName = (run, ext) => `gdviz-run-${(run.name || run.id).replace(/[^A-Za-z0-9_.-]+/g, "_").slice(0, 60)}-${run.id}.${ext}`;

// Fetch the run (or take it from `cache`), then download it in the format asked.
export async function exportRun(id, format, cache) {
  const run = cache.get(id) || await getJSON(`/api/runs/${id}`);
  if (format === "json") download(fileName(run, "json"), "application/json", JSON.stringify(run, null, 1));
  else download(fileName(run, "csv"), "text/csv", historyCSV(run.history));
  return run;
}
