// Starts Swagger UI on /docs without an inline script (the pages' CSP allows none).
// deepLinking is off: with it, each operation's path is a link inside the button that opens the
// operation (axe: nested-interactive, a control a screen reader cannot reach).
window.addEventListener("load", () => {
  window.ui = window.SwaggerUIBundle({
    url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: false, showExtensions: true,
    syntaxHighlight: false, // its colours on dark grey fell below 4.5:1; plain text reads at 10:1 or more
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // "Try it out" is this browser, its identity cookie included: it sends the page's CSRF token back, as
    // every page does (kit.js csrfHeaders); a token set under "Authorize" goes as Authorization instead
    requestInterceptor: (request) => {
      const found = document.cookie.split("; ").find((c) => c.startsWith("gdviz_csrf="));
      if (found) request.headers["x-csrf-token"] = decodeURIComponent(found.slice("gdviz_csrf=".length));
      return request;
    },
  });
});

// An operation's code examples scroll: each takes the focus, so a keyboard can scroll it too
// (axe: scrollable-region-focusable). Swagger UI draws them when an operation opens.
window.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("swagger-ui");
  new MutationObserver(() => {
    for (const pre of root.querySelectorAll(".opblock-body pre:not([tabindex])")) pre.tabIndex = 0;
    // Swagger UI heads each tag with an <h3> and the schemas with an <h4> under the page's <h1>:
    // for a screen reader they are sections of the page, level 2 (axe: heading-order)
    for (const heading of root.querySelectorAll("h3.opblock-tag:not([aria-level]), section.models > h4:not([aria-level])")) {
      heading.setAttribute("aria-level", "2");
    }
    for (const heading of root.querySelectorAll(".opblock h4:not([aria-level])")) heading.setAttribute("aria-level", "3");
    // each operation's responses table is a region: named after its operation, so the 25 differ (axe:
    // landmark-unique)
    for (const table of root.querySelectorAll("table.responses-table[role=region]:not([aria-label])")) {
      const path = table.closest(".opblock")?.querySelector(".opblock-summary-path")?.textContent || table.id;
      const method = table.closest(".opblock")?.querySelector(".opblock-summary-method")?.textContent || "";
      table.setAttribute("aria-label", `Responses of ${method} ${path}`.replace(/\s+/g, " ").trim());
    }
    // a parameter's menu of values (an enum, true/false) is named after its parameter (axe: select-name)
    for (const select of root.querySelectorAll("tr[data-param-name] select:not([aria-label])")) {
      select.setAttribute("aria-label", select.closest("tr").dataset.paramName);
    }
  }).observe(root, { childList: true, subtree: true });
});

// The skip link moves the focus itself: Swagger UI takes over in-page (#) links, and the browser's
// own jump then left the focus on the link.
document.querySelector(".skip-link").addEventListener("click", (event) => {
  event.preventDefault();
  const main = document.getElementById("content");
  main.focus();
  main.scrollIntoView();
});
