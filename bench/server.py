"""A gdviz server on a free loopback port, for the benchmarks: ``gdviz serve`` itself
(app.cli), with its worker processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def running_server(workers: int = 1, env_extra: dict[str, str] | None = None) -> Iterator[str]:
    """Yields the base URL once every worker answers; ``running_server.pid`` is the
    serving process (with several workers, their supervisor: its children are the workers)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "GDVIZ_DATA_DIR": data, **(env_extra or {})}
        proc = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1",
                                 "--port", str(port), "--workers", str(workers)],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            pids: set[int] = set()
            while len(pids) < workers:  # fresh connections until every worker has answered
                try:
                    pids.add(httpx.get(url + "/api/health", timeout=1).json()["pid"])
                except httpx.HTTPError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise RuntimeError("the server did not start") from None
                    time.sleep(0.1)
                if time.monotonic() > deadline:
                    raise RuntimeError(f"only {len(pids)} of {workers} workers answered")
            running_server.pid = proc.pid
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=20)
