import numpy as np
import pytest

from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.spec.run import RunSpec
from app.engine.training.optimizers import OptimizerSettings
from app.engine.training.registry import make_model
from app.engine.training.trainer import Trainer
from app.lessons.softmax.maths import (
    class_probabilities,
    confusion_matrix,
    weight_templates,
)


def _weights(l2, steps=225, lr=0.1):
    """Softmax regression on the standardised 8×8 digits, mini-batches of 32, plain gradient descent."""
    data = load_dataset(DatasetSpec(name="digits", seed=0))
    model = make_model("softmax", data.n_features, data.n_classes)
    config = RunSpec(loss="cross_entropy", batch_size=32, l2=l2, max_steps=steps, tol_grad=0.0, seed=0,
                     optimizer=OptimizerSettings.of(name="gd", learning_rate=lr))
    trainer = Trainer(model, data, config)
    for _ in trainer.run(steps):
        pass
    return weight_templates(model, data, trainer.theta)


def test_confusion_matrix_and_probabilities():
    from app.engine.data.datasets import DatasetSpec, load_dataset
    data = load_dataset(DatasetSpec(name="iris"))
    model = make_model("softmax", 4, 3)
    theta = model.init_params(np.random.default_rng(0))
    counts = confusion_matrix(model, theta, data.X_test, data.y_test, 3)
    assert counts.sum() == len(data.y_test)
    np.testing.assert_array_equal(counts.sum(axis=1), np.bincount(data.y_test, minlength=3))
    probs = class_probabilities(model, data, theta, 2)
    assert sum(probs["probabilities"]) == pytest.approx(1.0) and probs["label"] == data.y_test[2]
    with pytest.raises(ValueError, match="index"):
        class_probabilities(model, data, theta, 10_000)


def test_with_the_lessons_l2_the_weights_become_pictures_of_the_digits():
    """Five epochs (225 steps) at lr 0.1: with λ = 0.2 every class's weight image correlates
    above 0.9 with its digit's mean image minus the mean of all digits; with the old λ = 0.01 none
    does (the weights on pixels that never vary keep their random start)."""
    chosen, old = _weights(0.2), _weights(0.01)
    assert min(chosen) > 0.9
    assert sum(r > 0.9 for r in old) == 0 and np.mean(old) < np.mean(chosen) - 0.1
    model = make_model("softmax", 4, 3)
    assert weight_templates(model, load_dataset(DatasetSpec(name="iris")), np.zeros(15)) == [None] * 3
