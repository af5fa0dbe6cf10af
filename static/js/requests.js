// The pages' requests to the server: the CSRF token on every change, errors in the server's words
// for a learner, and a quiet wait-and-retry when the server says it is busy (503 with Retry-After).

// What a page shows of an error answer: past a limit, `message` (the server's words for a learner,
// without the setting's name that `detail` gives the API's users); else `detail`.
export function problemText(payload, status) {
  if (payload && typeof payload.message === "string") return payload.message;
  const detail = payload && payload.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) return detail.map((d) => `${(d.loc || []).join(".")}: ${d.msg}`).join("\n");
  return `the server answered ${status}`;
}

export async function readJSON(response) {
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(problemText(payload, response.status));
  return payload;
}

// The page's CSRF token (the gdviz_csrf cookie, which only this server's pages can read): every request
// that changes something sends it back as X-CSRF-Token, so the identity cookie is never enough alone.
export function csrfHeaders() {
  const found = document.cookie.split("; ").find((c) => c.startsWith("gdviz_csrf="));
  return found ? { "x-csrf-token": decodeURIComponent(found.slice("gdviz_csrf=".length)) } : {};
}

const TRIES = 8; // a busy answer is retried this many times (about half a minute) before it is shown
const busyNote = (seconds) => `The server is busy with many people's work right now. Yours is waiting its ` +
  `turn and will be sent again in ${seconds} s: there is nothing you need to do.`;
export const busy = { waits: 0 }; // how many times this page waited for a busy server (tests read it)

function note(text) { // the banner as news, never as an error; cleared only if it is still ours
  const el = document.getElementById("banner");
  if (!el) return;
  if (text) Object.assign(el, { textContent: text, className: "banner", hidden: false });
  else if (el.textContent.startsWith("The server is busy")) el.hidden = true;
}

// fetch() with the CSRF token on every request that changes something. A 503 with Retry-After
// (the fair queue is full) is waited out quietly and sent again, up to TRIES times.
export async function send(url, options = {}) {
  const changes = !["GET", "HEAD", undefined].includes(options.method);
  const asked = { ...options, headers: { ...(options.headers || {}), ...(changes ? csrfHeaders() : {}) } };
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(url, asked);
    const wait = Number(response.headers.get("retry-after"));
    if (response.status !== 503 || !wait || attempt >= TRIES || options.body instanceof ReadableStream) {
      if (attempt > 1) note(null);
      return response;
    }
    busy.waits += 1;
    note(busyNote(wait));
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 10) * 1000));
  }
}

export const getJSON = async (url) => readJSON(await send(url));
// A request with a JSON body (or none); the answer's JSON ({} for none), or the server's words as an Error.
export const sendJSON = async (method, url, body) => readJSON(await send(url, {
  method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }));
export const postJSON = (url, body) => sendJSON("POST", url, body);
