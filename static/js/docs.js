// Starts Swagger UI on /docs without an inline script (the pages' CSP allows none).
// deepLinking is off: with it, each operation's path is a link inside the button that opens the
// operation (axe: nested-interactive, a control a screen reader cannot reach).
window.addEventListener("load", () => {
  window.ui = window.SwaggerUIBundle({
    url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: false, showExtensions: true,
    syntaxHighlight: false, // its colours on dark grey fell below 4.5:1; plain text reads at 10:1 or more
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});

// An operation's code examples scroll: each takes the focus, so a keyboard can scroll it too
// (axe: scrollable-region-focusable). Swagger UI draws them when an operation opens.
window.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("swagger-ui");
  new MutationObserver(() => {
    for (const pre of root.querySelectorAll(".opblock-body pre:not([tabindex])")) pre.tabIndex = 0;
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
