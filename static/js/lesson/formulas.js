// Formulas that can wrap. The server writes "a = …, \quad b = …" as one MathML <math>, and MathML
// never breaks a line, so on a phone the pair ran off the screen. Here each such <math> becomes one
// <math> per equation (split at the \quad spaces of its top row): the .formulas box, a wrapping
// flex row, then puts them side by side where they fit and one under another where they do not.
const MATHML = "http://www.w3.org/1998/Math/MathML";
const BREAKS = new Set(["1em", "2em"]); // \quad and \qquad; a thin space \, never splits

function pieces(math) {
  const only = math.children.length === 1 ? math.firstElementChild : null;
  const row = only && only.localName === "mrow" ? only : math;
  const parts = [[]];
  for (const node of [...row.children]) {
    if (node.localName === "mspace" && BREAKS.has(node.getAttribute("width"))) parts.push([]);
    else parts[parts.length - 1].push(node);
  }
  return parts.filter((nodes) => nodes.length);
}

export function splitFormulas(root = document) {
  for (const math of root.querySelectorAll(".formulas math")) {
    const parts = pieces(math);
    if (parts.length < 2) continue;
    math.replaceWith(...parts.map((nodes) => {
      const one = document.createElementNS(MATHML, "math");
      one.setAttribute("display", math.getAttribute("display") || "block");
      const row = document.createElementNS(MATHML, "mrow");
      row.append(...nodes);
      one.append(row);
      return one;
    }));
  }
}
