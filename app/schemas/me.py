"""Who you are, on the wire: your identity and name, your personal access tokens, and the one-time
link that carries your identity to another browser (app.api.routes.me)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from app.schemas.base import Request

Name = Annotated[str, Field(max_length=200, description="Empty: no name (the pages show the id's first digits)")]


class MeInfo(BaseModel):
    """GET /api/me: the identity asking."""

    id: str = Field(description="The identity's first 8 hex digits: what the pages call it without a name")
    name: str | None
    via: Literal["cookie", "token"] = Field(description="How it was shown: a browser's cookie or a token")
    admin: bool = Field(description="The server's administrator, who owns what was made before identities")


class NameChange(Request):
    """PATCH /api/me."""

    name: Name


class TokenCreate(Request):
    """POST /api/me/tokens."""

    name: Annotated[str, Field(min_length=1, max_length=200, description="What the token is for: 'laptop', 'CI'")]


class TokenInfo(BaseModel):
    """One of your tokens, as your list shows it (never the token itself)."""

    id: str
    name: str
    prefix: str = Field(description="The token's first characters, to tell it from your others")
    created_at: datetime
    last_used_at: datetime | None


class TokenCreated(TokenInfo):
    """A new token: ``token`` is shown this once and never again (only its SHA-256 is kept)."""

    token: str = Field(description="Send it as 'Authorization: Bearer <token>'")


class TransferLink(BaseModel):
    """POST /api/me/transfer: open ``url`` in another browser, once, before ``expires``."""

    url: str
    expires: float = Field(description="Seconds since the epoch")


class Claim(Request):
    """POST /api/me/claim: the code of a transfer link."""

    code: Annotated[str, Field(min_length=10, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")]
