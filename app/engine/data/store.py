"""Uploaded tables on disk, content-addressed and written atomically.

A table is stored as ``<data_dir>/uploads/<digest>.npz`` where ``digest`` is the
SHA-256 of the stored bytes; its id is ``u_`` + the first 32 hex digits. Numeric
columns are one float32 matrix (NaN: missing; those past float32's range one
float64 matrix), text columns one int32 matrix of codes (-1: missing) with their
levels in the metadata. Beside it, ``<digest>.json``
holds what listing needs (file name, shape, the default preparation's classes),
so the list never opens a table. Files are written to a temporary name in the same
directory, fsynced and renamed, so a reader (another worker, or the server after a
restart) sees a whole file or none. Loading re-hashes the bytes, so a file damaged
on disk is reported, never half-read. Ids are checked against a strict pattern
before they touch the filesystem.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
from pathlib import Path

import numpy as np

from app.engine.data.table import Column, Table
from app.engine.errors import LimitExceeded, NotFound, UserError
from app.engine.locks import locked_file

ID_PATTERN = re.compile(r"^u_[0-9a-f]{32}$")
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
    def __init__(self, data_dir: Path):
        self.root = Path(data_dir) / "uploads"

    def _path(self, upload_id: str) -> tuple[Path, str]:
        missing = UploadNotFound(f"no data set called {upload_id[:40]!r}: see GET /api/datasets, or upload one "
                                 "with POST /api/datasets")
        if not is_upload_id(upload_id):
            raise missing
        prefix = upload_id[2:]
        matches = sorted(self.root.glob(f"{prefix}*.npz")) if self.root.is_dir() else []
        if not matches:
            raise missing
        return matches[0], matches[0].stem

    def save(self, table: Table, summary: dict | None = None, max_uploads: int | None = None) -> str:
        """Store ``table`` (and its listing ``summary``); returns its id. The same table twice
        is stored once. With ``max_uploads``, a new table beyond that many is refused
        (LimitExceeded): the count and the write happen under one lock, so two workers saving at
        once cannot both take the last place."""
        blob = _serialise(table)
        digest = hashlib.sha256(blob).hexdigest()
        upload_id = "u_" + digest[:32]
        final = self.root / f"{digest}.npz"
        with locked_file(self.root / ".lock"):  # this store to itself, across worker processes
            if not final.exists():
                stored = len(self.ids())
                if max_uploads is not None and stored >= max_uploads:
                    raise LimitExceeded("the number of stored uploads", stored, "max_uploads", max_uploads,
                                        "delete one with DELETE /api/datasets/{name}")
                _write_atomically(final, blob)
            _write_atomically(final.with_suffix(".json"),
                              json.dumps({**(summary or {}), "name": upload_id}).encode())
        return upload_id

    def load(self, upload_id: str) -> Table:
        """The table stored under ``upload_id``; UploadNotFound or UploadCorrupted."""
        path, digest = self._path(upload_id)
        blob = path.read_bytes()
        if hashlib.sha256(blob).hexdigest() != digest:
            raise UploadCorrupted(f"upload {upload_id} is damaged on disk (its hash no longer matches)")
        try:
            return _deserialise(blob)
        except (ValueError, KeyError, OSError, TypeError, IndexError) as exc:
            raise UploadCorrupted(f"upload {upload_id} cannot be read ({exc}); upload the file again") from None

    def summary(self, upload_id: str) -> dict:
        path, _ = self._path(upload_id)
        try:
            return json.loads(path.with_suffix(".json").read_text())
        except (OSError, ValueError):
            return {"name": upload_id}

    def ids(self) -> list[str]:
        """Every stored upload, oldest first."""
        if not self.root.is_dir():
            return []
        tables = sorted(self.root.glob("*.npz"), key=lambda p: p.stat().st_mtime)
        return ["u_" + p.stem[:32] for p in tables if re.fullmatch(r"[0-9a-f]{64}", p.stem)]

    def delete(self, upload_id: str) -> None:
        path, _ = self._path(upload_id)
        for file in (path, path.with_suffix(".json")):
            try:
                file.unlink()
            except FileNotFoundError:
                pass
