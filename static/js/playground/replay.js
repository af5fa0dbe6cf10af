// Run 1's live changes in the page's link. The server keeps each run's event log (the changes
// that alter the maths, each at the step it took effect: LiveRun.events); the link carries the
// settings the log starts from (the page's state when run 1 last started or was reset) and the
// log as ev=... (state.js's encoding), so a copied link, or a reload, replays the run bit for
// bit. A page opened from such a link starts run 1 with those events: the server applies each
// at its step as the run gets there. The other runs of a race are started from the settings alone.
import { decodeEvents, encodeEvents, liveSettings, toSearch } from "../state.js";

const URL_SAFE = { "%3A": ":", "%3B": ";", "%2C": ",", "%3D": "=" };
// The longest log a link carries, in characters: a longer address is cut by chat apps and refused
// by some servers. Past it the link (and the address) holds the settings only, and Copy link says so
// and offers to save the run, whose link carries everything (a saved run keeps 10,000 changes).
export const LINK_BUDGET = 8000;
const encoded = (events) => encodeURIComponent(encodeEvents(events))
  .replace(/%3A|%3B|%2C|%3D/g, (code) => URL_SAFE[code]);
// The log a link needs: none while every change came before the first step (the settings hold them).
const logOf = (run) => (run && run.events.some((e) => e.step > 0) ? run.events : []);

// The URL key of runner k's log: ev for run 1, ev2, ev3, ev4 for a race's others.
const evKey = (index) => (index === 0 ? "ev" : `ev${index + 1}`);

export class ReplayLink {
  constructor(search = window.location.search) {
    const params = new URLSearchParams(search);
    // the link's events per runner, for each one's first start only
    this.planned = [0, 1, 2, 3].map((k) => (params.get(evKey(k)) ? decodeEvents(params.get(evKey(k))) : null));
    this.origin = null; // the state run 1's log starts from
    this.lastStep = -1; // while run 1 replays the link's events: the step of the last one
  }

  // A run's start config, with the link's events if it is run 1's first start.
  config(spec, index) {
    const events = this.planned[index];
    if (!events) return spec;
    this.planned[index] = null;
    if (index === 0) this.lastStep = events.length ? events[events.length - 1].step : -1;
    return { ...spec, events };
  }

  // While run 1 replays the link's events, the page's settings follow the spec in force (a status's
  // config), as they followed the controls in the run it replays. True when they changed.
  follow(message, state) {
    if (this.lastStep < 0 || !message.config) return false;
    if (message.step > this.lastStep) this.lastStep = -1; // every event is applied: the controls lead again
    const before = JSON.stringify(state);
    Object.assign(state, liveSettings(message.config));
    return JSON.stringify(state) !== before;
  }

  // Run 1 started or was reset: a new log starts from the settings now.
  restarted(state) { this.origin = JSON.parse(JSON.stringify(state)); }

  // The page's address: its settings, or (run 1 changed live) the settings its log starts from and
  // the log; a race's other runners' logs too (ev2, ev3, ev4), so a link replays the whole race.
  search(state, runs) {
    const logs = runs.map((run, k) => [evKey(k), encoded(logOf(run))]).filter(([, log]) => log.length);
    const length = logs.reduce((n, [, log]) => n + log.length, 0);
    if (!logs.length || length > LINK_BUDGET) return toSearch(state);
    const base = toSearch(this.origin || state); // a start's status (its log) comes before its first frame
    return base + logs.map(([key, log], k) => `${base || k ? "&" : "?"}${key}=${log}`).join("");
  }

  // Copy the link, and say what it holds; a log too long for a link: say so, and offerSave().
  async copy(state, runs, say, offerSave) {
    const run = runs[0], n = runs.reduce((k, r) => k + logOf(r).length, 0);
    const length = runs.reduce((k, r) => k + encoded(logOf(r)).length, 0);
    if (length > LINK_BUDGET) {
      say(`This run's ${n.toLocaleString("en")} live changes are too many for a link (they would take `
        + `${length.toLocaleString("en")} characters; a link carries ${LINK_BUDGET.toLocaleString("en")}). `
        + "Save the run instead and share its link, which replays every change: the form is open below.", true);
      offerSave();
      return;
    }
    const search = this.search({ ...state, at: 0, play: false }, runs), step = run && run.last ? run.last.step : 0;
    const where = [...(step > 0 ? [`at=${step}`] : []), ...(run && run.running ? ["play=1"] : [])].join("&");
    const url = window.location.origin + window.location.pathname + search + (where ? (search ? "&" : "?") + where : "");
    const changes = n ? `, and the ${n} live change${n > 1 ? "s" : ""} made during the run, each at its step` : "";
    try {
      await navigator.clipboard.writeText(url);
      const opens = step > 0 ? ` It opens at step ${step}${run.running ? ", playing" : ""}.` : "";
      say(`Link copied: it reproduces this run's configuration, seed included${changes}.${opens}`, false);
    } catch {
      say(`Copy this link${n ? ` (it replays the ${n} live change${n > 1 ? "s" : ""})` : ""}: ${url}`, false);
    }
  }
}
