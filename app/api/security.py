"""HTTP-level protections, wired by create_app:

* security headers on every response: a Content-Security-Policy with no inline
  script and no eval, nosniff, no framing, no referrer;
* a cap on every request body (a JSON body over ``max_body_bytes`` gets a 413
  as soon as its Content-Length, or the bytes streamed so far, pass the cap;
  CSV uploads have their own, larger cap);
* a JSON 500 that never carries a stack trace.
"""

from __future__ import annotations

import json
import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.settings import Settings, use_settings

logger = logging.getLogger("gdviz")

# style-src needs 'unsafe-inline': plotly.js injects its own <style> element. Scripts
# come only from this origin; connect-src 'self' covers same-origin websockets.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:", "font-src 'self' data:", "connect-src 'self'",
    "worker-src 'self' blob:", "object-src 'none'", "base-uri 'self'", "form-action 'self'",
    "frame-ancestors 'none'",
])
HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SettingsContext:
    """Makes the app's settings ``current_settings()`` for everything a request or a
    websocket runs, request validation included (schemas check limits against them)."""

    def __init__(self, app: ASGIApp, settings: Settings):
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with use_settings(self.settings):
            await self.app(scope, receive, send)


class SecurityMiddleware:
    """Pure ASGI (no body buffering): headers on the way out, a body cap on the way in."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, upload_path: str, max_upload_bytes: int):
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.upload_path = upload_path
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = scope["method"] == "POST" and scope["path"] == self.upload_path
        limit, name = ((self.max_upload_bytes, "max_upload_bytes") if upload
                       else (self.max_body_bytes, "max_body_bytes"))
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._too_large(send, int(declared), name, limit)
            return
        received = 0
        started = rejected = False

        async def capped_receive() -> Message:
            nonlocal received, rejected
            if rejected:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:  # answer now; the app sees a client that has gone
                    rejected = True
                    if not started:
                        await self._too_large(send, None, name, limit)
                    return {"type": "http.disconnect"}
            return message

        async def secured_send(message: Message) -> None:
            nonlocal started
            if rejected:
                return  # the 413 has been sent
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = list(message.get("headers", [])) + HEADERS
            await send(message)

        try:
            await self.app(scope, capped_receive, secured_send)
        except Exception:
            if not rejected:
                raise  # a real error: the server's error handling takes it

    @staticmethod
    async def _too_large(send: Send, size: int | None, name: str, limit: int) -> None:
        what = f"{size:,} bytes" if size is not None else "more than that"
        detail = f"the request body is {what}, over the limit {name}={limit:,} bytes"
        body = json.dumps({"detail": detail}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()), *HEADERS]})
        await send({"type": "http.response.body", "body": body})


async def internal_error_handler(request, exc: Exception):
    """Log the traceback on the server; tell the client only that something broke."""
    from fastapi.responses import JSONResponse

    logger.exception("unhandled error on %s %s", request.method, request.url.path)
    return JSONResponse(status_code=500, content={"detail": "internal server error; it has been logged"})
