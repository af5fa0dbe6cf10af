// The lesson-page base: what every lesson's script (app/lessons/<folder>/page.js) is built on,
// shared with the playground's pieces: the URL state (state.js, through kit.urlState), the banner,
// live runs (live.js), the redraw scheduler (scheduler.js) and the run controls (kit.js).
//
// A lesson is a LessonPage and a few views. A view is a class that owns its elements and its state:
// it draws what it is given and publishes what it drew, by name, for the facade below. A view never
// reaches into another; the page's script wires them (a control's event -> a request -> a view).
//
// The facade, window.gdviz: how the browser tests, bench/browser.py and a curious user read a lesson
// (documented in docs/developers/testing.md; tests/lessons/facade.py reads it). Nothing else.
//   state   the page's settings, as its URL holds them
//   runs    its live runs (LiveRun: state, last, history, config, events), [] if it has none
//   facts   what each view last drew, by name: plain data (numbers, rows, verdicts), never elements
//   drawn   how many times the views have published: it grows with every redraw
//   ready   true once the page has drawn what it shows at first
import { $, banner, clearBanner, lessonRun, postJSON, getJSON, urlState, wireRunControls } from "./kit.js";
import { splitFormulas } from "./lesson/formulas.js";
import { RedrawScheduler } from "./scheduler.js";
import { plotly } from "./vendor.js";

export class LessonPage {
  // props: the page's URL-state properties (state.js's table); ready: how many first draws make the
  // page ready (each view's first publish counts once), or 0 for "when plotly.js has loaded".
  constructor({ props = [], ready = 0 } = {}) {
    const { state, save } = urlState(props);
    this.state = state;
    this.save = save;
    this.runs = [];
    this.facts = {};
    this.firstDraws = new Set();
    this.wanted = ready;
    this.facade = { state, runs: this.runs, facts: this.facts, drawn: 0, ready: false };
    window.gdviz = this.facade;
    splitFormulas();
    if (!ready) plotly.then(() => { this.facade.ready = true; });
  }

  // A view says what it drew (plain data): the facade's facts[name], and the page ready once enough
  // views have drawn a first time.
  publish(name, value) {
    this.facts[name] = value;
    this.facade.drawn += 1;
    this.firstDraws.add(name);
    if (this.wanted && this.firstDraws.size >= this.wanted) this.facade.ready = true;
  }

  // The server's answer to a GET (no body) or a POST, or null after its words went to the banner.
  async request(url, body) {
    try {
      const answer = await (body === undefined ? getJSON(url) : postJSON(url, body));
      this.clear();
      return answer;
    } catch (exc) {
      this.banner(exc.message);
      return null;
    }
  }

  banner(text) { banner(text, true); } // kit.js's, as the playground's

  clear() { clearBanner(true); }

  // A live run whose errors go to the banner, listed in the facade's runs (a window of its newest
  // 5,000 steps: kit.lessonRun).
  liveRun(label, handlers = {}) {
    const run = lessonRun(label, handlers);
    this.runs.push(run);
    return run;
  }

  forget(run) { // a run the page closed
    const at = this.runs.indexOf(run);
    if (at >= 0) this.runs.splice(at, 1);
  }

  // The shared run controls (play, step, reset, learning rate, speed) for the page's runs.
  runControls() { return wireRunControls(() => this.runs, this.state, this.save); }

  // Redraw jobs taking turns, at most one a frame (the playground's scheduler), once plotly.js is in.
  schedule(jobs, afterEach = () => {}) {
    const scheduler = new RedrawScheduler(jobs);
    plotly.then(() => scheduler.start(afterEach));
    return scheduler;
  }

  // A control bound to a state key: shown from the state, written back to it (and the URL) on input,
  // then changed(key). read/show turn the control's value into the state's and the state's into words.
  bind(id, key, changed, { read = Number, write = (v) => v, show = String, event = "input" } = {}) {
    const el = $(id), out = $(`${id}-out`);
    const render = () => {
      if (el.type === "checkbox") el.checked = Boolean(this.state[key]); else el.value = write(this.state[key]);
      if (out) out.textContent = show(this.state[key]);
    };
    el.addEventListener(event, () => {
      this.state[key] = el.type === "checkbox" ? el.checked : read(el.value);
      render();
      this.save();
      changed(key);
    });
    render();
    return render;
  }
}

// plotly.js, for a script that draws only once it has loaded (it loads after the first paint).
export const plotted = plotly;
