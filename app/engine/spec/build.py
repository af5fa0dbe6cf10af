"""From a spec to the engine's objects: the data set, the model, θ, and a trainer, with the
limits checked once on the way (app.engine.spec.limits).

No HTTP here: problems are gdviz's own errors (UserError, NotFound, LimitExceeded), which the
API answers with 4xx, the live session with error frames and the CLI with exit code 2. The REST
routes, the websocket, jobs and the CLI all build their runs here."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from app.engine.data.datasets import Dataset, DatasetSpec, load_dataset
from app.engine.data.table import Table
from app.engine.errors import UserError
from app.engine.spec.events import EventLog
from app.engine.spec.limits import Limits, check_objective
from app.engine.spec.run import ModelSpec, RunSpec
from app.engine.training.models import Model
from app.engine.training.registry import MODELS, make_model
from app.engine.training.trainer import Trainer

Uploads = Callable[[str], Table]  # loads an upload by id (UploadNotFound, UploadCorrupted: gdviz's own errors)


def _model(spec: ModelSpec, data: Dataset) -> Model:
    cls = MODELS.get(spec.kind)
    options = {p.name: spec.options.get(p.name, p.default) for p in cls.params} if cls else {}
    return make_model(spec.kind, data.n_features, data.n_classes, **options)


def load_data(spec: DatasetSpec, limits: Limits, uploads: Uploads | None) -> Dataset:
    """The data set ``spec`` names, its sizes checked."""
    data = load_dataset(spec, uploads, limits.max_classes)
    check_objective(limits, data)
    return data


def objective(dataset: DatasetSpec, model: ModelSpec, limits: Limits, uploads: Uploads | None
              ) -> tuple[Dataset, Model]:
    """The data set and model that define J(θ), their sizes checked."""
    data = load_dataset(dataset, uploads, limits.max_classes)
    made = _model(model, data)
    check_objective(limits, data, made)
    return data, made


def params_vector(values: list[float] | tuple[float, ...] | None, model: Model, what: str = "params",
                  seed: int = 0) -> np.ndarray:
    """θ from a request: its values, or (None) the seeded start of a run with ``seed``."""
    if values is None:
        return model.init_params(np.random.default_rng(np.random.SeedSequence([seed, 3])))
    if len(values) != model.n_params:
        raise UserError(f"{what} has {len(values)} values; this model has {model.n_params} "
                        f"parameters ({', '.join(model.param_names[:6])}"
                        f"{', ...' if model.n_params > 6 else ''})")
    return np.asarray(values, dtype=np.float64)


def build_trainer(spec: RunSpec, log: EventLog, limits: Limits, uploads: Uploads | None,
                  whole_history: bool) -> Trainer:
    """The Trainer a run asks for, its event log checked against it and its limits checked
    (RunSpec.check) over the whole run, the changes its events plan included. ``whole_history``:
    the answer holds every record (REST, jobs, the CLI), so the history and work limits apply too;
    a live session streams its records instead."""
    data = load_dataset(spec.dataset, uploads, limits.max_classes)
    model = _model(spec.model, data)
    check_objective(limits, data, model)  # its sizes, before θ and the trainer are made
    init = params_vector(spec.init, model, "init") if spec.init is not None else None
    trainer = Trainer(model, data, spec, init)
    spec.check(limits, data, model, whole_history, later=log.check(trainer)[1:])
    return trainer
