"""Uploaded tables on disk, content-addressed and written atomically.

A table is stored as ``<data_dir>/uploads/<digest>.npz`` where ``digest`` is the
SHA-256 of the file's bytes; its id is ``u_`` + the first 32 hex digits. The
file is written to a temporary name in the same directory, flushed, fsynced and
renamed, so a reader (another worker, or the server after a restart) sees a
whole file or none. Loading re-hashes the bytes, so a file damaged on disk is
reported, never half-read. Ids are checked against a strict pattern before
they touch the filesystem.
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

from app.engine.data.datasets import RawData
from app.engine.errors import NotFound, UserError

ID_PATTERN = re.compile(r"^u_[0-9a-f]{32}$")


class UploadNotFound(NotFound):
    pass


class UploadCorrupted(UserError):
    pass


def is_upload_id(name: str) -> bool:
    return bool(ID_PATTERN.match(name))


def _serialise(table: RawData) -> bytes:
    meta = json.dumps({"features": table.feature_names, "classes": table.class_names,
                       "description": table.description}, sort_keys=True)
    buffer = io.BytesIO()
    np.savez(buffer, X=np.ascontiguousarray(table.X, dtype=np.float64),
             y=np.ascontiguousarray(table.y, dtype=np.int64),
             meta=np.frombuffer(meta.encode(), dtype=np.uint8))
    return buffer.getvalue()


class UploadStore:
    def __init__(self, data_dir: Path):
        self.root = Path(data_dir) / "uploads"

    def _path(self, upload_id: str) -> tuple[Path, str]:
        if not is_upload_id(upload_id):
            raise UploadNotFound(f"no data set called {upload_id!r}: see GET /api/datasets, or upload one "
                                 "with POST /api/datasets")
        prefix = upload_id[2:]
        matches = sorted(self.root.glob(f"{prefix}*.npz")) if self.root.is_dir() else []
        if not matches:
            raise UploadNotFound(f"no data set called {upload_id!r}: see GET /api/datasets, or upload one "
                                 "with POST /api/datasets")
        return matches[0], matches[0].stem

    def save(self, table: RawData) -> str:
        """Store ``table``; returns its id. Saving the same table twice is a no-op."""
        blob = _serialise(table)
        digest = hashlib.sha256(blob).hexdigest()
        self.root.mkdir(parents=True, exist_ok=True)
        final = self.root / f"{digest}.npz"
        if not final.exists():
            fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".upload-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(blob)
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(tmp, final)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        return "u_" + digest[:32]

    def load(self, upload_id: str) -> RawData:
        """The table stored under ``upload_id``; UploadNotFound or UploadCorrupted."""
        path, digest = self._path(upload_id)
        blob = path.read_bytes()
        if hashlib.sha256(blob).hexdigest() != digest:
            raise UploadCorrupted(f"upload {upload_id} is damaged on disk (its hash no longer matches)")
        try:
            with np.load(io.BytesIO(blob), allow_pickle=False) as npz:
                meta = json.loads(npz["meta"].tobytes().decode())
                return RawData(npz["X"], npz["y"], meta["features"], meta["classes"],
                               meta.get("description", ""))
        except (ValueError, KeyError, OSError) as exc:
            raise UploadCorrupted(f"upload {upload_id} cannot be read: {exc}") from None
