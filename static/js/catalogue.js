// The catalogue (GET /api/catalogue), as the server embedded it in the page: the one source of
// the menus' choices and the parameters' defaults and ranges. Read-only; no module state but it.

const CATALOGUE = JSON.parse(document.getElementById("catalogue").textContent);

// The names of one kind's choices: names("optimizers") -> ["gd", "momentum", ...].
export const names = (kind) => CATALOGUE[kind].map((entry) => entry.name);

// One kind's choice by name: entry("optimizers", "adam") -> {name, label, description, params}.
export const entry = (kind, name) => CATALOGUE[kind].find((e) => e.name === name);

// The playground's scenarios (app/engine/scenarios.py): {name, title, text, settings, race}.
export const scenarios = () => CATALOGUE.scenarios;

// A parameter by name: its label, default, kind, range, scale, slider range.
export const param = (name) => CATALOGUE.params[name];

// The choices of a kind whose parameters include ``name``: which rows to show for which choice.
export const usedBy = (kind, name) => CATALOGUE[kind].filter((e) => e.params.includes(name)).map((e) => e.name);

// Every parameter one kind's choices declare, each once.
export const paramsOf = (kind) => [...new Set(CATALOGUE[kind].flatMap((e) => e.params))].map(param);

// One of the running server's limits (max_samples, max_steps, ...): the page's ranges stop there.
export const limit = (name) => CATALOGUE.limits[name];

// The output layer a model has on a data set (GET /api/datasets' entry): identity for a regression,
// softmax for softmax regression or more than two classes, sigmoid otherwise.
export function outputOf(model, info) {
  if (info.task === "regression") return "identity";
  return model === "softmax" || info.n_classes > 2 ? "softmax" : "sigmoid";
}

// What goes with what, as the catalogue's belongs_to says: the models that do the data's task and
// the losses that fit the model's output. {models: [...], losses: [...]}
export function fitting(model, info) {
  const task = info.task || "classification", output = outputOf(model, info);
  return { models: CATALOGUE.models.filter((e) => e.belongs_to.includes(task)).map((e) => e.name),
           losses: CATALOGUE.losses.filter((e) => e.belongs_to.includes(output)).map((e) => e.name) };
}

// A URL-state property (state.js) for a catalogue parameter, clamped to the slider's range.
export function prop(name, key = name) {
  const p = param(name);
  if (p.kind === "choice") return { key, type: "string", def: p.default, choices: p.choices };
  if (p.kind === "bool") return { key, type: "bool", def: p.default };
  const [lo, hi] = p.slider;
  return { key, type: p.kind === "int" ? "int" : "float", def: p.default,
           clamp: (v) => Math.min(hi, Math.max(lo, v)) };
}

// A URL-state property choosing one of a kind's names.
export const choiceProp = (key, kind, def) => ({ key, type: "string", def, choices: names(kind) });
