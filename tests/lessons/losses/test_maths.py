import numpy as np
import pytest
from scipy.stats import entropy as scipy_entropy

from app.lessons.losses.maths import information, margin_losses


def test_margin_losses():
    c = margin_losses(-1.0, 2.0, 4)  # margins -1, 0, 1, 2
    assert c["zero_one"] == [1.0, 1.0, 0.0, 0.0]
    assert c["hinge"] == [2.0, 1.0, 0.0, 0.0]
    assert c["squared"] == [4.0, 1.0, 0.0, 1.0]
    assert c["absolute"] == [2.0, 1.0, 0.0, 1.0]
    np.testing.assert_allclose(c["log"][1], np.log(2.0))  # in nats, like the training losses: ln(1 + e^0)
    np.testing.assert_allclose(c["log2"][1], 1.0)  # in bits: log2(1 + e^0) = 1, through (0, 1) like the others
    np.testing.assert_allclose(np.array(c["log2"]) * np.log(2.0), c["log"])
    np.testing.assert_allclose(c["exponential"], np.exp(-np.array([-1.0, 0.0, 1.0, 2.0])))


def test_information_matches_scipy():
    p, q = np.array([0.1, 0.2, 0.3, 0.4]), np.array([0.25, 0.25, 0.4, 0.1])
    out = information(p, q)  # nats by default, like the training losses
    assert out["unit"] == "nats"
    assert out["entropy"] == pytest.approx(scipy_entropy(p))
    assert out["kl"] == pytest.approx(scipy_entropy(p, q))
    assert out["cross_entropy"] == pytest.approx(out["entropy"] + out["kl"])
    bits = information(p, q, "bits")
    assert bits["entropy"] == pytest.approx(scipy_entropy(p, base=2))
    assert bits["kl"] == pytest.approx(scipy_entropy(p, q, base=2))
    assert bits["cross_entropy"] == pytest.approx(out["cross_entropy"] / np.log(2.0))
    assert information([1, 1, 1], [1, 1, 1])["entropy"] == pytest.approx(np.log(3.0))  # 1.0986 nats
    with pytest.raises(ValueError, match="unit"):
        information(p, q, "decibans")
    same = information(p, p)
    assert same["kl"] == pytest.approx(0.0, abs=1e-12)
    assert information([3, 1], [1, 1])["p"] == [0.75, 0.25]  # weights are normalised
    assert information([0.5, 0.5], [1.0, 0.0])["kl"] is None  # q = 0 where p > 0: infinite
    with pytest.raises(ValueError, match="non-negative"):
        information([-1, 2], [1, 1])
    with pytest.raises(ValueError, match="same number"):
        information([1, 1], [1, 1, 1])
