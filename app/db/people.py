"""People, as the database knows them: a display name, personal access tokens and transfer links.

An identity itself is a random id in a signed cookie (app.identity); a row in ``people`` exists
only once it has chosen a name. A token is ``gdviz_`` and 40 random characters, shown once: only
its SHA-256 digest is stored, so a stolen database gives no usable token. A transfer link's code
is the same kind of secret, used once and within ``TRANSFER_SECONDS``.

No HTTP here: problems are gdviz's own errors (NotFound, UserError, LimitExceeded).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from app.db.engine import writer
from app.db.models import NAME_LENGTH, PersonRow, TokenRow, TransferRow
from app.engine.errors import LimitExceeded, NotFound, UserError

TOKEN_PREFIX = "gdviz_"
TRANSFER_SECONDS = 15 * 60  # a transfer link works this long, once
SHOWN = 10  # the characters of a token a list shows, to tell them apart


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _aware(moment: datetime | None) -> datetime | None:
    return moment if moment is None or moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Token:
    """A token as its owner's list shows it (never the secret, but when it is made: ``secret``)."""

    id: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    secret: str | None = None

    @classmethod
    def of(cls, row: TokenRow, secret: str | None = None) -> Token:
        return cls(row.id, row.name, row.prefix, _aware(row.created_at) or row.created_at,
                   _aware(row.last_used_at), secret)


def clean_name(name: str, what: str = "a name") -> str:
    name = " ".join(name.split())
    if len(name) > NAME_LENGTH:
        raise UserError(f"{what} has at most {NAME_LENGTH} characters; this one has {len(name)}")
    return name


class PeopleTable:
    """The people, tokens and transfers tables of one database (the RunStore's ``people``)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._writer = writer(engine)

    # names
    def name(self, person: str) -> str | None:
        with Session(self.engine) as session:
            row = session.get(PersonRow, person)
            return None if row is None else row.name

    def set_name(self, person: str, name: str) -> str | None:
        """Set (or, with "", clear) what ``person`` is called; the name as kept."""
        kept = clean_name(name) or None
        with Session(self._writer) as session, session.begin():
            row = session.get(PersonRow, person)
            if row is None:
                session.add(PersonRow(id=person, name=kept, created_at=datetime.now(UTC)))
            else:
                row.name = kept
        return kept

    # tokens
    def create_token(self, person: str, name: str, limit: int) -> Token:
        """A new token for ``person``; its secret is in the answer and nowhere else. At most
        ``limit`` live tokens a person (LimitExceeded names the limit)."""
        name = clean_name(name, "a token's name") or "a token"
        secret = TOKEN_PREFIX + secrets.token_urlsafe(30)
        row = TokenRow(id=secrets.token_hex(8), owner=person, name=name, digest=digest(secret),
                       prefix=secret[:SHOWN], created_at=datetime.now(UTC), last_used_at=None, revoked_at=None)
        with Session(self._writer) as session, session.begin():
            live = session.scalar(select(func.count(TokenRow.id)).where(
                TokenRow.owner == person, TokenRow.revoked_at.is_(None))) or 0
            if live >= limit:
                raise LimitExceeded("your tokens", live, "max_tokens_per_person", limit,
                                    "revoke one you no longer use")
            session.add(row)
            session.flush()
            return Token.of(row, secret)

    def tokens(self, person: str) -> list[Token]:
        """``person``'s live tokens, newest first."""
        query = (select(TokenRow).where(TokenRow.owner == person, TokenRow.revoked_at.is_(None))
                 .order_by(TokenRow.created_at.desc(), TokenRow.id))
        with Session(self.engine) as session:
            return [Token.of(row) for row in session.scalars(query)]

    def revoke(self, person: str, token_id: str) -> None:
        """Revoke one of ``person``'s tokens; NotFound for any other id (someone else's included)."""
        with Session(self._writer) as session, session.begin():
            done = session.execute(update(TokenRow).where(
                TokenRow.id == token_id, TokenRow.owner == person, TokenRow.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC)))
            if not done.rowcount:  # type: ignore[attr-defined]
                raise NotFound(f"you have no token {token_id[:40]!r}")

    def identify(self, secret: str) -> tuple[str, str] | None:
        """(owner, token id) of a live token, its use noted; None for an unknown or revoked one."""
        with Session(self.engine) as session:  # read only: every request with a token comes here
            row = session.scalars(select(TokenRow).where(TokenRow.digest == digest(secret))).one_or_none()
            if row is None or row.revoked_at is not None:
                return None
            found, last = (row.owner, row.id), _aware(row.last_used_at)
        now = datetime.now(UTC)
        if last is None or (now - last).total_seconds() > 60:  # its use noted: a write a minute at most
            with Session(self._writer) as session, session.begin():
                session.execute(update(TokenRow).where(TokenRow.id == found[1]).values(last_used_at=now))
        return found

    # transfers
    def create_transfer(self, person: str) -> tuple[str, float]:
        """(code, expires): a one-time code that gives ``person``'s identity to whoever uses it."""
        code = secrets.token_urlsafe(24)
        expires = time.time() + TRANSFER_SECONDS
        with Session(self._writer) as session, session.begin():
            session.add(TransferRow(digest=digest(code), owner=person, expires=expires, used=False))
        return code, expires

    def use_transfer(self, code: str) -> str:
        """The identity a transfer code carries; it works once. NotFound when unknown, used or expired."""
        with Session(self._writer) as session, session.begin():
            row = session.get(TransferRow, digest(code), with_for_update=True)
            if row is None or row.used or row.expires < time.time():
                raise NotFound("this link does not work (any more): a link works once, for 15 minutes; "
                               "make a new one in the browser that has your work")
            row.used = True
            return row.owner
