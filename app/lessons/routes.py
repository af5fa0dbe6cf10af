"""What every lesson's routes.py shares: its router (under /api/lessons, with the error answers every
route documents) and the answer of a fixed curve, computed at its first request and kept."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from fastapi import APIRouter, Response

from app.api.errors import ERROR_RESPONSES
from app.api.heavy import json_response


def lesson_router() -> APIRouter:
    """A lesson's APIRouter: its routes are /api/lessons/<name>, tagged "lessons"."""
    return APIRouter(prefix="/api/lessons", tags=["lessons"], responses=ERROR_RESPONSES)


def computed_once(compute: Callable[[], dict]) -> Callable[[], Response]:
    """A GET route's answer for a curve that takes no input (compute: a function of the lesson's
    maths.py): computed at the first request, then the same JSON for every other."""
    body = cache(compute)

    def answer() -> Response:
        return json_response(body())
    return answer
