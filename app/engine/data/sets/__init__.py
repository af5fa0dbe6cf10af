"""The built-in data sets: every module here that declares ``SETS`` (record.py's DataSet), found
at import, in menu order. Adding a set is adding its module (or its record to one): the catalogue,
the schemas, GET /api/datasets, the menus and the maths panel take it from here.

    two_d.py          blobs, moons, circles, xor, spiral: 2-D, two classes
    checkerboard.py   a 4×4 board of alternating classes: 2-D, no line fits it
    one_d.py          line1d (classes), line, far_line, sine (regressions): one feature
    bundled.py        breast_cancer, iris, digits, digit_vs_rest, diabetes: scikit-learn's files
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping

from app.engine.data.raw import RawData
from app.engine.data.sets.record import DataSet
from app.engine.errors import UserError
from app.engine.params import Entry, Value


def _found() -> dict[str, DataSet]:
    found: list[DataSet] = []
    for module in pkgutil.iter_modules(__path__):
        found += getattr(importlib.import_module(f"{__name__}.{module.name}"), "SETS", ())
    return {s.name: s for s in sorted(found, key=lambda s: (s.order, s.name))}


REGISTRY = _found()  # name -> DataSet


def entries() -> list[Entry]:
    """The built-in sets as the catalogue lists them (uploads are listed by GET /api/datasets)."""
    return [s.entry() for s in REGISTRY.values()]


def load_raw(name: str, options: Mapping[str, Value], seed: int) -> RawData:
    """The built-in table ``name``, made with its parameters' values from ``options``."""
    found = REGISTRY.get(name)
    if found is None:
        raise UserError(f"unknown data set {name!r}")
    return found.make(found.options(options), seed)
