"""The catalogue: every entry describes itself fully, and every parameter's default
is one of its own allowed values."""

import pytest

from app.engine import catalogue
from app.engine.params import Param

ENTRIES = [(kind, entry) for kind, items in catalogue.entries().items() for entry in items]


@pytest.mark.parametrize("kind, entry", ENTRIES, ids=[f"{k}:{e.name}" for k, e in ENTRIES])
def test_every_entry_has_a_name_label_description_and_valid_parameters(kind, entry):
    assert entry.name.isidentifier() and entry.label
    assert entry.description and "\n" not in entry.description and len(entry.description) < 160  # one line
    for param in entry.params:
        assert param.check(param.default) is None, param
        if param.kind in ("float", "int") and param.slider:
            lo, hi = param.slider
            assert param.check(lo) is None and param.check(hi) is None, param  # the slider stays valid


def test_names_are_unique_within_each_kind():
    for kind in catalogue.KINDS:
        assert len(set(catalogue.names(kind))) == len(catalogue.names(kind)), kind


def test_a_parameter_shared_by_several_choices_is_one_object():
    """eps belongs to adagrad, rmsprop and adam: one declaration, so one range everywhere."""
    users = [e for e in catalogue.entries()["optimizers"] if any(p.name == "eps" for p in e.params)]
    assert len(users) >= 3 and len({id(p) for e in users for p in e.params if p.name == "eps"}) == 1


@pytest.mark.parametrize("value, message", [
    (0.0, "above 0"), (2e6, "at most 1e+06"), ("fast", "a number"), (True, "a number"), (0.5, None),
])
def test_check_explains_what_is_wrong(value, message):
    from app.engine.training.optimizers import LEARNING_RATE
    problem = LEARNING_RATE.check(value)
    assert problem is None if message is None else message in problem


def test_choice_and_nullable_parameters():
    choice = Param("g", "g", "d.", "a", kind="choice", choices=("a", "b"))
    assert choice.check("b") is None and "one of a, b" in choice.check("c")
    nullable = Param("n", "n", "d.", None, low=0.0, nullable=True, default_text="auto")
    assert nullable.check(None) is None and nullable.as_json()["default_text"] == "auto"
