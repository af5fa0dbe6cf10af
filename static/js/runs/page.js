// The runs page (/runs): the saved runs as a table (GET /api/runs: sorted and filtered by the
// server, 100 a page; the filters offer the values the runs have), the jobs running now with their
// progress and a Stop button, and per row: select (to overlay its curves), rename, delete (after a
// confirm), export (JSON, CSV), open in the playground. The ticked runs can be deleted together.
//
// Who owns what: RunsTable (table.js) the table, its sort, page and rows, a row's rename box and
// delete confirm; Filters (filters.js) the filter form and the data sets' names; RunningJobs
// (running.js) the jobs training now; TickedRuns (ticked.js) the ticked runs, fetched whole, and
// the bulk-delete bar; OverlayPanel (overlay.js) the curves, their smoothing and x axis; Listing
// (listing.js) the GET /api/runs requests, and the polling while jobs run. This module only wires
// them: a view's event -> a request -> the views. Every error goes to the banner.
//
// window.gdviz, read by the browser tests (read-only; the objects below are the page's own):
//   view      the table: sort (the column's key), descending, offset (of the page's first row: 100
//             a page); as last listed, rows (the page's runs, as GET /api/runs gave them) and total
//             (how many runs the filters match); asked (GET /api/runs sent for the table), loads (answers
//             drawn: it grows with every listing) and datasets (a Map: data set name -> its label)
//   selected  the ticked runs, fetched whole (GET /api/runs/{id}): a Map, id -> run
//   overlay   how many times the curves were drawn
import { getJSON, sendJSON, showError } from "../kit.js";
import { exportRun } from "./export.js";
import { Filters } from "./filters.js";
import { Listing } from "./listing.js";
import { OverlayPanel } from "./overlay.js";
import { RunningJobs } from "./running.js";
import { RunsTable } from "./table.js";
import { TickedRuns } from "./ticked.js";

function runsPage() {
  const filters = new Filters(), curves = new OverlayPanel();
  const ticked = new TickedRuns({ removeAll });
  const running = new RunningJobs({ stop });
  const table = new RunsTable({ changed: load, tick, rename, remove, download });
  const listing = new Listing({
    query: () => table.query(filters.values()),
    listed: (answer) => {
      filters.fill(answer.facets);
      table.show({ runs: answer.runs, total: answer.total, filtered: filters.filtered(), ticked, datasets: filters.datasets });
      running.show(answer.running);
    },
    progress: (jobs) => running.show(jobs),
  });

  function load() { return listing.load(); }

  function redraw() {
    ticked.show();
    return curves.draw(ticked.list());
  }

  async function tick(row, on, untick) {
    if (!on) { ticked.drop(row.id); return redraw(); }
    try { ticked.keep(row.id, await getJSON(`/api/runs/${row.id}`)); }
    catch (exc) { untick(); showError(`Could not load “${row.name}”: ${exc.message}`); }
    return redraw();
  }

  async function rename(row, name) {
    try { await sendJSON("PATCH", `/api/runs/${row.id}`, { name }); }
    catch (exc) { showError(`Could not rename “${row.name}”: ${exc.message}`); }
    ticked.renamed(row.id, name);
  }

  async function remove(row) {
    try { await sendJSON("DELETE", `/api/runs/${row.id}`); }
    catch (exc) { showError(`Could not delete “${row.name}”: ${exc.message}`); }
    if (ticked.drop(row.id)) redraw();
    await load();
  }

  function download(row, format) {
    return exportRun(row.id, format, ticked.runs).catch((exc) => showError(exc.message));
  }

  async function removeAll(doomed) {
    const failed = [];
    for (const run of doomed) {
      try { await sendJSON("DELETE", `/api/runs/${run.id}`); ticked.drop(run.id); }
      catch (exc) { failed.push(`“${run.name}”: ${exc.message}`); }
    }
    if (failed.length) showError(`Could not delete ${failed.join("; ")}`);
    ticked.closeConfirm();
    redraw();
    await load();
  }

  async function stop(job) {
    try { await sendJSON("DELETE", `/api/runs/${job.id}`); } catch (exc) { showError(`Could not stop it: ${exc.message}`); }
    await load();
  }

  table.wire();
  filters.wire(() => { table.firstPage(); load(); });
  ticked.wire();
  curves.wire(redraw);
  window.gdviz = Object.freeze({
    view: Object.freeze({
      get sort() { return table.sort; }, get descending() { return table.descending; },
      get offset() { return table.offset; }, get rows() { return table.rows; }, get total() { return table.total; },
      get asked() { return listing.asked; }, get loads() { return listing.loads; },
      get datasets() { return filters.datasets; },
    }),
    selected: ticked.runs,
    get overlay() { return curves.drawn; },
  });
  return filters.nameDataSets(getJSON).then(() => Promise.all([load(), redraw()]));
}

runsPage().catch((exc) => showError(`Could not start: ${exc.message}`));
