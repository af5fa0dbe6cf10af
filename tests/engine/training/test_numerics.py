import numpy as np
import pytest

from app.engine.training.numerics import finite_or_none, log1pexp, log_softmax, sigmoid, softmax


def test_sigmoid_matches_the_textbook_formula_where_that_is_safe():
    z = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-12)


@pytest.mark.parametrize("z", [1e4, -1e4, 1e300, -1e300, 745.2, -745.2])
def test_sigmoid_never_overflows(z):
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value = sigmoid(np.array([z]))[0]
    assert 0.0 <= value <= 1.0
    assert value == (1.0 if z > 0 else pytest.approx(0.0, abs=1e-300))


def test_sigmoid_keeps_tiny_probabilities():
    # exp(-40) ~ 4.2e-18 would be rounded to 0 by 0.5 * (1 + tanh(z / 2)).
    assert sigmoid(np.array([-40.0]))[0] == pytest.approx(np.exp(-40.0), rel=1e-12)


def test_log1pexp_is_exact_and_finite():
    z = np.array([-800.0, -30.0, 0.0, 30.0, 800.0, 1e300])
    with np.errstate(over="raise"):
        out = log1pexp(z)
    np.testing.assert_allclose(out[1:4], np.log1p(np.exp(z[1:4])), rtol=1e-14)
    assert out[0] == pytest.approx(np.exp(-800.0), abs=1e-300)
    assert out[4] == 800.0 and out[5] == 1e300


def test_log_softmax_normalises_and_survives_huge_logits():
    z = np.array([[1e4, 0.0, -1e4], [1.0, 2.0, 3.0], [-1e300, 0.0, 1e300]])
    logp = log_softmax(z)
    assert np.all(np.isfinite(logp[:2]))
    np.testing.assert_allclose(np.exp(logp).sum(axis=1), 1.0)
    np.testing.assert_allclose(softmax(z[1:2]), np.exp(z[1:2]) / np.exp(z[1:2]).sum())


@pytest.mark.parametrize("value, expected", [(1.5, 1.5), (np.nan, None), (np.inf, None),
                                             (-np.inf, None), (np.float32(2.0), 2.0)])
def test_finite_or_none(value, expected):
    assert finite_or_none(value) == expected
