import numpy as np
import pytest

from app.engine.data.datasets import DatasetSpec, load_dataset


def test_far_line_is_a_long_narrow_valley_until_it_is_standardised():
    """The zig-zag scenario's data: x in [2, 4], so unscaled the (w, b) Hessian of MSE,
    E[[x², x], [x, 1]], has a condition number in the hundreds; standardised, it is 1."""
    def condition(standardize: bool) -> float:
        data = load_dataset(DatasetSpec.of(name="far_line", n_samples=400, seed=0, standardize=standardize))
        x = np.column_stack([data.X_train[:, 0], np.ones(len(data.X_train))])
        eig = np.linalg.eigvalsh(x.T @ x / len(x))
        return float(eig[-1] / eig[0])
    assert 150 < condition(False) < 1000
    assert condition(True) == pytest.approx(1.0, abs=1e-6)
