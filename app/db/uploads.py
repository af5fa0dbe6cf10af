"""Who owns which upload: a row per person's upload, naming the stored table by its content digest.

The tables are files, one per content (app.engine.data.store): two people uploading the same
bytes get two rows, two ids and one file. ``add`` checks a person's limits (their uploads and
their bytes) and the server's (every upload) in the transaction that adds the row, under the
write lock, so two workers cannot both take the last place. ``remove`` says whether the row was
the content's last, so the caller can delete the file.

No HTTP here: problems are gdviz's own errors (NotFound, LimitExceeded).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app.db.engine import write_lock, writer
from app.db.models import NAME_LENGTH, UploadRow
from app.engine.errors import LimitExceeded, NotFound


@dataclass(frozen=True)
class UploadLimits:
    """The caps an upload is held to: the server's, and one person's."""

    max_uploads: int
    max_uploads_per_person: int
    max_upload_bytes_per_person: int


@dataclass(frozen=True)
class Upload:
    id: str
    owner: str
    digest: str
    file_name: str
    size_bytes: int
    created_at: datetime
    summary: dict[str, Any]

    @classmethod
    def of(cls, row: UploadRow) -> Upload:
        created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
        return cls(row.id, row.owner, row.digest, row.file_name, row.size_bytes, created, dict(row.summary))


def new_id() -> str:
    return "u_" + secrets.token_hex(16)


class UploadTable:
    """The uploads table of one database (the RunStore's ``uploads``)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._writer = writer(engine)

    def add(self, owner: str, digest: str, file_name: str, size_bytes: int, summary: dict[str, Any],
            limits: UploadLimits, upload_id: str | None = None) -> Upload:
        """A new upload of ``owner``'s, of the stored table ``digest``; LimitExceeded past a cap.
        The same bytes uploaded again by the same person are the same upload (its listing renewed)."""
        row = UploadRow(id=upload_id or new_id(), owner=owner, digest=digest, file_name=file_name[:NAME_LENGTH],
                        size_bytes=size_bytes, created_at=datetime.now(UTC), summary={})
        row.summary = {**summary, "name": row.id}
        with Session(self._writer) as session, session.begin():
            write_lock(session)
            again = session.scalars(select(UploadRow).where(UploadRow.owner == owner, UploadRow.digest == digest)
                                    .limit(1)).first()
            if again is not None:
                again.summary = {**summary, "name": again.id}
                again.file_name = row.file_name or again.file_name
                session.flush()
                return Upload.of(again)
            self._check(session, owner, size_bytes, limits)
            session.add(row)
            session.flush()
            return Upload.of(row)

    def check_room(self, owner: str, limits: UploadLimits) -> None:
        """LimitExceeded if ``owner`` could not add an upload now (before a file is even read)."""
        with Session(self.engine) as session:
            self._check(session, owner, 0, limits)

    @staticmethod
    def _check(session: Session, owner: str, size_bytes: int, limits: UploadLimits) -> None:
        total = session.scalar(select(func.count(UploadRow.id))) or 0
        if total >= limits.max_uploads:
            raise LimitExceeded("the uploads stored on this server", total, "max_uploads", limits.max_uploads,
                                "the server is full: ask its administrator to make room")
        mine, size = session.execute(select(func.count(UploadRow.id), func.sum(UploadRow.size_bytes))
                                     .where(UploadRow.owner == owner)).one()
        if mine >= limits.max_uploads_per_person:
            raise LimitExceeded("your uploads", mine, "max_uploads_per_person", limits.max_uploads_per_person,
                                "delete one you no longer need")
        if (size or 0) + size_bytes > limits.max_upload_bytes_per_person:
            raise LimitExceeded("your uploads' bytes with this one", (size or 0) + size_bytes,
                                "max_upload_bytes_per_person", limits.max_upload_bytes_per_person,
                                "delete uploads you no longer need")

    def get(self, upload_id: str) -> Upload | None:
        with Session(self.engine) as session:
            row = session.get(UploadRow, upload_id)
            return None if row is None else Upload.of(row)

    def of_owner(self, owner: str | None) -> list[Upload]:
        """``owner``'s uploads (None: everyone's), oldest first."""
        query = select(UploadRow).order_by(UploadRow.created_at, UploadRow.id)
        if owner is not None:
            query = query.where(UploadRow.owner == owner)
        with Session(self.engine) as session:
            return [Upload.of(row) for row in session.scalars(query)]

    def digests(self) -> set[str]:
        """Every content some upload names."""
        with Session(self.engine) as session:
            return set(session.scalars(select(UploadRow.digest).distinct()))

    def remove(self, upload_id: str) -> tuple[Upload, bool]:
        """Delete the row; (the upload, whether it was its content's last). NotFound if none."""
        with Session(self._writer) as session, session.begin():
            write_lock(session)
            row = session.get(UploadRow, upload_id)
            if row is None:
                raise NotFound(f"no upload called {upload_id[:40]!r}")
            gone = Upload.of(row)
            session.delete(row)
            session.flush()
            others = session.scalar(select(func.count(UploadRow.id)).where(UploadRow.digest == gone.digest)) or 0
            return gone, others == 0
