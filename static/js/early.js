// Presses made before the page's modules are ready: Play, Step 1, Step 10 and Reset, and their keys
// (Space, S, R), kept in order and carried out as soon as the runs exist (kit.js wirePlayControls
// takes them over). A classic script in the page's head, so it listens from the first paint; Play
// shows at once what it will do.
(() => {
  const early = [];
  window.gdvizEarly = early;
  const buttons = { play: "toggle", step1: "step", step10: "step10", reset: "reset" };
  const keys = { " ": "toggle", s: "step", S: "step", r: "reset", R: "reset" };
  const typing = (t) => t.isContentEditable || t.tagName === "TEXTAREA"
    || (t.tagName === "INPUT" && !["range", "checkbox", "radio", "button"].includes(t.type));
  const take = (action, event) => {
    if (early.taken) return; // the page's own handlers have it from here
    event.preventDefault();
    early.push(action);
    const play = document.getElementById("play");
    if (action === "toggle" && play) play.textContent = play.textContent === "Play" ? "Pause" : "Play";
  };
  document.addEventListener("click", (e) => {
    const button = e.target.closest && e.target.closest("button");
    if (button && buttons[button.id]) take(buttons[button.id], e);
  });
  document.addEventListener("keydown", (e) => {
    if (keys[e.key] && !typing(e.target) && !e.ctrlKey && !e.metaKey && !e.altKey) take(keys[e.key], e);
  });
})();
