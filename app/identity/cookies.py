"""The identity cookie: an identity's id, signed and timestamped by itsdangerous (Pallets' signing
library, as Flask's sessions) with the server's secret key, so nobody can make one or change the
id inside. HttpOnly (scripts cannot read it), SameSite=Lax (another site's requests do not carry
it), Secure over HTTPS, for ``identity_days`` from its last renewal: a browser that comes back
within that time keeps its identity, and each visit a day after the last renews it."""

from __future__ import annotations

import time

from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.identity.identity import PERSON_ID

NAME = "gdviz_id"
SALT = "gdviz-identity"
RENEW_SECONDS = 86_400  # a page visit renews a cookie older than this


class IdentityCookie:
    def __init__(self, secret: str, days: int):
        self.serializer = URLSafeTimedSerializer(secret, salt=SALT)
        self.max_age = days * 86_400

    def issue(self, person: str) -> str:
        return self.serializer.dumps({"id": person})

    def read(self, value: str | None) -> tuple[str, float] | None:
        """(id, age in seconds) of a valid cookie; None for none, a forged one or an expired one."""
        if not value:
            return None
        try:
            payload, signed_at = self.serializer.loads(value, max_age=self.max_age, return_timestamp=True)
        except (BadSignature, ValueError, TypeError):
            return None
        person = payload.get("id") if isinstance(payload, dict) else None
        if not isinstance(person, str) or not PERSON_ID.match(person):  # the administrator uses a token
            return None
        return person, time.time() - signed_at.timestamp()

    def header(self, value: str, secure: bool) -> str:
        """The Set-Cookie header's value."""
        return (f"{NAME}={value}; Path=/; Max-Age={self.max_age}; HttpOnly; SameSite=Lax"
                + ("; Secure" if secure else ""))
