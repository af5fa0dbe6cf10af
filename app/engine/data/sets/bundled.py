"""The real sets: scikit-learn's bundled files, read from disk (never downloaded). digit_vs_rest is
the digits told apart as one chosen digit against the other nine: a set with a parameter."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache

import numpy as np

from app.engine.data.raw import RawData
from app.engine.data.sets.record import DataSet
from app.engine.params import Param, Value

Array = np.ndarray
DIGIT = Param("digit", "Digit against the rest", "The digit told apart from the other nine.", 0, kind="int", low=0, high=9, step=1)


@lru_cache(maxsize=8)
def _bundled(name: str) -> tuple[Array, Array, tuple[str, ...], tuple[str, ...]]:
    """scikit-learn's bundled files, read from disk (never downloaded), cached read-only."""
    from sklearn import datasets as skd  # heavy import: only when a real set is asked for

    loader = {"breast_cancer": skd.load_breast_cancer, "iris": skd.load_iris,
              "digits": skd.load_digits, "diabetes": skd.load_diabetes}[name]
    bunch = loader(scaled=False) if name == "diabetes" else loader()
    X = np.asarray(bunch.data, dtype=np.float64)
    y = np.asarray(bunch.target, dtype=np.float64 if name == "diabetes" else np.int64)
    X.flags.writeable = False
    y.flags.writeable = False
    if name == "digits":
        features = tuple(f"px{r}_{c}" for r in range(8) for c in range(8))
    else:
        features = tuple(str(f) for f in bunch.feature_names)
    classes = () if name == "diabetes" else tuple(str(c) for c in bunch.target_names)
    return X, y, features, classes


def _file(name: str, description: str) -> Callable[[Mapping[str, Value], int], RawData]:
    """A set read from scikit-learn's file ``name`` as it is (it takes no parameters)."""
    def make(options: Mapping[str, Value], seed: int) -> RawData:
        X, y, features, classes = _bundled(name)
        if not classes:
            return RawData(X, y, list(features), [], description, "regression", "progression")
        return RawData(X, y, list(features), list(classes), description)
    return make


def _digit_vs_rest(options: Mapping[str, Value], seed: int) -> RawData:
    X, y, features, _ = _bundled("digits")
    digit = int(options["digit"])  # type: ignore[arg-type]
    return RawData(X, (y == digit).astype(np.int64), list(features), ["rest", str(digit)], DIGIT_VS_REST)


BREAST_CANCER = "Breast cancer Wisconsin: 569 tumours, 30 features, malignant or benign"
IRIS = "Iris flowers: 150 samples, 4 measurements, 3 species"
DIGITS = "Handwritten digits: 1797 8x8 images, 10 classes"
DIGIT_VS_REST = "Handwritten digits: one chosen digit against the other nine"
DIABETES = "Diabetes: 442 patients, 10 measurements, disease progression a year later (regression)"

SETS = (
    DataSet("breast_cancer", "Breast cancer", BREAST_CANCER, "real", "classification",
            _file("breast_cancer", BREAST_CANCER), class_names=("malignant", "benign"), order=100,
            formula=(r"x^{(i)}\in\mathbb{R}^{30}:\ \text{measurements of a tumour's cell nuclei},\quad m = 569",
                     r"y^{(i)}\in\{0,1\}:\ 0 = \text{malignant},\ 1 = \text{benign}")),
    DataSet("iris", "Iris", IRIS, "real", "classification", _file("iris", IRIS),
            class_names=("setosa", "versicolor", "virginica"), order=110,
            formula=(r"x^{(i)}\in\mathbb{R}^{4}:\ \text{sepal and petal length and width (cm)},\quad m = 150",
                     r"y^{(i)}\in\{0,1,2\}:\ \text{setosa, versicolor, virginica}")),
    DataSet("digits", "Digits (8×8)", DIGITS, "real", "classification", _file("digits", DIGITS),
            class_names=tuple(str(d) for d in range(10)), order=120,
            formula=(r"x^{(i)}\in\{0,\dots,16\}^{64}:\ \text{an } 8\times 8 \text{ image's pixels},\quad m = 1797",
                     r"y^{(i)}\in\{0,\dots,9\}:\ \text{the digit drawn}")),
    DataSet("digit_vs_rest", "One digit against the rest", DIGIT_VS_REST, "real", "classification", _digit_vs_rest,
            (DIGIT,), class_names=("rest", "the digit"), order=130,
            formula=(r"x^{(i)}\in\{0,\dots,16\}^{64}:\ \text{an } 8\times 8 \text{ image's pixels},\quad m = 1797",
                     r"y^{(i)} = 1 \iff \text{the image shows the chosen digit } d")),
    DataSet("diabetes", "Diabetes (regression)", DIABETES, "real", "regression", _file("diabetes", DIABETES),
            order=140, formula=(r"x^{(i)}\in\mathbb{R}^{10}:\ \text{age, sex, body mass index, blood pressure "
                                r"and six blood serum measurements},\quad m = 442",
                                r"y^{(i)}\in\mathbb{R}:\ \text{the disease's progression a year later}")),
)
