"""Each set's ``formula`` (how its rows are made, which the playground's maths panel shows) is true
of its generator or file: every set states one, and with the noise σ at 0 each generated row obeys
it exactly; a real set has the rows, features and targets its formula gives."""

import numpy as np
import pytest

from app.engine.data.sets import REGISTRY
from app.engine.data.sets.bundled import _bundled
from app.engine.data.sets.checkerboard import checkerboard
from app.engine.data.sets.one_d import far_line, line, line1d, sine
from app.engine.data.sets.two_d import blobs, circles, moons, spiral, xor

N = 401  # odd: the classes' halves differ by one


def drawn(generator, seed: int = 0):
    return generator(N, 0.0, np.random.default_rng(seed))


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_set_states_how_its_rows_are_made(name):
    formula = REGISTRY[name].formula
    assert formula and all(isinstance(line, str) and line for line in formula)
    assert any("y^{(i)}" in line for line in formula) and any("x^{(i)}" in line for line in formula)
    if REGISTRY[name].kind == "synthetic":  # the noise σ is part of the stated formula
        assert any(r"\sigma" in line for line in formula)


def test_blobs_sit_on_their_class_centre():
    X, y = drawn(blobs)
    centre = np.where(y[:, None] == 1, 1.5, -1.5)
    np.testing.assert_array_equal(X, np.broadcast_to(centre, X.shape))
    assert abs(int(y.sum()) - N // 2) <= 1


def test_moons_are_the_two_half_circles_stated():
    X, y = drawn(moons)
    for label, (cx, cy), sign in ((0, (0.0, 0.0), 1), (1, (1.0, 0.5), -1)):
        part = X[y == label]
        t = np.linspace(0, np.pi, len(part))
        np.testing.assert_allclose(part, np.column_stack([cx + sign * np.cos(t), cy + sign * np.sin(t)]),
                                   atol=1e-12)


def test_circles_have_their_class_radius():
    X, y = drawn(circles)
    np.testing.assert_allclose(np.hypot(X[:, 0], X[:, 1]), np.where(y == 0, 1.0, 0.5), atol=1e-12)


def test_xor_labels_are_whether_the_features_share_a_sign():
    X, y = drawn(xor)
    np.testing.assert_array_equal(y, (np.sign(X[:, 0]) == np.sign(X[:, 1])).astype(int))
    assert np.abs(X).min() >= 0.1 and np.abs(X).max() <= 1.1


def test_spirals_turn_as_stated():
    X, y = drawn(spiral)
    r = np.hypot(X[:, 0], X[:, 1])
    theta = np.arctan2(X[:, 0], X[:, 1])  # x = r(sin θ, cos θ)
    off = np.angle(np.exp(1j * (theta - (3.5 * np.pi * r + np.pi * y))))  # the difference, wrapped to (−π, π]
    np.testing.assert_allclose(off, 0.0, atol=1e-9)
    assert r.min() == pytest.approx(0.05) and r.max() == pytest.approx(1.0)


def test_checkerboard_labels_are_the_parity_of_the_floors():
    X, y = drawn(checkerboard)
    np.testing.assert_array_equal(y, (np.floor(X[:, 0]) + np.floor(X[:, 1])) % 2)
    assert X.min() >= -2 and X.max() <= 2


def test_line1d_puts_each_class_at_its_centre():
    X, y = drawn(line1d)
    np.testing.assert_array_equal(X[:, 0], 2 * y - 1)


@pytest.mark.parametrize(("generator", "low", "high", "truth"), [
    (line, -2, 2, lambda x: 1.5 * x + 0.5), (far_line, 2, 4, lambda x: 1.5 * x + 0.5), (sine, -3, 3, np.sin)])
def test_a_regression_is_its_curve_on_its_interval(generator, low, high, truth):
    X, y = drawn(generator)
    assert X.min() >= low and X.max() <= high and X.max() - X.min() > 0.9 * (high - low)
    np.testing.assert_allclose(y, truth(X[:, 0]), atol=1e-12)


@pytest.mark.parametrize(("name", "rows", "features", "targets"), [
    ("breast_cancer", 569, 30, {0, 1}), ("iris", 150, 4, {0, 1, 2}), ("digits", 1797, 64, set(range(10))),
    ("diabetes", 442, 10, None)])
def test_a_real_set_has_the_rows_and_targets_its_formula_gives(name, rows, features, targets):
    X, y, _, classes = _bundled(name)
    assert X.shape == (rows, features)
    stated = " ".join(REGISTRY[name].formula)
    assert f"m = {rows}" in stated and (f"^{{{features}}}" in stated)
    if targets is None:
        assert classes == () and r"\mathbb{R}:" in stated
    else:
        assert set(np.unique(y)) == targets
    if name == "digits":
        assert X.min() == 0 and X.max() == 16 and np.array_equal(X, np.round(X))  # {0, …, 16}^64
    if name == "breast_cancer":
        assert classes == ("malignant", "benign") and r"0 = \text{malignant}" in stated
