"""Server-wide limits that hold across worker processes: a fixed set of slot files.

A limit of N (open sessions, heavy computations) is N files ``<data_dir>/.slots/<kind>-000``
.. ``<kind>-<N-1>``. Whoever uses a slot holds an exclusive ``flock`` on its file for as
long as it uses it; every worker of a server (and any other server on the same data
directory) sees the same files, so the limit is the server's, not a process's. The
kernel drops a dead process's locks, so a killed worker never leaks a slot.

flock locks belong to an open file, so a process could take the same slot twice through
one descriptor: within a process ``held`` and a thread lock say which slots are taken.

Counting the held slots (for /api/health) probes each file with a lock taken and dropped
at once; an acquirer that finds every slot busy confirms it under ``<kind>.lock``, which
the count also holds, so a probe never makes a free slot look taken to a refusal.
Unix only (fcntl), like uvicorn's workers.
"""

from __future__ import annotations

import fcntl
import os
import threading
from contextlib import AbstractContextManager
from pathlib import Path

from app.engine.locks import locked_file

SLOTS_DIR = ".slots"


class Slot:
    """One held slot; ``release()`` (or leaving the ``with``) gives it back, once."""

    def __init__(self, slots: Slots, index: int):
        self.slots, self.index = slots, index
        self.released = False

    def release(self) -> None:
        if not self.released:
            self.released = True
            self.slots._release(self.index)

    def __enter__(self) -> Slot:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class Slots:
    """``limit`` slots named ``kind`` under ``data_dir/.slots``, shared by every process using it."""

    def __init__(self, data_dir: Path, kind: str, limit: int):
        self.root = Path(data_dir) / SLOTS_DIR
        self.kind, self.limit = kind, limit
        self._fds: dict[int, int] = {}  # slot index -> this process's descriptor of its file (opened once)
        self.held: set[int] = set()  # the slots this process holds
        self._next = 0  # where the next search starts (round robin: few probes when many are held)
        self._lock = threading.Lock()

    def _fd(self, index: int) -> int:
        fd = self._fds.get(index)
        if fd is None:
            self.root.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.root / f"{self.kind}-{index:03d}", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            self._fds[index] = fd
        return fd

    def _try(self, index: int) -> bool:
        """Lock slot ``index`` if nobody holds it (called with self._lock held)."""
        if index in self.held:
            return False
        try:
            fcntl.flock(self._fd(index), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        self.held.add(index)
        self._next = (index + 1) % self.limit
        return True

    def _exclusive(self) -> AbstractContextManager[None]:
        """The kind's guard file, held while counting and while confirming a refusal."""
        return locked_file(self.root / f"{self.kind}.lock")

    def acquire(self) -> Slot | None:
        """A free slot, or None when all ``limit`` are held (by any process)."""
        with self._lock:
            order = [(self._next + i) % self.limit for i in range(self.limit)] if self.limit > 0 else []
            for index in order:
                if self._try(index):
                    return Slot(self, index)
            if len(self.held) >= self.limit:
                return None
            with self._exclusive():  # no count is probing now: a busy slot is really held
                for index in order:
                    if self._try(index):
                        return Slot(self, index)
        return None

    def _release(self, index: int) -> None:
        with self._lock:
            if index in self.held:
                fcntl.flock(self._fds[index], fcntl.LOCK_UN)
                self.held.discard(index)

    def count(self) -> int:
        """How many slots are held now, by every process on this data directory."""
        with self._lock, self._exclusive():
            busy = len(self.held)
            for index in range(self.limit):
                if index in self.held:
                    continue
                fd = self._fd(index)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    busy += 1
                else:
                    fcntl.flock(fd, fcntl.LOCK_UN)
            return busy

    def close(self) -> None:
        """Drop every slot this process holds and close the files."""
        with self._lock:
            for fd in self._fds.values():
                os.close(fd)
            self._fds.clear()
            self.held.clear()
