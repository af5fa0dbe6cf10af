"""IdentityMiddleware: the identity behind every request and websocket, in ``scope["state"]``.

* ``Authorization: Bearer <token>``: the token's owner (app.db.people). A token that is unknown
  or revoked is refused at once with 401, whatever the route: a script learns its token is bad.
* else the identity cookie (app.identity.cookies), if it is valid;
* else none. A browser's first page (a GET of a page, not of the API or a file) gets a new
  identity and its cookie, so a learner never signs up; a page visit also renews a cookie older
  than a day.

Routes read it with app.api.deps (``MaybeIdentity``; ``Me`` answers 401 without one). Pure ASGI:
nothing is buffered, and websockets pass through it as requests do.
"""

from __future__ import annotations

import asyncio
from http.cookies import SimpleCookie

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.identity.cookies import NAME, RENEW_SECONDS, IdentityCookie
from app.identity.identity import Identity, new_person_id

STATE_KEY = "identity"
NOT_PAGES = ("/api/", "/static/", "/docs-assets/", "/guide/", "/ws/", "/openapi.json", "/favicon")
BAD_TOKEN = ("this token is not valid: it was revoked, or it is mistyped. Make a new one on your page "
             "(/me) and send it as 'Authorization: Bearer <token>'")


def identity_of(scope: Scope) -> Identity | None:
    return scope.get("state", {}).get(STATE_KEY)


def _cookie(scope: Scope) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed Cookie header: as if it had none
                return None
            morsel = jar.get(NAME)
            return morsel.value if morsel is not None else None
    return None


def bearer_token(scope: Scope) -> str | None:
    """The credentials of an ``Authorization: Bearer`` header ("" if empty), else None."""
    for key, value in scope.get("headers", []):
        if key == b"authorization":
            scheme, _, credentials = value.decode("latin-1").partition(" ")
            return credentials.strip() if scheme.lower() == "bearer" else None
    return None


def _secure(scope: Scope, forced: bool | None) -> bool:
    return forced if forced is not None else scope.get("scheme") in ("https", "wss")


class IdentityMiddleware:
    def __init__(self, app: ASGIApp, cookie: IdentityCookie, cookie_secure: bool | None = None):
        self.app = app
        self.cookie = cookie
        self.cookie_secure = cookie_secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        token = bearer_token(scope)
        if token is not None:
            found = await self._token_owner(scope, token)
            if found is None:
                await self._refuse(scope, receive, send)
                return
            state[STATE_KEY] = Identity(found[0], "token", found[1])
            await self.app(scope, receive, send)
            return
        read = self.cookie.read(_cookie(scope))
        page = (scope["type"] == "http" and scope["method"] in ("GET", "HEAD")
                and not scope["path"].startswith(NOT_PAGES))
        issue: str | None = None
        if read is not None:
            state[STATE_KEY] = Identity(read[0], "cookie")
            if page and read[1] > RENEW_SECONDS:
                issue = read[0]
        elif page:
            issue = new_person_id()
            state[STATE_KEY] = Identity(issue, "cookie")
        if issue is None:
            await self.app(scope, receive, send)
            return
        header = self.cookie.header(self.cookie.issue(issue), _secure(scope, self.cookie_secure)).encode()

        async def with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"set-cookie", header)]
            await send(message)
        await self.app(scope, receive, with_cookie)

    @staticmethod
    async def _token_owner(scope: Scope, token: str) -> tuple[str, str] | None:
        if len(token) > 200:
            return None
        people = scope["app"].state.runs.get().people  # the database, opened on first use
        return await asyncio.to_thread(people.identify, token)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":  # before the handshake: refused with 403 by the server
            await send({"type": "websocket.close", "code": 1008, "reason": "this token is not valid"})
            return
        body = orjson.dumps({"detail": BAD_TOKEN})
        await send({"type": "http.response.start", "status": 401, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"www-authenticate", b'Bearer error="invalid_token"')]})
        await send({"type": "http.response.body", "body": body})
