// The runs page (/runs): the saved runs as a table (GET /api/runs: sorted and filtered by the
// server, 100 a page; the filters offer the values the runs have, filters.js), the jobs running now
// with their progress and a Stop button, and per row: select (to overlay its curves), rename,
// delete (after a confirm), export (JSON, CSV), open in the playground. The ticked runs can be
// deleted together.
//
// window.gdviz, read by the browser tests: view (sort, filter, page, rows, total), selected (the
// ticked runs, fetched whole), overlay (how many times the curves were drawn).
import { $, fitPlotsToBoxes, fmt, getJSON, pct, sendJSON, showError, untabPlotToolbars } from "../kit.js";
import { Overlay } from "./overlay.js";
import { exportRun } from "./export.js";
import { datasetNames, fillFilters, labelOf } from "./filters.js";

const PAGE = 100;
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};
function button(text, onclick, { label, ...props } = {}) {
  const node = el("button", { type: "button", textContent: text, onclick, ...props });
  if (label) node.setAttribute("aria-label", label);
  return node;
}

function runsPage() {
  const view = { sort: "created_at", descending: true, offset: 0, rows: [], total: 0, asked: 0, loads: 0,
                 datasets: new Map() };
  const selected = new Map(); // id -> the whole saved run
  const overlay = new Overlay();
  const filters = () => Object.fromEntries(["q", "dataset", "model", "optimizer"].map((k) => [k, $(`f-${k}`).value.trim()]));

  const redraw = () => {
    const runs = [...selected.values()];
    $("bulk").hidden = runs.length === 0;
    $("bulk-delete").textContent = `Delete the ${runs.length === 1 ? "ticked run" : `${runs.length} ticked runs`}…`;
    $("overlay-hint").hidden = runs.length > 0;
    const xKey = document.querySelector("input[name=xaxis]:checked").value, weight = Number($("smooth").value);
    $("smooth-out").textContent = weight.toFixed(2);
    return overlay.draw(runs, xKey, weight);
  };

  async function toggle(row, box) {
    if (!box.checked) { selected.delete(row.id); return redraw(); }
    try {
      selected.set(row.id, await getJSON(`/api/runs/${row.id}`));
    } catch (exc) { box.checked = false; showError(`Could not load “${row.name}”: ${exc.message}`); }
    return redraw();
  }

  function renameCell(row, cell) {
    const input = el("input", { type: "text", value: row.name, maxLength: 200, className: "rename-input" });
    input.setAttribute("aria-label", `New name for ${row.name}`);
    const done = async (save) => {
      if (save && input.value.trim() && input.value.trim() !== row.name) {
        try { await sendJSON("PATCH", `/api/runs/${row.id}`, { name: input.value.trim() }); }
        catch (exc) { showError(`Could not rename “${row.name}”: ${exc.message}`); }
        const kept = selected.get(row.id);
        if (kept) kept.name = input.value.trim();
      }
      await load();
    };
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") done(true); if (e.key === "Escape") done(false); });
    cell.replaceChildren(el("span", { className: "rename" }, input, button("Save", () => done(true)),
                            button("Cancel", () => done(false))));
    input.select();
    input.focus();
  }

  function confirmDelete(row, cell) {
    const actions = [...cell.childNodes];
    const cancel = button("Keep it", () => cell.replaceChildren(...actions));
    const yes = button(`Delete “${row.name}”`, async () => {
      try { await sendJSON("DELETE", `/api/runs/${row.id}`); }
      catch (exc) { showError(`Could not delete “${row.name}”: ${exc.message}`); }
      if (selected.delete(row.id)) redraw();
      await load();
    }, { className: "danger" });
    cell.replaceChildren(el("span", { className: "confirm", textContent: "Delete for good? " }), yes, " ", cancel);
    cancel.focus();
  }

  function confirmBulk() {
    const bar = $("bulk"), kept = [...bar.childNodes], doomed = [...selected.values()];
    const count = doomed.length === 1 ? `“${doomed[0].name}”` : `these ${doomed.length} runs`;
    const cancel = button("Keep them", () => bar.replaceChildren(...kept));
    const yes = button(`Delete ${count}`, async () => {
      const failed = [];
      for (const run of doomed) {
        try { await sendJSON("DELETE", `/api/runs/${run.id}`); selected.delete(run.id); }
        catch (exc) { failed.push(`“${run.name}”: ${exc.message}`); }
      }
      if (failed.length) showError(`Could not delete ${failed.join("; ")}`);
      bar.replaceChildren(...kept);
      redraw();
      await load();
    }, { className: "danger" });
    bar.replaceChildren(el("span", { className: "confirm", textContent: `Delete ${count} for good? ` }), yes, " ", cancel);
    cancel.focus();
  }

  function rowOf(row) {
    const box = el("input", { type: "checkbox", checked: selected.has(row.id) });
    box.setAttribute("aria-label", `Overlay “${row.name}”`);
    box.addEventListener("change", () => toggle(row, box));
    const nameCell = el("td", { className: "name" }, row.name || "(no name)");
    const actions = el("td", { className: "actions" });
    actions.append(
      button("Rename", () => renameCell(row, nameCell), { label: `Rename “${row.name}”` }),
      button("Delete", () => confirmDelete(row, actions), { label: `Delete “${row.name}”` }),
      button("JSON", () => exportRun(row.id, "json", selected).catch((exc) => showError(exc.message)),
             { title: "Download the whole run as JSON", label: `Download “${row.name}” as JSON` }),
      button("CSV", () => exportRun(row.id, "csv", selected).catch((exc) => showError(exc.message)),
             { title: "Download the run's history as CSV", label: `Download “${row.name}”'s history as CSV` }),
      el("a", { href: `/?run=${row.id}`, textContent: "Open", title: "Replay it in the playground" }));
    const tr = el("tr", {}, el("td", {}, box), nameCell, el("td", { textContent: labelOf("dataset", row.dataset, view.datasets) }),
                  el("td", { textContent: row.model }), el("td", { textContent: row.optimizer }),
                  el("td", { className: "num", textContent: fmt(row.final_loss, 5) }),
                  el("td", { className: "num", textContent: pct(row.final_accuracy) }),
                  el("td", { className: "num", textContent: String(row.steps) }),
                  el("td", { className: "date", textContent: row.created_at.slice(0, 16).replace("T", " ") }), actions);
    tr.dataset.id = row.id;
    return tr;
  }

  function showRunning(jobs) {
    $("running-box").hidden = jobs.length === 0;
    $("running").replaceChildren(...jobs.map((job) => {
      const bar = el("progress", { max: job.max_steps, value: job.step });
      bar.setAttribute("aria-label", `${job.name || job.id}: step ${job.step} of ${job.max_steps}`);
      const stop = button("Stop", async () => {
        try { await sendJSON("DELETE", `/api/runs/${job.id}`); } catch (exc) { showError(`Could not stop it: ${exc.message}`); }
        await load();
      }, { label: `Stop ${job.name || job.id}`, title: "Stop the job: nothing of it is saved" });
      return el("li", {}, el("strong", { textContent: job.name || job.id }), ` step ${job.step} of ${job.max_steps} `,
                bar, job.loss === null ? "" : ` loss ${fmt(job.loss, 5)} `, stop);
    }));
  }

  // The table as the server lists it now; answers to older requests are dropped.
  async function load() {
    const asked = ++view.asked;
    const query = new URLSearchParams({ sort: view.sort, descending: String(view.descending), limit: String(PAGE),
                                        offset: String(view.offset) });
    for (const [key, value] of Object.entries(filters())) if (value) query.set(key, value);
    let answer;
    try { answer = await getJSON(`/api/runs?${query}`); }
    catch (exc) { showError(`Could not list the runs: ${exc.message}`); return; }
    if (asked !== view.asked) return;
    fillFilters(answer.facets, view.datasets);
    Object.assign(view, { rows: answer.runs, total: answer.total, loads: view.loads + 1 });
    $("runs-empty").hidden = answer.total > 0 || Object.values(filters()).some(Boolean);
    document.querySelector("#runs-table tbody").replaceChildren(...answer.runs.map(rowOf));
    const shown = answer.runs.length ? `${view.offset + 1}–${view.offset + answer.runs.length} of ${answer.total}` : "none";
    $("runs-count").textContent = `Saved runs: ${shown}${Object.values(filters()).some(Boolean) ? " (filtered)" : ""}. `
      + "Click a column's name to sort by it.";
    $("pager").hidden = answer.total <= PAGE;
    $("page-of").textContent = `page ${Math.floor(view.offset / PAGE) + 1} of ${Math.ceil(answer.total / PAGE)}`;
    [$("prev").disabled, $("next").disabled] = [view.offset === 0, view.offset + PAGE >= answer.total];
    for (const th of document.querySelectorAll("th[data-sort]")) {
      th.setAttribute("aria-sort", th.dataset.sort !== view.sort ? "none" : view.descending ? "descending" : "ascending");
    }
    showRunning(answer.running);
    if (answer.running.length) setTimeout(() => watch(answer.running.map((job) => job.id), asked), 1000);
  }

  // While jobs run: their progress once a second (limit=0: no rows), and the table again when one has ended,
  // so a rename or a confirm under way in the table is not swept away by every look.
  async function watch(ids, asked) {
    let answer;
    try { answer = await getJSON("/api/runs?limit=0"); } catch { return; }
    if (asked !== view.asked) return; // the table was listed again since: that listing watches
    showRunning(answer.running);
    const now = answer.running.map((job) => job.id);
    if (ids.some((id) => !now.includes(id))) load();
    else if (now.length) setTimeout(() => watch(now, asked), 1000);
  }

  function wire() {
    for (const th of document.querySelectorAll("th[data-sort]")) {
      th.querySelector("button").addEventListener("click", () => {
        const key = th.dataset.sort;
        view.descending = key === view.sort ? !view.descending : ["created_at", "final_accuracy", "steps"].includes(key);
        Object.assign(view, { sort: key, offset: 0 });
        load();
      });
    }
    $("filters").addEventListener("submit", (e) => e.preventDefault());
    $("filters").addEventListener("input", () => { view.offset = 0; load(); });
    $("prev").addEventListener("click", () => { view.offset = Math.max(0, view.offset - PAGE); load(); });
    $("next").addEventListener("click", () => { view.offset += PAGE; load(); });
    $("smooth").addEventListener("input", redraw);
    $("bulk-delete").addEventListener("click", confirmBulk);
    for (const radio of document.querySelectorAll("input[name=xaxis]")) radio.addEventListener("change", redraw);
    untabPlotToolbars(document.querySelector(".overlay-plots"));
    fitPlotsToBoxes(document.querySelector(".overlay-plots"));
  }

  wire();
  window.gdviz = Object.freeze({ view, selected, get overlay() { return overlay.drawn; } });
  return datasetNames(getJSON).then((found) => { view.datasets = found; return Promise.all([load(), redraw()]); });
}

runsPage().catch((exc) => showError(`Could not start: ${exc.message}`));
