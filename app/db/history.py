"""A run's history as columns: every recorded number of one kind in one float64
array, stored as one compressed blob per run (never one database row per number).

Records are the trainer's ``StepRecord.to_dict()`` dicts. Every key whose values are
numbers (or None) becomes a column; a list (``layer_grads``) becomes one column
per position (``layer_grads.0``, ``layer_grads.1`` ..., as wide as the widest; a list
that is empty in every record is left out); ``params`` is left out too (a
saved run keeps the last step's parameters on their own). Missing and null values
are stored as NaN and read back as None.

The blob: the columns one after another as little-endian float64, byte-shuffled
(the 1st bytes of every value, then the 2nd ...: steps, epochs and slowly moving
losses then share their high bytes) and zlib-compressed. The checksum is SHA-256
over the unshuffled bytes (and the parameters'), so a read can prove it got back what was written.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

FLOAT = np.dtype("<f8")
LEVEL = 6  # zlib: 9 saves 1-2% more at twice the time
SKIPPED = ("params",)


@dataclass(frozen=True)
class Packed:
    columns: list[str]
    n_records: int
    blob: bytes
    raw: bytes  # the array's own bytes, before shuffling and compression


def to_array(records: Sequence[Mapping[str, Any]]) -> tuple[list[str], np.ndarray]:
    """The records as (column names, float64 array of shape (n_columns, n_records))."""
    columns: list[str] = []
    rows: list[np.ndarray] = []
    for key in dict.fromkeys(k for record in records for k in record if k not in SKIPPED):
        values = [record.get(key) for record in records]
        lists = [v for v in values if isinstance(v, list | tuple)]
        if not lists:
            try:
                rows.append(np.array(values, dtype=FLOAT))  # None -> NaN
            except (TypeError, ValueError) as exc:
                raise TypeError(f"history field {key!r} holds something other than numbers") from exc
            columns.append(key)
            continue
        if len(lists) + values.count(None) != len(values):
            raise TypeError(f"history field {key!r} mixes lists and single values")
        block = np.full((max(map(len, lists)), len(values)), np.nan, dtype=FLOAT)
        for j, value in enumerate(values):
            if value:
                block[: len(value), j] = np.array(value, dtype=FLOAT)
        rows.extend(block)
        columns += [f"{key}.{i}" for i in range(len(block))]
    return columns, np.stack(rows) if rows else np.empty((0, len(records)), dtype=FLOAT)


def shuffle(raw: bytes) -> bytes:
    return np.frombuffer(raw, dtype=np.uint8).reshape(-1, FLOAT.itemsize).T.tobytes()


def unshuffle(data: bytes) -> bytes:
    return np.frombuffer(data, dtype=np.uint8).reshape(FLOAT.itemsize, -1).T.tobytes()


def pack(records: Sequence[Mapping[str, Any]]) -> Packed:
    columns, table = to_array(records)
    raw = table.tobytes()
    return Packed(columns, len(records), zlib.compress(shuffle(raw), LEVEL), raw)


def unpack(blob: bytes, columns: Sequence[str], n_records: int) -> tuple[np.ndarray, bytes]:
    """(array of shape (n_columns, n_records), its bytes); ValueError when the blob does not hold that shape."""
    raw = unshuffle(zlib.decompress(blob))
    table = np.frombuffer(raw, dtype=FLOAT).reshape(len(columns), n_records)
    return table, raw


def checksum(*parts: bytes | None) -> str:
    """SHA-256 over the parts' bytes, each preceded by its length (None: no bytes at all)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(b"-" if part is None else len(part).to_bytes(8, "little") + part)
    return digest.hexdigest()


def records(columns: Sequence[str], table: np.ndarray) -> list[dict[str, Any]]:
    """The columns back as record dicts: NaN as None, ``step`` as an int, ``x.i`` columns as lists."""
    lists: dict[str, list[int]] = {}
    for i, name in enumerate(columns):
        key, dot, _ = name.partition(".")
        if dot:
            lists.setdefault(key, []).append(i)
    values = [[None if v != v else v for v in row] for row in table.tolist()]  # NaN != NaN
    out: list[dict[str, Any]] = []
    for j in range(table.shape[1]):
        record: dict[str, Any] = {}
        for i, name in enumerate(columns):
            key, dot, _ = name.partition(".")
            if not dot:
                record[name] = values[i][j]
            elif key not in record:
                record[key] = [values[k][j] for k in lists[key]]
        if record.get("step") is not None:
            record["step"] = int(record["step"])
        out.append(record)
    return out


def pack_floats(values: Sequence[float | None] | None) -> bytes | None:
    if values is None:
        return None
    return np.array([np.nan if v is None else v for v in values], dtype=FLOAT).tobytes()


def unpack_floats(blob: bytes | None) -> list[float | None] | None:
    if blob is None:
        return None
    return [None if v != v else v for v in np.frombuffer(blob, dtype=FLOAT).tolist()]
