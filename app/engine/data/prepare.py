"""The preparation recipe: an uploaded Table -> model inputs, with scikit-learn.

A Recipe names the label column and each column's treatment (the report's suggestion
unless overridden), how to handle missing cells and how to scale. ``prepare_table``
splits the rows (seeded), then fits one ColumnTransformer on the training rows only:

    numbers with gaps   SimpleImputer(median) -> scaler      plus a MissingIndicator column each
    numbers             scaler                               (standardiser(), MinMaxScaler or none)
    one-hot columns     SimpleImputer(most_frequent) -> OneHotEncoder(max_categories=max_levels)

and transforms both splits. X_train (m, d) and X_test (m_test, d) come out float64; the
label's classes are its levels in sorted order (numbers in numeric order). The ``task``
"auto" makes a continuous number column (the report's label_task) a regression target:
y is then its float64 values, with no classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from app.engine.data.columns import MAX_LEVELS, ColumnReport, column_reports, guess_label
from app.engine.data.scaling import standardiser
from app.engine.data.table import Table
from app.engine.errors import UserError
from app.engine.params import Task

Array = np.ndarray
TREATMENTS = ("auto", "number", "one_hot", "drop")
MISSING = ("impute", "drop_rows")
SCALES = ("standard", "minmax", "none")
TASKS = ("auto", "classification", "regression")


class PrepareError(UserError):
    """The recipe cannot make a data set from this table; the message lists every reason."""


@dataclass(frozen=True)
class Recipe:
    label: str | int | None = None  # a column name (any case) or number (1 = first, -1 = last); None: the guess
    columns: tuple[tuple[str, str], ...] = ()  # (column name, treatment) overriding the suggestion
    missing: str = "impute"
    scale: str = "standard"
    max_levels: int = MAX_LEVELS
    task: str = "auto"  # or classification / regression: what the label is for


@dataclass
class Prepared:
    X_train: Array
    y_train: Array
    X_test: Array
    y_test: Array
    feature_names: list[str]
    class_names: list[str]
    label: str
    treatments: dict[str, str]  # column name -> what was done
    rows_dropped: int
    notes: list[str] = field(default_factory=list)
    task: Task = "classification"


def load_sklearn() -> None:
    """Import the parts of scikit-learn that preparing uses (the server does it at start-up,
    in the background)."""
    import sklearn.compose  # noqa: F401
    import sklearn.impute  # noqa: F401
    import sklearn.pipeline  # noqa: F401
    import sklearn.preprocessing  # noqa: F401

    standardiser()


def _scaler(scale: str) -> object:
    from sklearn.preprocessing import MinMaxScaler
    return {"standard": standardiser()(), "minmax": MinMaxScaler(), "none": "passthrough"}[scale]


def resolve_label(table: Table, recipe: Recipe, reports: list[ColumnReport]) -> tuple[int, list[str]]:
    """The label's 0-based column and notes; PrepareError when it cannot be a label."""
    guess, why = guess_label(reports)
    fit = [f"{r.name!r} (column {r.number})" for r in reports if r.as_label == "ok"][:5]
    suggestion = f"; columns that could be the label: {', '.join(fit)}" if fit else ""
    if recipe.label is None:
        if guess is None:
            raise PrepareError(f"no column can be the label ({why}){suggestion}")
        return guess, [f"label: {reports[guess].name!r}, because {why}"]
    try:
        index = table.find(recipe.label)
    except KeyError as exc:
        raise PrepareError(f"label: {exc.args[0]}") from None
    report = reports[index]
    if report.as_label != "ok":
        raise PrepareError(f"the label column {report.name!r} (column {report.number}) cannot be the label: "
                           f"{report.as_label}{suggestion}")
    return index, [f"label: {report.name!r}"]


def label_task(table: Table, recipe: Recipe, report: ColumnReport) -> Task:
    """classification or regression: the recipe's, else the label column's (PrepareError when
    the two cannot go together)."""
    if recipe.task not in TASKS:
        raise PrepareError(f"task must be one of {', '.join(TASKS)}")
    natural: Task = "regression" if report.label_task == "regression" else "classification"
    if recipe.task == "auto" or recipe.task == natural:
        return natural
    if recipe.task == "regression":
        if not table.columns[report.number - 1].numeric:
            raise PrepareError(f"regression needs a number label, and {report.name!r} holds text "
                               f"({', '.join(report.examples[:3])}): choose task classification")
        return "regression"
    raise PrepareError(f"{report.name!r} looks continuous ({report.levels} distinct numbers such as "
                       f"{', '.join(report.examples[:3])}): classes would be one per value; choose task regression")


def label_values(table: Table, index: int, task: str = "classification") -> tuple[Array, list[str], Array]:
    """(y (m,) class numbers, class names, (m,) bool: has a label); a regression's y is the
    column's float64 values, with no class names."""
    column = table.columns[index]
    has = ~column.missing
    if task == "regression":
        return np.where(has, column.values, 0.0).astype(np.float64), [], has
    if column.numeric:
        values = column.values.astype(np.float64)
        classes = np.unique(values[has])
        y = np.searchsorted(classes, np.where(has, values, classes[0]))
        return y.astype(np.int64), [f"{v:g}" for v in classes], has
    levels = column.levels or []
    used = np.unique(column.values[has])
    remap = np.full(len(levels), -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    y = np.where(has, remap[np.maximum(column.values, 0)], 0)
    return y.astype(np.int64), [levels[int(k)] for k in used], has


def treatments(table: Table, recipe: Recipe, label: int, reports: list[ColumnReport]) -> dict[int, str]:
    """0-based column -> number, one_hot or drop: the recipe's choice, else the report's."""
    chosen = {}
    problems = []
    for name, treatment in recipe.columns:
        if treatment not in TREATMENTS:
            problems.append(f"column {name!r}: treatment {treatment!r} is not one of {', '.join(TREATMENTS)}")
            continue
        try:
            chosen[table.find(name)] = treatment
        except KeyError as exc:
            problems.append(exc.args[0])
    out = {}
    for j, report in enumerate(reports):
        if j == label:
            continue
        treatment = chosen.get(j, "auto")
        if treatment == "auto":
            treatment = report.treatment
        if treatment == "number" and not table.columns[j].numeric:
            problems.append(f"column {report.name!r} holds text ({', '.join(report.examples[:3])}): "
                            "one-hot it or drop it")
            continue
        out[j] = treatment
    if problems:
        raise PrepareError("; ".join(problems))
    return out


def prepare_table(table: Table, recipe: Recipe, test_fraction: float, seed: int,
                  split: object, max_classes: int = 50, reports: list[ColumnReport] | None = None) -> Prepared:
    """Apply ``recipe``; ``split(m, test_fraction, seed)`` -> (train, test) row indices. ``reports``:
    the table's column reports for this recipe's level cap, when the caller has made them already."""
    from sklearn.compose import ColumnTransformer  # scikit-learn loads on first use, not at import
    from sklearn.impute import MissingIndicator, SimpleImputer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder

    if recipe.missing not in MISSING or recipe.scale not in SCALES:
        raise PrepareError(f"missing must be one of {', '.join(MISSING)} and scale one of {', '.join(SCALES)}")
    if reports is None:
        reports = column_reports(table, recipe.max_levels, max_classes)
    label, notes = resolve_label(table, recipe, reports)
    plan = treatments(table, recipe, label, reports)
    used = [j for j, t in plan.items() if t != "drop"]
    if not used:
        raise PrepareError("every feature column is dropped: keep at least one (the report suggests which)")
    task = label_task(table, recipe, reports[label])
    if task == "regression":
        notes.append(f"task: regression on {reports[label].name!r} (a number with {reports[label].levels} values)")
    y, classes, has_label = label_values(table, label, task)
    keep = has_label.copy()
    if recipe.missing == "drop_rows":
        for j in used:
            keep &= ~table.columns[j].missing
    rows = np.flatnonzero(keep)
    if len(rows) < 3:
        why = ("with a label and no missing cell: fill missing cells in instead (missing = impute)"
               if recipe.missing == "drop_rows" else "with a label")
        raise PrepareError(f"only {len(rows)} rows are left {why}; at least 3 are needed")
    y = y[rows]
    present = np.unique(y)
    if len(present) < 2:
        raise PrepareError(f"the rows left hold one {'value' if task == 'regression' else 'class'} of "
                           f"{table.columns[label].name!r} only")
    if task == "classification" and len(present) < len(classes):  # classes whose rows were all dropped
        classes = [classes[k] for k in present]
        y = np.searchsorted(present, y)
    number = [j for j in used if plan[j] == "number"]
    onehot = [j for j in used if plan[j] == "one_hot"]
    gaps = [j for j in used if table.columns[j].missing[rows].any()]
    X = np.empty((len(rows), len(used)), dtype=np.float64)
    for k, j in enumerate(used):
        column = table.columns[j]
        X[:, k] = column.values[rows] if column.numeric else np.where(column.values[rows] >= 0,
                                                                      column.values[rows], np.nan)
    at = {j: k for k, j in enumerate(used)}
    parts = []
    full = [at[j] for j in number if j not in gaps]
    holes = [at[j] for j in number if j in gaps]
    if full:
        parts.append(("number", _scaler(recipe.scale), full))
    if holes:
        parts.append(("filled", Pipeline([("impute", SimpleImputer(strategy="median")),
                                          ("scale", _scaler(recipe.scale))]), holes))
    if onehot:
        parts.append(("one_hot", Pipeline([
            ("impute", SimpleImputer(strategy="most_frequent")),
            ("encode", OneHotEncoder(handle_unknown="infrequent_if_exist", max_categories=recipe.max_levels,
                                     sparse_output=False))]), [at[j] for j in onehot]))
    if gaps:
        parts.append(("missing", MissingIndicator(features="all", error_on_new=False), [at[j] for j in gaps]))
    transformer = ColumnTransformer(parts, remainder="drop", sparse_threshold=0.0)
    train, test = split(len(rows), test_fraction, seed)  # type: ignore[operator]
    # row-major (the transformer stacks columns): a mini-batch's rows are then contiguous, and no run copies X
    X_train = transformer.fit_transform(X[train]).astype(np.float64, order="C")
    X_test = (transformer.transform(X[test]).astype(np.float64, order="C") if len(test)
              else np.empty((0, X_train.shape[1])))
    names = [table.columns[j].name for j in number if j not in gaps]
    names += [table.columns[j].name for j in number if j in gaps]
    if onehot:
        encoder = transformer.named_transformers_["one_hot"].named_steps["encode"]
        for j, categories in zip(onehot, encoder.categories_, strict=True):
            column = table.columns[j]
            rare = getattr(encoder, "infrequent_categories_", None)
            rare = rare[onehot.index(j)] if rare is not None else None
            infrequent = set(rare.tolist()) if rare is not None else set()
            shown = [c for c in categories if c not in infrequent]
            names += [f"{column.name}={(column.levels or [])[int(c)]}" for c in shown]
            names += [f"{column.name}=other"] if infrequent else []
    names += [f"{table.columns[j].name} missing" for j in gaps]
    if len(names) != X_train.shape[1]:  # a bug, not the user's: never a mislabelled feature
        raise RuntimeError(f"{len(names)} feature names for {X_train.shape[1]} columns")
    done = {table.columns[j].name: ("label" if j == label else plan.get(j, "drop")) for j in range(len(table.columns))}
    for j in gaps:
        done[table.columns[j].name] += " (missing filled in, plus a missing column)" \
            if recipe.missing == "impute" else ""
    return Prepared(X_train, y[train], X_test, y[test], names, classes, table.columns[label].name, done,
                    int(len(table.columns[0].values) - len(rows)), notes, task)
