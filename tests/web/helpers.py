"""Waiting on a page under our Content-Security-Policy.

Playwright's wait_for_function evaluates its predicate with eval inside the page,
which the CSP forbids (no 'unsafe-eval'), so every browser test would fail.
page.evaluate goes through the DevTools protocol, which the CSP does not
govern: polling it from Python keeps the policy fully enforced on the page.
"""

from __future__ import annotations

import time


def wait_for(page, expression: str, timeout: float = 30_000, interval: float = 0.05) -> object:
    """Poll ``expression`` until it is truthy; returns its value. ``timeout`` in ms."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        try:
            value = page.evaluate(expression)
        except Exception as exc:  # noqa: BLE001 - a page still loading throws; keep polling
            value, last_error = None, exc
        else:
            last_error = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout:.0f} ms: {expression}"
                               + (f" ({last_error})" if last_error else ""))
        time.sleep(interval)


def next_frames(page, n: int = 2) -> None:
    """Let the page draw: returns after n more animation frames have run (the pages
    batch their redraws per frame), instead of sleeping for a fixed time."""
    page.evaluate("n => new Promise(done => { const tick = k => k ? requestAnimationFrame(() => tick(k - 1)) "
                  ": done(); tick(n); })", n)
