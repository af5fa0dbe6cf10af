// The data sets the playground offers: the built-in ones and this server's uploads.
import { $, problemText } from "../kit.js";

const UPLOAD_NAME = /^u_[0-9a-f]{32}$/;

export class DataSets {
  constructor() { this.byName = {}; } // name -> GET /api/datasets entry

  info(name) { return this.byName[name] || {}; }

  // The list, plus the URL's upload when this server still has it. Returns a warning or null.
  async load(state) {
    const list = await (await fetch("/api/datasets")).json();
    this.byName = Object.fromEntries(list.map((d) => [d.name, d]));
    let warning = null;
    if (!this.byName[state.dataset] && UPLOAD_NAME.test(state.dataset)) {
      const response = await fetch(`/api/datasets/${state.dataset}`);
      if (response.ok) { const info = await response.json(); this.byName[info.name] = info; }
      else warning = `The uploaded data set ${state.dataset} is not on this server; using blobs.`;
    }
    if (!this.byName[state.dataset]) state.dataset = "blobs";
    this.fill(state.dataset);
    return warning;
  }

  fill(chosen) {
    const select = $("dataset");
    select.replaceChildren();
    for (const info of Object.values(this.byName)) {
      const label = info.kind === "upload" ? `upload: ${info.feature_names.length} features, ${info.n_samples} rows`
        : `${info.name.replace(/_/g, " ")} (${info.n_classes} classes)`;
      const option = new Option(label, info.name);
      option.title = info.description;
      select.append(option);
    }
    select.value = chosen;
  }

  // POST a CSV file; returns the new data set's entry or throws an Error saying what was wrong.
  async upload(file, labelColumn) {
    const query = labelColumn ? `?label_column=${encodeURIComponent(labelColumn)}` : "";
    const response = await fetch(`/api/datasets${query}`, { method: "POST", body: file,
                                                             headers: { "content-type": "text/csv" } });
    const payload = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(problemText(payload, response.status));
    this.byName[payload.name] = payload;
    this.fill(payload.name);
    return payload;
  }

  // The noise a synthetic data set is made with when the user has not chosen one.
  defaultNoise(name) {
    const p = this.info(name).parameters;
    return p && typeof p.noise === "number" ? p.noise : 0;
  }
}
