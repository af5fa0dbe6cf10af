"""Every built-in set the package finds: seeded and sized, its task and class names as its record
says, its parameters in the catalogue. A new set's module is tested here the moment it exists."""

import numpy as np
import pytest

from app.engine import catalogue
from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.data.sets import REGISTRY

SYNTHETIC = [name for name, s in REGISTRY.items() if s.kind == "synthetic"]


@pytest.mark.parametrize("name", SYNTHETIC)
def test_a_synthetic_set_is_seeded_and_sized(name):
    a = load_dataset(DatasetSpec.of(name=name, n_samples=101, seed=5, test_fraction=0.0))
    b = load_dataset(DatasetSpec.of(name=name, n_samples=101, seed=5, test_fraction=0.0))
    c = load_dataset(DatasetSpec.of(name=name, n_samples=101, seed=6, test_fraction=0.0))
    np.testing.assert_array_equal(a.X_train, b.X_train)
    assert not np.array_equal(a.X_train, c.X_train)
    assert a.X_train.shape == (101, len(a.feature_names)) and a.feature_names in (["x"], ["x1", "x2"])
    if REGISTRY[name].task == "classification":
        assert set(a.y_train) == {0, 1}


@pytest.mark.parametrize("name", list(REGISTRY))
def test_each_set_is_what_its_record_says(name):
    record = REGISTRY[name]
    data = load_dataset(DatasetSpec.of(name=name, n_samples=100, test_fraction=0.0))
    assert data.task == record.task
    if record.task == "regression":
        assert data.n_classes == 0 and record.class_names == ()
    elif name != "digit_vs_rest":  # its second class is named after the digit chosen
        assert tuple(data.class_names) == record.class_names
        assert set(np.unique(data.y_train)) == set(range(len(record.class_names)))
    if record.kind == "synthetic" and record.task == "classification":  # two classes, evenly
        assert abs(int(np.sum(data.y_train == 1)) - int(np.sum(data.y_train == 0))) <= 1
    entry = next(e for e in catalogue.entries()["datasets"] if e.name == name)
    assert entry.params == record.params and entry.belongs_to == (record.kind, record.task)
    assert set(record.parameters()) >= {p.name for p in record.params}


def test_the_menus_keep_their_order():
    assert catalogue.names("datasets")[:5] == ("blobs", "moons", "circles", "xor", "spiral")
    assert catalogue.names("datasets")[-5:] == ("breast_cancer", "iris", "digits", "digit_vs_rest", "diabetes")
