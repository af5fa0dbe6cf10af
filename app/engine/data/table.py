"""An uploaded table as read, before any preparation: typed columns with their gaps.

A numeric column holds float32 values (float64 when they pass float32's range) with
NaN for a missing cell; a text column
holds int32 codes into its sorted levels, with -1 for a missing cell. Rows are
numbered as the file's lines (``first_line`` is the line of data row 0), columns
from 1, the same way in every message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

Array = np.ndarray


@dataclass
class Column:
    name: str
    values: Array  # numeric: float32 (or float64 past float32's range) (m,), NaN = missing; text: int32 codes
    levels: list[str] | None = None  # None for a numeric column
    unnamed: bool = False  # the header cell was empty (a saved row index, usually)
    bad: int = 0  # a numeric column: cells that were not numbers, read as missing
    bad_example: str | None = None  # the first such cell, as written

    @property
    def numeric(self) -> bool:
        return self.levels is None

    @property
    def missing(self) -> Array:
        """(m,) bool: which cells are missing."""
        return np.isnan(self.values) if self.numeric else self.values < 0


@dataclass
class Table:
    columns: list[Column]
    file_name: str = ""
    header: bool = True
    delimiter: str = ","
    decimal: str = "."
    encoding: str = "utf-8"
    compression: str = "none"
    preview: list[list[str]] = field(default_factory=list)  # the first data rows, as written
    first_line: int = 2  # the file line of data row 0

    @property
    def n_rows(self) -> int:
        return len(self.columns[0].values) if self.columns else 0

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def find(self, key: str | int) -> int:
        """A column's 0-based position from its name (case-insensitive) or its number
        (1 = the first column, -1 = the last). KeyError with the choices if none."""
        if isinstance(key, int) or (isinstance(key, str) and key.lstrip("-").isdigit()
                                     and key.casefold() not in [n.casefold() for n in self.names]):
            number = int(key)
            if 1 <= number <= len(self.columns):
                return number - 1
            if -len(self.columns) <= number <= -1:
                return len(self.columns) + number
            raise KeyError(f"there is no column {number}: the table has columns 1 to {len(self.columns)}")
        folded = [n.casefold() for n in self.names]
        if key.casefold() in folded:
            return folded.index(key.casefold())
        raise KeyError(f"there is no column {key!r}; the columns are {', '.join(map(repr, self.names[:20]))}"
                       + (", ..." if len(self.names) > 20 else ""))
