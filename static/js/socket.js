// One websocket session per run: /ws/train, JSON messages with a "type".

// The server closes sessions with 1012 ("service restart") or 1001 ("going away") when it stops or
// restarts; a connection lost without a close frame (1006: a killed server, a dropped network)
// may come back too. The page then says so, waits until the server answers again and reloads
// itself: its URL holds its state, so it carries on from there (runs are reproducible by seed).
const COMES_BACK = { 1001: "The server is restarting.", 1012: "The server is restarting.",
                     1006: "The connection to the server was lost." };

async function reloadWhenBack(code) {
  const root = document.documentElement; // every run's socket closes: one waits for the server
  if (root.dataset.restarting) return;
  root.dataset.restarting = "yes";
  const note = document.getElementById("banner");
  if (note) Object.assign(note, { className: "banner", hidden: false,
    textContent: `${COMES_BACK[code]} This page will carry on by itself as soon as the server answers again.` });
  for (let attempt = 0; attempt < 120; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    try {
      if ((await fetch("/api/health", { cache: "no-store" })).ok) { window.location.reload(); return; }
    } catch { /* not back yet */ }
  }
  if (note) Object.assign(note, { className: "banner bad", textContent: "The server has not come back. Reload the page to try again." });
}

export class RunSocket {
  constructor(handlers) {
    this.handlers = handlers; // {frame, status, error, close}
    this.queue = [];
    this.closed = false;
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    this.ws = new WebSocket(`${scheme}://${window.location.host}/ws/train`);
    this.ws.addEventListener("open", () => {
      for (const text of this.queue) this.ws.send(text);
      this.queue = [];
    });
    this.ws.addEventListener("message", (event) => {
      let message;
      try { message = JSON.parse(event.data); } catch { return; }
      const handler = this.handlers[message.type];
      if (handler) handler(message);
    });
    this.ws.addEventListener("close", (event) => {
      if (this.closed || document.documentElement.dataset.restarting) return;
      if (COMES_BACK[event.code]) reloadWhenBack(event.code);
      else if (this.handlers.close) this.handlers.close();
    });
  }

  send(message) {
    const text = JSON.stringify(message);
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(text);
    else if (this.ws.readyState === WebSocket.CONNECTING) this.queue.push(text);
  }

  start(config) { this.send({ type: "start", config }); }
  set(changes) { this.send({ type: "set", ...changes }); }
  pause() { this.send({ type: "pause" }); }
  resume() { this.send({ type: "resume" }); }
  step(n) { this.send({ type: "step", n }); }
  reset() { this.send({ type: "reset" }); }
  close() { this.closed = true; this.ws.close(); }
}
