"""The websocket /ws/train (one LiveSession per connection, at most max_sessions in the server
and max_sessions_per_person of one person's in a worker)
and GET /api/health (this worker's sessions and tasks, and the server's)."""

from __future__ import annotations

import asyncio
import logging
import os
from collections import Counter

from fastapi import APIRouter, Request, WebSocket

from app.api.heavy import lane_of
from app.api.session import LiveSession
from app.identity.middleware import identity_of
from app.schemas.base import HealthResponse

router = APIRouter(tags=["live"])


FULL = "the server has as many live runs as it can take: try again in a minute"
YOURS = "you have {n} live runs open already (in other tabs or windows): close one, then reload this page"
log = logging.getLogger("gdviz.capacity")


async def _refuse(websocket: WebSocket, reason: str, limit: str) -> None:
    """1013, "try again later" (accepted first, so the code arrives), in words for the learner."""
    log.warning("refused a live session: %s (the limit %s)", reason, limit)
    await websocket.accept()
    await websocket.close(code=1013, reason=reason)


@router.websocket("/ws/train")
async def train_socket(websocket: WebSocket) -> None:
    app, settings = websocket.app, websocket.app.state.settings
    lane = lane_of(websocket.scope)  # whose session: its identity, else its address
    people: Counter[str] = app.state.session_people
    if people[lane] >= settings.max_sessions_per_person:
        await _refuse(websocket, YOURS.format(n=people[lane]), "max_sessions_per_person")
        return
    slot = app.state.session_slots.acquire()  # one of max_sessions, server-wide (app.capacity.slots)
    if slot is None:
        await _refuse(websocket, FULL, "max_sessions")
        return
    people[lane] += 1
    try:
        # the uploads it may train on: those of the identity its handshake's cookie shows
        session = LiveSession(websocket, settings, app.state.uploads.of(identity_of(websocket.scope)))
        app.state.sessions.add(session)
        try:
            await session.serve()
        finally:
            app.state.sessions.discard(session)
    finally:
        people[lane] -= 1
        if not people[lane]:
            del people[lane]
        slot.release()


@router.get("/api/health", response_model=HealthResponse, summary="Liveness, sessions and tasks")
async def health(request: Request) -> dict:
    state = request.app.state  # counting probes the slot files: a few hundred µs of system calls
    return {"status": "ok", "sessions": len(state.sessions), "pid": os.getpid(), "tasks": len(asyncio.all_tasks()),
            "heavy_running": state.heavy.running, "heavy_cancelled": state.heavy.cancelled,
            "server_sessions": state.session_slots.count(), "server_heavy_running": state.heavy.queue.slots.count(),
            "heavy_waiting": state.heavy.queue.waiting, "heavy_pool": state.heavy.limit}
