"""MSE against cross-entropy on a sigmoid output, as
F(x)构建方程，梯度下降求偏导，损失函数确定偏导调整，激活函数处理非线性问题 (Build the equation F(x), take
partial derivatives by gradient descent, let the loss set the adjustment, handle non-linearity with
activations: article 002) compares them. For one sample with logit z, output a = sigmoid(z) and
label y in {0, 1}:

    cross-entropy  L = -y ln a - (1 - y) ln(1 - a)     dL/dz = a - y
    MSE            L = 1/2 (a - y)^2                    dL/dz = (a - y) a (1 - a)

MSE's factor a (1 - a) vanishes where the sigmoid saturates: for y = 0 at the article's two outputs,
a = 0.98 gives cross-entropy 0.98 but MSE only 0.0192, a = 0.82 gives 0.82 and 0.1210. Every value
is the engine's loss (app.engine.training.losses), evaluated one sample at a time (m = 1).

* ``probability_losses``: L of both losses and both labels at n outputs a (n,) in [0.005, 0.995].
* ``dz_curves``: dL/dz of both losses and both labels at n logits z (n,) in [-8, 8], with sigmoid(z);
  ``dz_points``: dL/dz at chosen outputs a, for one target y.
* ``compare_losses``: the article's experiment (MNIST, 5 epochs, once with each loss) on the 8×8
  digits (1797 images of 64 pixels, a quarter kept for testing) or a loaded set of 3 or more
  classes: logistic regression on one digit against the rest (``binary``) or softmax regression on
  every class (``softmax``), mini-batch gradient descent from the same seeded start with each loss;
  test accuracy after each epoch 0..E (E + 1 values), beside the majority baseline (always answering
  the most common training class). ``learning_rate_sweep``: the final test accuracy at each of R
  learning rates (R values each), and gap = cross-entropy's minus MSE's. ``compare_losses_work``:
  their work (rows touched x parameters), which the server caps."""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from app.engine.data.datasets import Dataset, DatasetSpec, load_dataset
from app.engine.errors import UserError
from app.engine.spec.run import RunSpec
from app.engine.training.cancel import NEVER, CancelToken
from app.engine.training.losses import CLASSIFICATION_LOSSES, get_loss
from app.engine.training.numerics import sigmoid
from app.engine.training.optimizers import OptimizerSettings
from app.engine.training.registry import make_model
from app.engine.training.trainer import Trainer

Array = np.ndarray


def _per_sample(loss: str, z: Array, y: float) -> tuple[Array, Array]:
    """Loss and dL/dz at each z for a single sample with label y (m = 1)."""
    fn = get_loss(loss, "sigmoid")
    t = np.array([float(y)])
    values = np.asarray(fn.value(z[:, None], t))  # batched: one "data set" of one sample per z
    dz = np.array([fn.value_and_grad(np.array([v]), t)[1][0] for v in z])
    return values, dz


def probability_losses(n: int = 199) -> dict[str, object]:
    a = np.linspace(0.005, 0.995, n)
    z = np.log(a) - np.log1p(-a)  # logit: a = sigmoid(z)
    curves = {f"{loss}_y{y}": _per_sample(loss, z, y)[0].tolist() for loss in CLASSIFICATION_LOSSES for y in (1, 0)}
    return {"a": a.tolist(), **curves}


def dz_points(marks: tuple[float, ...] = (0.98, 0.82), y: int = 0) -> list[dict[str, float]]:
    """dL/dz of both losses for one sample with label ``y`` whose output is a, at each a in
    ``marks`` (0 < a < 1): cross-entropy a - y, MSE (a - y) a (1 - a)."""
    if y not in (0, 1):
        raise UserError("y must be 0 or 1")
    points = []
    for a in marks:
        if not 0.0 < a < 1.0:
            raise UserError("each a must lie strictly between 0 and 1")
        za = float(np.log(a) - np.log1p(-a))  # the logit: a = sigmoid(z)
        grads = {loss: float(_per_sample(loss, np.array([za]), y)[1][0]) for loss in CLASSIFICATION_LOSSES}
        points.append({"a": a, "z": za, "y": y, **grads})
    return points


def dz_curves(n: int = 241, marks: tuple[float, ...] = (0.98, 0.82), y: int = 0) -> dict[str, object]:
    """The curves over z in [-8, 8], and ``marks``: dz_points (the article's two outputs for a
    target of 0 by default)."""
    z = np.linspace(-8.0, 8.0, n)
    curves = {f"{loss}_y{t}": _per_sample(loss, z, t)[1].tolist() for loss in CLASSIFICATION_LOSSES for t in (1, 0)}
    return {"z": z.tolist(), "a": sigmoid(z).tolist(), **curves, "marks": dz_points(marks, y)}


LOSSES = ("cross_entropy", "mse")


def compare_losses_data(task: str, seed: int = 0, digit: int = 0, data: Dataset | None = None) -> Dataset:
    """The split the experiment runs on: the built-in digits (a quarter for testing), or ``data``
    (a loaded classification set of 3 or more classes); for ``binary``, ``digit`` against the rest."""
    if task not in ("binary", "softmax"):
        raise UserError("task must be binary or softmax")
    if data is None:
        return load_dataset(DatasetSpec.of(name="digit_vs_rest" if task == "binary" else "digits", seed=seed,
                                           digit=digit, test_fraction=0.25))
    if data.task != "classification" or data.n_classes < 3:
        raise UserError("the experiment needs a data set of 3 or more classes, such as digits")
    if len(data.y_test) == 0:
        raise UserError("the experiment needs test rows: set test_fraction above 0")
    if task == "softmax":
        return data
    names = [str(name) for name in data.class_names]
    k = names.index(str(digit)) if str(digit) in names else digit
    if k >= data.n_classes:
        raise UserError(f"digit must be one of the classes: 0..{data.n_classes - 1}")
    return dataclasses.replace(data, y_train=(data.y_train == k).astype(data.y_train.dtype),
                               y_test=(data.y_test == k).astype(data.y_test.dtype),
                               class_names=["rest", names[k]])


def majority_baseline(data: Dataset) -> float:
    """Test accuracy of always predicting the training set's most common class."""
    majority = int(np.bincount(data.y_train, minlength=data.n_classes).argmax())
    return float(np.mean(data.y_test == majority))


STEP_ROWS = 64  # an update's fixed cost (Python and NumPy calls, ~70 µs) in rows (~1 µs each on digits)


def compare_losses_work(task: str, epochs: int, batch_size: int, data: Dataset | None = None,
                        rates: int = 1, every_epoch: bool = True) -> float:
    """Rows x parameters the experiment touches, both losses, at each of ``rates`` learning
    rates: each epoch's updates pass over the training rows once (an update costing at least
    STEP_ROWS rows, so tiny batches count their many steps), and each evaluation (epochs + 1 of
    them, or only the last) touches every row."""
    data = compare_losses_data(task, data=data)
    n_params = (data.n_features + 1) * (1 if task == "binary" else data.n_classes)
    evaluations = epochs + 1 if every_epoch else 1
    m = len(data.y_train)
    updates = max(m, math.ceil(m / batch_size) * STEP_ROWS)
    rows = epochs * updates + evaluations * (m + len(data.y_test))
    return 2.0 * rates * rows * n_params


def _accuracies(data: Dataset, task: str, loss: str, epochs: int, batch_size: int, learning_rate: float,
                seed: int, every_epoch: bool, cancel: CancelToken) -> list[float | None]:
    """Test accuracy after each epoch 0..epochs (every_epoch), or [after the last] only."""
    kind = "logistic" if task == "binary" else "softmax"
    steps_per_epoch = math.ceil(len(data.y_train) / batch_size)
    model = make_model(kind, data.n_features, data.n_classes)
    config = RunSpec(loss=loss, batch_size=batch_size, max_steps=steps_per_epoch * epochs, tol_grad=0.0,
                     seed=seed, optimizer=OptimizerSettings.of(name="gd", learning_rate=learning_rate))
    trainer = Trainer(model, data, config)
    if not every_epoch:
        last = None
        for record in trainer.run(steps_per_epoch * epochs, cancel=cancel):  # the start and the end
            last = record
        return [None if last is None else last.test_accuracy]
    accuracy: list[float | None] = [None] * (epochs + 1)
    for record in trainer.run(steps_per_epoch, cancel=cancel):  # one record an epoch
        epoch = int(math.floor(record.epoch + 1e-9))
        if record.epoch == epoch and epoch <= epochs:  # the record that completes an epoch
            accuracy[epoch] = record.test_accuracy
    return accuracy


def compare_losses(task: str = "softmax", epochs: int = 5, batch_size: int = 32,
                   learning_rate: float = 0.05, seed: int = 0, digit: int = 0,
                   cancel: CancelToken = NEVER, data: Dataset | None = None) -> dict[str, object]:
    data = compare_losses_data(task, seed, digit, data)
    result: dict[str, object] = {"epochs": list(range(epochs + 1)), "task": task,
                                 "steps_per_epoch": math.ceil(len(data.y_train) / batch_size),
                                 "baseline": majority_baseline(data), "n_train": len(data.y_train),
                                 "n_test": len(data.y_test), "class_names": data.class_names}
    for loss in LOSSES:
        result[loss] = _accuracies(data, task, loss, epochs, batch_size, learning_rate, seed, True, cancel)
    return result


SWEEP_RATES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)


def learning_rate_sweep(task: str = "binary", learning_rates: tuple[float, ...] = SWEEP_RATES,
                        epochs: int = 5, batch_size: int = 32, seed: int = 0, digit: int = 0,
                        cancel: CancelToken = NEVER, data: Dataset | None = None) -> dict[str, object]:
    """Final test accuracy of both losses at each learning rate (sorted), from one loaded split;
    ``gap`` = cross-entropy's minus MSE's."""
    data = compare_losses_data(task, seed, digit, data)
    rates = sorted({float(r) for r in learning_rates})
    if not rates or min(rates) <= 0:
        raise UserError("learning rates must be positive")
    result: dict[str, object] = {"task": task, "learning_rates": rates, "epochs": epochs,
                                 "steps_per_epoch": math.ceil(len(data.y_train) / batch_size),
                                 "baseline": majority_baseline(data), "n_train": len(data.y_train),
                                 "n_test": len(data.y_test)}
    finals = {loss: [_accuracies(data, task, loss, epochs, batch_size, rate, seed, False, cancel)[0]
                     for rate in rates] for loss in LOSSES}
    result.update(finals)
    result["gap"] = [None if c is None or m is None else c - m for c, m in zip(*finals.values(), strict=True)]
    return result
