"""Every ES module a page's script imports, directly or not, for <link rel="modulepreload">.

Without them the browser finds the modules one level of imports at a time: the playground's 30
modules came in five waves, about 0.35 s before its script could run. With them every module is
asked for at once. Read from the files (their static `import ... from "./x.js"` lines) once per
process; the modules are plain files with no build step, so this is the whole graph."""

from __future__ import annotations

import functools
import posixpath
import re
from pathlib import Path

IMPORT = re.compile(r"""^\s*(?:import|export)\s[^;]*?\sfrom\s+["'](\.{1,2}/[^"']+)["']""", re.M | re.S)
DYNAMIC = re.compile(r"""\bimport\(\s*["'](\.{1,2}/[^"']+)["']\s*\)""")  # await import("../x.js"), loaded at once too


@functools.cache
def module_graph(url: str, root: Path, prefix: str = "/static/") -> tuple[str, ...]:
    """The URLs of the modules ``url`` (under ``prefix``, served from ``root``) imports, in the
    order they are first reached; ``url`` itself is not among them."""
    seen: dict[str, None] = {}
    todo = [url]
    while todo:
        current = todo.pop(0)
        path = root / current.removeprefix(prefix)
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        for relative in IMPORT.findall(text) + DYNAMIC.findall(text):
            found = posixpath.normpath(posixpath.join(posixpath.dirname(current), relative))
            if found != url and found not in seen and found.startswith(prefix):
                seen[found] = None
                todo.append(found)
    return tuple(seen)
