// Scenarios: one click sets up a situation that teaches at once, with a sentence or two on what
// to watch. Declared once, on the server (app/engine/scenarios.py, where tests check each sentence
// against its runs), and read from the page's catalogue. A scenario is page state like any other
// (it lives in the URL): the main settings, the racers (each with what it does differently), and a
// start θ where the lesson needs one.
import { defaults } from "../state.js";
import { scenarios } from "../catalogue.js";

export const SCENARIOS = scenarios();

export const scenario = (name) => SCENARIOS.find((s) => s.name === name) || null;

// The page's state as the scenario sets it: everything else back to its default, except how the
// user likes to look at it (3-D, the log axis, the surface's directions).
export function applyScenario(state, name) {
  const chosen = scenario(name);
  if (!chosen) return false;
  const keep = { view3d: state.view3d, logy: state.logy, surface: state.surface };
  Object.assign(state, defaults(), keep, chosen.settings, { race: [...(chosen.race || [])], scenario: name });
  return true;
}
