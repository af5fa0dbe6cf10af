"""The run spec and every request and response: the REST API's bodies, the
websocket's messages and the CLI's config file (pydantic only, no HTTP). The
choices and their parameters are built from the catalogue (app.engine.catalogue).

Requests are strict (no "1" for 1, no true for 1.0; 1.0 is 1, as JSON Schema
says), reject unknown keys and reject NaN or Infinity. Fixed ranges live here; a field capped by a configurable
limit is declared with ``limited(..., "max_<name>")``: every request model checks
those against the running settings when it is validated, and the OpenAPI schema
states them at their current values (app.limits).
"""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from types import UnionType
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    create_model,
    field_validator,
    model_validator,
)

from app.db.store import RunSummary
from app.engine import catalogue
from app.engine.data.store import ID_PATTERN
from app.engine.params import Param
from app.engine.training.optimizers import LEARNING_RATE
from app.limits import LimitExceeded, check_value, field_limit, limited
from app.settings import current_settings

FeatureId = Literal["x1", "x2", "x1_sq", "x2_sq", "x1_x2", "sin_x1", "sin_x2"]
StopReason = Literal["max_steps", "tol_loss", "tol_grad", "target_loss", "diverged"]
Seed = Field(0, ge=0, le=2**32 - 1, description="Seed of every random choice in the run")


def _takes_int(annotation: Any) -> bool:
    """int, or int | None."""
    return annotation is int or (get_origin(annotation) in (UnionType, Union) and int in get_args(annotation))


class Request(BaseModel):
    """Base of every request body: strict, closed, finite, within the limits."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _integral_floats(cls, data: Any) -> Any:
        """JSON Schema counts 200.0 as an integer, so an int field takes it as 200; never
        200.5, true or "200" (the schemas stay strict about those)."""
        if isinstance(data, dict):
            for name, field in cls.model_fields.items():
                value = data.get(name)
                if isinstance(value, float) and value.is_integer() and _takes_int(field.annotation):
                    data = {**data, name: int(value)}
        return data

    @model_validator(mode="after")
    def _within_limits(self) -> Request:
        """Limited fields within their caps; a default over its cap is lowered to it."""
        settings = current_settings()
        for name, field in type(self).model_fields.items():
            limit = field_limit(field.json_schema_extra)
            if limit is not None:
                value, cap = getattr(self, name), getattr(settings, limit)
                if name not in self.model_fields_set and isinstance(value, int | float) and value > cap:
                    object.__setattr__(self, name, type(value)(cap))
                    continue
                try:
                    check_value(name, getattr(self, name), limit, settings)
                except LimitExceeded as exc:
                    raise ValueError(str(exc)) from None
        return self


BUILTIN_DATASETS = catalogue.names("datasets")
UPLOAD_ID = ID_PATTERN.pattern


# --- request parts --------------------------------------------------------------------
TreatmentName = Literal["auto", "number", "one_hot", "drop"]
ColumnName = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class RecipeRequest(Request):
    """How to prepare an uploaded table (built-in sets ignore it): fitted on the training
    rows only, and part of the run spec, so a link or a saved config rebuilds the same features."""

    label: ColumnName | int | None = Field(None, description="The label column: its name (any case) or its "
                                           "number (1 = the first, -1 = the last); null: the upload's guess")
    columns: dict[str, TreatmentName] = Field(
        default_factory=dict, max_length=1_000,
        description="Column name -> number, one_hot or drop; a column not named here gets the report's suggestion")
    missing: Literal["impute", "drop_rows"] = Field(
        "impute", description="impute: median (numbers) or most frequent (levels), plus a missing-indicator column; "
                              "drop_rows: drop the rows with a missing cell")
    scale: Literal["standard", "minmax", "none"] = Field("standard", description="How number columns are scaled")
    max_levels: int = Field(20, ge=2, le=200, description="One-hot at most this many levels; the rarest join "
                                                          "an 'other' column")
    task: Literal["auto", "classification", "regression"] = Field(
        "auto", description="What the label is for; auto: regression when it looks continuous (a number column "
                            "with more than 10 values), classification otherwise")


class DatasetRequest(Request):
    """Which data set, and how to prepare it."""

    name: str = Field("blobs", min_length=1, max_length=64,
                      description="A built-in name (GET /api/datasets) or an upload id (u_...)",
                      json_schema_extra={"anyOf": [{"enum": list(BUILTIN_DATASETS)}, {"pattern": UPLOAD_ID}]})
    n_samples: int = limited(200, "max_samples", ge=4, description="Synthetic sets only")
    noise: float | None = Field(None, ge=0, le=10, description="Synthetic sets only; null = default")
    seed: int = Seed
    standardize: bool = True
    test_fraction: float = Field(0.2, ge=0, le=0.9)
    features: list[FeatureId] | None = Field(None, min_length=1, max_length=7,
                                             description="Feature map for 2-D sets")
    digit: int = Field(0, ge=0, le=9, description="digit_vs_rest only")
    prepare: RecipeRequest | None = Field(None, description="Uploads only: the preparation recipe "
                                                             "(null: the upload report's suggestions)")

    @field_validator("name")
    @classmethod
    def _known_name(cls, name: str) -> str:
        if name not in BUILTIN_DATASETS and not ID_PATTERN.match(name):
            raise ValueError(f"unknown data set {name[:40]!r}: choose one of {', '.join(BUILTIN_DATASETS)}, "
                             "or an upload id (u_ and 32 hex digits) from POST /api/datasets")
        return name


def param_field(param: Param, optional: bool = False) -> tuple[Any, Any]:
    """A catalogue parameter as a pydantic field: its type, range, default and words.
    ``optional``: None by default, meaning "unchanged" (a websocket set)."""
    kind: Any = {"float": float, "int": int, "bool": bool}.get(param.kind)
    if param.kind == "choice":
        kind = Literal[param.choices]
    bounds: dict[str, Any] = {}
    if param.low is not None:
        bounds["gt" if param.low_open else "ge"] = param.low
    if param.high is not None:
        bounds["lt" if param.high_open else "le"] = param.high
    words = f"{param.label}: {param.description}"
    if optional or param.nullable:
        kind = kind | None
    default: Any = None if optional else param.default
    return kind, Field(default, description=words, **bounds)


def choice_model(name: str, doc: str, key: str, names: tuple[str, ...], default: str,
                 params: list[Param], common: tuple[Param, ...] = ()) -> type[Request]:
    """A request part naming one choice of a kind (``key``: its name) with every
    parameter of that kind's choices, each choice reading its own."""
    fields: dict[str, Any] = {key: (Literal[names], Field(default, description=f"One of {', '.join(names)}"))}
    for param in (*common, *params):
        fields[param.name] = param_field(param)
    return create_model(name, __base__=Request, __doc__=doc, **fields)


if TYPE_CHECKING:  # the catalogue builds these at import; mypy sees their shape
    class ModelRequest(Request):
        kind: str = "logistic"
        hidden: int = 8
        activation: str = "tanh"

    class OptimizerRequest(Request):
        name: str = "gd"
        learning_rate: float = 0.1

        def __getattr__(self, name: str) -> float: ...

    class ScheduleRequest(Request):
        name: str = "constant"
else:
    ModelRequest = choice_model(
        "ModelRequest", "Which model, with its own options (see GET /api/catalogue).", "kind",
        catalogue.names("models"), "logistic", catalogue.params("models"))
    OptimizerRequest = choice_model(
        "OptimizerRequest", "Which optimizer, its learning rate and its hyperparameters (each optimizer "
        "reads its own; see GET /api/catalogue).", "name", catalogue.names("optimizers"), "gd",
        catalogue.params("optimizers"), (LEARNING_RATE,))
    ScheduleRequest = choice_model(
        "ScheduleRequest", "Which learning-rate schedule, with its parameters (each reads its own).", "name",
        catalogue.names("schedules"), "constant", catalogue.params("schedules"))

if TYPE_CHECKING:  # the names come from the catalogue at import
    LossName = str
    OptimizerName = str
    ScheduleName = str
else:
    LossName = Literal[catalogue.names("losses")]
    OptimizerName = Literal[catalogue.names("optimizers")]
    ScheduleName = Literal[catalogue.names("schedules")]


class ObjectiveRequest(Request):
    """What every endpoint needs to define J(theta): data, model, loss, penalty."""

    dataset: DatasetRequest = Field(default_factory=DatasetRequest)
    model: ModelRequest = Field(default_factory=ModelRequest)
    loss: LossName = "cross_entropy"
    l2: float = Field(0.0, ge=0, le=1e6)


# --- endpoint bodies --------------------------------------------------------------------
class _TrainFields(ObjectiveRequest):
    """The run spec without its live changes (TrainRequest adds them)."""

    optimizer: OptimizerRequest = Field(default_factory=OptimizerRequest)
    schedule: ScheduleRequest = Field(default_factory=ScheduleRequest)
    batch_size: int | None = Field(None, ge=1, description="null = full batch; 1 = SGD")
    max_steps: int = limited(500, "max_steps", ge=1)
    tol_loss: float = Field(0.0, ge=0, le=1e6, description="Stop when |J_t - J_t-1| < tol_loss")
    tol_grad: float = Field(1e-6, ge=0, le=1e6, description="Stop when ||grad J|| < tol_grad")
    target_loss: float | None = Field(None, ge=0, le=1e6)
    seed: int = Seed
    init: list[float] | None = limited(None, "max_params", min_length=2,
                                       description="Starting theta; null = seeded random")
    record_every: int = Field(1, ge=1, le=10**7, description=(
        "Record (and evaluate) step 0, every k-th step and the last. Only recorded steps are evaluated: the "
        "steps between are bare updates, so a large k makes a long mini-batch run cheaper, not only its "
        "answer shorter. tol_loss, tol_grad and target_loss are checked at recorded steps (tol_loss against "
        "the previous record); divergence is also watched between them, on the batch loss's moving average."))
    params_every: int | None = Field(None, ge=0, le=10**7, description=(
        "Which records carry params (theta): every k-th record of the history (the first is record 0) and "
        "the last; 0 = none. Null = every record for a model of at most 100 parameters, else the first and "
        "the last."))


CONSTRAINTS = ("gt", "ge", "lt", "le", "min_length", "max_length")


def as_update(model: type[BaseModel], name: str) -> tuple[Any, Any]:
    """A field of ``model`` as an optional one (None: unchanged) with the same type,
    ranges, limit and words: a partial update is checked exactly as the whole."""
    field = model.model_fields[name]
    bounds = {key: getattr(m, key) for m in field.metadata for key in CONSTRAINTS if hasattr(m, key)}
    kind: Any = field.annotation
    return kind | None, Field(None, description=field.description,
                                          json_schema_extra=field.json_schema_extra, **bounds)


class _Changes(Request):
    """A change of the run spec between two steps: any subset of these fields, the spec's own
    with their ranges and limits. An optimizer or schedule given by name keeps its settings;
    the optimizers' hyperparameters come from the catalogue."""

    optimizer: OptimizerName | None = None
    schedule: ScheduleRequest | ScheduleName | None = None


MAX_EVENTS = 500  # live changes in one run's log
CHANGEABLE = ("batch_size", "l2", "loss", "max_steps", "tol_loss", "tol_grad", "target_loss")
OPTIMIZER_UPDATES = {p.name: param_field(p, optional=True) for p in (LEARNING_RATE, *catalogue.params("optimizers"))}

if TYPE_CHECKING:
    EventChanges = _Changes
else:
    EventChanges = create_model(
        "EventChanges", __base__=_Changes, __doc__=_Changes.__doc__,
        **{name: as_update(_TrainFields, name) for name in CHANGEABLE}, **OPTIMIZER_UPDATES)


class RunEvent(Request):
    """A live change of a run and when it took effect: after ``step`` updates, before the next."""

    step: int = limited(..., "max_steps", ge=0, description="The updates made before the change")
    changes: EventChanges

    @field_validator("changes")
    @classmethod
    def _changes_something(cls, value: _Changes) -> _Changes:
        if not value.model_fields_set:
            raise ValueError("an event changes at least one setting")
        return value


class TrainRequest(_TrainFields):
    """POST /api/train: a whole run, with the live changes to replay at their steps."""

    events: list[RunEvent] = Field(default_factory=list, max_length=MAX_EVENTS, description=(
        "Live changes to apply, in order, each after its step's update (a websocket session reports them as "
        "its event log): the run replays bit for bit. Steps never decrease, and none is past max_steps."))

    @field_validator("events")
    @classmethod
    def _in_step_order(cls, events: list[RunEvent]) -> list[RunEvent]:
        for before, after in zip(events, events[1:], strict=False):
            if after.step < before.step:
                raise ValueError(f"events go in step order: step {after.step} comes after step {before.step}")
        return events


class GradientRequest(ObjectiveRequest):
    """POST /api/gradient; params null = the seeded start of a run."""

    params: list[float] | None = limited(None, "max_params", min_length=2)
    seed: int = Seed


class GradCheckRequest(ObjectiveRequest):
    """POST /api/gradcheck; params null = the seeded start of a run."""

    params: list[float] | None = limited(None, "max_params", min_length=2)
    seed: int = Seed
    eps: float | None = Field(None, ge=1e-10, le=1e-2,
                              description="Base of the step h; null = eps_mach^(1/5), about 7.4e-4")


class Directions(Request):
    kind: Literal["coordinates", "random", "pca"] = "coordinates"
    i: int = Field(0, ge=0, description="coordinates: index of the alpha parameter")
    j: int = Field(1, ge=0, description="coordinates: index of the beta parameter")
    seed: int = Seed
    trajectory: list[list[float]] | None = limited(
        None, "max_trajectory", description="pca: the path (T x p) whose principal plane is drawn (with fewer "
                                            "than 2 points: random directions, and the answer says so); "
                                            "any kind: projected onto the plane and returned as path")


class SurfaceRequest(ObjectiveRequest):
    """POST /api/surface; center null = the trajectory's last point, or the seeded start."""

    center: list[float] | None = limited(None, "max_params", min_length=2)
    directions: Directions = Field(default_factory=Directions)
    span: float | None = Field(None, gt=0, le=1e6, description="Half-width; null = automatic")
    resolution: int = limited(41, "max_resolution", ge=3)
    seed: int = Seed
    rows: int | None = Field(None, ge=10, le=10**7, description="J on a seeded random subset of this many "
                             "training rows (an unbiased estimate: a big data set's surface in a fraction of the "
                             "time); null = every row")


# --- responses ------------------------------------------------------------------------
class DatasetInfo(BaseModel):
    name: str
    description: str
    kind: Literal["synthetic", "real", "upload"]
    task: Literal["classification", "regression"] = "classification"
    n_samples: int
    n_features: int
    n_classes: int = Field(description="0 for a regression (a real-valued target)")
    feature_names: list[str]
    class_names: list[str]
    parameters: dict[str, float | int | None]
    file_name: str | None = None  # uploads: the file's name as sent


class ColumnInfo(BaseModel):
    number: int = Field(description="1 = the first column")
    name: str
    kind: Literal["numeric", "categorical", "text", "id", "constant", "mostly_missing", "empty"]
    levels: int = Field(description="Distinct values present")
    missing: int
    treatment: Literal["number", "one_hot", "drop"] = Field(description="The suggestion")
    why: str
    examples: list[str]
    bad: int = Field(description="Numbers only: cells that were not numbers, read as missing")
    as_label: str | None = Field(description='"ok", or why this column cannot be the label')
    label_task: Literal["classification", "regression"] | None = Field(
        description="As the label: regression when it looks continuous; null when it cannot be the label")


class PreparedInfo(BaseModel):
    """What a recipe makes of an upload."""

    label: str
    task: Literal["classification", "regression"]
    n_rows: int = Field(description="Rows used (train and test)")
    rows_dropped: int
    n_features: int
    feature_names: list[str] = Field(description="The first 200")
    n_classes: int
    class_names: list[str]
    treatments: dict[str, str] = Field(description="Column -> what was done")
    notes: list[str]


class UploadInfo(DatasetInfo):
    """An upload: how it was read, every column's report, the first rows, and what the
    default recipe makes of it (or every problem that stops it)."""

    n_rows: int
    n_columns: int
    read: dict[str, str | bool]
    columns: list[ColumnInfo]
    preview: list[list[str]] = Field(description="The first data rows, as written")
    first_line: int = Field(description="The file line of the first data row")
    prepared: PreparedInfo | None
    problems: list[str]


class Record(BaseModel):
    step: int
    epoch: float
    batch_loss: float | None
    loss: float | None
    test_loss: float | None
    accuracy: float | None = Field(None, description="A classifier's share of training rows right (absent for "
                                                     "a regression)")
    test_accuracy: float | None = Field(None, description="The same on the test rows (null: no test rows)")
    grad_norm: float | None
    learning_rate: float | None
    params: list[float | None] | None = Field(None, description="theta_t; absent unless params_every picks "
                                                                  "this record")
    layer_grads: list[float | None] = Field(default_factory=list,
                                            description="A network's gradient norm per layer's weights, input first")
    r2: float | None = Field(None, description="A regression's R² = 1 − SSE/SST on the training rows (absent "
                                               "for a classifier; null for a constant target)")
    rmse: float | None = Field(None, description="A regression's root mean squared error, in the target's units")
    test_r2: float | None = None
    test_rmse: float | None = None


class TrainResponse(BaseModel):
    history: list[Record]
    stop_reason: StopReason
    param_names: list[str]
    final: Record


class GradientResponse(BaseModel):
    loss: float | None
    gradient: list[float | None]
    param_names: list[str]


class GradCheckResponse(BaseModel):
    max_relative_error: float | None = Field(description="max_i error_i (see the route's description)")
    exact: bool = Field(description="max_relative_error below 1e-6")
    worst_param: str
    analytic: list[float | None]
    numeric: list[float | None]
    errors: list[float | None] = Field(description="error_i for each parameter")
    noise: float | None = Field(description="Gradient entries below this are finite-difference noise")
    step: float | None = Field(description="The smallest step h_i used")
    param_names: list[str]


class DirectionsUsed(BaseModel):
    kind: str
    labels: tuple[str, str]
    d1: list[float]
    d2: list[float]
    explained_variance: tuple[float, float] | None


class Optimum(BaseModel):
    """Linear regression with MSE: the normal equations' solution theta*, marked on the slice."""

    params: list[float]
    point: tuple[float, float] = Field(description="theta* projected onto the slice (alpha, beta)")
    loss: float | None = Field(description="J(theta*)")
    off_plane: float = Field(description="Distance from theta* to the slice's plane (0: it lies on the plane)")
    method: Literal["least_squares", "ridge"]


class SurfaceResponse(BaseModel):
    alpha: list[float]
    beta: list[float]
    loss: list[list[float | None]]
    center: list[float]
    directions: DirectionsUsed
    path: list[tuple[float, float]] | None
    param_names: list[str]
    rows_used: int = Field(description="Training rows J was evaluated on (fewer than rows_total: a subset)")
    rows_total: int
    optimum: Optimum | None = Field(None, description="Where the closed form puts the minimum (linear "
                                                      "regression with MSE), else null")


class Problem(BaseModel):
    """Every 4xx body: what was wrong, in words."""

    detail: str | list[dict[str, object]]


# --- page helpers -------------------------------------------------------------------------
class PointsRequest(Request):
    """POST /api/points: the raw points of a data set, for scatter plots."""

    dataset: DatasetRequest = Field(default_factory=DatasetRequest)


class PointsResponse(BaseModel):
    feature_names: list[str]
    class_names: list[str]
    task: Literal["classification", "regression"]
    target_name: str
    train_x: list[list[float]] | None = Field(description="Raw points of a 1-D or 2-D set; null for other sets")
    train_y: list[int] | list[float] = Field(description="Labels; a regression's targets in their own units")
    test_x: list[list[float]] | None
    test_y: list[int] | list[float]


class BoundaryRequest(ObjectiveRequest):
    """POST /api/boundary: the model's prediction over the plane of a 2-D set; params
    null = the seeded start of a run."""

    params: list[float] | None = limited(None, "max_params", min_length=2)
    seed: int = Seed
    resolution: int = limited(60, "max_resolution", ge=3)


class BoundaryResponse(BaseModel):
    """A 2-D set: z over the grid (x, y): P(y = 1), the class, or (kind value) a regression's
    prediction in the target's units. A 1-D set (kind curve): the model's curve, y[i] at x[i]
    (P(y = 1 | x), or a regression's prediction), and z empty."""

    x: list[float]
    y: list[float | None]
    z: list[list[float | None]]
    confidence: list[list[float | None]]
    kind: Literal["probability", "class", "value", "curve"]


class NeuronsRequest(ObjectiveRequest):
    """POST /api/neurons: what every unit of the network computes over the data's plane (the
    network diagram's maps); params null = the seeded start of a run."""

    params: list[float] | None = limited(None, "max_params", min_length=2)
    seed: int = Seed
    resolution: int = Field(20, ge=3, le=40, description="Grid points per axis (each map is R x R on a 2-D set)")


class NeuronsResponse(BaseModel):
    """Maps are flat, row-major over the grid: on a plane, value [r * R + c] is at (x[c], y[r]);
    on a line (1 raw feature), value [c] is at x[c]; with more raw features there are none."""

    kind: Literal["plane", "line", "none"]
    sizes: list[int] = Field(description="Units per layer: inputs, each hidden layer, outputs")
    activation: str | None = Field(description="The hidden layers' activation (null: no hidden layer)")
    output_kind: Literal["probability", "class", "value"] = Field(
        description="The output map: P(y = 1), the predicted class (softmax), or a regression's y-hat")
    x: list[float]
    y: list[float]
    inputs: list[list[float | None]] = Field(description="Each model input over the grid")
    hidden: list[list[list[float | None]]] = Field(description="Per hidden layer, each unit's output A_l")
    output: list[float | None] = Field(description="P(y = 1), the predicted class, or y-hat (target units)")


class HealthResponse(BaseModel):
    status: Literal["ok"]
    sessions: int = Field(description="Open websocket sessions in this worker")
    tasks: int = Field(description="asyncio tasks alive in this worker")
    pid: int = Field(description="This worker's process id")
    heavy_running: int = Field(description="Heavy computations running in this worker")
    heavy_cancelled: int = Field(description="Heavy computations stopped because their client left")
    server_sessions: int = Field(description="Open websocket sessions in every worker (capped by max_sessions)")
    server_heavy_running: int = Field(
        description="Heavy computations running in every worker (capped by max_heavy_requests)")


# --- websocket messages -------------------------------------------------------------------
Speed = Field(30.0, ge=1, le=1e6, description="Steps per second; null = as fast as possible")


class LiveConfig(TrainRequest):
    """The config of a live run: a /api/train body plus its pace."""

    max_steps: int = limited(100_000, "max_steps", ge=1)
    speed: float | None = Speed
    paused: bool = Field(False, description="Start paused at step 0 instead of running")


class StartMessage(Request):
    type: Literal["start"]
    config: LiveConfig = Field(default_factory=LiveConfig)


SETTABLE = ("batch_size", "l2", "loss", "speed", "max_steps", "tol_loss", "tol_grad", "target_loss")


class _SetFields(Request):
    """Any subset of these; each takes effect at the next step. The fields are the run
    spec's own (LiveConfig's, with their ranges and limits); an optimizer or schedule
    given by name keeps its settings, and the optimizers' hyperparameters come from the
    catalogue."""

    type: Literal["set"]
    optimizer: OptimizerName | None = None
    schedule: ScheduleRequest | ScheduleName | None = None


if TYPE_CHECKING:
    SetMessage = _SetFields
else:
    SetMessage = create_model(
        "SetMessage", __base__=_SetFields, __doc__=_SetFields.__doc__,
        **{name: as_update(LiveConfig, name) for name in SETTABLE}, **OPTIMIZER_UPDATES)


class PauseMessage(Request):
    type: Literal["pause"]


class ResumeMessage(Request):
    type: Literal["resume"]


class StepMessage(Request):
    type: Literal["step"]
    n: int = Field(1, ge=1, le=10_000)


class ResetMessage(Request):
    type: Literal["reset"]


MESSAGE_MODELS = (StartMessage, SetMessage, PauseMessage, ResumeMessage, StepMessage, ResetMessage)
ClientMessage = Annotated[
    StartMessage | SetMessage | PauseMessage | ResumeMessage | StepMessage | ResetMessage,
    Field(discriminator="type"),
]
CLIENT_MESSAGE = TypeAdapter(ClientMessage)  # one parse of any client message, chosen by its "type"
CLIENT_MESSAGE_TYPES = tuple(m.model_fields["type"].annotation.__args__[0]  # type: ignore[union-attr]
                             for m in MESSAGE_MODELS)


# --- lessons -------------------------------------------------------------------------------
Weight = Annotated[float, Field(ge=0, le=1e6)]


class InformationRequest(Request):
    """Two distributions over the same outcomes, as non-negative weights (each is
    normalised; all zeros, or q null, mean uniform)."""

    p: list[Weight] = Field(min_length=2, max_length=10)
    q: list[Weight] | None = Field(None, min_length=2, max_length=10, description="As many as p; null = uniform")
    unit: Literal["nats", "bits"] = Field("nats", description="nats (natural log) or bits (log base 2)")


Logit = Annotated[float, Field(ge=-1000, le=1000)]  # the max trick keeps e^z finite at any of these
ClassIndex = Annotated[int, Field(ge=0, le=5)]
Probability = Annotated[float, Field(ge=0, le=1)]


class SoftmaxByHandRequest(Request):
    """Rows of logits (1-4 rows of 2-6 classes, all rows as long) and each row's true class."""

    logits: list[Annotated[list[Logit], Field(min_length=2, max_length=6)]] = Field(min_length=1, max_length=4)
    targets: list[ClassIndex] = Field(min_length=1, max_length=4, description="One true class per row")


class PredictionRow(Request):
    """One sample: the model's probabilities (normalised; all zeros = uniform) and the true class."""

    p: list[Probability] = Field(min_length=2, max_length=6)
    target: ClassIndex = Field(description="Below the number of probabilities")


class CompareModelsRequest(Request):
    """Models as rows of predicted probabilities, each row with its true class."""

    models: list[Annotated[list[PredictionRow], Field(min_length=1, max_length=6)]] = Field(min_length=1, max_length=3)


class EpsilonRequest(Request):
    """One sample's logit z and label y: the loss with epsilon in the log against the stable form."""

    z: float = Field(-25.0, ge=-40, le=40)
    y: int = Field(1, ge=0, le=1)
    epsilon: float = Field(1e-7, ge=1e-12, le=0.1)


class DerivativeChecksRequest(Request):
    """One sample's logits (2-6, within about 9 of each other) and its true class."""

    logits: list[Annotated[float, Field(ge=-20, le=20)]] = Field([3.0, 1.0, -3.0], min_length=2, max_length=6)
    target: ClassIndex = 0


class VanishingRequest(Request):
    depth: int = Field(10, ge=2, le=30)
    width: int = Field(32, ge=4, le=128)
    seed: int = Seed


class ActivationTimingRequest(Request):
    """sigmoid, tanh and ReLU timed on the same n random numbers, rounds times each."""

    n: int = limited(1_000_000, "max_timing_length", ge=10)
    rounds: int = Field(7, ge=3, le=15)


class ReluTrainedRequest(Request):
    """A two-hidden-layer ReLU network trained by gradient descent on circles."""

    hidden: int = Field(16, ge=4, le=64)
    steps: int = Field(1000, ge=1, le=3000)
    seed: int = Seed


class PlateausRequest(Request):
    """The line1d classification set (one feature) for the sigmoid-output (w, b) surfaces."""

    noise: float = Field(0.8, ge=0.2, le=2)
    seed: int = Seed


Typed = Annotated[float, Field(ge=-100, le=100)]  # a number a learner types into a lesson


class ChainRuleRequest(Request):
    """One sample of a logistic regression at theta (params; null = the seeded start): the data set's
    training sample ``index``, or the typed x (as many values as the data set has features) and y."""

    dataset: DatasetRequest = Field(default_factory=DatasetRequest)
    params: list[float] | None = limited(None, "max_params", min_length=2)
    seed: int = Seed
    index: int = Field(0, ge=0)
    x: list[Typed] | None = Field(None, min_length=1, max_length=10, description="Typed x, taken as typed "
                                                                                  "(null: the sample index)")
    y: int | None = Field(None, ge=0, le=1, description="The typed sample's label, 0 or 1; required with x")


class DerivationRequest(Request):
    """Article 001's derivation at theta = (w1, w2, b): the chain-rule lesson's data set's training
    sample ``index``, or (index null) the typed x = (x1, x2) and y; learning_rate for the one step."""

    theta: list[Typed] = Field([0.5, -0.5, 0.0], min_length=3, max_length=3)
    index: int | None = Field(None, ge=0, le=10_000)
    x: list[Typed] = Field([1.0, 2.0], min_length=2, max_length=2)
    y: int = Field(1, ge=0, le=1, description="The typed sample's label, 0 or 1")
    learning_rate: float = Field(0.5, gt=0, le=10)


class TimingRequest(Request):
    n: int = limited(1_000_000, "max_timing_length", ge=10)


class CompareLossesRequest(Request):
    """The CE-vs-MSE article's experiment: CE against MSE, mini-batch SGD on digits."""

    task: Literal["binary", "softmax"] = "softmax"
    epochs: int = Field(5, ge=1, le=10)
    batch_size: int = Field(32, ge=1, le=1024)
    learning_rate: float = Field(0.05, gt=0, le=10)
    digit: int = Field(0, ge=0, le=9)
    seed: int = Seed
    dataset: DatasetRequest | None = Field(None, description="null: the built-in 8×8 digits (a quarter for "
                                                             "testing); else a data set of 3 or more classes, "
                                                             "such as an uploaded MNIST")


class LearningRateSweepRequest(CompareLossesRequest):
    """The experiment's final test accuracy, both losses, at each learning rate (learning_rate unused)."""

    learning_rates: list[Annotated[float, Field(gt=0, le=10)]] = Field(
        [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0], min_length=1, max_length=12)


class DzPointsRequest(Request):
    """Outputs a of one sigmoid unit, and its target y: dL/dz of both losses at each."""

    a: list[Annotated[float, Field(gt=0, lt=1)]] = Field([0.98, 0.82], min_length=1, max_length=4)
    y: int = Field(0, ge=0, le=1, description="The target: 0 or 1")


class EvaluateRequest(ObjectiveRequest):
    """A model at theta (params; null = the seeded start) on the test part of a data set."""

    params: list[float] | None = limited(None, "max_params", min_length=2)
    seed: int = Seed
    index: int = Field(0, ge=0, description="probabilities: which test sample")


# --- saved runs and jobs (app/jobs.py, app/db) -----------------------------------------------
RunId = Annotated[str, Field(pattern=r"^[0-9a-f]{16}$", description="A run's id: 16 hex digits")]
RunName = Annotated[str, Field(max_length=200, description="A name for the runs table; empty: made from the "
                                                           "data set, model and optimizer")]


class RunCreate(TrainRequest):
    """POST /api/runs: a run to train as a job and save (a TrainRequest, its events included, and a name)."""

    name: RunName = ""


class RunRename(Request):
    """PATCH /api/runs/{id}."""

    name: Annotated[str, Field(min_length=1, max_length=200)]


class JobProgress(BaseModel):
    """A job while it runs, or one that ended without a saved run (failed, cancelled)."""

    id: str
    name: str
    state: Literal["running", "saved", "failed", "cancelled"]
    step: int
    max_steps: int
    loss: float | None
    stop_reason: StopReason | None
    error: str | None = Field(None, description="Why a failed job failed")
    started: float = Field(description="Seconds since the epoch")
    finished: float | None


def _summary_fields() -> dict[str, Any]:
    """app.db's RunSummary fields, as the API states them: the dates as ISO 8601 strings."""
    hints = get_type_hints(RunSummary)
    return {f.name: (str, Field(description="ISO 8601, UTC")) if hints[f.name] is datetime else (hints[f.name], ...)
            for f in fields(RunSummary)}


if TYPE_CHECKING:
    RunSummaryInfo = BaseModel
else:  # the row's fields are declared once, on app.db's RunSummary
    RunSummaryInfo = create_model("RunSummaryInfo", __doc__="A row of the runs table.", **_summary_fields())


class SavedRunInfo(RunSummaryInfo):
    """A saved run, whole: its spec and event log (enough to replay it bit for bit), its history
    (the recorded steps; absent values are null) and theta at its last step."""

    state: Literal["saved"] = "saved"
    spec: dict[str, Any]
    events: list[dict[str, Any]]
    history: list[dict[str, float | None]]
    params: list[float | None] | None
    param_names: list[str]


class RunFacets(BaseModel):
    """Every value the saved runs have in each filterable column, sorted: the filters' choices."""

    dataset: list[str]
    model: list[str]
    optimizer: list[str]


class RunList(BaseModel):
    runs: list[RunSummaryInfo]
    total: int = Field(description="Saved runs matching the filters (the page is runs)")
    running: list[JobProgress] = Field(description="The jobs running now, in every worker")
    facets: RunFacets
