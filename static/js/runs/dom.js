// The runs page's element makers: an element with its properties and children, and a button.
export const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

// A button (type=button) saying `text`, with its aria-label if `label` is given.
export function button(text, onclick, { label, ...props } = {}) {
  const node = el("button", { type: "button", textContent: text, onclick, ...props });
  if (label) node.setAttribute("aria-label", label);
  return node;
}
