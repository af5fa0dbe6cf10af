# The CSV parser gdviz used before pyarrow (commit 38bad20, app/engine/csvdata.py), kept
# unchanged here only so that bench/csv_upload.py can measure the new reader against it.
"""Parse an uploaded CSV into a classification table, naming the row and
column of anything wrong.

Rules: UTF-8 text (a BOM is fine); comma, semicolon or tab separated (the
most frequent of the three in the first line wins); blank lines skipped; the
header is optional (``header="auto"`` takes the first row as a header when a
feature cell in it is not a number); the label column is chosen by name or
0-based index (negative counts from the end, default -1: the last); every other
column is a finite number; labels may be any text, with 2..max_classes distinct
values, numbered in sorted order (numerically when all labels are numbers).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

import numpy as np

from app.engine.data.datasets import RawData


class CSVError(ValueError):
    """A CSV problem that a user can fix; the message names the place."""


@dataclass(frozen=True)
class CSVLimits:
    max_rows: int = 100_000
    max_columns: int = 1_000
    max_classes: int = 50


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _label_index(label_column: str | int | None, header: list[str] | None, width: int) -> int:
    if label_column is None or label_column == "":
        return width - 1
    if isinstance(label_column, str) and header is not None and label_column in header:
        return header.index(label_column)
    try:
        index = int(label_column)
    except (TypeError, ValueError):
        known = f"; the columns are {', '.join(header)}" if header else " and the file has no header"
        raise CSVError(f"label column {label_column!r} not found{known}") from None
    if not -width <= index < width:
        raise CSVError(f"label column {index} is out of range: the file has {width} columns")
    return index % width


def parse_csv(
    data: bytes,
    label_column: str | int | None = None,
    header: str = "auto",
    limits: CSVLimits = CSVLimits(),
) -> RawData:
    """bytes of a CSV file -> RawData(X (m, d), y (m,), feature names, class names)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CSVError(f"the file is not UTF-8 text (byte {exc.start} cannot be decoded)") from None
    if "\x00" in text:
        raise CSVError("the file contains NUL bytes: it is not a text CSV")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    if not first_line:
        raise CSVError("the file is empty")
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first_line))

    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            if not cells or all(not c.strip() for c in cells):
                continue
            rows.append((reader.line_num, [c.strip() for c in cells]))
            if len(rows) > limits.max_rows + 1:
                raise CSVError(f"the file has more than max_rows={limits.max_rows} data rows")
    except csv.Error as exc:
        raise CSVError(f"line {reader.line_num}: {exc}") from None

    if not rows:
        raise CSVError("the file has no data: every row is empty")
    width = len(rows[0][1])
    if width < 2:
        raise CSVError("the file needs at least two columns: one feature and the label")
    if width > limits.max_columns + 1:
        raise CSVError(f"the file has {width - 1} feature columns; the limit is "
                       f"max_columns={limits.max_columns}")

    if header not in ("auto", "yes", "no"):
        raise CSVError("header must be auto, yes or no")
    first = rows[0][1]
    has_header = header == "yes"
    if header == "auto":
        guess = _label_index(label_column if isinstance(label_column, int) else None, None, width)
        named_label = isinstance(label_column, str) and label_column in first
        has_header = named_label or any(
            _number(c) is None for i, c in enumerate(first) if i != guess
        )
    names = first if has_header else None
    label = _label_index(label_column, names, width)
    body = rows[1:] if has_header else rows
    if names is None:
        names = [f"x{i + 1}" for i in range(width)]
        names[label] = "label"
    if len(body) < 2:
        raise CSVError("the file needs at least two data rows")
    if len(body) > limits.max_rows:
        raise CSVError(f"the file has more than max_rows={limits.max_rows} data rows")

    feature_cols = [i for i in range(width) if i != label]
    X = np.empty((len(body), len(feature_cols)))
    labels: list[str] = []
    for r, (line, cells) in enumerate(body):
        if len(cells) != width:
            raise CSVError(f"row {line} has {len(cells)} columns; the first row has {width}")
        for j, col in enumerate(feature_cols):
            value = _number(cells[col])
            if value is None or not math.isfinite(value):
                what = "is empty" if not cells[col] else f"has {cells[col][:40]!r}, not a finite number"
                raise CSVError(f"row {line}, column {col + 1} ({names[col]!r}) {what}")
            X[r, j] = value
        if not cells[label]:
            raise CSVError(f"row {line}, column {label + 1} ({names[label]!r}): the label is empty")
        labels.append(cells[label])

    distinct = set(labels)
    if len(distinct) < 2:
        raise CSVError(f"the label column {names[label]!r} has only one class; at least 2 are needed")
    if len(distinct) > limits.max_classes:
        raise CSVError(f"the label column {names[label]!r} has {len(distinct)} distinct values; "
                       f"the limit is max_classes={limits.max_classes}")
    numeric = all(_number(v) is not None for v in distinct)
    classes = sorted(distinct, key=lambda v: (float(v), v) if numeric else (0.0, v))
    index = {c: k for k, c in enumerate(classes)}
    y = np.array([index[v] for v in labels], dtype=np.int64)
    return RawData(X, y, [names[i] for i in feature_cols], classes, "Uploaded CSV")
