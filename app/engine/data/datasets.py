"""Data sets: synthetic, bundled (scikit-learn's files, offline) and uploaded.

``load_dataset(spec)`` makes a ``Dataset``: raw features -> feature map (1-D and
2-D sets) -> seeded train/test split -> standardisation fitted on the train part
(a regression's target too). An upload goes through its preparation recipe instead
(app.engine.data.prepare).

A data set's ``task`` is ``classification`` (y holds labels 0..K-1) or
``regression`` (y holds real numbers, and there are no classes: n_classes = 0).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from app.engine.data import sets
from app.engine.data.prepare import Recipe, prepare_table
from app.engine.data.raw import RawData
from app.engine.data.scaling import standardisation
from app.engine.data.table import Table
from app.engine.errors import UserError
from app.engine.params import Param, Task, Value

Array = np.ndarray

# Feature map for 2-D sets, as in TF Playground: id -> (label, function of x1, x2). A 1-D set
# takes the ones of x1 alone (ONE_D), named with x.
FEATURE_MAP: dict[str, tuple[str, Callable[[Array, Array], Array]]] = {
    "x1": ("x1", lambda a, b: a),
    "x2": ("x2", lambda a, b: b),
    "x1_sq": ("x1^2", lambda a, b: a**2),
    "x2_sq": ("x2^2", lambda a, b: b**2),
    "x1_x2": ("x1*x2", lambda a, b: a * b),
    "sin_x1": ("sin(x1)", lambda a, b: np.sin(a)),
    "sin_x2": ("sin(x2)", lambda a, b: np.sin(b)),
}
ONE_D = ("x1", "x1_sq", "sin_x1")

SEED = Param("seed", "Seed", "Seeds every random choice: the data, the split, the start, the batches.", 0,
             kind="int", low=0, high=2**32 - 1)
STANDARDIZE = Param("standardize", "Standardise features", "Centre and scale each feature on the training "
                    "part (zero mean, unit variance); a regression's target too.", True, kind="bool")
TEST_FRACTION = Param("test_fraction", "Test fraction", "The share of rows held out to test on.", 0.2,
                      low=0.0, high=0.9, slider=(0.0, 0.5), step=0.05)
PREPARATION = (SEED, STANDARDIZE, TEST_FRACTION)  # every data set's options


@dataclass(frozen=True)
class DatasetSpec:
    """What to load. ``options``: the values of a built-in set's own parameters (a synthetic set's
    n_samples and noise, digit_vs_rest's digit; each set reads its own, a missing one is its
    default); ``features`` (ids of FEATURE_MAP) apply to 2-D sets, ``recipe`` to uploads."""

    name: str = "blobs"
    seed: int = 0
    standardize: bool = True
    test_fraction: float = 0.2
    features: tuple[str, ...] | None = None
    recipe: Recipe | None = None  # uploads: how to prepare the table (None: the report's suggestions)
    options: Mapping[str, Value] = field(default_factory=dict)

    @classmethod
    def of(cls, name: str = "blobs", **values: Any) -> DatasetSpec:
        """A spec from keyword arguments (notebooks, tests): the spec's own fields, and any set's
        parameters by name: DatasetSpec.of("moons", n_samples=100, noise=0.2, seed=3)."""
        own = {f.name for f in fields(cls)} - {"options"}
        return cls(name, **{k: v for k, v in values.items() if k in own},
                   options={k: v for k, v in values.items() if k not in own})


@dataclass
class Dataset:
    """A split, standardised data set ready for training.

    X_train (m, d), y_train (m,), X_test (m_test, d), y_test (m_test,); ``raw_*``
    keep the points before the feature map and scaling (for scatter plots), and
    ``transform`` maps raw points the same way (for decision-boundary grids).
    A regression's y is standardised as y = (y_raw - y_mean) / y_scale (0 and 1 when
    it is not), so ``raw_target`` turns predictions back into the target's units.
    """

    name: str
    X_train: Array
    y_train: Array
    X_test: Array
    y_test: Array
    feature_names: list[str]
    class_names: list[str]
    raw_train: Array
    raw_test: Array
    features: tuple[str, ...] | None = None
    mean: Array = field(default_factory=lambda: np.zeros(0))
    scale: Array = field(default_factory=lambda: np.ones(0))
    task: Task = "classification"
    target_name: str = "y"
    y_mean: float = 0.0
    y_scale: float = 1.0

    @property
    def n_classes(self) -> int:
        """K, or 0 for a real-valued target."""
        return len(self.class_names)

    def raw_target(self, y: Array) -> Array:
        """A regression's standardised y (or predictions) back in the target's units; labels as they are."""
        if self.task != "regression":
            return np.asarray(y)
        return np.asarray(y) * self.y_scale + self.y_mean

    @property
    def n_features(self) -> int:
        return self.X_train.shape[1]

    def transform(self, raw: Array) -> Array:
        """Raw points (n, d_raw) -> model inputs (n, d), as the training data was."""
        X = apply_feature_map(raw, self.features) if self.features else raw
        return (X - self.mean) / self.scale if self.mean.size else X


def apply_feature_map(raw: Array, features: tuple[str, ...]) -> Array:
    """(n, 2) points -> (n, len(features)) columns chosen from FEATURE_MAP; (n, 1) points
    take those of ONE_D."""
    if raw.shape[1] not in (1, 2):
        raise UserError("a feature map needs a 1-D or 2-D data set")
    allowed = ONE_D if raw.shape[1] == 1 else tuple(FEATURE_MAP)
    unknown = [f for f in features if f not in allowed]
    if unknown:
        raise UserError(
            f"feature(s) {', '.join(unknown)} do not apply here; choose from {', '.join(allowed)}"
        )
    if not features:
        raise UserError("choose at least one feature")
    b = raw[:, 1] if raw.shape[1] == 2 else raw[:, 0]
    return np.column_stack([FEATURE_MAP[f][1](raw[:, 0], b) for f in features])


def feature_label(feature: str, one_d: bool) -> str:
    label = FEATURE_MAP[feature][0]
    return label.replace("x1", "x") if one_d else label


def split_indices(m: int, test_fraction: float, seed: int) -> tuple[Array, Array]:
    """A seeded permutation cut into train and test index arrays."""
    if not 0.0 <= test_fraction < 1.0:
        raise UserError("test_fraction must be in [0, 1)")
    order = np.random.default_rng(np.random.SeedSequence([seed, 1])).permutation(m)
    n_test = int(round(test_fraction * m))
    n_test = min(n_test, m - 2)
    return np.sort(order[n_test:]), np.sort(order[:n_test])


def prepare(raw: RawData, spec: DatasetSpec, name: str) -> Dataset:
    """Feature map, split and standardise a raw table (a regression's target too)."""
    features = tuple(spec.features) if spec.features else None
    X = apply_feature_map(raw.X, features) if features else raw.X
    one_d = raw.X.shape[1] == 1
    feature_names = [feature_label(f, one_d) for f in features] if features else raw.feature_names
    train, test = split_indices(len(raw.y), spec.test_fraction, spec.seed)
    mean = np.zeros(0)
    scale = np.ones(0)
    X_train, X_test = X[train], X[test]
    y_train, y_test = raw.y[train], raw.y[test]
    y_mean, y_scale = 0.0, 1.0
    if spec.standardize:
        mean, scale = standardisation(X_train)
        X_train, X_test = (X_train - mean) / scale, (X_test - mean) / scale
        if raw.task == "regression":
            y_mean, y_scale = target_scaling(y_train)
            y_train, y_test = (y_train - y_mean) / y_scale, (y_test - y_mean) / y_scale
    return Dataset(
        name=name,
        X_train=np.ascontiguousarray(X_train),
        y_train=y_train,
        X_test=np.ascontiguousarray(X_test),
        y_test=y_test,
        feature_names=feature_names,
        class_names=raw.class_names,
        raw_train=raw.X[train],
        raw_test=raw.X[test],
        features=features,
        mean=mean,
        scale=scale,
        task=raw.task,
        target_name=raw.target_name,
        y_mean=y_mean,
        y_scale=y_scale,
    )


def target_scaling(y_train: Array) -> tuple[float, float]:
    """(mean, standard deviation) of a regression's training targets (1 for a constant target)."""
    mean, scale = standardisation(np.asarray(y_train, dtype=np.float64)[:, None])
    return float(mean[0]), float(scale[0])


def load_raw(spec: DatasetSpec) -> RawData:
    """The built-in table named by ``spec.name``, made with its parameters (app.engine.data.sets)."""
    return sets.load_raw(spec.name, spec.options, spec.seed)


def prepared_upload(table: Table, spec: DatasetSpec, max_classes: int = 50) -> Dataset:
    """An uploaded table through its recipe (fitted on the training rows only); a label of more than
    ``max_classes`` levels cannot be a classification's."""
    done = prepare_table(table, spec.recipe or Recipe(), spec.test_fraction, spec.seed, split_indices,
                         max_classes)
    y_train, y_test, y_mean, y_scale = done.y_train, done.y_test, 0.0, 1.0
    recipe = spec.recipe or Recipe()
    if done.task == "regression" and recipe.scale != "none":  # the target on the features' footing
        y_mean, y_scale = target_scaling(y_train)
        y_train, y_test = (y_train - y_mean) / y_scale, (y_test - y_mean) / y_scale
    return Dataset(name=spec.name, X_train=done.X_train, y_train=y_train, X_test=done.X_test,
                   y_test=y_test, feature_names=done.feature_names, class_names=done.class_names,
                   raw_train=done.X_train, raw_test=done.X_test, task=done.task, target_name=done.label,
                   y_mean=y_mean, y_scale=y_scale)


def load_dataset(spec: DatasetSpec, uploads: Callable[[str], Table] | None = None, max_classes: int = 50) -> Dataset:
    """The data set ``spec`` asks for. ``uploads`` loads the tables whose names are upload ids."""
    if spec.name in sets.REGISTRY or uploads is None:
        return prepare(load_raw(spec), spec, spec.name)
    return prepared_upload(uploads(spec.name), spec, max_classes)
