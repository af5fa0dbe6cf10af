"""/api/me: the identity asking, its name, its personal access tokens, and one-time links that
carry it to another browser. Everything here is the asker's own: there is no way to name another
identity (app.identity)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import JSONResponse

from app.api.deps import Me, RunsDep, SettingsDep
from app.api.errors import ERROR_RESPONSES
from app.db.people import Token
from app.identity.identity import Identity
from app.schemas.me import Claim, MeInfo, NameChange, TokenCreate, TokenCreated, TokenInfo, TransferLink

router = APIRouter(prefix="/api/me", tags=["me"], responses={
    **ERROR_RESPONSES, 401: {"description": "No identity: open gdviz in a browser, or send a token"}})
TokenId = Annotated[str, Path(pattern=r"^[0-9a-f]{16}$", description="A token's id (its list says it)")]


def _me(identity: Identity, name: str | None) -> dict:
    return {"id": identity.short, "name": name, "via": identity.via, "admin": identity.admin}


def _token(token: Token) -> dict:
    out = {"id": token.id, "name": token.name, "prefix": token.prefix, "created_at": token.created_at,
           "last_used_at": token.last_used_at}
    return out if token.secret is None else {**out, "token": token.secret}


@router.get("", response_model=MeInfo, summary="Who you are here")
def get_me(identity: Me, runs: RunsDep) -> dict:
    return _me(identity, runs.people.name(identity.id))


@router.patch("", response_model=MeInfo, summary="Set the name the pages show for you (empty: none)")
def set_name(req: NameChange, identity: Me, runs: RunsDep) -> dict:
    return _me(identity, runs.people.set_name(identity.id, req.name))


@router.get("/tokens", response_model=list[TokenInfo], summary="Your personal access tokens (never the tokens)")
def list_tokens(identity: Me, runs: RunsDep) -> list[dict]:
    return [_token(t) for t in runs.people.tokens(identity.id)]


@router.post("/tokens", response_model=TokenCreated, status_code=201,
             summary="Make a token for scripts and `gdviz train --server`; it is shown this once",
             description="At most max_tokens_per_person live tokens an identity.")
def create_token(req: TokenCreate, identity: Me, runs: RunsDep, settings: SettingsDep) -> dict:
    return _token(runs.people.create_token(identity.id, req.name, settings.max_tokens_per_person))


@router.delete("/tokens/{token_id}", status_code=204, summary="Revoke one of your tokens: it stops working at once")
def revoke_token(token_id: TokenId, identity: Me, runs: RunsDep) -> Response:
    runs.people.revoke(identity.id, token_id)  # NotFound for an id that is not yours
    return Response(status_code=204)


@router.post("/transfer", response_model=TransferLink, status_code=201,
             summary="A one-time link that gives your identity to the browser that opens it (15 minutes)")
def transfer(identity: Me, runs: RunsDep) -> dict:
    code, expires = runs.people.create_transfer(identity.id)
    return {"url": f"/claim/{code}", "expires": expires}


@router.post("/claim", response_model=MeInfo,
             summary="Take the identity of a transfer link in this browser (its cookie is set)")
async def claim(req: Claim, request: Request, runs: RunsDep) -> Response:
    person = await asyncio.to_thread(runs.people.use_transfer, req.code)  # NotFound: used, expired, unknown
    taken = Identity(person, "cookie")
    name = await asyncio.to_thread(runs.people.name, person)
    answer = JSONResponse(_me(taken, name))
    cookie = request.app.state.identity_cookie
    secure = request.app.state.settings.cookie_secure
    answer.headers.append("set-cookie", cookie.header(cookie.issue(person),
                                                      secure if secure is not None else request.url.scheme == "https"))
    return answer
