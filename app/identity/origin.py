"""No way in from other sites.

* OriginMiddleware: every request that changes state (not GET, HEAD or OPTIONS) and every
  websocket handshake whose ``Origin`` is not this server's own (the ``Host`` it was asked as)
  or one of ``allowed_origins`` is refused with 403, before any route runs. Browsers always send
  Origin on those; a script that sends none is not a browser, so no other site's page is behind it.
* CSRF (starlette-csrf's double-submit cookie): a state change that carries the identity cookie
  must also carry the ``gdviz_csrf`` cookie's value in the ``X-CSRF-Token`` header, which only
  this server's own pages can read. So a cookie is never enough on its own. A request with a
  personal access token (``Authorization: Bearer``) is that token's, whatever cookie it carries
  (app.identity.middleware), and needs no CSRF token: no other site's page can set that header
  on a request to this server (the server allows no cross-origin requests).
"""

from __future__ import annotations

from collections.abc import Sequence
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import orjson
from itsdangerous import BadSignature
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette_csrf import CSRFMiddleware

from app.identity.cookies import NAME as IDENTITY_COOKIE
from app.identity.middleware import bearer_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_COOKIE = "gdviz_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_REFUSED = ("this request carried your identity cookie but not the page's CSRF token (the "
                "X-CSRF-Token header): reload the page and try again; a script should send a personal "
                "access token instead")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


class OriginMiddleware:
    def __init__(self, app: ASGIApp, allowed: Sequence[str] = ()):
        self.app = app
        self.allowed = {urlsplit(origin.strip()).netloc.lower() for origin in allowed if origin.strip()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        checked = scope["type"] == "websocket" or (scope["type"] == "http" and scope["method"] not in SAFE_METHODS)
        origin = _header(scope, b"origin") if checked else None
        if origin is None or self._ours(scope, origin):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":  # closed before the handshake: the client gets 403
            await send({"type": "websocket.close", "code": 1008, "reason": "another site's page"})
            return
        body = orjson.dumps({"detail": f"requests from other sites are refused: {origin[:100]} is not this "
                                       "server's address"})
        await send({"type": "http.response.start", "status": 403, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    def _ours(self, scope: Scope, origin: str) -> bool:
        netloc = urlsplit(origin).netloc.lower()
        host = (_header(scope, b"host") or "").lower()
        return bool(netloc) and (netloc == host or netloc in self.allowed)


class CSRF(CSRFMiddleware):
    """starlette-csrf for HTTP requests (websockets are the Origin check's), refusing in JSON."""

    def __init__(self, app: ASGIApp, secret: str, secure: bool):
        super().__init__(app, secret, sensitive_cookies={IDENTITY_COOKIE}, cookie_name=CSRF_COOKIE,
                         header_name=CSRF_HEADER, cookie_secure=secure, cookie_samesite="lax")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or bearer_token(scope) is not None:
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    def _get_error_response(self, request: Request) -> Response:
        return JSONResponse({"detail": CSRF_REFUSED}, status_code=403)

    async def send(self, message: Message, send: Send, scope: Scope) -> None:
        """starlette-csrf's, except that a CSRF cookie this server's key did not sign (the key
        changed, or another server on the same host set it) is replaced, as a missing one is:
        else that browser's every change would be refused until its cookies were cleared."""
        if message["type"] == "http.response.start" and not self._ours(Request(scope).cookies.get(self.cookie_name)):
            cookie: SimpleCookie = SimpleCookie()
            cookie[self.cookie_name] = self._generate_csrf_token()
            cookie[self.cookie_name]["path"] = self.cookie_path
            cookie[self.cookie_name]["secure"] = self.cookie_secure
            cookie[self.cookie_name]["samesite"] = self.cookie_samesite
            MutableHeaders(scope=message).append("set-cookie", cookie.output(header="").strip())
        await send(message)

    def _ours(self, value: str | None) -> bool:
        if not value:
            return False
        try:
            self.serializer.loads(value)
        except BadSignature:
            return False
        return True
