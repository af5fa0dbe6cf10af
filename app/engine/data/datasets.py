"""Data sets: synthetic, bundled (scikit-learn's files, offline) and uploaded.

``load_dataset(spec)`` makes a ``Dataset``: raw features -> feature map (1-D and
2-D sets) -> seeded train/test split -> standardisation fitted on the train part
(a regression's target too). An upload goes through its preparation recipe instead
(app.engine.data.prepare).

A data set's ``task`` is ``classification`` (y holds labels 0..K-1) or
``regression`` (y holds real numbers, and there are no classes: n_classes = 0).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from app.engine.data.prepare import Recipe, prepare_table
from app.engine.data.scaling import standardisation
from app.engine.data.synthetic import DEFAULT_NOISE, GENERATORS, REGRESSION
from app.engine.data.table import Table
from app.engine.errors import UserError
from app.engine.params import Entry, Param, Task

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

SYNTHETIC = {**GENERATORS, **REGRESSION}

REAL = {
    "breast_cancer": "Breast cancer Wisconsin: 569 tumours, 30 features, malignant or benign",
    "iris": "Iris flowers: 150 samples, 4 measurements, 3 species",
    "digits": "Handwritten digits: 1797 8x8 images, 10 classes",
    "digit_vs_rest": "Handwritten digits: one chosen digit against the other nine",
    "diabetes": "Diabetes: 442 patients, 10 measurements, disease progression a year later (regression)",
}
REAL_REGRESSION = ("diabetes",)
LABELS = {"blobs": "Blobs", "moons": "Moons", "circles": "Circles", "xor": "XOR", "spiral": "Spiral",
          "line1d": "1-D line", "breast_cancer": "Breast cancer", "iris": "Iris", "digits": "Digits (8×8)",
          "digit_vs_rest": "One digit against the rest", "line": "Noisy line (regression)",
          "far_line": "Line far from 0 (regression)",
          "sine": "Noisy sine (regression)", "diabetes": "Diabetes (regression)"}

N_SAMPLES = Param("n_samples", "Samples", "How many points to draw (capped by max_samples).", 200, kind="int",
                  low=4, high=None, slider=(20, 2000), step=10, limit="max_samples")
NOISE = Param("noise", "Noise", "The scatter around each class's shape, in data units.", None, low=0.0, high=10.0,
              slider=(0.0, 2.0), step=0.01, nullable=True, default_text="each set's own")
DIGIT = Param("digit", "Digit", "The digit told apart from the other nine.", 0, kind="int", low=0, high=9, step=1)
SEED = Param("seed", "Seed", "Seeds every random choice: the data, the split, the start, the batches.", 0,
             kind="int", low=0, high=2**32 - 1)
STANDARDIZE = Param("standardize", "Standardise features", "Centre and scale each feature on the training "
                    "part (zero mean, unit variance); a regression's target too.", True, kind="bool")
TEST_FRACTION = Param("test_fraction", "Test fraction", "The share of rows held out to test on.", 0.2,
                      low=0.0, high=0.9, slider=(0.0, 0.5), step=0.05)
PREPARATION = (SEED, STANDARDIZE, TEST_FRACTION)  # every data set's options


def builtin_entries() -> list[Entry]:
    """The built-in data sets as the catalogue lists them (uploads are listed by GET /api/datasets);
    ``belongs_to`` is (synthetic or real, the task)."""
    entries = [Entry("dataset", name, LABELS[name], description, (N_SAMPLES, NOISE), ("synthetic", task_of(name)))
               for name, (_, description) in SYNTHETIC.items()]
    entries += [Entry("dataset", name, LABELS[name], description, (DIGIT,) if name == "digit_vs_rest" else (),
                      ("real", task_of(name))) for name, description in REAL.items()]
    return entries


def task_of(name: str) -> Task:
    """A built-in set's task."""
    return "regression" if name in REGRESSION or name in REAL_REGRESSION else "classification"


@dataclass(frozen=True)
class DatasetSpec:
    """What to load. ``n_samples`` and ``noise`` apply to synthetic sets; ``digit``
    to digit_vs_rest; ``features`` (ids of FEATURE_MAP) to 2-D sets."""

    name: str = "blobs"
    n_samples: int = 200
    noise: float | None = None
    seed: int = 0
    standardize: bool = True
    test_fraction: float = 0.2
    features: tuple[str, ...] | None = None
    digit: int = 0
    recipe: Recipe | None = None  # uploads: how to prepare the table (None: the report's suggestions)


@dataclass(frozen=True)
class RawData:
    """A table before splitting: X (m, d) float64, y (m,) int labels 0..K-1 (regression:
    float64 targets, and no class names)."""

    X: Array
    y: Array
    feature_names: list[str]
    class_names: list[str]
    description: str = ""
    task: Task = "classification"
    target_name: str = "y"


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


@lru_cache(maxsize=8)
def _bundled(name: str) -> tuple[Array, Array, tuple[str, ...], tuple[str, ...]]:
    """scikit-learn's bundled files, read from disk (never downloaded), cached read-only."""
    from sklearn import datasets as skd  # heavy import: only when a real set is asked for

    loader = {"breast_cancer": skd.load_breast_cancer, "iris": skd.load_iris,
              "digits": skd.load_digits, "diabetes": skd.load_diabetes}[name]
    bunch = loader(scaled=False) if name == "diabetes" else loader()
    X = np.asarray(bunch.data, dtype=np.float64)
    y = np.asarray(bunch.target, dtype=np.float64 if name in REAL_REGRESSION else np.int64)
    X.flags.writeable = False
    y.flags.writeable = False
    if name == "digits":
        features = tuple(f"px{r}_{c}" for r in range(8) for c in range(8))
    else:
        features = tuple(str(f) for f in bunch.feature_names)
    classes = () if name in REAL_REGRESSION else tuple(str(c) for c in bunch.target_names)
    return X, y, features, classes


def synthetic_raw(spec: DatasetSpec) -> RawData:
    generate, description = SYNTHETIC[spec.name]
    noise = DEFAULT_NOISE[spec.name] if spec.noise is None else spec.noise
    if spec.n_samples < 4:
        raise UserError("n_samples must be at least 4")
    if noise < 0:
        raise UserError("noise must be non-negative")
    rng = np.random.default_rng(np.random.SeedSequence([spec.seed, 0]))
    X, y = generate(spec.n_samples, noise, rng)
    names = ["x"] if X.shape[1] == 1 else ["x1", "x2"]
    if spec.name in REGRESSION:
        return RawData(X, y.astype(np.float64), names, [], description, "regression")
    return RawData(X, y.astype(np.int64), names, ["0", "1"], description)


def bundled_raw(spec: DatasetSpec) -> RawData:
    if spec.name == "digit_vs_rest":
        if not 0 <= spec.digit <= 9:
            raise UserError("digit must be between 0 and 9")
        X, y, features, _ = _bundled("digits")
        return RawData(X, (y == spec.digit).astype(np.int64), list(features),
                       ["rest", str(spec.digit)], REAL[spec.name])
    X, y, features, classes = _bundled(spec.name)
    if spec.name in REAL_REGRESSION:
        return RawData(X, y, list(features), [], REAL[spec.name], "regression", "progression")
    return RawData(X, y, list(features), list(classes), REAL[spec.name])


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
    """The built-in table named by ``spec.name``: synthetic or bundled."""
    if spec.name in SYNTHETIC:
        return synthetic_raw(spec)
    if spec.name in REAL:
        return bundled_raw(spec)
    raise UserError(f"unknown data set {spec.name!r}")


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
    if spec.name in SYNTHETIC or spec.name in REAL or uploads is None:
        return prepare(load_raw(spec), spec, spec.name)
    return prepared_upload(uploads(spec.name), spec, max_classes)
