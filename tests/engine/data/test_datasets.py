import numpy as np
import pytest
from sklearn import datasets as skd
from sklearn.svm import LinearSVC

from app.engine.data.datasets import FEATURE_MAP, DatasetSpec, load_dataset
from app.engine.data.synthetic import GENERATORS

SYNTHETIC = sorted(GENERATORS)


@pytest.mark.parametrize("name", SYNTHETIC)
def test_synthetic_sets_are_seeded_and_sized(name):
    a = load_dataset(DatasetSpec(name=name, n_samples=101, seed=5, test_fraction=0.0))
    b = load_dataset(DatasetSpec(name=name, n_samples=101, seed=5, test_fraction=0.0))
    c = load_dataset(DatasetSpec(name=name, n_samples=101, seed=6, test_fraction=0.0))
    np.testing.assert_array_equal(a.X_train, b.X_train)
    assert not np.array_equal(a.X_train, c.X_train)
    assert a.X_train.shape == (101, 1 if name == "line1d" else 2)
    assert set(a.y_train) == {0, 1}
    assert abs(int(np.sum(a.y_train == 1)) - int(np.sum(a.y_train == 0))) <= 1


def _linear_accuracy(name, noise):
    data = load_dataset(DatasetSpec(name=name, n_samples=400, noise=noise, test_fraction=0.0))
    return LinearSVC(C=100.0, max_iter=20000).fit(data.X_train, data.y_train).score(
        data.X_train, data.y_train)


def test_blobs_are_linearly_separable_at_low_noise_and_xor_circles_are_not():
    assert _linear_accuracy("blobs", 0.3) == 1.0
    assert _linear_accuracy("xor", 0.0) < 0.75
    assert _linear_accuracy("circles", 0.0) < 0.75


def test_noise_spreads_the_points():
    quiet = load_dataset(DatasetSpec(name="circles", noise=0.0, standardize=False, test_fraction=0))
    radii = np.linalg.norm(quiet.X_train, axis=1)
    np.testing.assert_allclose(np.sort(np.unique(np.round(radii, 12))), [0.5, 1.0])
    noisy = load_dataset(DatasetSpec(name="circles", noise=0.3, standardize=False, test_fraction=0))
    assert np.std(np.linalg.norm(noisy.X_train, axis=1)) > np.std(radii) + 0.05


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
    data = load_dataset(DatasetSpec(name="digit_vs_rest", digit=3, test_fraction=0.0))
    _, y = skd.load_digits(return_X_y=True)
    np.testing.assert_array_equal(data.y_train, (y == 3).astype(int))
    assert data.class_names == ["rest", "3"]


def test_split_is_seeded_disjoint_and_complete():
    data = load_dataset(DatasetSpec(name="moons", n_samples=100, test_fraction=0.3, standardize=False))
    assert len(data.y_train) == 70 and len(data.y_test) == 30
    rows = {tuple(r) for r in np.vstack([data.X_train, data.X_test])}
    assert len(rows) == 100
    again = load_dataset(DatasetSpec(name="moons", n_samples=100, test_fraction=0.3, standardize=False))
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
        load_dataset(DatasetSpec(n_samples=2))
    with pytest.raises(ValueError, match="test_fraction"):
        load_dataset(DatasetSpec(test_fraction=1.0))
    with pytest.raises(ValueError, match="digit"):
        load_dataset(DatasetSpec(name="digit_vs_rest", digit=10))


def test_constant_column_survives_standardisation():
    from app.engine.data.datasets import RawData, prepare
    raw = RawData(np.column_stack([np.arange(10.0), np.full(10, 7.0)]), np.arange(10) % 2, ["a", "b"],
                  ["0", "1"])
    data = prepare(raw, DatasetSpec(test_fraction=0.0), "const")
    assert np.all(np.isfinite(data.X_train))
    np.testing.assert_array_equal(data.X_train[:, 1], 0.0)


def test_far_line_is_a_long_narrow_valley_until_it_is_standardised():
    """The zig-zag scenario's data: x in [2, 4], so unscaled the (w, b) Hessian of MSE,
    E[[x², x], [x, 1]], has a condition number in the hundreds; standardised, it is 1."""
    def condition(standardize: bool) -> float:
        data = load_dataset(DatasetSpec(name="far_line", n_samples=400, seed=0, standardize=standardize))
        x = np.column_stack([data.X_train[:, 0], np.ones(len(data.X_train))])
        eig = np.linalg.eigvalsh(x.T @ x / len(x))
        return float(eig[-1] / eig[0])
    assert 150 < condition(False) < 1000
    assert condition(True) == pytest.approx(1.0, abs=1e-6)
