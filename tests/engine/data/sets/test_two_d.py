import numpy as np
from sklearn.svm import LinearSVC

from app.engine.data.datasets import DatasetSpec, load_dataset


def _linear_accuracy(name, noise):
    data = load_dataset(DatasetSpec.of(name=name, n_samples=400, noise=noise, test_fraction=0.0))
    return LinearSVC(C=100.0, max_iter=20000).fit(data.X_train, data.y_train).score(
        data.X_train, data.y_train)


def test_blobs_are_linearly_separable_at_low_noise_and_xor_circles_are_not():
    assert _linear_accuracy("blobs", 0.3) == 1.0
    assert _linear_accuracy("xor", 0.0) < 0.75
    assert _linear_accuracy("circles", 0.0) < 0.75


def test_noise_spreads_the_points():
    quiet = load_dataset(DatasetSpec.of(name="circles", noise=0.0, standardize=False, test_fraction=0))
    radii = np.linalg.norm(quiet.X_train, axis=1)
    np.testing.assert_allclose(np.sort(np.unique(np.round(radii, 12))), [0.5, 1.0])
    noisy = load_dataset(DatasetSpec.of(name="circles", noise=0.3, standardize=False, test_fraction=0))
    assert np.std(np.linalg.norm(noisy.X_train, axis=1)) > np.std(radii) + 0.05
