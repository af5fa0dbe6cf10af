"""The notes' vectorised step: the engine's gradient, central differences, the loop, and NumPy's
broadcasting when a shape is wrong."""

import numpy as np
import pytest

from app.engine.analysis.gradcheck import numerical_gradient
from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.training.registry import make_model
from app.lessons.vectorised.maths import looped, step, vectorised

THETA = np.array([0.5, -0.5, 0.0])


@pytest.fixture(scope="module")
def blobs():
    data = load_dataset(DatasetSpec.of("blobs", n_samples=160, noise=1.2, test_fraction=0.0))
    return data, data.X_train.T.copy(), data.y_train.astype(float)


def test_the_matrices_give_the_engines_cost_and_gradient(blobs):
    data, X, y = blobs
    got = vectorised(X, y.reshape(1, -1), THETA[:2].reshape(2, 1), THETA[2])
    model = make_model("logistic", 2, 2)
    J, grad = model.loss_gradient(THETA, data.X_train, model.encode_targets(data.y_train), "cross_entropy", 0.0)
    assert got.J == pytest.approx(J, rel=1e-14)
    np.testing.assert_allclose([*got.dw.ravel(), got.db], grad, rtol=1e-13, atol=1e-16)


def test_the_gradient_is_the_cost_differentiated(blobs):
    _, X, y = blobs

    def cost(theta):
        return vectorised(X, y.reshape(1, -1), theta[:2].reshape(2, 1), theta[2]).J
    got = vectorised(X, y.reshape(1, -1), THETA[:2].reshape(2, 1), THETA[2])
    np.testing.assert_allclose([*got.dw.ravel(), got.db], numerical_gradient(cost, THETA, eps=1e-4, order=4),
                               rtol=1e-8, atol=1e-11)


def test_the_loop_and_the_matrices_agree_to_rounding(blobs):
    _, X, y = blobs
    loop = looped(X, y.reshape(1, -1), THETA[:2].reshape(2, 1), THETA[2])
    got = vectorised(X, y.reshape(1, -1), THETA[:2].reshape(2, 1), THETA[2])
    assert loop.J == pytest.approx(got.J, rel=1e-14)
    np.testing.assert_allclose(loop.dw, got.dw.ravel(), rtol=1e-12, atol=1e-15)
    assert loop.db == pytest.approx(got.db, rel=1e-9, abs=1e-15)


def test_right_shapes_pass_every_assertion_and_the_step_lowers_the_cost(blobs):
    _, X, y = blobs
    done = step(X, y, THETA, 0.5, timing=False)
    assert done.all_right and {name: done.shape(name) for name in ("X", "w", "Z", "dZ", "dw")} == {
        "X": (2, 160), "w": (2, 1), "Z": (1, 160), "dZ": (1, 160), "dw": (2, 1)}
    assert done.max_difference is not None and done.max_difference < 1e-13
    assert done.cost_after is not None and done.cost_after < done.matrices.J


def test_a_rank_one_w_turns_the_update_into_a_matrix(blobs):
    """(2,) against (2, 1): w − α·dw broadcasts to (2, 2), and NumPy says nothing."""
    _, X, y = blobs
    done = step(X, y, THETA, 0.5, w_shape="rank1", timing=False)
    assert done.shape("w") == (2,) and done.shape("Z") == (160,) and done.shape("w_new") == (2, 2)
    failed = [a["code"] for a in done.asserts if not a["holds"]]
    assert failed == ["assert w.shape == (2, 1)", "assert Z.shape == (1, 160)", "assert w_new.shape == (2, 1)"]
    assert not done.all_right and done.loop is None and done.max_difference is None


def test_labels_read_as_a_column_make_an_m_by_m_matrix(blobs):
    _, X, y = blobs
    done = step(X, y, THETA, 0.5, y_shape="column", timing=False)
    assert done.shape("Y") == (160, 1) and done.shape("dZ") == (160, 160) and done.shape("dw") == (2, 160)
    assert [a["array"] for a in done.asserts if not a["holds"]] == ["Y", "dZ", "dw", "w_new"]


def test_each_way_is_timed_when_asked(blobs):
    _, X, y = blobs
    seconds = step(X, y, THETA, 0.5).seconds
    assert seconds is not None and seconds["loop"] > 0 and seconds["vectorised"] > 0  # measured, not compared
