"""The catalogue-built request parts: every parameter a choice declares is a field, with its range."""

import pytest
from pydantic import ValidationError

from app.engine import catalogue
from app.schemas.choices import ModelRequest, OptimizerRequest, ScheduleRequest
from app.schemas.data import DatasetRequest
from app.schemas.train import EventChanges, ObjectiveRequest

PARTS = [(ModelRequest, "models"), (OptimizerRequest, "optimizers"), (ScheduleRequest, "schedules"),
         (DatasetRequest, "datasets")]


@pytest.mark.parametrize(("part", "kind"), PARTS, ids=[kind for _, kind in PARTS])
def test_each_part_has_a_field_for_every_parameter_of_its_kind(part, kind):
    for param in catalogue.params(kind):
        field = part.model_fields[param.name]
        assert field.default == param.default, param.name
        schema = part.model_json_schema()["properties"][param.name]
        branch = next((b for b in schema.get("anyOf", [schema]) if b.get("type") != "null"), schema)
        if param.low is not None:
            assert branch.get("exclusiveMinimum" if param.low_open else "minimum") == param.low, param.name
        if param.high is not None:
            assert branch.get("exclusiveMaximum" if param.high_open else "maximum") == param.high, param.name


def test_the_static_class_is_the_base_of_the_class_that_runs():
    """mypy sees the declared class; pydantic runs a subclass with the catalogue's fields."""
    for part, _ in PARTS:
        declared = part.__mro__[1]
        assert declared.__name__ == part.__name__ and set(declared.model_fields) < set(part.model_fields)


@pytest.mark.parametrize(("field", "kind"), [("loss", "losses")])
def test_a_name_is_one_of_the_kinds_names(field, kind):
    for name in catalogue.names(kind):
        assert getattr(ObjectiveRequest.model_validate({field: name}), field) == name
    with pytest.raises(ValidationError, match="Input should be"):
        ObjectiveRequest.model_validate({field: "no_such_thing"})
    assert EventChanges.model_json_schema()["properties"][field]["anyOf"][0]["enum"] == list(catalogue.names(kind))


def test_a_limited_parameter_states_its_limit():
    assert DatasetRequest.model_json_schema()["properties"]["n_samples"]["x-limit"] == "max_samples"
