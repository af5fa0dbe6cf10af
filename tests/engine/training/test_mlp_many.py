"""Network.raw_prediction_many (the batched forward pass loss surfaces use) against the
one-parameter-vector-at-a-time forward pass, for every depth, output and activation."""

import tracemalloc

import numpy as np
import pytest

from app.engine.analysis.surface import loss_surface, pca_slice, random_slice
from app.engine.training.activations import ACTIVATIONS
from app.engine.training.losses import CLASSIFICATION_LOSSES, REGRESSION_LOSSES
from app.engine.training.mlp import MAX_LAYERS, MAX_WIDTH
from app.engine.training.registry import make_model

ROW_TILE = 256  # Network.raw_prediction_many's rows per matrix product
OUTPUTS = {2: "sigmoid", 3: "softmax", 0: "identity"}  # n_classes -> output
LOSSES = {2: CLASSIFICATION_LOSSES, 3: CLASSIFICATION_LOSSES, 0: REGRESSION_LOSSES}  # every loss, by output
ROWS = (1, 37, ROW_TILE, 2 * ROW_TILE + 89)  # one row, under a tile, one whole tile, tiles and a tail


def network(n_classes, layers, activation, widths=(5, 32, 3, 7), d=3):
    model = make_model("mlp", d, n_classes, layers=layers, hidden=widths[0], hidden2=widths[1],
                       hidden3=widths[2], hidden4=widths[3], activation=activation)
    assert model.output == OUTPUTS[n_classes]
    return model


def problem(n_classes, layers, activation, m, c=4, seed=0, **kwargs):
    model = network(n_classes, layers, activation, **kwargs)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, model.n_features))
    y = rng.normal(size=m) if n_classes == 0 else np.arange(m) % n_classes
    thetas = np.stack([model.init_params(rng) + rng.normal(0, 0.3, model.n_params) for _ in range(c)])
    return model, X, model.encode_targets(y), thetas


def one_at_a_time(model, thetas, X):
    return np.stack([model.forward(theta, X)[0] for theta in thetas])


@pytest.mark.parametrize("m", ROWS)
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("n_classes", sorted(OUTPUTS))
@pytest.mark.parametrize("layers", range(1, MAX_LAYERS + 1))
def test_batched_forward_equals_the_forward_pass_for_each_theta(layers, n_classes, activation, m):
    model, X, _, thetas = problem(n_classes, layers, activation, m)
    z = model.raw_prediction_many(thetas, X)
    expected = one_at_a_time(model, thetas, X)
    assert z.shape == expected.shape == ((4, m, 3) if n_classes == 3 else (4, m))
    assert z.dtype == np.float64
    np.testing.assert_allclose(z, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("tile", [1, 7, 64])
@pytest.mark.parametrize("n_classes", sorted(OUTPUTS))
@pytest.mark.parametrize("layers", range(1, MAX_LAYERS + 1))
def test_any_tile_of_rows_gives_the_same_z(layers, n_classes, tile):
    model, X, _, thetas = problem(n_classes, layers, "tanh", 150)
    np.testing.assert_allclose(model.raw_prediction_many(thetas, X, tile=tile), one_at_a_time(model, thetas, X),
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("n_classes", sorted(OUTPUTS))
@pytest.mark.parametrize("layers", range(1, MAX_LAYERS + 1))
def test_the_largest_network(layers, n_classes):
    widths = (MAX_WIDTH,) * MAX_LAYERS
    model, X, _, thetas = problem(n_classes, layers, "tanh", 3 * ROW_TILE + 5, c=3, widths=widths, d=2)
    np.testing.assert_allclose(model.raw_prediction_many(thetas, X), one_at_a_time(model, thetas, X),
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("n_classes", sorted(OUTPUTS))
def test_float32_data_stays_float32(n_classes):
    model, X, _, thetas = problem(n_classes, 3, "tanh", 300)
    X32 = X.astype(np.float32)
    z = model.raw_prediction_many(thetas, X32)  # float64 thetas, cast to the data's dtype
    assert z.dtype == np.float32
    expected = one_at_a_time(model, thetas.astype(np.float32), X32)
    np.testing.assert_allclose(z, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("n_classes", sorted(OUTPUTS))
def test_no_parameter_vectors_or_no_rows(n_classes):
    model, X, _, thetas = problem(n_classes, 2, "relu", 300)
    tail = (3,) if n_classes == 3 else ()
    assert model.raw_prediction_many(thetas[:0], X).shape == (0, 300, *tail)
    assert model.raw_prediction_many(thetas, X[:0]).shape == (4, 0, *tail)
    assert model.raw_prediction_many(thetas[0], X).shape == (1, 300, *tail)  # one theta, shape (p,)


@pytest.mark.parametrize("l2", [0.0, 0.3])
@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
@pytest.mark.parametrize("n_classes", sorted(OUTPUTS))
@pytest.mark.parametrize("layers", range(1, MAX_LAYERS + 1))
def test_loss_many_equals_loss_value_for_each_theta(layers, n_classes, activation, l2):
    model, X, t, thetas = problem(n_classes, layers, activation, 2 * ROW_TILE + 89)
    for loss in LOSSES[n_classes]:
        many = model.loss_many(thetas, X, t, loss, l2)
        expected = [model.loss_value(theta, X, t, loss, l2) for theta in thetas]
        np.testing.assert_allclose(many, expected, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("layers", range(1, MAX_LAYERS + 1))
def test_memory_stays_within_what_the_surface_budgets(layers, activation):
    """The surface sizes its blocks at values_per_row numbers per row and grid point (times 6,
    for z and the loss's temporaries): the batched pass keeps to values_per_row with an in-place
    activation (tanh, linear), and to 2 values_per_row with one that allocates its temporaries."""
    model, X, _, thetas = problem(2, layers, activation, 1024, c=8, widths=(MAX_WIDTH,) * MAX_LAYERS)
    X32 = X.astype(np.float32)
    tracemalloc.start()
    try:
        model.raw_prediction_many(thetas, X32)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    per_point_row = peak / (X32.itemsize * thetas.shape[0] * X32.shape[0])
    assert per_point_row <= (1 if activation in ("tanh", "linear") else 2) * model.values_per_row


@pytest.mark.parametrize("kind", ["random", "pca"])
@pytest.mark.parametrize("n_classes", sorted(OUTPUTS))
def test_surface_of_the_largest_network_matches_loss_value(kind, n_classes):
    model, X, t, thetas = problem(n_classes, MAX_LAYERS, "tanh", ROW_TILE + 44, c=6,
                                  widths=(MAX_WIDTH,) * MAX_LAYERS, d=2)
    plane = random_slice(model, thetas[0], seed=1) if kind == "random" else pca_slice(thetas)
    axis = np.linspace(-0.5, 0.5, 3)
    loss = LOSSES[n_classes][0]
    grid = loss_surface(model, X, t, loss, 0.1, plane, axis, axis)
    small = loss_surface(model, X, t, loss, 0.1, plane, axis, axis, budget_bytes=200_000)  # many blocks
    expected = [[model.loss_value(plane.center + a * plane.d1 + b * plane.d2, X, t, loss, 0.1) for a in axis]
                for b in axis]
    np.testing.assert_allclose(grid, expected, rtol=1e-4)
    np.testing.assert_allclose(small, grid, rtol=1e-5)
