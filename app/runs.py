"""Building runs: a validated request (app.schemas) -> the engine's data set, model
and trainer, with the configurable limits checked on the way.

No maths and no HTTP here: problems are gdviz's own errors (UserError, NotFound,
LimitExceeded), which the API answers with 4xx, the live session with error
frames and the CLI with exit code 2. The REST routes, the websocket and the CLI
all build their runs here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import numpy as np
from pydantic import ValidationError

from app.engine.data.datasets import Dataset, DatasetSpec, load_dataset
from app.engine.data.prepare import Recipe
from app.engine.data.store import UploadStore
from app.engine.data.table import Table
from app.engine.errors import LimitExceeded, UserError
from app.engine.training.cancel import NEVER, CancelToken
from app.engine.training.models import Model
from app.engine.training.optimizers import OptimizerSettings
from app.engine.training.registry import MODELS, make_model
from app.engine.training.replay import Change, check_changes, replay
from app.engine.training.schedules import ScheduleSettings
from app.engine.training.trainer import OPTIMIZER_FIELDS, TrainConfig, Trainer
from app.schemas.data import DatasetRequest, RecipeRequest
from app.schemas.live import SetMessage
from app.schemas.train import EventChanges, ObjectiveRequest, TrainRequest
from app.settings import Settings


def recipe(req: RecipeRequest | None) -> Recipe | None:
    if req is None:
        return None
    return Recipe(label=req.label, columns=tuple(req.columns.items()), missing=req.missing, scale=req.scale,
                  max_levels=req.max_levels, task=req.task)


def dataset_spec(req: DatasetRequest, max_classes: int = 50) -> DatasetSpec:
    options = req.options()
    return DatasetSpec(
        name=req.name, n_samples=options["n_samples"], noise=options["noise"], seed=req.seed,
        standardize=req.standardize, test_fraction=req.test_fraction,
        features=tuple(req.features) if req.features else None, digit=options["digit"],
        recipe=recipe(req.prepare), max_classes=max_classes,
    )


def upload_loader(store: UploadStore) -> Callable[[str], Table]:
    """Loads an upload by id (UploadNotFound, UploadCorrupted: both gdviz's own errors)."""
    return store.load


def load_data(req: DatasetRequest, settings: Settings, store: UploadStore) -> Dataset:
    data = load_dataset(dataset_spec(req, settings.max_classes), upload_loader(store))
    if data.n_features > settings.max_features:
        raise LimitExceeded("the number of features", data.n_features, "max_features",
                         settings.max_features)
    if data.n_classes > settings.max_classes:
        raise LimitExceeded("the number of classes", data.n_classes, "max_classes", settings.max_classes)
    return data


def objective(req: ObjectiveRequest, settings: Settings, store: UploadStore) -> tuple[Dataset, Model]:
    """The data set and model a request names, both checked against the limits."""
    data = load_data(req.dataset, settings, store)
    options = {param.name: getattr(req.model, param.name) for param in MODELS[req.model.kind].params}
    model = make_model(req.model.kind, data.n_features, data.n_classes, **options)
    if model.n_params > settings.max_params:
        raise LimitExceeded("the number of parameters", model.n_params, "max_params", settings.max_params)
    return data, model


def params_vector(values: list[float] | None, model: Model, what: str = "params", seed: int = 0) -> np.ndarray:
    """theta from a request: its values, or (None) the seeded start of a run with ``seed``."""
    if values is None:
        return model.init_params(np.random.default_rng(np.random.SeedSequence([seed, 3])))
    if len(values) != model.n_params:
        raise UserError(f"{what} has {len(values)} values; this model has {model.n_params} "
                        f"parameters ({', '.join(model.param_names[:6])}"
                        f"{', ...' if model.n_params > 6 else ''})")
    return np.asarray(values, dtype=np.float64)


def train_config(req: TrainRequest) -> TrainConfig:
    return TrainConfig(
        loss=req.loss,
        optimizer=OptimizerSettings.of(**req.optimizer.model_dump()),
        schedule=ScheduleSettings(**req.schedule.model_dump()),
        batch_size=req.batch_size,
        l2=req.l2,
        max_steps=req.max_steps,
        tol_loss=req.tol_loss,
        tol_grad=req.tol_grad,
        target_loss=req.target_loss,
        seed=req.seed,
    )


def build_trainer(req: TrainRequest, settings: Settings, store: UploadStore, whole_history: bool) -> Trainer:
    """The Trainer a run request asks for, checked against the limits. ``whole_history``:
    the answer holds every record (REST, CLI), so the history and work limits apply too;
    a live session streams its records instead."""
    data, model = objective(req, settings, store)
    if req.max_steps > settings.max_steps:
        raise LimitExceeded("max_steps", req.max_steps, "max_steps", settings.max_steps)
    if whole_history:
        check_run_size(req, data, model, settings)
    init = params_vector(req.init, model, "init") if req.init is not None else None
    trainer = Trainer(model, data, train_config(req), init)
    check_changes(trainer, run_changes(req))
    return trainer


AUTO_PARAMS_LIMIT = 100  # params_every null: every record's theta up to this many parameters, else the
# first and the last record's
RECORD_VALUES = 12  # the numbers in a record besides params and layer_grads


def params_stride(req: TrainRequest, model: Model) -> int:
    """k: history records 0, k, 2k, ... (and the last) carry params; 0: none."""
    if req.params_every is not None:
        return req.params_every
    return 1 if model.n_params <= AUTO_PARAMS_LIMIT else 10**9


def history(trainer: Trainer, req: TrainRequest, cancel: CancelToken = NEVER) -> Iterator[dict]:
    """The recorded steps of a run as JSON-safe dicts, params where ``params_every`` asks."""
    stride = params_stride(req, trainer.model)
    for i, record in enumerate(replay(trainer, run_changes(req), req.record_every, cancel=cancel)):
        last = trainer.stop_reason is not None
        yield record.to_dict(params=stride > 0 and (i % stride == 0 or last))


def history_response(trainer: Trainer, history: list[dict]) -> dict:
    """The body of POST /api/train (and the CLI's JSON output)."""
    return {"history": history, "stop_reason": trainer.stop_reason,
            "param_names": trainer.model.param_names, "final": history[-1]}


def check_run_size(req: TrainRequest, data: Dataset, model: Model, settings: Settings) -> None:
    """A run whose whole history is returned must fit the history and work limits. The work
    counts the updates (batch rows x parameters each) and the evaluations at recorded steps
    (every training and test row)."""
    records = req.max_steps // req.record_every + 2
    stride = params_stride(req, model)
    with_params = 0 if stride == 0 else min(records, records // stride + 2)
    values = records * (RECORD_VALUES + len(model.layer_slices())) + with_params * model.n_params
    if values > settings.max_history_values:
        raise LimitExceeded("the history size (records x values per record)", values,
                         "max_history_values", settings.max_history_values,
                         "raise record_every or params_every, or lower max_steps")
    batch = min(req.batch_size or len(data.y_train), len(data.y_train))
    rows = float(req.max_steps) * batch + float(records) * (len(data.y_train) + len(data.y_test))
    work = rows * model.n_params
    if work > settings.max_train_work:
        raise LimitExceeded("the run's work (steps x rows x parameters)", work, "max_train_work",
                         settings.max_train_work, "lower max_steps, raise record_every or use a smaller data set")


Spec = TypeVar("Spec", bound=TrainRequest)


def event_changes(msg: SetMessage | EventChanges) -> dict[str, Any]:
    """What a "set" changes in the run, as its event log keeps it (JSON-safe); {} when it
    changes only the pace."""
    keys = msg.model_fields_set - {"type", "speed"}
    return msg.model_dump(mode="json", include=keys) if keys else {}


def run_changes(req: TrainRequest) -> list[Change]:
    """A run's event log as the engine replays it: each event's changes applied to the spec
    in force by spec_after_set (the live session's path), as a whole TrainConfig."""
    spec, changes = req.model_copy(update={"events": []}), []
    for n, event in enumerate(req.events, 1):
        try:
            spec = spec_after_set(spec, event.changes)
        except UserError as exc:
            raise UserError(f"event {n} (step {event.step}): {exc}") from exc
        changes.append(Change(event.step, train_config(spec)))
    return changes


def spec_after_set(spec: Spec, msg: SetMessage | EventChanges) -> Spec:
    """The run spec after a websocket "set": the fields the message carries, applied to
    the spec in force and checked again by the same model, so a live run's state is
    always one whole spec (a run could start again from it, or be saved as it).

    An optimizer or schedule given by name keeps its settings; ``learning_rate`` and
    the optimizers' hyperparameters go to the optimizer (null there: unchanged); the
    other fields take the value sent, null included (batch_size null: full batch)."""
    changes: dict[str, Any] = {k: getattr(msg, k) for k in msg.model_fields_set - {"type"}}
    data = spec.model_dump()
    if (name := changes.pop("optimizer", None)) is not None:
        data["optimizer"]["name"] = name
    for field in OPTIMIZER_FIELDS:
        if (value := changes.pop(field, None)) is not None:
            data["optimizer"][field] = value
    schedule = changes.pop("schedule", None)
    if isinstance(schedule, str):
        data["schedule"]["name"] = schedule
    elif schedule is not None:
        data["schedule"] = schedule.model_dump()
    data.update(changes)
    try:
        return type(spec).model_validate(data)
    except ValidationError as exc:  # only a combination the single fields did not show
        raise UserError("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())) from exc
