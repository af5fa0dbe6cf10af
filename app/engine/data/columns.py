"""The column report: what each column of an uploaded table is, and what to do with it.

Kinds: ``numeric``; ``categorical`` (few text levels); ``text`` (free text, mostly
distinct); ``id`` (one value per row: a name, a ticket, a saved row index); ``constant``;
``mostly_missing`` (over half the cells); ``empty``. Treatments: ``number`` (a feature
as it is), ``one_hot`` (a 0/1 column per level), ``drop``. Columns are numbered from 1.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import numpy as np

from app.engine.data.table import Column, Table

MAX_LEVELS = 20  # one-hot at most this many levels by default
MAX_NUMERIC_CLASSES = 10  # a numeric label with more distinct values looks continuous: a regression target
LABEL_NAMES = ("label", "target", "class", "y", "outcome", "survived", "species", "diagnosis", "category",
               "classes", "result")
ID_NAME = re.compile(r"(^|[\s_])(id|index|idx|key|no|nr|number)$|^id[\s_]", re.I)


@dataclass(frozen=True)
class ColumnReport:
    number: int  # 1-based
    name: str
    kind: str
    levels: int  # distinct values present
    missing: int
    treatment: str  # the suggestion
    why: str
    examples: list[str]
    bad: int = 0  # numeric: text cells read as missing
    as_label: str | None = None  # "ok", or why it cannot be the label
    label_task: str | None = None  # as the label: "classification", "regression" (looks continuous) or None

    def as_json(self) -> dict:
        return asdict(self)


def distinct(column: Column) -> np.ndarray:
    present = column.values[~column.missing]
    return np.unique(present)


def integral(values: np.ndarray) -> bool:
    return bool(values.size) and bool(np.all(np.abs(values - np.round(values)) < 1e-6))


def looks_continuous(column: Column, levels: np.ndarray) -> bool:
    """Numbers with more than MAX_NUMERIC_CLASSES distinct values: a target to regress on."""
    return column.numeric and len(levels) > MAX_NUMERIC_CLASSES


def label_fitness(column: Column, levels: np.ndarray, max_classes: int) -> str:
    """"ok", or why this column cannot be the label (a continuous one is a regression's)."""
    k = len(levels)
    if k == 0:
        return "it is empty"
    if k == 1:
        return "it has one value only"
    if looks_continuous(column, levels):
        return "ok"
    if k > max_classes:
        return f"it has {k} distinct values, over max_classes={max_classes}"
    present = int((~column.missing).sum())
    if k > 2 and k > 0.5 * present:
        return f"nearly every row has its own value ({k} values in {present} rows): an identifier, not classes"
    return "ok"


def describe(column: Column, number: int, max_levels: int = MAX_LEVELS, max_classes: int = 50) -> ColumnReport:
    m = len(column.values)
    missing = int(column.missing.sum())
    present = m - missing
    levels = distinct(column)
    k = len(levels)
    if column.numeric:
        examples = [f"{v:g}" for v in levels[:5]]
    else:
        examples = [column.levels[int(c)] for c in levels[:5]] if column.levels else []
    label = label_fitness(column, levels, max_classes)
    task = None if label != "ok" else "regression" if looks_continuous(column, levels) else "classification"

    def report(kind: str, treatment: str, why: str) -> ColumnReport:
        if kind == "id":  # a row number is never a target
            return ColumnReport(number, column.name, kind, k, missing, treatment, why, examples, column.bad,
                                "it is an identifier (a different value on every row), not a target")
        return ColumnReport(number, column.name, kind, k, missing, treatment, why, examples, column.bad, label, task)

    if present == 0:
        return report("empty", "drop", "every cell is empty")
    if missing > 0.5 * m:
        return report("mostly_missing", "drop", f"{100 * missing / m:.0f}% of its cells are missing")
    if k == 1:
        return report("constant", "drop", "every cell holds the same value: it tells the rows apart by nothing")
    gaps = f"; {missing} missing cells are filled in" if missing else ""
    if column.numeric:
        values = column.values[~column.missing].astype(np.float64)
        one_each = k == present and present >= 10 and integral(values) and np.abs(values).max() < 2**53
        consecutive = one_each and values.max() - values.min() == k - 1
        if one_each and (column.unnamed or ID_NAME.search(column.name) or consecutive):
            return report("id", "drop", "a different whole number on every row (a row number or an id): "
                                        "it would let the model memorise rows")
        stray = f"; {column.bad} cells that are not numbers (such as {column.bad_example!r}) count as missing" \
            if column.bad else ""
        return report("numeric", "number", f"numbers{gaps}{stray}")
    if k <= max_levels:
        return report("categorical", "one_hot", f"{k} levels, one 0/1 column each{gaps}")
    words = [(column.levels or [])[int(c)] for c in levels[:200]]
    if k > 0.5 * present:
        if np.mean([len(w) for w in words]) > 15 or sum(" " in w for w in words) > 0.5 * len(words):
            return report("text", "drop", f"free text ({k} different values): one-hot would make a column per row")
        return report("id", "drop", f"nearly one value per row ({k} values): an identifier, not a feature")
    return report("categorical", "drop", f"{k} levels, over the one-hot cap of {max_levels}: raise the cap to "
                                         "one-hot it")


def column_reports(table: Table, max_levels: int = MAX_LEVELS, max_classes: int = 50) -> list[ColumnReport]:
    return [describe(c, j + 1, max_levels, max_classes) for j, c in enumerate(table.columns)]


def guess_label(reports: list[ColumnReport]) -> tuple[int | None, str]:
    """(0-based column, why): a fit column named like a label, else the last column if it is
    fit; else None (never a guess further in: the user chooses, from the report)."""
    fit = [r for r in reports if r.as_label == "ok"]
    for r in fit:
        if r.name.casefold() in LABEL_NAMES:
            return r.number - 1, f"its name, {r.name!r}, says it is the label"
    if reports and reports[-1].as_label == "ok":
        return len(reports) - 1, "it is the last column"
    if reports:
        last = reports[-1]
        return None, f"no column is named like a label, and the last, {last.name!r}, cannot be one: {last.as_label}"
    return None, "the table has no columns"
