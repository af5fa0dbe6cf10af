"""What a person sees, measured: element boxes, sideways scroll, plot collisions, and axe-core.

Every check returns a list of problems in words (empty when all is well), so a failing test
says which element broke which rule.
"""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python

AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
SIZES = {"desktop": DESKTOP, "phone": PHONE}


def sideways_scroll(page) -> list[str]:
    """The page scrolls sideways when its content is wider than the viewport."""
    width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width <= viewport:
        return []
    wide = page.evaluate("""() => {
        const clipped = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
            if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true; } return false; };
        return [...document.querySelectorAll('body *')]
          .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1 && el.offsetParent !== null)
          .filter(el => !clipped(el))
          .slice(0, 5).map(el => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`); }""")
    return [f"the page is {width}px wide in a {viewport}px viewport; widest: {wide}"]


def box(page, selector: str) -> dict | None:
    """The element's box in viewport coordinates, or None when it is absent or not shown."""
    return page.evaluate("""sel => { const el = document.querySelector(sel);
        if (!el || !el.getClientRects().length) return null;
        const r = el.getBoundingClientRect(); return {x: r.x, y: r.y, width: r.width, height: r.height}; }""",
                         selector)


def outside_first_screen(page, selectors: list[str]) -> list[str]:
    """Each selector's element must lie wholly inside the viewport, with the page scrolled to the top."""
    page.evaluate("window.scrollTo(0, 0)")
    width, height = page.evaluate("[window.innerWidth, window.innerHeight]")
    problems = []
    for selector in selectors:
        b = box(page, selector)
        if b is None:
            problems.append(f"{selector} is not shown")
        elif b["width"] < 1 or b["height"] < 1:
            problems.append(f"{selector} has no size: {b}")
        elif (b["x"] < -0.5 or b["y"] < -0.5 or b["x"] + b["width"] > width + 0.5
              or b["y"] + b["height"] > height + 0.5):
            problems.append(f"{selector} is not within the first {width}x{height} screen: {b}")
    return problems


# Per drawn Plotly figure: its title, legend and axis titles must not meet each other or the tick
# labels, and must stay inside the figure (a clipped label is a collision with the edge).
_PLOT_COLLISIONS = """() => {
  const rect = (el) => { const r = el.getBoundingClientRect(); return r.width && r.height ? r : null; };
  const meet = (a, b) => a && b && a.left < b.right - 1 && b.left < a.right - 1
    && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const problems = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    if (!plot.getClientRects().length) continue;
    const name = plot.id || plot.getAttribute('aria-label') || 'a plot';
    const frame = plot.getBoundingClientRect();
    const title = plot.querySelector('.g-gtitle .gtitle');
    const legend = plot.querySelector('g.legend .bg') || plot.querySelector('g.legend');
    const parts = { title: title && rect(title), legend: legend && rect(legend) };
    plot.querySelectorAll('.g-xtitle .xtitle, .g-ytitle .ytitle, [class*="g-x"][class*="title"] text, '
                          + '[class*="g-y"][class*="title"] text')
      .forEach((el, i) => { parts['axis title ' + i + ' "' + el.textContent + '"'] = rect(el); });
    const names = Object.keys(parts).filter((k) => parts[k]);
    for (let i = 0; i < names.length; i += 1) {
      const a = parts[names[i]];
      if (a.left < frame.left - 1 || a.right > frame.right + 1
          || a.top < frame.top - 1 || a.bottom > frame.bottom + 1) {
        problems.push(`${name}: the ${names[i]} is clipped by the figure's edge`);
      }
      for (let j = i + 1; j < names.length; j += 1) {
        if (meet(a, parts[names[j]])) problems.push(`${name}: the ${names[i]} meets the ${names[j]}`);
      }
      if (names[i].startsWith('axis title')) {
        for (const tick of plot.querySelectorAll('.xtick text, .ytick text')) {
          if (meet(a, rect(tick))) {
            problems.push(`${name}: the ${names[i]} meets the tick label "${tick.textContent}"`); break;
          }
        }
      }
    }
    if (parts.legend) {
      for (const tick of plot.querySelectorAll('.xtick text, .ytick text')) {
        if (meet(parts.legend, rect(tick))) {
          problems.push(`${name}: the legend meets the tick label "${tick.textContent}"`); break;
        }
      }
    }
  }
  return problems;
}"""


def plot_collisions(page) -> list[str]:
    return page.evaluate(_PLOT_COLLISIONS)


# Every drawn plot at its box's width: a resize (a new viewport) lands a frame or more later.
PLOTS_SETTLED = ("[...document.querySelectorAll('.plot')].filter(p => p.offsetParent && p._fullLayout)"
                 ".every(p => Math.abs(p._fullLayout.width - p.clientWidth) < 3)")


def serious_accessibility_violations(page) -> list[str]:
    """axe-core (installed from PyPI with axe-playwright-python) on the page as it is now: the
    violations of serious or critical impact, with the first few elements each names."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_JS)  # through the DevTools protocol, which the page's CSP does not govern
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:4]]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]
