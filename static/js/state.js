// The page's whole configuration: one typed property table that reads from and writes
// to the URL, so a copied link reproduces the run (seed included). The choices, defaults and
// ranges of models, losses, optimizers, schedules and their parameters come from the catalogue.
import { choiceProp, limit, names, paramsOf, prop } from "./catalogue.js";

export const UPLOAD = /^u_[0-9a-f]{32}$/;
export const num = (lo, hi) => (v) => Math.min(hi, Math.max(lo, v));

// Catalogue parameters whose URL key is not their name (kept short, and old links still work).
export const URL_KEYS = { learning_rate: "lr" };
const tuned = (kind) => paramsOf(kind).map((p) => prop(p.name, URL_KEYS[p.name] || p.name));

export const PROPS = [
  { key: "dataset", type: "string", def: "blobs", pattern: /^[A-Za-z0-9_]{1,64}$/ },
  { key: "n", type: "int", def: 200, clamp: num(4, limit("max_samples")) },
  { key: "noise", type: "float", def: null, clamp: num(0, 10) },
  { key: "seed", type: "int", def: 0, clamp: num(0, 4294967295) },
  { key: "standardize", type: "bool", def: true },
  { key: "test", type: "float", def: 0.2, clamp: num(0, 0.9) },
  { key: "features", type: "list", def: [] },
  { key: "digit", type: "int", def: 0, clamp: num(0, 9) },
  { key: "prep", type: "json", def: null }, // an upload's preparation recipe (null: the suggestions)
  choiceProp("model", "models", "logistic"),
  ...tuned("models"),
  choiceProp("loss", "losses", "cross_entropy"),
  choiceProp("optimizer", "optimizers", "gd"),
  prop("learning_rate", "lr"),
  ...tuned("optimizers"),
  choiceProp("schedule", "schedules", "constant"),
  ...tuned("schedules"),
  { key: "batch", type: "string", def: "full", choices: ["full", "1", "mini"] },
  { key: "batch_size", type: "int", def: 32, clamp: num(2, 256) },
  { key: "l2", type: "float", def: 0, clamp: num(0, 10) },
  { key: "speed", type: "float", def: 30, clamp: num(1, 1000) },
  { key: "fastest", type: "bool", def: false },
  { key: "max_steps", type: "int", def: limit("max_steps"), clamp: num(1, limit("max_steps")) },
  { key: "surface", type: "string", def: "auto", choices: ["auto", "coordinates", "pca", "random"] },
  { key: "view3d", type: "bool", def: false },
  { key: "logy", type: "bool", def: false },
  { key: "race", type: "list", def: [] }, // "optimizer:learning_rate" per extra runner
];

function parse(prop, text) {
  switch (prop.type) {
    case "int": { const v = Number.parseInt(text, 10); return Number.isFinite(v) ? prop.clamp(v) : undefined; }
    case "float": {
      if (text === "" && prop.def === null) return null;
      const v = Number.parseFloat(text); return Number.isFinite(v) ? prop.clamp(v) : undefined;
    }
    case "bool": return text === "1" || text === "true";
    case "list": return text === "" ? [] : text.split(",").slice(0, 8);
    case "json": {
      if (text === "" || text.length > 20000) return null;
      try { const v = JSON.parse(text); return v && typeof v === "object" && !Array.isArray(v) ? v : undefined; }
      catch { return undefined; }
    }
    default:
      if (prop.choices && !prop.choices.includes(text)) return undefined;
      if (prop.pattern && !prop.pattern.test(text)) return undefined;
      return text;
  }
}

function serialise(prop, value) {
  if (prop.type === "bool") return value ? "1" : "0";
  if (prop.type === "list") return value.join(",");
  if (prop.type === "json") return value === null ? "" : JSON.stringify(value);
  return value === null ? "" : String(value);
}

export function defaults(props = PROPS) {
  return Object.fromEntries(props.map((p) => [p.key, Array.isArray(p.def) ? [...p.def] : p.def]));
}

// Any page's state: a property table like PROPS, read from the address.
export function fromURL(search = window.location.search, props = PROPS) {
  const state = defaults(props);
  const params = new URLSearchParams(search);
  for (const prop of props) {
    if (!params.has(prop.key)) continue;
    const value = parse(prop, params.get(prop.key));
    if (value !== undefined) state[prop.key] = value;
  }
  return state;
}

export function toSearch(state, props = PROPS) {
  const params = new URLSearchParams();
  for (const prop of props) {
    const value = state[prop.key];
    if (JSON.stringify(value) !== JSON.stringify(prop.def)) params.set(prop.key, serialise(prop, value));
  }
  const text = params.toString();
  return text ? "?" + text : "";
}

export function runners(state) {
  // Runner 0 is the main settings; the race list adds up to three more.
  const list = [{ optimizer: state.optimizer, learning_rate: state.lr }];
  for (const item of state.race.slice(0, 3)) {
    const [optimizer, lr] = item.split(":");
    const learning_rate = Number.parseFloat(lr);
    if (names("optimizers").includes(optimizer) && Number.isFinite(learning_rate) && learning_rate > 0) {
      list.push({ optimizer, learning_rate: Math.min(10, Math.max(1e-4, learning_rate)) });
    }
  }
  return list;
}

export function datasetConfig(state) {
  return {
    name: state.dataset, n_samples: state.n, noise: state.noise, seed: state.seed,
    standardize: state.standardize, test_fraction: state.test,
    features: state.features.length ? state.features : null, digit: state.digit,
    ...(UPLOAD.test(state.dataset) && state.prep ? { prepare: state.prep } : {}),
  };
}

export function batchSize(state) {
  return state.batch === "full" ? null : state.batch === "1" ? 1 : state.batch_size;
}

// A kind's request part: its choice's name and every parameter that kind declares.
function withParams(kind, key, name, state) {
  const part = { [key]: name };
  for (const p of paramsOf(kind)) part[p.name] = state[URL_KEYS[p.name] || p.name];
  return part;
}

export const scheduleConfig = (state) => withParams("schedules", "name", state.schedule, state);
export const modelConfig = (state) => withParams("models", "kind", state.model, state);

// The websocket start config for one runner (a POST /api/train body plus pace).
export function startConfig(state, runner, paused) {
  return {
    dataset: datasetConfig(state),
    model: modelConfig(state),
    loss: state.loss,
    optimizer: { ...withParams("optimizers", "name", runner.optimizer, state), learning_rate: runner.learning_rate },
    schedule: scheduleConfig(state),
    batch_size: batchSize(state),
    l2: state.l2,
    max_steps: state.max_steps,
    tol_grad: 0,
    seed: state.seed,
    speed: state.fastest ? null : state.speed,
    paused,
  };
}
