import numpy as np
import pytest

from app.engine.training import blocks
from app.engine.training.registry import make_model
from tests.factories import MODEL_LOSS_CASES, random_problem

CASES = [*MODEL_LOSS_CASES, ("mlp", 2, "cross_entropy"), ("mlp", 3, "mse"), ("mlp", 0, "huber")]


def problem(kind, n_classes, m=203):
    model, X, t, theta = random_problem(kind, n_classes, m=m, d=3, seed=5)
    if kind == "mlp":  # two hidden layers, so blocks carry a real backward pass
        model = make_model("mlp", 3, n_classes, layers=2, hidden=5, hidden2=4)
        theta = np.random.default_rng(6).normal(size=model.n_params)
    return model, X, t, theta


def small_blocks(monkeypatch, workers):
    """Many small, uneven blocks (203 rows in blocks of 16: the last holds 11), on ``workers`` threads."""
    monkeypatch.setattr(blocks, "MIN_ROWS", 1)
    monkeypatch.setattr(blocks, "BLOCK_VALUES", 16 * 8 * 4)
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 16 * 8 * 3)
    monkeypatch.setattr(blocks, "THREAD_MIN_VALUES", 0 if workers > 1 else 10**18)
    monkeypatch.setattr(blocks.os, "cpu_count", lambda: workers)


@pytest.mark.parametrize("kind, n_classes, loss", CASES)
def test_row_blocks_give_the_same_answer_as_one_pass(monkeypatch, kind, n_classes, loss):
    model, X, t, theta = problem(kind, n_classes)
    whole = model.evaluate(theta, X, t, loss, 0.1)
    small_blocks(monkeypatch, workers=1)
    assert blocks.block_rows(model.values_per_row, X.shape[1], X.itemsize) < X.shape[0]
    blocked = model.evaluate(theta, X, t, loss, 0.1)
    assert blocked[0] == pytest.approx(whole[0], rel=1e-12)
    np.testing.assert_allclose(blocked[1], whole[1], rtol=1e-10, atol=1e-14)
    assert blocked[2] == pytest.approx(whole[2], rel=1e-12)
    assert model.evaluate(theta, X, t, loss, 0.1, gradient=False)[0] == blocked[0]


@pytest.mark.parametrize("kind, n_classes, loss", CASES)
@pytest.mark.parametrize("workers", [2, 3, 4])
def test_threads_give_the_same_bits_as_one_thread(monkeypatch, kind, n_classes, loss, workers):
    """Each block's result is kept and added in block order: threads change the speed, never the numbers."""
    model, X, t, theta = problem(kind, n_classes)
    small_blocks(monkeypatch, workers=1)
    serial = model.evaluate(theta, X, t, loss, 0.1)
    small_blocks(monkeypatch, workers=workers)
    assert blocks.workers_for(X.shape[0]) == workers
    for _ in range(3):
        threaded = model.evaluate(theta, X, t, loss, 0.1)
        assert threaded[0] == serial[0] and threaded[2] == serial[2]
        np.testing.assert_array_equal(threaded[1], serial[1])


def test_map_blocks_keeps_block_order_and_raises_a_workers_error():
    starts = list(range(0, 100, 7))
    assert blocks.map_blocks(lambda s: s * 2, starts, 3) == [s * 2 for s in starts]
    assert blocks.map_blocks(lambda s: s, starts[:1], 4) == starts[:1]

    def fails(start):
        if start == 98:  # the last run, on a worker thread
            raise ValueError("block 98")
        return start

    with pytest.raises(ValueError, match="block 98"):
        blocks.map_blocks(fails, starts, 2)


def test_blocks_hold_cache_sized_data():
    assert blocks.block_rows(1, 2, 4) == 16_384  # few features: bounded by z
    assert blocks.block_rows(1, 2, 8) == 8_192
    assert blocks.block_rows(1, 784, 4) * 784 * 4 <= blocks.BLOCK_BYTES  # many: bounded by X's bytes
    assert blocks.block_rows(10, 10**6, 8) == blocks.MIN_ROWS
    assert blocks.workers_for(blocks.THREAD_MIN_VALUES - 1) == 1
