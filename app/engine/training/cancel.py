"""Stopping long computations whose result nobody will read.

A computation that may run for long (a training run, a loss surface, a gradient
check, a lesson's experiment) takes a ``CancelToken`` and calls ``check()``
between units of work (a step, a block of grid points, a parameter). When the
caller has gone, whoever holds the token calls ``cancel()``, and the next
``check()`` raises ``Cancelled``. A unit of work is small (milliseconds), so a
computation ends soon after it is cancelled.
"""

from __future__ import annotations

import threading


class Cancelled(Exception):
    """The caller no longer wants this result."""


class CancelToken:
    """A flag shared between a computation (which checks it) and its owner (which sets it)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise Cancelled if ``cancel()`` has been called."""
        if self._event.is_set():
            raise Cancelled


class _Never(CancelToken):
    """The default token: never cancelled."""

    def cancel(self) -> None:
        raise RuntimeError("NEVER cannot be cancelled; make a CancelToken()")


NEVER = _Never()
