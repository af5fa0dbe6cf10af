"""Uploaded tables on disk, content-addressed and written atomically.

A table is stored as ``<data_dir>/uploads/<digest>.npz`` where ``digest`` is the
SHA-256 of the stored bytes: the same table is stored once, whoever uploads it. Who
owns which upload, and under which id (``u_`` and 32 random hex digits), is the
database's (app.db.uploads); this store only keeps the files. Numeric columns are one
float32 matrix (NaN: missing; those past float32's range one float64 matrix), text
columns one int32 matrix of codes (-1: missing) with their levels in the metadata.
Files are written to a temporary name in the same directory, fsynced and renamed, so a
reader (another worker, or the server after a restart) sees a whole file or none.
Loading re-hashes the bytes, so a file damaged on disk is reported, never half-read.
Digests are checked against a strict pattern before they touch the filesystem.

Stores made before identities existed named an upload by its digest's first 32 digits
and kept its listing in ``<digest>.json``; ``legacy()`` lists those for adoption.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
from contextlib import AbstractContextManager
from pathlib import Path

import numpy as np

from app.engine.data.table import Column, Table
from app.engine.errors import NotFound, UserError
from app.engine.locks import locked_file

ID_PATTERN = re.compile(r"^u_[0-9a-f]{32}$")
DIGEST = re.compile(r"^[0-9a-f]{64}$")
TABLE_FIELDS = ("file_name", "header", "delimiter", "decimal", "encoding", "compression", "preview", "first_line")


class UploadNotFound(NotFound):
    pass


class UploadCorrupted(UserError):
    pass


def is_upload_id(name: str) -> bool:
    return bool(ID_PATTERN.match(name))


def _group(column: Column) -> str:
    return "codes" if not column.numeric else "wide" if column.values.dtype == np.float64 else "numeric"


GROUPS = {"numeric": np.float32, "wide": np.float64, "codes": np.int32}


def _serialise(table: Table) -> bytes:
    meta = {
        "format": 2,
        "columns": [{"name": c.name, "group": _group(c), "levels": c.levels, "unnamed": c.unnamed,
                     "bad": c.bad, "bad_example": c.bad_example} for c in table.columns],
        **{key: getattr(table, key) for key in TABLE_FIELDS},
    }
    arrays = {}
    for group, dtype in GROUPS.items():
        members = [c.values for c in table.columns if _group(c) == group]
        arrays[group] = np.column_stack(members).astype(dtype) if members else np.empty((table.n_rows, 0), dtype)
    buffer = io.BytesIO()
    arrays["meta"] = np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8)
    np.savez(buffer, **arrays)  # type: ignore[arg-type]
    return buffer.getvalue()


def _deserialise(blob: bytes) -> Table:
    with np.load(io.BytesIO(blob), allow_pickle=False) as npz:
        meta = json.loads(npz["meta"].tobytes().decode())
        if meta.get("format") != 2:
            raise KeyError("an older format: upload the file again")
        arrays = {group: npz[group] for group in GROUPS}
    columns, taken = [], dict.fromkeys(GROUPS, 0)
    for spec in meta["columns"]:
        group = spec["group"]
        values = arrays[group][:, taken[group]]
        taken[group] += 1
        columns.append(Column(spec["name"], np.ascontiguousarray(values), spec["levels"], spec["unnamed"],
                              spec["bad"], spec["bad_example"]))
    return Table(columns, **{key: meta[key] for key in TABLE_FIELDS})


def _write_atomically(path: Path, blob: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class UploadStore:
    """The tables' files under ``<data_dir>/uploads``, one per content digest."""

    def __init__(self, data_dir: Path):
        self.root = Path(data_dir) / "uploads"

    def lock(self) -> AbstractContextManager[None]:
        """This store to one writer at a time, across worker processes: hold it around a file's
        write or removal and the database row that names it."""
        return locked_file(self.root / ".lock")

    def _path(self, digest: str) -> Path:
        if not DIGEST.match(digest):
            raise UploadNotFound("no such upload")
        return self.root / f"{digest}.npz"

    def put(self, table: Table) -> tuple[str, int]:
        """Store ``table`` (once: the same table twice is one file); (its digest, its bytes)."""
        blob = _serialise(table)
        digest = hashlib.sha256(blob).hexdigest()
        final = self._path(digest)
        if not final.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            _write_atomically(final, blob)
        return digest, len(blob)

    def has(self, digest: str) -> bool:
        return self._path(digest).exists()

    def load(self, digest: str, name: str = "") -> Table:
        """The table stored as ``digest`` (``name``: what the messages call it); UploadNotFound
        or UploadCorrupted."""
        name = name or "this upload"
        try:
            blob = self._path(digest).read_bytes()
        except FileNotFoundError:
            raise UploadNotFound(f"{name}'s table is missing from the server's disk; upload the file again") from None
        if hashlib.sha256(blob).hexdigest() != digest:
            raise UploadCorrupted(f"{name} is damaged on disk (its hash no longer matches)")
        try:
            return _deserialise(blob)
        except (ValueError, KeyError, OSError, TypeError, IndexError) as exc:
            raise UploadCorrupted(f"{name} cannot be read ({exc}); upload the file again") from None

    def remove(self, digest: str) -> None:
        path = self._path(digest)
        for file in (path, path.with_suffix(".json")):
            try:
                file.unlink()
            except FileNotFoundError:
                pass

    def legacy(self) -> list[tuple[str, dict]]:
        """(digest, listing) of every stored table, oldest first: the listing the store kept beside
        it before identities existed ({} if none)."""
        if not self.root.is_dir():
            return []
        out = []
        for path in sorted(self.root.glob("*.npz"), key=lambda p: p.stat().st_mtime):
            if DIGEST.match(path.stem):
                try:
                    listing = json.loads(path.with_suffix(".json").read_text())
                except (OSError, ValueError):
                    listing = {}
                out.append((path.stem, listing if isinstance(listing, dict) else {}))
        return out
