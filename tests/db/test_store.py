"""RunStore on SQLite and a real PostgreSQL: round trips, sorting and filtering,
limits refused with their names, restart survival."""

import multiprocessing
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from app.db import NewRun, RunCorrupted, open_store
from app.engine.errors import LimitExceeded, NotFound, UserError
from tests.db.factories import big_run, trained_run


@pytest.fixture
def store(db_settings):
    store = open_store(db_settings)
    yield store
    store.close()


def stored(records):
    """What a history reads back as: no per-record params, empty lists left out (app.db.history)."""
    return [{k: v for k, v in r.items() if k != "params" and v != []} for r in records]


def test_a_real_run_reads_back_whole(store, db_settings):
    run = trained_run(db_settings, name="  first   try ", optimizer={"name": "momentum", "learning_rate": 0.2},
                      dataset={"name": "moons", "n_samples": 100, "seed": 4}, seed=11)
    run_id = store.save(run)
    saved = store.get(run_id)
    assert len(run_id) == 32 and saved.id == run_id
    assert saved.name == "first try"
    assert (saved.dataset, saved.model, saved.optimizer, saved.seed) == ("moons", "logistic", "momentum", 11)
    assert saved.spec == run.spec and saved.spec["dataset"]["n_samples"] == 100
    assert saved.events == [{"step": 10, "changes": {"learning_rate": 0.05}}]
    assert saved.records() == stored(run.history)  # floats bit for bit, None where absent
    assert saved.n_records == len(run.history) and saved.steps == run.history[-1]["step"] == 40
    assert saved.params == run.history[-1]["params"] and saved.param_names == list(run.param_names)
    assert saved.final_loss == run.history[-1]["loss"] and saved.final_accuracy == run.history[-1]["accuracy"]
    assert saved.stop_reason == run.stop_reason == "max_steps"
    assert saved.created_at == saved.updated_at and saved.created_at.tzinfo is not None
    assert abs((datetime.now(UTC) - saved.created_at).total_seconds()) < 600
    assert saved.columns["step"].tolist() == [r["step"] for r in run.history]
    assert 0 < saved.size_bytes < 10_000


def test_a_run_without_a_name_is_named_after_its_data_model_and_optimizer(store, db_settings):
    run_id = store.save(trained_run(db_settings, optimizer={"name": "adam"}))
    assert store.get(run_id).name == "blobs logistic adam"


def test_list_sorts_filters_and_pages(store, db_settings):
    specs = [("moons", "gd", 0.1), ("moons", "adam", 0.3), ("blobs", "adam", 0.2), ("circles", "gd", None)]
    ids = {}
    for i, (data, opt, lr) in enumerate(specs):
        run = trained_run(db_settings, name=f"Run {i} {data}", dataset={"name": data}, optimizer={"name": opt},
                          max_steps=10 + 10 * i)
        if lr is None:  # a run whose records never held a loss
            run = NewRun(spec=run.spec, history=[{"step": 0, "epoch": 0.0, "batch_loss": 1.0}], name=run.name)
        ids[data + opt] = store.save(run)
    by_loss = store.list(sort="final_loss", descending=False)
    losses = [r.final_loss for r in by_loss]
    assert losses[-1] is None and losses[:3] == sorted(losses[:3])
    assert [r.final_loss for r in store.list(sort="final_loss")][-1] is None  # missing values last both ways
    assert [r.steps for r in store.list(sort="steps")] == [30, 20, 10, 0]
    assert [r.name for r in store.list(sort="name", descending=False)] == [
        "Run 0 moons", "Run 1 moons", "Run 2 blobs", "Run 3 circles"]
    assert {r.id for r in store.list(dataset="moons")} == {ids["moonsgd"], ids["moonsadam"]}
    assert [r.id for r in store.list(dataset="moons", optimizer="adam")] == [ids["moonsadam"]]
    assert [r.id for r in store.list(model="logistic", name_contains="BLOBS")] == [ids["blobsadam"]]
    assert store.list(name_contains="%") == [] and store.list(model="mlp") == []
    assert store.count() == 4 and store.count(optimizer="gd") == 2
    page = store.list(sort="name", descending=False, limit=2, offset=1)
    assert [r.name for r in page] == ["Run 1 moons", "Run 2 blobs"]
    with pytest.raises(UserError, match="sort by one of"):
        store.list(sort="id; DROP TABLE runs")


def test_rename_and_delete(store, db_settings):
    run_id = store.save(trained_run(db_settings, name="old"))
    before = store.get(run_id)
    renamed = store.rename(run_id, " new\tname ")
    assert renamed.name == "new name" == store.get(run_id).name
    assert renamed.updated_at >= before.updated_at and renamed.created_at == before.created_at
    for bad in ("", "   ", "x" * 201):
        with pytest.raises(UserError, match="name"):
            store.rename(run_id, bad)
    with pytest.raises(NotFound, match="no saved run has the id 'nope'"):
        store.rename("nope", "x")
    store.delete(run_id)
    assert store.count() == 0
    for action in (lambda: store.get(run_id), lambda: store.delete(run_id)):
        with pytest.raises(NotFound):
            action()


def test_the_number_of_runs_is_capped_and_the_error_says_how_to_make_room(db_settings):
    store = open_store(db_settings.model_copy(update={"max_saved_runs": 2}))
    try:
        first = store.save(big_run(10, seed=1))
        store.save(big_run(10, seed=2))
        with pytest.raises(LimitExceeded, match=r"saved runs with this one is 3, over the limit max_saved_runs=2 "
                                                r"\(set GDVIZ_MAX_SAVED_RUNS to change it\); delete saved runs"):
            store.save(big_run(10, seed=3))
        assert store.count() == 2
        store.delete(first)
        store.save(big_run(10, seed=3))
    finally:
        store.close()


def test_the_size_of_a_run_and_of_all_runs_is_capped(db_settings):
    store = open_store(db_settings.model_copy(update={"max_run_bytes": 50_000, "max_runs_bytes": 80_000}))
    try:
        with pytest.raises(LimitExceeded, match=r"over the limit max_run_bytes=50,000 .*record fewer steps"):
            store.save(big_run(2_000, seed=1))  # about 110 kB of random values; 500 records about 30 kB
        store.save(big_run(500, seed=1))
        store.save(big_run(500, seed=2))
        with pytest.raises(LimitExceeded, match=r"over the limit max_runs_bytes=80,000 .*delete saved runs"):
            store.save(big_run(500, seed=3))
        assert store.count() == 2 and 60_000 < store.total_bytes() <= 80_000
    finally:
        store.close()


def test_what_cannot_be_saved_is_refused_in_words(store):
    with pytest.raises(UserError, match="no recorded steps"):
        store.save(NewRun(spec={}, history=[]))
    with pytest.raises(UserError, match="finite numbers only"):
        store.save(NewRun(spec={"l2": float("nan")}, history=[{"step": 0}]))
    assert store.count() == 0


def test_runs_survive_a_restart(db_settings):
    store = open_store(db_settings)
    ids = [store.save(big_run(300, seed=s, name=f"run {s}")) for s in range(3)]
    expected = {i: store.get(i).records() for i in ids}
    store.close()
    store = open_store(db_settings)  # a new engine on the same file or URL
    try:
        assert sorted(r.id for r in store.list()) == sorted(ids)
        assert {i: store.get(i).records() for i in ids} == expected
        assert store.save(big_run(10, seed=9))
    finally:
        store.close()


def test_a_damaged_history_is_reported_not_returned(store):
    run_id = store.save(big_run(100, seed=1))
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE runs SET checksum = :c WHERE id = :id"), {"c": "0" * 64, "id": run_id})
    with pytest.raises(RunCorrupted, match="checksum"):
        store.get(run_id)


def _save_one(settings, barrier, seed, results) -> None:
    store = open_store(settings)
    barrier.wait()
    try:
        store.save(big_run(200, seed=seed))
        results.put("saved")
    except LimitExceeded:
        results.put("refused")
    except Exception as exc:  # said, so that the test fails at once with it
        results.put(repr(exc))
    finally:
        store.close()


def test_writers_in_several_processes_cannot_pass_the_cap_together(db_settings):
    """The count is checked under the write lock: 6 processes saving at once into room for 3."""
    settings = db_settings.model_copy(update={"max_saved_runs": 3})
    open_store(settings).close()  # migrated before the race
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(6), ctx.Queue()
    workers = [ctx.Process(target=_save_one, args=(settings, barrier, seed, results)) for seed in range(6)]
    for worker in workers:
        worker.start()
    outcomes = sorted(results.get(timeout=60) for _ in workers)
    for worker in workers:
        worker.join(60)
    assert outcomes == ["refused"] * 3 + ["saved"] * 3
    store = open_store(settings)
    try:
        assert store.count() == 3
    finally:
        store.close()


def test_a_history_blob_that_does_not_unpack_is_reported(store):
    run_id = store.save(big_run(100, seed=1))
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE runs SET history = :b WHERE id = :id"), {"b": b"not zlib", "id": run_id})
    with pytest.raises(RunCorrupted, match="does not unpack"):
        store.get(run_id)


def test_a_spec_with_its_data_preparation_reads_back_as_saved(store):
    prepare = {"label": "price", "columns": {"city": "one_hot", "note": "drop"}, "missing": "drop_rows",
               "scale": "minmax", "max_levels": 12, "task": "regression"}
    spec = {"dataset": {"name": "u_0123456789abcdef", "prepare": prepare}, "model": {"kind": "linear"},
            "optimizer": {"name": "adam", "learning_rate": 0.01}, "loss": "mse", "seed": 7}
    run_id = store.save(NewRun(spec=spec, history=[{"step": 0, "loss": 2.5, "r2": -0.1, "rmse": 1.5}]))
    saved = store.get(run_id)
    assert saved.spec == spec and saved.dataset == "u_0123456789abcdef" and saved.model == "linear"
    assert saved.final_loss == 2.5 and saved.final_accuracy is None and saved.records()[0]["r2"] == -0.1


def test_a_run_saved_under_a_given_id_keeps_it_and_the_id_is_checked(store):
    run = big_run(20, seed=1)
    run_id = store.save(replace(run, id="0123456789abcdef"))
    assert run_id == "0123456789abcdef" and store.get(run_id).id == run_id
    with pytest.raises(UserError, match="already has the id"):
        store.save(replace(run, id="0123456789abcdef"))
    with pytest.raises(UserError, match="32 hex digits"):
        store.save(replace(run, id="../../etc"))
