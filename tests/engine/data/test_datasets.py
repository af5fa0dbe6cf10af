"""Loading a data set: the split, the standardisation, the feature map and bad specs."""

import numpy as np
import pytest

from app.engine.data.datasets import FEATURE_MAP, DatasetSpec, load_dataset


def test_split_is_seeded_disjoint_and_complete():
    data = load_dataset(DatasetSpec.of(name="moons", n_samples=100, test_fraction=0.3, standardize=False))
    assert len(data.y_train) == 70 and len(data.y_test) == 30
    rows = {tuple(r) for r in np.vstack([data.X_train, data.X_test])}
    assert len(rows) == 100
    again = load_dataset(DatasetSpec.of(name="moons", n_samples=100, test_fraction=0.3, standardize=False))
    np.testing.assert_array_equal(data.X_test, again.X_test)


def test_standardisation_is_fitted_on_the_training_part():
    data = load_dataset(DatasetSpec(name="breast_cancer", test_fraction=0.25))
    np.testing.assert_allclose(data.X_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(data.X_train.std(axis=0), 1.0)
    assert abs(data.X_test.mean()) > 1e-6  # test rows were scaled with the training statistics
    np.testing.assert_allclose(data.transform(data.raw_test), data.X_test)


def test_feature_map_as_in_tf_playground():
    spec = DatasetSpec(name="xor", features=tuple(FEATURE_MAP), standardize=False, test_fraction=0)
    data = load_dataset(spec)
    x1, x2 = data.raw_train[:, 0], data.raw_train[:, 1]
    expected = np.column_stack([x1, x2, x1**2, x2**2, x1 * x2, np.sin(x1), np.sin(x2)])
    np.testing.assert_allclose(data.X_train, expected)
    assert data.feature_names == ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]
    np.testing.assert_allclose(data.transform(data.raw_train), data.X_train)


def test_feature_map_needs_one_or_two_dimensions_and_known_names():
    with pytest.raises(ValueError, match="1-D or 2-D"):
        load_dataset(DatasetSpec(name="iris", features=("x1_sq",)))
    with pytest.raises(ValueError, match="x3 do not apply here"):
        load_dataset(DatasetSpec(name="xor", features=("x3",)))
    with pytest.raises(ValueError, match="x2 do not apply here; choose from x1, x1_sq, sin_x1"):
        load_dataset(DatasetSpec(name="sine", features=("x1", "x2")))


def test_a_one_d_set_takes_the_features_of_x_alone():
    data = load_dataset(DatasetSpec(name="sine", features=("x1", "sin_x1"), standardize=False))
    x = data.raw_train[:, 0]
    np.testing.assert_allclose(data.X_train, np.column_stack([x, np.sin(x)]))
    assert data.feature_names == ["x", "sin(x)"] and data.task == "regression" and data.n_classes == 0


def test_bad_specs_are_named():
    with pytest.raises(ValueError, match="unknown data set 'mnist'"):
        load_dataset(DatasetSpec(name="mnist"))
    with pytest.raises(ValueError, match="n_samples"):
        load_dataset(DatasetSpec.of(n_samples=2))
    with pytest.raises(ValueError, match="test_fraction"):
        load_dataset(DatasetSpec(test_fraction=1.0))
    with pytest.raises(ValueError, match="digit"):
        load_dataset(DatasetSpec.of(name="digit_vs_rest", digit=10))


def test_constant_column_survives_standardisation():
    from app.engine.data.datasets import RawData, prepare
    raw = RawData(np.column_stack([np.arange(10.0), np.full(10, 7.0)]), np.arange(10) % 2, ["a", "b"],
                  ["0", "1"])
    data = prepare(raw, DatasetSpec(test_fraction=0.0), "const")
    assert np.all(np.isfinite(data.X_train))
    np.testing.assert_array_equal(data.X_train[:, 1], 0.0)
