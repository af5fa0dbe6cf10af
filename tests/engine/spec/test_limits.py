"""A run's limits are checked in one place, once, and each error names its setting."""

import pytest

from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.errors import LimitExceeded
from app.engine.spec.build import build_trainer
from app.engine.spec.events import EventLog
from app.engine.spec.run import ModelSpec, RunSpec
from app.settings import Settings
from tests.conftest import ROOT

RUN_LIMITS = ('"max_classes"', '"max_params"', '"max_history_values"', '"max_train_work"')  # as a cap's name


def test_only_the_limits_module_holds_a_run_against_its_caps():
    """The request schemas name max_params too, as the cap on a list's length (app.schemas and the
    lessons' schemas.py): that is checked when the request is parsed, never again here."""
    schemas = [p for p in (ROOT / "app").rglob("*.py") if p.parent.name == "schemas" or p.name == "schemas.py"]
    holders = {str(p.relative_to(ROOT)) for p in (ROOT / "app").rglob("*.py")
               if p not in schemas and any(name in p.read_text() for name in RUN_LIMITS)}
    assert holders == {"app/engine/spec/limits.py"}


@pytest.mark.parametrize(("limits", "spec", "words"), [
    ({"max_params": 100}, RunSpec(model=ModelSpec("mlp", {"hidden": 32})), "max_params=100"),
    ({"max_classes": 5}, RunSpec(dataset=DatasetSpec("digits"), model=ModelSpec("softmax")), "max_classes=5"),
    ({"max_features": 10}, RunSpec(dataset=DatasetSpec("digits"), model=ModelSpec("softmax")), "max_features=10"),
    ({"max_history_values": 1000}, RunSpec(max_steps=5000), "max_history_values=1,000"),
    ({"max_train_work": 1e6}, RunSpec(max_steps=5000, record_every=100), "max_train_work=1,000,000"),
])
def test_each_limit_is_named_when_a_run_passes_it(tmp_path, limits, spec, words):
    settings = Settings(data_dir=tmp_path, **limits)
    with pytest.raises(LimitExceeded, match=words):
        build_trainer(spec, EventLog(), settings, None, whole_history=True)


def test_a_live_run_streams_its_records_so_only_its_sizes_are_capped(tmp_path):
    settings = Settings(data_dir=tmp_path, max_history_values=1000, max_train_work=1e3)
    trainer = build_trainer(RunSpec(max_steps=5000), EventLog(), settings, None, whole_history=False)
    assert trainer.config.max_steps == 5000 and load_dataset(DatasetSpec()).n_features == 2


@pytest.mark.parametrize(("limits", "spec", "events"), [
    ({"max_history_values": 1000}, RunSpec(max_steps=10), [{"step": 3, "changes": {"max_steps": 5000}}]),
    ({"max_train_work": 1e6}, RunSpec(max_steps=10),
     [{"step": 3, "changes": {"max_steps": 1000}}, {"step": 9, "changes": {"l2": 0.1}}]),
    ({"max_train_work": 1e5}, RunSpec(max_steps=300, batch_size=1, record_every=100),
     [{"step": 2, "changes": {"batch_size": None}}]),  # a full batch from step 2
])
def test_the_changes_planned_events_make_count_against_the_limits(tmp_path, limits, spec, events):
    """A run whose events raise max_steps or its batch is held to the caps over the whole run: a
    planned change is no way past them."""
    settings = Settings(data_dir=tmp_path, **limits)
    build_trainer(spec, EventLog(), settings, None, whole_history=True)  # within the caps without them
    with pytest.raises(LimitExceeded, match="with the changes its events plan"):
        build_trainer(spec, EventLog.from_json(events), settings, None, whole_history=True)
    trainer = build_trainer(spec, EventLog.from_json(events), settings, None, whole_history=False)
    assert trainer.config == spec  # a live session streams its records: only its sizes are capped


def test_widest_takes_the_largest_reach_of_the_specs():
    from app.engine.spec.limits import widest

    specs = [RunSpec(max_steps=10, batch_size=8), RunSpec(max_steps=50, batch_size=4), RunSpec(max_steps=20)]
    assert widest(specs[:2]) == RunSpec(max_steps=50, batch_size=8)
    assert widest(specs) == RunSpec(max_steps=50, batch_size=None)  # None: the full batch, the largest
    assert widest(specs[:1]) == specs[0]
