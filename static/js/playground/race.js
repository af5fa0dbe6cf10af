// The race: runner 0 trains with the main settings; state.race lists up to three more runners as
// "optimizer:learning_rate[:key=value...]", each a run of its own from the same seed, with what it
// does differently (a loss, a batch, a model, the scaling: state.js OVERRIDES) shown beside it.
import { names } from "../catalogue.js";
import { raceItem, runners } from "../state.js";
import { COLORS } from "../plots.js";
import { $, fmt } from "../kit.js";
import { ownWords } from "./readout.js";

export const MAX_RUNNERS = 4;
const LR_RANGE = [1e-4, 10];

// A runner to add: the first optimizer not in the race yet (Adam first), at a rate that suits it.
export function addRunner(state) {
  if (runners(state).length >= MAX_RUNNERS) return false;
  const used = new Set(runners(state).map((r) => r.optimizer));
  const next = ["adam", ...names("optimizers")].find((o) => !used.has(o)) || "adam";
  state.race.push(`${next}:${next === "adam" || next === "rmsprop" ? 0.05 : state.lr}`);
  return true;
}

function mainRunner(runner) {
  const text = document.createElement("span");
  const swatch = document.createElement("span");
  swatch.className = "swatch";
  swatch.style.background = COLORS[0];
  text.append(swatch, `${runner.optimizer}, lr ${fmt(runner.learning_rate, 3)} (main settings)`);
  return [text];
}

function extraRunner(state, runner, i, onChange) {
  const select = document.createElement("select");
  select.id = `race-opt-${i}`;
  select.setAttribute("aria-label", `Runner ${i + 1} optimizer`);
  for (const name of names("optimizers")) select.append(new Option(name, name, false, name === runner.optimizer));
  select.style.borderLeft = `6px solid ${COLORS[i]}`;
  const lr = document.createElement("input");
  Object.assign(lr, { type: "number", min: String(LR_RANGE[0]), max: String(LR_RANGE[1]), step: "any",
                      value: runner.learning_rate, id: `race-lr-${i}` });
  lr.setAttribute("aria-label", `Runner ${i + 1} learning rate`);
  const remove = document.createElement("button");
  remove.type = "button";
  remove.textContent = "✕";
  remove.setAttribute("aria-label", `Remove runner ${i + 1}`);
  const update = () => {
    const value = Number.parseFloat(lr.value);
    if (!(value > 0)) return;
    state.race[i - 1] = raceItem({ ...runner, optimizer: select.value,
                                   learning_rate: Math.min(LR_RANGE[1], Math.max(LR_RANGE[0], value)) });
    onChange();
  };
  select.addEventListener("change", update);
  lr.addEventListener("change", update);
  remove.addEventListener("click", () => { state.race.splice(i - 1, 1); onChange(); });
  const parts = [select, lr, remove];
  const own = ownWords(runner);
  if (own) { // what this runner does differently, as its row says it
    const note = document.createElement("span");
    note.className = "hint own";
    note.textContent = `its own: ${own}`;
    parts.push(note);
  }
  return parts;
}

// The race list as the state says; onChange() after the user changed it (the runs start again).
export function renderRaceList(state, onChange) {
  const list = $("race-list");
  list.replaceChildren();
  const all = runners(state);
  all.forEach((runner, i) => {
    const li = document.createElement("li");
    const row = document.createElement("div");
    row.className = "runner";
    row.append(...(i === 0 ? mainRunner(runner) : extraRunner(state, runner, i, onChange)));
    li.append(row);
    list.append(li);
  });
  $("race-add").disabled = all.length >= MAX_RUNNERS;
}
