"""Softmax by hand: article 004's worked example, the Jacobian and the gradient against central differences."""

import numpy as np
import pytest

from app.engine.errors import UserError
from app.engine.training.numerics import log_softmax, softmax
from app.lessons.softmax_by_hand.maths import compare_models, jacobian, softmax_rows

ARTICLE_LOGITS = np.array([[3.0, 1.0, -3.0], [2.0, 8.0, 1.0]])


ARTICLE_SOFTMAX = np.array([[0.87888, 0.11894, 0.0021785], [0.0024704, 0.99662, 0.0009088]])  # as printed


def central(f, x, h=1e-6):
    out = np.empty_like(x)
    for k in range(x.size):
        e = np.zeros_like(x)
        e[k] = h
        out[k] = (f(x + e) - f(x - e)) / (2 * h)
    return out


MODEL_1 = [[0.3, 0.3, 0.4], [0.3, 0.4, 0.3], [0.1, 0.2, 0.7]]


MODEL_2 = [[0.1, 0.2, 0.7], [0.1, 0.7, 0.2], [0.3, 0.4, 0.3]]


TARGETS = [2, 1, 0]


def rows(model, targets=TARGETS):
    return list(zip(model, targets, strict=True))


def test_article_rows_to_five_significant_figures_and_shares_sum_to_one():
    out = softmax_rows(ARTICLE_LOGITS, np.array([0, 1]))
    p = np.array([row["p"] for row in out["rows"]])
    np.testing.assert_allclose(p, ARTICLE_SOFTMAX, rtol=5e-5)  # the article prints 5 significant figures
    for row in out["rows"]:
        assert sum(row["p"]) == pytest.approx(1.0, abs=1e-15)
        assert row["sum_p"] == pytest.approx(1.0, abs=1e-15)
        assert row["shifted"][int(np.argmax(row["z"]))] == 0.0  # the max trick: the largest exponent is e^0
        np.testing.assert_allclose(np.array(row["exp"]) / row["sum"], row["p"], rtol=1e-14)
        np.testing.assert_allclose(np.array(row["exp_raw"]) / row["sum_raw"], row["p"], rtol=1e-14)
    assert out["rows"][0]["ce"] == pytest.approx(-np.log(0.8788782427), rel=1e-9)  # 0.12911 nats
    assert out["error_rate"] == 0.0 and out["predicted"] == [0, 1]


def test_huge_logits_keep_their_shares_where_the_textbook_form_overflows():
    out = softmax_rows(np.array([[1000.0, 998.0, -1000.0]]), np.array([0]))
    row = out["rows"][0]
    assert row["exp_raw"][0] is None and row["sum_raw"] is None  # e^1000 overflows a float
    np.testing.assert_allclose(row["p"], softmax(np.array([2.0, 0.0, -1998.0])), rtol=1e-14)  # shift-invariant
    assert np.isfinite(row["ce"]) and row["jt_dl_dp"] == pytest.approx(row["p_minus_t"])


@pytest.mark.parametrize("seed", range(5))
def test_jacobian_against_central_differences(seed):
    z = np.random.default_rng(seed).normal(0, 2, size=4)
    numeric = np.stack([central(lambda v, i=i: softmax(v)[i], z) for i in range(4)])  # rows: p_i, columns: z_j
    np.testing.assert_allclose(jacobian(softmax(z)), numeric, atol=1e-9)


@pytest.mark.parametrize("seed", range(5))
def test_the_jacobian_times_minus_t_over_p_is_p_minus_t_and_the_ce_gradient(seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 2, size=(3, 5))
    y = rng.integers(0, 5, size=3)
    out = softmax_rows(z, y)
    for i, row in enumerate(out["rows"]):
        np.testing.assert_allclose(row["jt_dl_dp"], row["p_minus_t"], atol=1e-12)
        np.testing.assert_allclose(row["grad"], row["p_minus_t"], atol=1e-12)
        ce = lambda v, i=i: -log_softmax(v)[y[i]]  # noqa: E731
        np.testing.assert_allclose(row["p_minus_t"], central(ce, z[i].copy()), atol=1e-8)
        assert row["ce"] == pytest.approx(ce(z[i]))


def test_user_mistakes_are_user_errors():
    with pytest.raises(UserError, match="target"):
        softmax_rows(ARTICLE_LOGITS, np.array([0, 3]))
    with pytest.raises(UserError, match="one target"):
        softmax_rows(ARTICLE_LOGITS, np.array([0]))
    with pytest.raises(UserError, match="as many"):
        softmax_rows([[1.0, 2.0], [1.0, 2.0, 3.0]], np.array([0, 0]))


def test_two_models_with_the_same_error_rate_and_different_cross_entropy():
    out = compare_models([rows(MODEL_1), rows(MODEL_2)])
    one, two = out["models"]
    assert one["error_rate"] == two["error_rate"] == pytest.approx(1 / 3)
    assert one["ce"] == pytest.approx(-(2 * np.log(0.4) + np.log(0.1)) / 3)  # 1.378 nats
    assert two["ce"] == pytest.approx(-(2 * np.log(0.7) + np.log(0.3)) / 3)  # 0.639 nats
    assert round(one["ce"], 3) == 1.378 and round(two["ce"], 3) == 0.639
    assert one["mse"] == pytest.approx((0.54 + 0.54 + 1.34) / 3)  # 0.81
    assert two["mse"] == pytest.approx((0.14 + 0.14 + 0.74) / 3)  # 0.34


def test_editing_a_probability_moves_the_cross_entropy_not_the_error_rate():
    edited = [row[:] for row in MODEL_1]
    edited[0] = [0.2, 0.2, 0.6]  # sample 1 more confident in its (right) class 2
    before, after = compare_models([rows(MODEL_1), rows(edited)])["models"]
    assert after["error_rate"] == before["error_rate"] and after["ce"] < before["ce"]
    halves = compare_models([[([1.0, 1.0, 2.0], 2)]])["models"][0]  # rows are normalised
    assert halves["p"] == [[0.25, 0.25, 0.5]] and halves["ce"] == pytest.approx(np.log(2))
    assert compare_models([[([0.0, 1.0], 0)]])["models"][0]["ce"] is None  # p = 0 for the truth: infinite
    assert compare_models([[([0.0, 0.0], 0)]])["models"][0]["ce"] == pytest.approx(np.log(2))  # zeros: uniform
    with pytest.raises(UserError, match="target"):
        compare_models([[([0.5, 0.5], 2)]])
