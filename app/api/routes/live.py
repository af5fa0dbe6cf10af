"""The websocket /ws/train (one LiveSession per connection, at most max_sessions in the server)
and GET /api/health (this worker's sessions and tasks, and the server's)."""

from __future__ import annotations

import asyncio
import os

from fastapi import APIRouter, Request, WebSocket

from app.api.session import LiveSession
from app.schemas.base import HealthResponse

router = APIRouter(tags=["live"])


@router.websocket("/ws/train")
async def train_socket(websocket: WebSocket) -> None:
    app = websocket.app
    slot = app.state.session_slots.acquire()  # one of max_sessions, server-wide (app.api.slots)
    if slot is None:  # 1013: try again later (accepted first, so the code arrives)
        await websocket.accept()
        await websocket.close(code=1013,
                              reason=f"the server is at its limit max_sessions={app.state.settings.max_sessions}")
        return
    try:
        session = LiveSession(websocket, app.state.settings, app.state.store)
        app.state.sessions.add(session)
        try:
            await session.serve()
        finally:
            app.state.sessions.discard(session)
    finally:
        slot.release()


@router.get("/api/health", response_model=HealthResponse, summary="Liveness, sessions and tasks")
async def health(request: Request) -> dict:
    state = request.app.state  # counting probes the slot files: a few hundred µs of system calls
    return {"status": "ok", "sessions": len(state.sessions), "pid": os.getpid(), "tasks": len(asyncio.all_tasks()),
            "heavy_running": state.heavy.running, "heavy_cancelled": state.heavy.cancelled,
            "server_sessions": state.session_slots.count(), "server_heavy_running": state.heavy.slots.count()}
