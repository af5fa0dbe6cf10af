"""Converged solutions against scikit-learn's LogisticRegression.

Our objective is J = mean(log-loss) + l2/2 ||w||^2; scikit-learn minimises
C sum(log-loss) + 1/2 ||w||^2, the same problem scaled by 1/l2 when C = 1/(l2 m).
"""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression as SkLogistic

from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.spec.run import RunSpec
from app.engine.training.optimizers import OptimizerSettings
from app.engine.training.registry import make_model
from app.engine.training.trainer import Trainer


def _converge(name, kind, l2, lr):
    data = load_dataset(DatasetSpec(name=name, standardize=True, test_fraction=0.0))
    model = make_model(kind, data.n_features, data.n_classes)
    config = RunSpec(optimizer=OptimizerSettings.of(name="nesterov", learning_rate=lr, momentum=0.9),
                         l2=l2, max_steps=20_000, tol_grad=1e-10)
    trainer = Trainer(model, data, config)
    list(trainer.run(record_every=10_000))
    return data, model, trainer


def _sklearn_theta(data, model, l2):
    m = len(data.y_train)
    sk = SkLogistic(C=1.0 / (l2 * m), tol=1e-12, max_iter=100_000).fit(data.X_train, data.y_train)
    if model.output == "sigmoid":
        return np.concatenate([sk.coef_.ravel(), sk.intercept_])
    return np.concatenate([sk.coef_.T.ravel(), sk.intercept_])


@pytest.mark.parametrize("name, kind, l2, lr", [
    ("breast_cancer", "logistic", 0.01, 0.2),
    ("iris", "softmax", 0.01, 0.2),
])
def test_converged_objective_matches_scikit_learn(name, kind, l2, lr):
    data, model, trainer = _converge(name, kind, l2, lr)
    assert trainer.stop_reason == "tol_grad"
    t = model.encode_targets(data.y_train)
    ours = model.loss_value(trainer.theta, data.X_train, t, "cross_entropy", l2)
    theirs = model.loss_value(_sklearn_theta(data, model, l2), data.X_train, t, "cross_entropy", l2)
    assert ours == pytest.approx(theirs, rel=1e-6)
    np.testing.assert_allclose(trainer.theta, _sklearn_theta(data, model, l2), rtol=1e-3, atol=1e-4)


def _regression_run(name, l2, spec=None):
    data = load_dataset(spec or DatasetSpec(name=name, test_fraction=0.0))
    model = make_model("linear", data.n_features, 0)
    config = RunSpec(loss="mse", optimizer=OptimizerSettings.of(name="nesterov", learning_rate=0.1, momentum=0.9),
                         l2=l2, max_steps=20_000, tol_grad=1e-12)
    trainer = Trainer(model, data, config)
    list(trainer.run(record_every=10_000))
    return data, model, trainer


@pytest.mark.parametrize("name", ["line", "sine", "diabetes"])
@pytest.mark.parametrize("l2", [0.0, 0.05])
def test_linear_and_ridge_regression_reach_scikit_learns_solution(name, l2):
    """J = 1/(2m) ||Xw + b - y||^2 + l2/2 ||w||^2 is scikit-learn's Ridge with alpha = l2 m (LinearRegression
    at l2 = 0); gradient descent and the normal equations both land on its theta to 1e-6 relative."""
    from sklearn.linear_model import LinearRegression as SkLinear
    from sklearn.linear_model import Ridge

    data, model, trainer = _regression_run(name, l2)
    assert trainer.stop_reason == "tol_grad"
    m = len(data.y_train)
    sk = (Ridge(alpha=l2 * m, tol=1e-14, solver="cholesky") if l2 else SkLinear()).fit(data.X_train, data.y_train)
    theirs = np.concatenate([sk.coef_, [sk.intercept_]])
    np.testing.assert_allclose(trainer.theta, theirs, rtol=1e-6, atol=1e-9 * np.abs(theirs).max())
    closed = model.closed_form(data.X_train, data.y_train, "mse", l2)
    np.testing.assert_allclose(closed, theirs, rtol=1e-9, atol=1e-12 * np.abs(theirs).max())


def test_r2_and_rmse_match_scikit_learns_metrics_in_the_targets_units():
    from sklearn.metrics import mean_squared_error, r2_score

    data, model, trainer = _regression_run("diabetes", 0.0, DatasetSpec(name="diabetes", test_fraction=0.25))
    rec = trainer.last
    predicted = data.raw_target(model.predict(trainer.theta, data.X_test))
    truth = data.raw_target(data.y_test)
    assert data.y_scale > 10  # the target is in its own units (about 77), the model sees it standardised
    assert rec.test_r2 == pytest.approx(r2_score(truth, predicted), rel=1e-9)
    assert rec.test_rmse == pytest.approx(np.sqrt(mean_squared_error(truth, predicted)), rel=1e-9)
    assert rec.accuracy is None and "accuracy" not in rec.to_dict() and rec.to_dict()["r2"] == rec.r2
