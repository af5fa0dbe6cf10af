"""The CE-vs-MSE article's experiment and the softmax lesson's read-outs.

``compare_losses``: mini-batch SGD on digits for a few epochs, once with
cross-entropy and once with MSE, from the same seeded start at the same
learning rate; test accuracy after every epoch. Task ``binary`` is one digit
against the rest (logistic regression), task ``softmax`` the 10 classes.
"""

from __future__ import annotations

import math

import numpy as np

from app.engine.data.datasets import Dataset, DatasetSpec, load_dataset
from app.engine.errors import UserError
from app.engine.training.cancel import NEVER, CancelToken
from app.engine.training.models import Model
from app.engine.training.optimizers import OptimizerSettings
from app.engine.training.registry import make_model
from app.engine.training.trainer import TrainConfig, Trainer

Array = np.ndarray


def compare_losses_data(task: str, seed: int = 0, digit: int = 0) -> Dataset:
    """The digits split the experiment runs on."""
    if task not in ("binary", "softmax"):
        raise UserError("task must be binary or softmax")
    return load_dataset(DatasetSpec(name="digit_vs_rest" if task == "binary" else "digits", seed=seed,
                                    digit=digit, test_fraction=0.25))


def compare_losses_work(task: str, epochs: int, batch_size: int) -> float:
    """Rows x parameters the experiment touches, both losses: each epoch's updates pass over
    the training rows once, and each of the epochs + 1 records evaluates every row."""
    data = compare_losses_data(task)
    n_params = (data.n_features + 1) * (1 if task == "binary" else data.n_classes)
    rows = epochs * len(data.y_train) + (epochs + 1) * (len(data.y_train) + len(data.y_test))
    return 2.0 * rows * n_params


def compare_losses(task: str = "softmax", epochs: int = 5, batch_size: int = 32,
                   learning_rate: float = 0.05, seed: int = 0, digit: int = 0,
                   cancel: CancelToken = NEVER) -> dict[str, object]:
    data = compare_losses_data(task, seed, digit)
    kind = "logistic" if task == "binary" else "softmax"
    steps_per_epoch = math.ceil(len(data.y_train) / batch_size)
    result: dict[str, object] = {"epochs": list(range(epochs + 1)), "task": task,
                                 "steps_per_epoch": steps_per_epoch}
    for loss in ("cross_entropy", "mse"):
        model = make_model(kind, data.n_features, data.n_classes)
        config = TrainConfig(loss=loss, batch_size=batch_size, max_steps=steps_per_epoch * epochs,
                             tol_grad=0.0, seed=seed,
                             optimizer=OptimizerSettings.of(name="gd", learning_rate=learning_rate))
        accuracy: list[float | None] = [None] * (epochs + 1)
        for record in Trainer(model, data, config).run(steps_per_epoch, cancel=cancel):  # one record an epoch
            epoch = int(math.floor(record.epoch + 1e-9))
            if record.epoch == epoch and epoch <= epochs:  # the record that completes an epoch
                accuracy[epoch] = record.test_accuracy
        result[loss] = accuracy
    return result


def confusion_matrix(model: Model, theta: Array, X: Array, y: Array, n_classes: int) -> Array:
    """counts[i, j] = samples of class i predicted as class j."""
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (y, model.predict(theta, X)), 1)
    return counts


def class_probabilities(model: Model, data: Dataset, theta: Array, index: int) -> dict[str, object]:
    """Test sample ``index``: its raw features, label and the model's class probabilities."""
    if not 0 <= index < len(data.y_test):
        raise UserError(f"index must be in 0..{len(data.y_test) - 1}")
    p = model.predict_proba(theta, data.X_test[index : index + 1])[0]
    probabilities = [1.0 - float(p), float(p)] if np.ndim(p) == 0 else [float(v) for v in p]
    return {"index": index, "features": data.raw_test[index].tolist(), "label": int(data.y_test[index]),
            "probabilities": probabilities}
