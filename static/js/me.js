// The page "You" (templates/me.html) and a transfer link's page (templates/claim.html): your name, a
// one-time link for another browser, your personal access tokens; or taking a link's identity here.
// Every request goes through requests.js (its CSRF token included); kit.js is the playground's and
// the lessons' (it reads their catalogue). Text only: textContent, never markup.
import { getJSON, sendJSON } from "./requests.js";

const $ = (id) => document.getElementById(id);
const banner = (text) => Object.assign($("banner"), { textContent: text, className: "banner bad", hidden: false });
const clearBanner = () => { $("banner").hidden = true; };

const when = (seconds) => new Date(seconds * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
const day = (iso) => (iso ? new Date(iso).toLocaleString() : "never");
const who = (me) => me.name || `an unnamed identity (${me.id}…)`;

async function attempt(work) {
  try { clearBanner(); await work(); } catch (exc) { banner(exc.message); }
}

class Tokens {
  constructor() { this.body = $("tokens").querySelector("tbody"); }

  async load() { this.show(await getJSON("/api/me/tokens")); }

  show(tokens) {
    this.body.replaceChildren();
    $("tokens-empty").hidden = tokens.length > 0;
    for (const token of tokens) {
      const row = this.body.insertRow();
      for (const text of [token.name, `${token.prefix}…`, day(token.created_at), day(token.last_used_at)]) {
        row.insertCell().textContent = text;
      }
      const revoke = document.createElement("button");
      revoke.type = "button";
      revoke.textContent = "Revoke";
      revoke.setAttribute("aria-label", `Revoke the token “${token.name}”`);
      revoke.addEventListener("click", () => attempt(async () => {
        await sendJSON("DELETE", `/api/me/tokens/${token.id}`);
        $("token-new").hidden = true;
        await this.load();
      }));
      row.insertCell().append(revoke);
    }
  }

  async make(name) {
    const made = await sendJSON("POST", "/api/me/tokens", { name });
    $("token-secret").textContent = made.token;
    $("token-new").hidden = false;
    await this.load();
  }
}

async function mePage() {
  const showMe = (me) => {
    $("me-who").textContent = who(me);
    $("me-how").textContent = me.via === "token" ? "(through a token)" : "(this browser)";
    $("me-name").value = me.name || "";
  };
  const tokens = new Tokens();
  await attempt(async () => { showMe(await getJSON("/api/me")); await tokens.load(); });
  $("name-form").addEventListener("submit", (e) => {
    e.preventDefault();
    attempt(async () => showMe(await sendJSON("PATCH", "/api/me", { name: $("me-name").value })));
  });
  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    attempt(async () => { await tokens.make($("token-name").value); $("token-name").value = ""; });
  });
  $("transfer-make").addEventListener("click", () => attempt(async () => {
    const link = await sendJSON("POST", "/api/me/transfer");
    $("transfer-url").value = new URL(link.url, window.location.origin).href;
    $("transfer-until").textContent = `works once, until ${when(link.expires)}`;
    $("transfer-box").hidden = false;
    $("transfer-url").select();
  }));
}

function claimPage() {
  const button = $("claim");
  button.addEventListener("click", () => attempt(async () => {
    const me = await sendJSON("POST", "/api/me/claim", { code: button.dataset.code });
    $("claimed-who").textContent = who(me);
    $("claimed").hidden = false;
    button.hidden = true;
  }));
}

if ($("claim")) claimPage();
else mePage();
