import numpy as np
import pytest
from sklearn import datasets as skd

from app.engine.data.datasets import DatasetSpec, load_dataset


@pytest.mark.parametrize("name, loader, shape, classes", [
    ("breast_cancer", skd.load_breast_cancer, (569, 30), 2),
    ("iris", skd.load_iris, (150, 4), 3),
    ("digits", skd.load_digits, (1797, 64), 10),
])
def test_bundled_sets_are_scikit_learns_files(name, loader, shape, classes):
    data = load_dataset(DatasetSpec(name=name, standardize=False, test_fraction=0.0))
    X, y = loader(return_X_y=True)
    np.testing.assert_array_equal(data.X_train, X)
    np.testing.assert_array_equal(data.y_train, y)
    assert data.X_train.shape == shape and data.n_classes == classes


def test_digit_vs_rest():
    data = load_dataset(DatasetSpec.of(name="digit_vs_rest", digit=3, test_fraction=0.0))
    _, y = skd.load_digits(return_X_y=True)
    np.testing.assert_array_equal(data.y_train, (y == 3).astype(int))
    assert data.class_names == ["rest", "3"]
