"""What a trainer knows about θ_t after t updates: a step's record (app.engine.training.trainer says
which fields a record has, and when it is evaluated)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.engine.training.numerics import finite_or_none

Array = np.ndarray


@dataclass(frozen=True)
class StepRecord:
    """theta_t and what is known about it; the fields from ``loss`` on are None in a
    record that was not evaluated (``evaluated`` False)."""

    step: int
    epoch: float
    batch_loss: float | None
    learning_rate: float | None
    params: Array
    evaluated: bool = True
    loss: float | None = None
    test_loss: float | None = None
    grad_norm: float | None = None
    layer_grads: tuple[float, ...] = ()  # a network's ||dJ/dW_l|| per layer, input side first
    accuracy: float | None = None  # a classifier's share of rows right; None for a regression
    test_accuracy: float | None = None
    r2: float | None = None  # a regression's 1 - SSE/SST on the training rows
    rmse: float | None = None  # sqrt(SSE/m) in the target's own units
    test_r2: float | None = None
    test_rmse: float | None = None

    def to_dict(self, params: bool = True) -> dict[str, object]:
        """JSON-safe: every non-finite number becomes None. Always: step, epoch, batch_loss,
        learning_rate, and params unless ``params`` is False. An evaluated record adds loss,
        test_loss, grad_norm, layer_grads and, for a classifier, accuracy and test_accuracy,
        for a regression r2, rmse, test_r2 and test_rmse. A field not computed is absent."""
        record: dict[str, object] = {
            "step": self.step,
            "epoch": self.epoch,
            "batch_loss": _number(self.batch_loss),
            "learning_rate": _number(self.learning_rate),
        }
        if params:
            record["params"] = [finite_or_none(v) for v in self.params]
        if not self.evaluated:
            return record
        record.update(loss=_number(self.loss), test_loss=_number(self.test_loss),
                      grad_norm=_number(self.grad_norm), layer_grads=[finite_or_none(v) for v in self.layer_grads])
        if self.accuracy is not None:
            return {**record, "accuracy": self.accuracy, "test_accuracy": self.test_accuracy}
        fit = {"r2": self.r2, "rmse": self.rmse, "test_r2": self.test_r2, "test_rmse": self.test_rmse}
        return {**record, **{k: _number(v) for k, v in fit.items()}}


def _number(value: float | None) -> float | None:
    return None if value is None else finite_or_none(value)
