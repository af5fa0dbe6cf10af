// The jobs training now (#running-box, above the table): each with its step, a progress bar, its
// last loss and a Stop button. Hidden while no job runs.
import { $, fmt } from "../kit.js";
import { button, el } from "./dom.js";

export class RunningJobs {
  // stop(job): the page stops the job (nothing of it is saved) and lists the runs again.
  constructor({ stop }) {
    Object.assign(this, { stop, jobs: [], box: $("running-box"), list: $("running") });
  }

  // Show these jobs ([{id, name, step, max_steps, loss}], as GET /api/runs lists them under `running`).
  show(jobs) {
    this.jobs = jobs;
    this.box.hidden = jobs.length === 0;
    this.list.replaceChildren(...jobs.map((job) => this.itemOf(job)));
  }

  itemOf(job) {
    const name = job.name || job.id;
    const bar = el("progress", { max: job.max_steps, value: job.step });
    bar.setAttribute("aria-label", `${name}: step ${job.step} of ${job.max_steps}`);
    const stop = button("Stop", () => this.stop(job), { label: `Stop ${name}`, title: "Stop the job: nothing of it is saved" });
    const where = job.state === "queued" ? " waiting for its turn " : ` step ${job.step} of ${job.max_steps} `;
    return el("li", {}, el("strong", { textContent: name }), where,
              bar, job.loss === null ? "" : ` loss ${fmt(job.loss, 5)} `, stop);
  }
}
