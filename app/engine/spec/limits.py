"""A run's limits, checked in one place: ``check_run`` (RunSpec.check) is the only code that
holds a run's data set, model, history and work against the server's caps. A request's own
fields (n_samples, max_steps, the length of init, ...) are capped when the request is parsed
(app.schemas.base); nothing here checks them again.

``Limits`` is any object with these caps (app.settings.Settings is one): the engine imports no
settings. The error names the setting to change (LimitExceeded)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from app.engine.errors import LimitExceeded

if TYPE_CHECKING:
    from app.engine.data.datasets import Dataset
    from app.engine.spec.run import RunSpec
    from app.engine.training.models import Model

AUTO_PARAMS_LIMIT = 100  # params_every None: every record's θ up to this many parameters, else the first and last
RECORD_VALUES = 12  # the numbers in a record besides params and layer_grads


class Limits(Protocol):
    max_features: int
    max_classes: int
    max_params: int
    max_history_values: int
    max_train_work: float


def check_work(what: str, value: float, limit: str, limits: object, hint: str = "") -> None:
    """LimitExceeded when ``value`` is over the cap ``limits`` has under the name ``limit`` (an
    analysis's or a lesson's work: their routes call this with the setting's name)."""
    cap = getattr(limits, limit)
    if value > cap:
        raise LimitExceeded(what, value, limit, cap, hint)


def check_objective(limits: Limits, data: Dataset, model: Model | None = None) -> None:
    """J(θ)'s sizes: the data set's features and classes, and the model's parameters."""
    check_work("the number of features", data.n_features, "max_features", limits)
    check_work("the number of classes", data.n_classes, "max_classes", limits)
    if model is not None:
        check_work("the number of parameters", model.n_params, "max_params", limits)


def params_stride(spec: RunSpec, model: Model) -> int:
    """k: history records 0, k, 2k, ... (and the last) carry θ; 0: none."""
    if spec.params_every is not None:
        return spec.params_every
    return 1 if model.n_params <= AUTO_PARAMS_LIMIT else 10**9


def widest(specs: Sequence[RunSpec]) -> RunSpec:
    """The first spec with the largest max_steps and batch any of ``specs`` has (None, the full
    batch, is the largest): a bound on the whole run's history and work when planned events change
    them on the way (EventLog.check gives the specs in force)."""
    batches = [s.batch_size for s in specs]
    return replace(specs[0], max_steps=max(s.max_steps for s in specs),
                   batch_size=None if None in batches else max(b for b in batches if b is not None))


def check_run(spec: RunSpec, limits: Limits, data: Dataset, model: Model, whole_history: bool,
              later: Sequence[RunSpec] = ()) -> None:
    """The objective's sizes, and, for an answer that holds the ``whole_history`` (REST, jobs, the
    CLI; a live session streams its records instead), the history's size and the run's work: the
    updates (batch rows x parameters each) and the evaluations at recorded steps (every row),
    counted over the widest reach of ``spec`` and the ``later`` specs its planned events make."""
    check_objective(limits, data, model)
    if not whole_history:
        return
    reach = widest([spec, *later])
    counted = " with the changes its events plan" if reach != spec else ""
    records = reach.max_steps // reach.record_every + 2
    stride = params_stride(reach, model)
    with_params = 0 if stride == 0 else min(records, records // stride + 2)
    values = records * (RECORD_VALUES + len(model.layer_slices())) + with_params * model.n_params
    check_work(f"the history size (records x values per record){counted}", values, "max_history_values", limits,
               "raise record_every or params_every, or lower max_steps")
    batch = min(reach.batch_size or len(data.y_train), len(data.y_train))
    rows = float(reach.max_steps) * batch + float(records) * (len(data.y_train) + len(data.y_test))
    check_work(f"the run's work (steps x rows x parameters){counted}", rows * model.n_params, "max_train_work",
               limits, "lower max_steps, raise record_every or use a smaller data set")
