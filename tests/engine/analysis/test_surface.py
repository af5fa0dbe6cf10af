import tracemalloc

import numpy as np
import pytest

from app.engine.analysis.surface import (
    auto_span,
    coordinate_slice,
    loss_surface,
    pca_slice,
    random_slice,
)
from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.training.registry import make_model
from tests.factories import random_problem


def test_grid_entry_r_c_is_the_loss_at_alpha_c_beta_r():
    model, X, t, theta = random_problem("logistic", 2)
    plane = coordinate_slice(model, theta, 0, 3)
    alphas, betas = np.linspace(-1, 1, 5), np.linspace(-2, 2, 7)
    grid = loss_surface(model, X, t, "mse", 0.2, plane, alphas, betas)
    assert grid.shape == (7, 5)
    for r, c in [(0, 0), (6, 4), (3, 1), (2, 3)]:
        point = theta.copy()
        point[0] += alphas[c]
        point[3] += betas[r]
        assert grid[r, c] == pytest.approx(model.loss_value(point, X, t, "mse", 0.2), rel=1e-5)  # float32


def test_w_and_b_surface_on_the_one_feature_set_has_its_minimum_near_the_optimum():
    data = load_dataset(DatasetSpec.of(name="line1d", n_samples=400))
    model = make_model("logistic", 1, 2)
    t = model.encode_targets(data.y_train)
    plane = coordinate_slice(model, np.zeros(2), 0, 1)
    assert plane.labels == ("w", "b")
    axis = np.linspace(-4, 4, 81)
    grid = loss_surface(model, data.X_train, t, "cross_entropy", 0.0, plane, axis, axis)
    r, c = np.unravel_index(np.argmin(grid), grid.shape)
    w_best, b_best = axis[c], axis[r]
    _, grad = model.loss_gradient(np.array([w_best, b_best]), data.X_train, t)
    assert np.linalg.norm(grad) < 0.05  # the grid minimum sits where the gradient vanishes
    assert w_best > 1.0


def test_chunking_does_not_change_the_values():
    model, X, t, theta = random_problem("softmax", 3, m=50)
    plane = random_slice(model, theta, seed=1)
    axis = np.linspace(-1, 1, 9)
    whole = loss_surface(model, X, t, "cross_entropy", 0.0, plane, axis, axis)
    chunked = loss_surface(model, X, t, "cross_entropy", 0.0, plane, axis, axis, budget_bytes=1)
    np.testing.assert_allclose(whole, chunked, rtol=1e-5)  # float32, summed in another order


def test_random_directions_are_filter_normalised_orthogonal_and_seeded():
    model, _, _, theta = random_problem("softmax", 3, d=4)
    plane = random_slice(model, theta, seed=7)
    for idx in model.filters:
        assert np.linalg.norm(plane.d1[idx]) == pytest.approx(np.linalg.norm(theta[idx]))
    assert plane.d1 @ plane.d2 == pytest.approx(0.0, abs=1e-12)
    assert np.linalg.norm(plane.d2) > 0
    np.testing.assert_array_equal(plane.d1, random_slice(model, theta, seed=7).d1)
    assert not np.array_equal(plane.d1, random_slice(model, theta, seed=8).d1)


def test_random_directions_at_the_origin_still_span_a_plane():
    model = make_model("logistic", 1, 2)
    plane = random_slice(model, np.zeros(2))
    assert abs(np.linalg.det(np.column_stack([plane.d1, plane.d2]))) > 1e-6


def test_pca_of_a_planar_path_projects_it_exactly():
    rng = np.random.default_rng(0)
    basis = np.linalg.qr(rng.normal(size=(30, 2)))[0].T  # 2 orthonormal directions in 30-D
    coords = np.column_stack([np.linspace(3, 0, 20), np.sin(np.linspace(0, 3, 20))])
    center = rng.normal(size=30)
    trajectory = center + coords @ basis
    plane = pca_slice(trajectory, center)
    projected = plane.project(trajectory)
    np.testing.assert_allclose(center + projected @ np.stack([plane.d1, plane.d2]), trajectory, atol=1e-10)
    assert sum(plane.explained_variance) == pytest.approx(1.0)
    assert plane.explained_variance[0] > plane.explained_variance[1]


def test_pca_of_a_straight_path_completes_the_plane():
    trajectory = np.outer(np.linspace(1, 0, 10), [1.0, 2.0, 2.0])
    plane = pca_slice(trajectory)
    np.testing.assert_allclose(abs(plane.d1 @ np.array([1, 2, 2]) / 3), 1.0)
    assert plane.d1 @ plane.d2 == pytest.approx(0.0, abs=1e-12)
    assert plane.explained_variance == pytest.approx((1.0, 0.0))
    with pytest.raises(ValueError, match="at least 2 points"):
        pca_slice(trajectory[:1])


def test_coordinate_slice_checks_indices():
    model = make_model("logistic", 2, 2)
    with pytest.raises(ValueError, match="two different indices"):
        coordinate_slice(model, np.zeros(3), 1, 1)
    with pytest.raises(ValueError):
        coordinate_slice(model, np.zeros(3), 0, 3)


def test_auto_span_covers_the_path():
    model = make_model("logistic", 2, 2)
    plane = coordinate_slice(model, np.zeros(3), 0, 1)
    assert auto_span(plane, np.array([[0.0, 2.0], [-4.0, 1.0]])) == pytest.approx(5.0)
    assert auto_span(plane, None) == 3.0


@pytest.mark.parametrize("m, d, k", [(100_000, 50, 50), (20_000, 8, 2)])
def test_peak_memory_stays_under_200_mb_at_the_largest_sizes(m, d, k):
    """The largest upload (max_rows x max_cells / max_rows columns, max_classes classes): the
    surface's own allocations stay far under 200 MB beside the 40 MB table."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(m, d))
    model = make_model("softmax" if k > 2 else "logistic", d, k)
    t = model.encode_targets(rng.integers(0, k, m))
    plane = random_slice(model, model.init_params(rng))
    axis = np.linspace(-1, 1, 3)
    tracemalloc.start()
    try:
        grid = loss_surface(model, X, t, "cross_entropy", 0.1, plane, axis, axis)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 120 * 2**20
    center = plane.center + axis[0] * plane.d1 + axis[2] * plane.d2
    assert grid[2, 0] == pytest.approx(model.loss_value(center, X, t, "cross_entropy", 0.1), rel=1e-5)
