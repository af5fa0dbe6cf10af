"""An identity: a random id the server made, shown by a signed cookie (a browser) or a personal
access token (a script). ``ADMIN`` owns what was made before identities existed; only the
server's administrator acts as it (``gdviz admin token`` makes its token)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Literal

from app.db.models import ADMIN

PERSON_ID = re.compile(r"^[0-9a-f]{32}$")


def new_person_id() -> str:
    return secrets.token_hex(16)


@dataclass(frozen=True)
class Identity:
    """Who is asking: ``id`` (32 hex digits, or ADMIN), shown ``via`` a cookie or a token."""

    id: str
    via: Literal["cookie", "token"]
    token_id: str | None = None

    @property
    def admin(self) -> bool:
        return self.id == ADMIN

    @property
    def short(self) -> str:
        """What the pages call an identity that has no name: its id's first 8 digits."""
        return self.id[:8]


__all__ = ["ADMIN", "PERSON_ID", "Identity", "new_person_id"]
