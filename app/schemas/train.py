"""A run on the wire: the objective J(θ) (data, model, loss, penalty), the whole run spec
(TrainRequest), a change of it between two steps and the event log of such changes, and the
history a run answers with."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field, field_validator

from app.engine.data.datasets import DatasetSpec
from app.engine.spec.events import Event, EventLog
from app.engine.spec.run import CHANGEABLE, ModelSpec, RunSpec
from app.engine.training.optimizers import LEARNING_RATE
from app.engine.training.trainer import STOP_REASONS
from app.schemas.base import Among, Request, Seed
from app.schemas.choices import (
    LossName,
    ModelRequest,
    OptimizerName,
    OptimizerRequest,
    ScheduleName,
    ScheduleRequest,
    params_fields,
    with_fields,
)
from app.schemas.data import DatasetRequest
from app.schemas.limits import limited

StopReason = Annotated[str, Among(STOP_REASONS)]
MAX_EVENTS = 10_000  # live changes in one run's log (a saved run keeps them all)


class ObjectiveRequest(Request):
    """What every endpoint needs to define J(theta): data, model, loss, penalty."""

    dataset: DatasetRequest = Field(default_factory=DatasetRequest)
    model: ModelRequest = Field(default_factory=ModelRequest)
    loss: LossName = "cross_entropy"
    l2: float = Field(0.0, ge=0, le=1e6)

    def to_specs(self) -> tuple[DatasetSpec, ModelSpec]:
        """The data set and the model that J(θ) is defined on, as the engine describes them."""
        return self.dataset.to_spec(), self.model.to_spec()


class TrainFields(ObjectiveRequest):
    """The run spec without its live changes (TrainRequest adds them)."""

    def to_spec(self) -> RunSpec:
        """The engine's run spec (app.engine.spec.run): the one a trainer runs under."""
        return RunSpec.from_json(self.model_dump())

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


def as_update(model: type[BaseModel], name: str) -> tuple[Any, Any]:
    """A field of ``model`` as an optional one (None: unchanged) with the same type,
    ranges, limit and words: a partial update is checked exactly as the whole."""
    field = model.model_fields[name]
    kind: Any = Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation
    return kind | None, Field(None, description=field.description, json_schema_extra=field.json_schema_extra)


@with_fields({**{name: as_update(TrainFields, name) for name in CHANGEABLE},
              **params_fields("optimizers", LEARNING_RATE, optional=True)})
class EventChanges(Request):
    """A change of the run spec between two steps: any subset of these fields, the spec's own
    with their ranges and limits. An optimizer or schedule given by name keeps its settings;
    the optimizers' hyperparameters come from the catalogue."""

    optimizer: OptimizerName | None = None
    schedule: ScheduleRequest | ScheduleName | None = None

    def changes(self) -> dict[str, Any]:
        """What this changes in the run, as the event log keeps it and RunSpec.apply takes it
        (JSON-safe); {} when it changes only the pace."""
        return self.model_dump(mode="json", include=self.model_fields_set - {"type", "speed", "pace"})


class RunEvent(Request):
    """A live change of a run and when it took effect: after ``step`` updates, before the next."""

    step: int = limited(..., "max_steps", ge=0, description="The updates made before the change")
    changes: EventChanges

    @field_validator("changes")
    @classmethod
    def _changes_something(cls, value: EventChanges) -> EventChanges:
        if not value.model_fields_set:
            raise ValueError("an event changes at least one setting")
        return value


class TrainRequest(TrainFields):
    """POST /api/train: a whole run, with the live changes to replay at their steps."""

    events: list[RunEvent] = Field(default_factory=list, max_length=MAX_EVENTS, description=(
        "Live changes to apply, in order, each after its step's update (a websocket session reports them as "
        "its event log): the run replays bit for bit. Steps never decrease, and none is past max_steps."))

    def event_log(self) -> EventLog:
        """The run's event log, its changes planned at their steps."""
        return EventLog(Event(e.step, e.changes.changes()) for e in self.events)

    @field_validator("events")
    @classmethod
    def _in_step_order(cls, events: list[RunEvent]) -> list[RunEvent]:
        for before, after in zip(events, events[1:], strict=False):
            if after.step < before.step:
                raise ValueError(f"events go in step order: step {after.step} comes after step {before.step}")
        return events


# --- what a run answers ---------------------------------------------------------------------
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
