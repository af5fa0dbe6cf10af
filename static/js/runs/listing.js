// The runs as the server lists them (GET /api/runs): the table's page with the filters in force,
// and, while jobs run, their progress once a second (GET /api/runs?limit=0: no rows), the table
// listed again when one has ended, so a rename or a confirm under way in the table is not swept
// away by every look. Answers to older requests are dropped.
import { getJSON, showError } from "../kit.js";

export class Listing {
  // query(): the GET /api/runs query to send; listed(answer): draw the answer ({runs, total, running,
  // facets}); progress(jobs): draw the running jobs again.
  constructor({ query, listed, progress }) {
    Object.assign(this, { query, listed, progress });
    this.asked = 0; // requests sent
    this.loads = 0; // answers drawn
  }

  async load() {
    const asked = ++this.asked;
    let answer;
    try { answer = await getJSON(`/api/runs?${this.query()}`); }
    catch (exc) { showError(`Could not list the runs: ${exc.message}`); return; }
    if (asked !== this.asked) return;
    this.loads += 1;
    this.listed(answer);
    if (answer.running.length) setTimeout(() => this.watch(answer.running.map((job) => job.id), asked), 1000);
  }

  async watch(ids, asked) {
    let answer;
    try { answer = await getJSON("/api/runs?limit=0"); } catch { return; }
    if (asked !== this.asked) return; // the table was listed again since: that listing watches
    this.progress(answer.running);
    const now = answer.running.map((job) => job.id);
    if (ids.some((id) => !now.includes(id))) this.load();
    else if (now.length) setTimeout(() => this.watch(now, asked), 1000);
  }
}
