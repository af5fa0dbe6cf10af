"""Heavy computations (training, surfaces, gradient checks, lesson experiments): each waits its
turn in the fair queue (app.capacity.fair_queue: one lane per person, served round robin by a
pool of slots sized to the machine's cores, shared by every worker), runs in a worker thread,
and is cancelled when its caller leaves.

``HeavyWork.run(request, fn, *args)`` runs ``fn(*args, cancel=token)`` once the request's lane
is served. Only a full queue refuses, with 503 and Retry-After, in words a learner understands;
the setting it hit is named in the log. While the request waits and while it runs, it is polled
for a disconnect every POLL_SECONDS: a client that has gone leaves its lane, or its computation
stops at its next check (a step, a block of grid points, a parameter), and nothing is sent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import orjson
from fastapi import HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.types import Scope

from app.capacity.fair_queue import RETRY_AFTER_SECONDS, FairQueue, GaveUp, QueueFull
from app.engine.training.cancel import Cancelled, CancelToken
from app.identity.middleware import identity_of

T = TypeVar("T")
POLL_SECONDS = 0.1
BUSY = ("the server is very busy right now (many people are computing at once) and your request could not "
        "wait in line; it will go through if you try again in a few seconds")
log = logging.getLogger("gdviz.capacity")


class ClientGone(Exception):
    """The client disconnected before its answer was ready; nothing is sent."""


def lane_of(scope: Scope) -> str:
    """Whose turn a request waits for: its identity's, else its address's (anonymous callers)."""
    identity = identity_of(scope)
    if identity is not None:
        return identity.id
    client = scope.get("client")
    return f"address {client[0] if client else 'unknown'}"


def busy(exc: QueueFull) -> HTTPException:
    log.warning("refused a computation: %s (the limit %s)", exc, exc.limit)
    return HTTPException(status_code=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)}, detail=BUSY)


class HeavyWork:
    """This process's computations: ``running`` now, ``waiting`` for their turn (the queue's)."""

    def __init__(self, queue: FairQueue):
        self.queue = queue
        self.limit = queue.slots.limit
        self.running = 0
        self.cancelled = 0  # computations stopped because their client left (for /api/health)

    async def run(self, request: Request, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        try:
            held = await self.queue.slot(lane_of(request.scope), request.is_disconnected)
        except QueueFull as exc:
            raise busy(exc) from None
        except GaveUp:
            self.cancelled += 1
            raise ClientGone from None
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
            held.release()


def json_response(payload: object, status_code: int = 200) -> Response:
    """A JSON answer serialised where it was computed (a worker thread), so a large
    history never blocks the event loop that the live sessions share. orjson writes
    any non-finite number as null."""
    return Response(orjson.dumps(payload, option=orjson.OPT_SERIALIZE_NUMPY), status_code=status_code,
                    media_type="application/json")
