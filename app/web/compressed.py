"""Static text files sent gzip-compressed from a copy made once per file version, not per request.

GZipMiddleware compresses every answer as it goes out, at level 9: for plotly.min.js (4.8 MB)
that is about 0.2 s of a core on every page load of every visitor. Here each file is
compressed once per (path, size, modification time) and kept in memory (our own static files
and plotly.js come to about 1.5 MB compressed); an answer that carries Content-Encoding is
passed through by GZipMiddleware untouched. A client that does not accept gzip, a HEAD, a
range request or a small or binary file gets the plain FileResponse as before.
"""

from __future__ import annotations

import gzip
import os
import threading
from pathlib import Path
from typing import Any

from fastapi.staticfiles import StaticFiles
from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.types import Scope

TEXT = {".js", ".mjs", ".css", ".svg", ".json", ".html", ".map", ".txt"}
MIN_BYTES = 1024  # GZipMiddleware's minimum_size: smaller files go as they are
MAX_CACHED_BYTES = 64 * 2**20  # compressed copies kept at most (past it, the oldest go)


class GzipCache:
    """Compressed copies of files, keyed by path, size and modification time (a changed file is
    compressed again). Thread-safe."""

    def __init__(self, max_bytes: int = MAX_CACHED_BYTES):
        self.max_bytes = max_bytes
        self._copies: dict[tuple[str, int, int], bytes] = {}
        self._lock = threading.Lock()

    def compressed(self, path: Path, stat: os.stat_result) -> bytes:
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        with self._lock:
            found = self._copies.get(key)
        if found is not None:
            return found
        body = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        with self._lock:
            self._copies[key] = body
            while sum(map(len, self._copies.values())) > self.max_bytes and len(self._copies) > 1:
                del self._copies[next(iter(self._copies))]
        return body

    def __len__(self) -> int:
        with self._lock:
            return len(self._copies)


def gzipped(response: FileResponse, path: Path, stat: os.stat_result, scope: Scope, cache: GzipCache) -> Response:
    """``response`` (a 200 FileResponse for ``path``) as its compressed copy, when the client takes gzip."""
    request = Headers(scope=scope)
    if (scope.get("method") != "GET" or "range" in request or "gzip" not in request.get("accept-encoding", "")
            or path.suffix not in TEXT or stat.st_size < MIN_BYTES):
        return response
    headers = {k: v for k, v in response.headers.items() if k not in ("content-length", "content-type")}
    headers.update({"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
    return Response(cache.compressed(path, stat), headers=headers, media_type=response.media_type)


class CompressedStaticFiles(StaticFiles):
    """StaticFiles whose text files go out as compressed copies (see the module docstring);
    ``suffixes``: only files with these endings are served (a 404 for any other)."""

    def __init__(self, *args: Any, cache: GzipCache, suffixes: tuple[str, ...] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cache = cache
        self.suffixes = suffixes

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        if self.suffixes is not None and not path.endswith(self.suffixes):
            return "", None  # not found, whatever the folder holds (a lesson's .py, say)
        return super().lookup_path(path)

    def file_response(self, full_path: str | os.PathLike[str], stat_result: os.stat_result, scope: Scope,
                      status_code: int = 200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        if status_code != 200 or not isinstance(response, FileResponse):
            return response  # a 304, or an error page
        return gzipped(response, Path(full_path), stat_result, scope, self.cache)
