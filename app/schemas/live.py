"""The websocket /ws/train's messages from the client: start a run (a /api/train body plus its
pace), set any of its settings, pause, resume, step, reset. One discriminated union parses any
of them, chosen by its "type"."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter

from app.engine.spec.run import RunSpec
from app.schemas.base import Request
from app.schemas.limits import limited
from app.schemas.train import EventChanges, TrainRequest

SPEED = "Steps per second; null = as fast as possible"
PACE = ("steady: speed steps a second throughout; rising: speed at first, then faster and faster, "
        "tenfold every 3.5 s (the playground's default)")


class LiveConfig(TrainRequest):
    """The config of a live run: a /api/train body plus its pace."""

    max_steps: int = limited(100_000, "max_steps", ge=1)
    speed: float | None = Field(30.0, ge=1, le=1e6, description=SPEED)
    pace: Literal["steady", "rising"] = Field("steady", description=PACE)
    paused: bool = Field(False, description="Start paused at step 0 instead of running")


def live_config(spec: RunSpec, speed: float | None, paused: bool, pace: str = "steady") -> dict[str, Any]:
    """A live run's config as its status frames say it: the spec in force (LiveConfig's JSON)."""
    return {**spec.as_json(), "events": [], "speed": speed, "pace": pace, "paused": paused}


class StartMessage(Request):
    type: Literal["start"]
    config: LiveConfig = Field(default_factory=LiveConfig)


class SetMessage(EventChanges):
    """Any subset of these; each takes effect at the next step. The fields are the run
    spec's own (LiveConfig's, with their ranges and limits); an optimizer or schedule
    given by name keeps its settings, and the optimizers' hyperparameters come from the
    catalogue. ``speed`` and ``pace`` are the pace, not the run: they are not logged."""

    type: Literal["set"]
    speed: float | None = Field(None, ge=1, le=1e6, description=SPEED)
    pace: Literal["steady", "rising"] | None = Field(None, description=PACE)


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
