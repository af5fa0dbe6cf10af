// Bringing your own data: a file chosen or dropped is uploaded and shown in the preparation
// panel; "Train on this" makes the upload and its recipe the runs' data (and the URL's).
import { $, send } from "../kit.js";
import { PrepPanel } from "./prep.js";

export class UploadFlow {
  // state: the page's; data: DataSets; restart() starts the runs again; show() redraws the
  // controls; onError(text) shows a failure.
  constructor({ state, data, restart, show, onError }) {
    Object.assign(this, { state, data, restart, show, onError });
    this.prep = new PrepPanel({ onApply: (name, recipe, made) => this.useUpload(name, recipe, made),
                                onDelete: (name) => this.deleteUpload(name) });
  }

  // A file chosen or dropped: uploaded, then shown in the preparation panel.
  async upload(file) {
    const error = $("upload-error");
    error.hidden = true;
    if (!file) return;
    try {
      this.prep.open(await this.data.upload(file, this.state.dataset));
    } catch (exc) {
      error.textContent = `Upload of ${file.name} failed: ${exc.message}`;
      error.hidden = false;
    }
  }

  async openPrep() {
    try {
      this.prep.open(await this.data.describe(this.state.dataset), this.state.prep);
    } catch (exc) {
      this.onError(exc.message);
    }
  }

  // "Train on this": the upload and its recipe become the runs' data (and the URL's).
  useUpload(name, recipe, made) {
    Object.assign(this.state, { dataset: name, prep: recipe, features: [], noise: null });
    this.data.remember(name, made);
    this.data.fill(name);
    this.restart(); // which fits the model and loss to the task
  }

  // Delete an upload. Runs on it leave it first (blobs), so their views ask nothing more of it
  // and drop answers still on the way; then it is deleted and leaves the list.
  async deleteUpload(name) {
    if (this.state.dataset === name) {
      Object.assign(this.state, { dataset: "blobs", prep: null });
      this.restart();
    }
    const response = await send(`/api/datasets/${name}`, { method: "DELETE" });
    if (!response.ok && response.status !== 404) {
      this.onError(`Deleting the upload failed (HTTP ${response.status}); try again`);
      return;
    }
    this.data.forget(name, this.state.dataset);
    this.show();
  }

  wire() {
    const zone = $("drop-zone");
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (e) => {
      e.preventDefault();
      zone.classList.remove("over");
      this.upload(e.dataTransfer.files[0]);
    });
    $("upload").addEventListener("change", async (e) => { await this.upload(e.target.files[0]); e.target.value = ""; });
    $("prep-open").addEventListener("click", () => this.openPrep());
  }
}
