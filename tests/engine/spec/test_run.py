"""The run spec: one frozen description, one partial update (apply), and its JSON as the wire says it."""

import pytest

from app.engine import catalogue
from app.engine.errors import UserError
from app.engine.spec.run import CHANGEABLE, RunSpec
from app.engine.training.optimizers import OptimizerSettings
from app.engine.training.schedules import ScheduleSettings
from app.schemas.live import LiveConfig
from app.schemas.train import TrainRequest

START = RunSpec(optimizer=OptimizerSettings.of("momentum", 0.3, momentum=0.5),
                schedule=ScheduleSettings("step", step_size=7))


def test_an_optimizer_given_by_name_keeps_its_settings_and_a_null_changes_nothing():
    spec = START.apply({"optimizer": "adam", "learning_rate": None, "beta1": 0.8})
    assert (spec.optimizer.name, spec.optimizer.learning_rate) == ("adam", 0.3)
    assert spec.optimizer.values == {"momentum": 0.5, "beta1": 0.8}
    assert START.optimizer.name == "momentum"  # frozen: apply makes a new spec


def test_a_schedule_by_name_keeps_its_parameters_and_a_whole_one_replaces_them():
    assert START.apply({"schedule": "cosine"}).schedule == ScheduleSettings("cosine", step_size=7)
    whole = {"name": "exponential", "step_size": 100, "gamma": 0.5, "decay": 0.2, "period": 1000, "min_lr": 0.0}
    assert START.apply({"schedule": whole}).schedule == ScheduleSettings("exponential", decay=0.2)


@pytest.mark.parametrize("name", CHANGEABLE)
def test_each_changeable_field_takes_the_value_given(name):
    value = {"batch_size": 16, "l2": 0.25, "loss": "mse", "max_steps": 77, "tol_loss": 1e-4, "tol_grad": 1e-3,
             "target_loss": 0.1}[name]
    assert getattr(START.apply({name: value}), name) == value


def test_null_is_full_batch_or_no_target_and_an_error_elsewhere():
    spec = START.apply({"batch_size": 8, "target_loss": 0.2}).apply({"batch_size": None, "target_loss": None})
    assert (spec.batch_size, spec.target_loss) == (None, None)
    with pytest.raises(UserError, match="l2 cannot be null"):
        START.apply({"l2": None})


@pytest.mark.parametrize("name", ["seed", "dataset", "model", "init", "record_every", "speed"])
def test_what_cannot_change_during_a_run_is_refused_by_name(name):
    with pytest.raises(UserError, match=f"cannot set {name} during a run"):
        START.apply({name: 1})


BODIES = [{}, {"dataset": {"name": "moons", "noise": 0.3, "features": ["x1", "x1_sq"]}, "init": [0.1, 0.2, 0.3]},
          *({"model": {"kind": kind}} for kind in catalogue.names("models")),
          *({"optimizer": {"name": name, "learning_rate": 0.5}} for name in catalogue.names("optimizers")),
          *({"schedule": {"name": name}} for name in catalogue.names("schedules")),
          {"dataset": {"name": "u_" + "0" * 32, "prepare": {"label": "price", "columns": {"id": "drop"}}},
           "batch_size": 4, "target_loss": 0.5, "params_every": 3, "record_every": 2}]


@pytest.mark.parametrize("body", BODIES)
def test_the_spec_says_itself_as_the_wire_does(body):
    """A request parsed into a spec and said again is the request as pydantic dumps it."""
    request = TrainRequest.model_validate(body)
    spec = request.to_spec()
    assert spec.as_json() == request.model_dump(mode="json", exclude={"events"})
    assert RunSpec.from_json(spec.as_json()) == spec
    live = LiveConfig.model_validate({**spec.as_json(), "speed": None})
    assert live.to_spec() == spec
