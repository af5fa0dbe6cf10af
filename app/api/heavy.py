"""Heavy computations (training, surfaces, gradient checks, lesson experiments):
a server-wide cap on how many run at once, and cancellation when the caller leaves.

``HeavyWork.run(request, fn, *args)`` runs ``fn(*args, cancel=token)`` in a worker
thread. If ``max_heavy_requests`` computations are already running in the whole
server (every worker: each one holds a slot, app.api.slots), the answer is 503 with
Retry-After at once: nothing queues behind a busy server. While the
computation runs, the request is polled for a disconnect every POLL_SECONDS;
when the client has gone, the token is cancelled, the computation stops at its
next check (a step, a block of grid points, a parameter) and nothing is sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

import orjson
from fastapi import HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from app.api.slots import Slots
from app.engine.training.cancel import Cancelled, CancelToken

T = TypeVar("T")
POLL_SECONDS = 0.1
RETRY_AFTER_SECONDS = 1


class ClientGone(Exception):
    """The client disconnected before its answer was ready; nothing is sent."""


class HeavyWork:
    """The computations running in this process (``running``); the cap, ``slots.limit``,
    is on the whole server's."""

    def __init__(self, slots: Slots):
        self.slots = slots
        self.limit = slots.limit
        self.running = 0
        self.cancelled = 0  # computations stopped because their client left (for /api/health)

    async def run(self, request: Request, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        slot = self.slots.acquire()
        if slot is None:
            raise HTTPException(
                status_code=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
                detail=f"the server is busy: {self.slots.count()} computations are running, the limit "
                       f"max_heavy_requests={self.limit} (set GDVIZ_MAX_HEAVY_REQUESTS to change it); "
                       f"retry in {RETRY_AFTER_SECONDS} s")
        self.running += 1
        token = CancelToken()
        task = asyncio.ensure_future(run_in_threadpool(fn, *args, cancel=token, **kwargs))
        try:
            while True:
                done, _ = await asyncio.wait({task}, timeout=POLL_SECONDS)
                if done:
                    return task.result()
                if await request.is_disconnected():
                    token.cancel()
                    self.cancelled += 1
                    try:
                        await task  # the thread stops at its next check
                    except Cancelled:
                        pass
                    raise ClientGone
        finally:
            if not task.done():  # this coroutine was cancelled itself (server shutting down)
                token.cancel()
            self.running -= 1
            slot.release()


def json_response(payload: object, status_code: int = 200) -> Response:
    """A JSON answer serialised where it was computed (a worker thread), so a large
    history never blocks the event loop that the live sessions share. orjson writes
    any non-finite number as null."""
    return Response(orjson.dumps(payload, option=orjson.OPT_SERIALIZE_NUMPY), status_code=status_code,
                    media_type="application/json")
