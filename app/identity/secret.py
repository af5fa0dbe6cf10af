"""The server's secret key, which signs the identity and CSRF cookies: GDVIZ_SECRET_KEY, else
``<data_dir>/.secret_key``, made once (64 random bytes, mode 0600) by whichever worker comes first
and read by the others. Every worker and machine that serves the same people needs the same key:
behind a load balancer, set GDVIZ_SECRET_KEY on all of them."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from app.settings import Settings

FILE = ".secret_key"


def secret_key(settings: Settings) -> str:
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / FILE
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker made it first: theirs it is
        return _read_when_written(path)
    with os.fdopen(fd, "w") as f:
        f.write(key)
        f.flush()
        os.fsync(f.fileno())
    return key


def _read_when_written(path: Path) -> str:
    for _ in range(200):  # the other worker is writing 86 characters: a few ms at most
        text = path.read_text().strip()
        if text:
            return text
        os.sched_yield()
    raise RuntimeError(f"{path} is empty: delete it, and the server makes a new key")
