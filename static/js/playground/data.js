// The data sets the playground offers: the built-in ones and this server's uploads.
import { $, postJSON, problemText, send } from "../kit.js";
import { entry } from "../catalogue.js";

const UPLOAD_NAME = /^u_[0-9a-f]{32}$/;
const kindOf = (info) => (info.task === "regression" ? "regression" : `${info.n_classes} classes`);

export class DataSets {
  constructor() { this.byName = {}; } // name -> GET /api/datasets entry

  info(name) { return this.byName[name] || {}; }

  // The list (your uploads among them), plus the URL's upload if it is yours. Returns a warning or null.
  async load(state) {
    const list = await (await fetch("/api/datasets")).json();
    this.byName = Object.fromEntries(list.map((d) => [d.name, d]));
    let warning = null;
    if (!this.byName[state.dataset] && UPLOAD_NAME.test(state.dataset)) {
      const response = await fetch(`/api/datasets/${state.dataset}`);
      if (response.ok) { const info = await response.json(); this.byName[info.name] = info; }
      else warning = "This link's uploaded data set is not one of yours (an upload can be used only by the " +
        "person who uploaded it, in their browser), or it was deleted. Using blobs instead.";
    }
    if (!this.byName[state.dataset]) state.dataset = "blobs";
    this.fill(state.dataset);
    return warning;
  }

  fill(chosen) {
    const select = $("dataset");
    select.replaceChildren();
    for (const info of Object.values(this.byName)) {
      const label = info.kind === "upload"
        ? `${info.file_name || "upload"}: ${info.n_samples.toLocaleString("en")} rows, ${kindOf(info)}`
        : (entry("datasets", info.name) || { label: info.name }).label; // as the server rendered it
      const option = new Option(label, info.name);
      option.title = info.description;
      select.append(option);
    }
    select.value = chosen;
  }

  // POST a file as a form (as curl -F does); returns the upload's answer (its column report,
  // first rows and default preparation) or throws an Error saying what was wrong.
  async upload(file, chosen) {
    const form = new FormData();
    form.append("file", file);
    const response = await send("/api/datasets", { method: "POST", body: form });
    const payload = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(problemText(payload, response.status));
    this.byName[payload.name] = payload;
    this.fill(chosen);
    return payload;
  }

  // An upload's whole answer (GET /api/datasets/{name}).
  async describe(name) {
    const response = await fetch(`/api/datasets/${name}`);
    const payload = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(problemText(payload, response.status));
    return payload;
  }

  // What a recipe makes of an upload (POST /api/datasets/{name}/prepare's answer), remembered as
  // the upload's shape, classes and task: the menus then fit the model to it.
  remember(name, made) {
    this.byName[name] = { ...this.info(name), n_samples: made.n_rows, n_features: made.n_features,
                          n_classes: made.n_classes, feature_names: made.feature_names,
                          class_names: made.class_names, task: made.task };
  }

  // A link's upload with its recipe: asked what the recipe makes (its label may not be the default's).
  async applyRecipe(name, recipe) {
    this.remember(name, await postJSON(`/api/datasets/${name}/prepare`, recipe));
  }

  forget(name, chosen) {
    delete this.byName[name];
    this.fill(chosen);
  }

  // The noise a synthetic data set is made with when the user has not chosen one.
  defaultNoise(name) {
    const p = this.info(name).parameters;
    return p && typeof p.noise === "number" ? p.noise : 0;
  }
}
