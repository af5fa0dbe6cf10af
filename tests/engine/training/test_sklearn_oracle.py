"""Converged solutions against scikit-learn's LogisticRegression.

Our objective is J = mean(log-loss) + l2/2 ||w||^2; scikit-learn minimises
C sum(log-loss) + 1/2 ||w||^2, the same problem scaled by 1/l2 when C = 1/(l2 m).
"""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression as SkLogistic

from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.training.optimizers import OptimizerSettings
from app.engine.training.registry import make_model
from app.engine.training.trainer import TrainConfig, Trainer


def _converge(name, kind, l2, lr):
    data = load_dataset(DatasetSpec(name=name, standardize=True, test_fraction=0.0))
    model = make_model(kind, data.n_features, data.n_classes)
    config = TrainConfig(optimizer=OptimizerSettings.of(name="nesterov", learning_rate=lr, momentum=0.9),
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
