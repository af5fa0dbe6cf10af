"""One gradient-descent update at a time, with a record of each.

The record of step t describes theta_t, the parameters after t updates. Every
record has the step, the epoch, the learning rate that produced theta_t, the
loss of the batch that update used (``batch_loss``, measured before the update)
and theta_t itself. An *evaluated* record also has the full objective at theta_t:
the training objective J(theta_t) (``loss``, L2 penalty included), the test
objective, accuracies (a classifier) or R^2 and RMSE (a regression), the norm of
the full-batch gradient and its per-layer norms. Step 0 is the start.

Evaluating costs a pass over every training and test row, more than a
mini-batch update itself, so ``step(evaluate=False)`` skips it: the record then
has none of those fields (they are None here, absent in ``to_dict``), never
stale ones. The stopping rules that need J or its gradient (``tol_loss``,
``tol_grad``, ``target_loss``) are checked at evaluated steps, ``tol_loss``
against the previous evaluated step. Between evaluations, divergence is watched
on the batch loss, smoothed by an exponential moving average, and on theta
staying finite. The step that ends a run (any reason) is always evaluated.

A run's changeable settings (RunSpec.apply: the optimizer, schedule, loss, L2,
batch size, max_steps and stopping rules; never the data, model or seed) can
change between two steps (``Trainer.reconfigure``) without resetting theta; a
new optimizer name starts that optimizer's state fresh.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from app.engine.data.datasets import Dataset
from app.engine.errors import UserError
from app.engine.spec.run import RunSpec
from app.engine.training.cancel import NEVER, CancelToken
from app.engine.training.losses import get_loss
from app.engine.training.models import Model
from app.engine.training.optimizers import make_optimizer
from app.engine.training.record import StepRecord
from app.engine.training.schedules import SCHEDULES, learning_rate_at

Array = np.ndarray

STOP_REASONS = ("max_steps", "tol_loss", "tol_grad", "target_loss", "diverged")
DIVERGENCE_FACTOR = 1e3  # J above this multiple of max(J_0, 1) counts as exploding
BATCH_LOSS_SMOOTHING = 0.9  # the moving average of the batch loss: ema = 0.9 ema + 0.1 batch_loss
EVALUATED_FIELDS = ("loss", "test_loss", "grad_norm", "layer_grads")


class Trainer:
    """Drives ``model`` on ``data`` under ``config`` (the run spec: its loss, optimizer, schedule,
    batch size, penalty, stopping rules and seed), one update per ``step()``."""

    def __init__(self, model: Model, data: Dataset, config: RunSpec, init: Array | None = None):
        self.model = model
        if config.precision not in ("float64", "float32"):
            raise UserError("precision must be float64 or float32")
        dtype = np.dtype(config.precision)
        self.X_train = np.ascontiguousarray(data.X_train, dtype=dtype)
        self.X_test = np.ascontiguousarray(data.X_test, dtype=dtype)
        self.data = data
        self.t_train = model.encode_targets(data.y_train, dtype)
        self.t_test = model.encode_targets(data.y_test, dtype) if len(data.y_test) else None
        if init is None:
            init = model.init_params(np.random.default_rng(np.random.SeedSequence([config.seed, 3])))
        init = np.asarray(init, dtype=np.float64)
        if init.shape != (model.n_params,):
            raise UserError(f"init has {init.size} values; the model has {model.n_params} parameters "
                             f"({', '.join(model.param_names[:8])}{', ...' if model.n_params > 8 else ''})")
        if not np.all(np.isfinite(init)):
            raise UserError("init must hold finite numbers")
        self.theta0 = init.copy()
        self.check(config)
        self.config = config
        self.reset()

    # --- life cycle -------------------------------------------------------------
    def reset(self) -> StepRecord:
        """Back to the seeded start: theta_0, fresh optimizer, step 0, same shuffles."""
        self.theta = self.theta0.copy()
        self.t = 0
        self.samples_seen = 0
        self.optimizer = make_optimizer(self.config.optimizer, self.model.n_params)
        self._shuffle_rng = np.random.default_rng(np.random.SeedSequence([self.config.seed, 2]))
        self._order = self._shuffle_rng.permutation(self.n_train)
        self._cursor = 0
        self.stop_reason: str | None = None
        self._full_grad: Array | None = None
        self.last = self._record(batch_loss=None, learning_rate=None)
        self._start_watch()
        if not self._finite(self.last):  # e.g. features so large that z overflows at theta_0
            self.stop_reason = "diverged"
        return self.last

    def _start_watch(self) -> None:
        """The divergence reference J(theta_t) (the last record is evaluated), a fresh moving
        average of the batch loss, and the loss that ``tol_loss`` compares with."""
        self._reference_loss = self.last.loss
        self._batch_ema: float | None = None
        self._evaluated_loss = self.last.loss

    @staticmethod
    def _finite(rec: StepRecord) -> bool:
        values = (rec.loss, rec.grad_norm) if rec.evaluated else (rec.batch_loss,)
        return bool(all(v is None or np.isfinite(v) for v in values) and np.all(np.isfinite(rec.params)))

    @property
    def gradient(self) -> Array | None:
        """The full-batch gradient at the current theta, if the last record was evaluated."""
        return self._full_grad

    def complete(self) -> StepRecord:
        """The last record, evaluated now if it was not; the stopping rules that need J
        are checked on it."""
        if not self.last.evaluated:
            self.last = self._record(self.last.batch_loss, self.last.learning_rate)
            if self.stop_reason is None:
                self.stop_reason = self._stop_reason()
        return self.last

    @property
    def n_train(self) -> int:
        return len(self.data.y_train)

    @property
    def learning_rate(self) -> float:
        """The rate the next update will use."""
        return learning_rate_at(self.config.optimizer.learning_rate, self.t, self.config.schedule)

    def set(self, **changes: object) -> None:
        """``reconfigure(config.apply(changes))``: a shorthand for notebooks and tests."""
        self.reconfigure(self.config.apply(changes))

    def reconfigure(self, config: RunSpec) -> None:
        """Change settings between two steps, theta kept. A new optimizer name starts
        that optimizer's state fresh; a new loss or L2 re-records theta_t under the new
        objective. The seed cannot change during a run."""
        if config.seed != self.config.seed:
            raise UserError("cannot set seed during a run")
        self.check(config)
        objective_changed = (config.loss, config.l2) != (self.config.loss, self.config.l2)
        if config.optimizer.name != self.config.optimizer.name:
            self.optimizer = make_optimizer(config.optimizer, self.model.n_params)
        else:
            self.optimizer.configure(config.optimizer)
        self.config = config
        if objective_changed:  # the record at theta_t now means something else
            self.last = self._record(self.last.batch_loss, self.last.learning_rate)
            self._start_watch()

    def check(self, config: RunSpec) -> None:
        """UserError if this trainer cannot run under ``config`` (a loss that does not fit the
        model's output, an unknown optimizer or schedule, a batch size below 1, a negative L2)."""
        get_loss(config.loss, self.model.output)  # raises for an unknown loss, or one that does not fit
        if config.schedule.name not in SCHEDULES:
            raise UserError(f"unknown schedule {config.schedule.name!r}; "
                             f"choose one of {', '.join(SCHEDULES)}")
        make_optimizer(config.optimizer, 0)  # raises for an unknown name
        if config.batch_size is not None and config.batch_size < 1:
            raise UserError("batch_size must be at least 1 (or None for full batch)")
        if config.l2 < 0:
            raise UserError("l2 must be non-negative")

    # --- one update ---------------------------------------------------------------
    def _next_batch(self) -> Array | None:
        """Indices of the next mini-batch, or None for the full batch."""
        size = self.config.batch_size
        if size is None or size >= self.n_train:
            self.samples_seen += self.n_train
            return None
        if self._cursor >= self.n_train:
            self._order = self._shuffle_rng.permutation(self.n_train)
            self._cursor = 0
        batch = self._order[self._cursor : self._cursor + size]
        self._cursor += len(batch)
        self.samples_seen += len(batch)
        return batch

    def step(self, evaluate: bool = True) -> StepRecord:
        """Exactly one update of theta; returns the record of the new theta, evaluated
        if ``evaluate`` or if the run stops at this step."""
        if self.stop_reason == "diverged":
            raise RuntimeError("the run has diverged; reset it before stepping again")
        cfg = self.config
        lr = self.learning_rate
        batch = self._next_batch()
        point = self.optimizer.gradient_point(self.theta, lr)
        with np.errstate(all="ignore"):  # overflow here ends as a reported divergence, not a warning
            if batch is None and point is self.theta and self._full_grad is not None:
                batch_loss, grad = self.last.loss, self._full_grad  # computed for the last record
            else:
                X, t = (self.X_train, self.t_train) if batch is None else (
                    self.X_train[batch], self.t_train[batch])
                batch_loss, grad = self.model.loss_gradient(point, X, t, cfg.loss, cfg.l2)
            self.theta = self.optimizer.update(self.theta, grad, lr)
        self.t += 1
        assert batch_loss is not None
        self.last = StepRecord(step=self.t, epoch=self.samples_seen / self.n_train, batch_loss=batch_loss,
                               learning_rate=lr, params=self.theta.copy(), evaluated=False)
        self._full_grad = None
        diverged = self._diverging(batch_loss)
        if evaluate or diverged or self.t >= cfg.max_steps:
            self.last = self._record(batch_loss, lr)
        self.stop_reason = "diverged" if diverged else self._stop_reason() if self.last.evaluated else None
        return self.last

    def _diverging(self, batch_loss: float) -> bool:
        """Divergence seen without an evaluation: theta or the batch loss not finite, or the
        batch loss's moving average past DIVERGENCE_FACTOR x max(J_ref, 1)."""
        ema = self._batch_ema
        self._batch_ema = batch_loss if ema is None else (
            BATCH_LOSS_SMOOTHING * ema + (1 - BATCH_LOSS_SMOOTHING) * batch_loss)
        return not self._finite(self.last) or self._exploded(self._batch_ema)

    def _exploded(self, value: float) -> bool:
        assert self._reference_loss is not None
        return bool(value > DIVERGENCE_FACTOR * max(self._reference_loss, 1.0))

    def _fit(self, tally: float, t: Array) -> dict[str, float | None]:
        """A tally of rows (model.tally) as accuracy, or a regression's R^2 = 1 - SSE/SST
        (None when the target is constant) and RMSE = sqrt(SSE/m) in the target's units."""
        m = len(t)
        if self.model.output != "identity":
            return {"accuracy": tally / m}
        spread = float(np.sum((t - t.mean()) ** 2))
        return {"r2": 1.0 - tally / spread if spread > 0 else None,
                "rmse": float(np.sqrt(tally / m)) * self.data.y_scale}

    def _record(self, batch_loss: float | None, learning_rate: float | None) -> StepRecord:
        cfg, model = self.config, self.model
        with np.errstate(all="ignore"):
            loss, grad, tally = model.evaluate(self.theta, self.X_train, self.t_train, cfg.loss, cfg.l2)
            assert grad is not None
            fit, test_fit = self._fit(tally, self.t_train), {}
            test_loss = None
            if self.t_test is not None:
                test_loss, _, tally = model.evaluate(self.theta, self.X_test, self.t_test,
                                                     cfg.loss, cfg.l2, gradient=False)
                test_fit = self._fit(tally, self.t_test)
            grad_norm = float(np.linalg.norm(grad))
            layer_grads = tuple(float(np.linalg.norm(grad[part])) for part in model.layer_slices())
        self._full_grad = grad
        return StepRecord(
            step=self.t, epoch=self.samples_seen / self.n_train, batch_loss=batch_loss,
            learning_rate=learning_rate, params=self.theta.copy(), loss=loss, test_loss=test_loss,
            grad_norm=grad_norm, layer_grads=layer_grads, accuracy=fit.get("accuracy"),
            test_accuracy=test_fit.get("accuracy"), r2=fit.get("r2"), rmse=fit.get("rmse"),
            test_r2=test_fit.get("r2"), test_rmse=test_fit.get("rmse"))

    def _stop_reason(self) -> str | None:
        """The rules checked on an evaluated record (the last); ``tol_loss`` compares J with
        the previous evaluated step's."""
        cfg, rec = self.config, self.last
        assert rec.loss is not None and rec.grad_norm is not None
        previous, self._evaluated_loss = self._evaluated_loss, rec.loss
        if not self._finite(rec) or self._exploded(rec.loss):
            return "diverged"
        if cfg.target_loss is not None and rec.loss <= cfg.target_loss:
            return "target_loss"
        if rec.grad_norm < cfg.tol_grad:
            return "tol_grad"
        if previous is not None and abs(rec.loss - previous) < cfg.tol_loss:
            return "tol_loss"
        if self.t >= cfg.max_steps:
            return "max_steps"
        return None

    def run(self, record_every: int = 1, cancel: CancelToken = NEVER) -> Iterator[StepRecord]:
        """Step until a stopping rule fires, yielding step 0, every ``record_every``-th
        record and the last one. Only those are evaluated: the steps between are bare
        updates. ``cancel`` is checked before every step."""
        yield self.last
        while self.stop_reason is None:
            cancel.check()
            record = self.step(evaluate=(self.t + 1) % record_every == 0)
            if record.evaluated:
                yield record
