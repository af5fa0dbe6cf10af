// One websocket session per run: /ws/train, JSON messages with a "type".

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
    this.ws.addEventListener("close", () => {
      if (!this.closed && this.handlers.close) this.handlers.close();
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
