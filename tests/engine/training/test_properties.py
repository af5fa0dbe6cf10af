"""Property tests: random configs, shapes and values never leak NaN or Infinity;
a run either stays finite or is reported diverged; gradients check on random shapes."""

import json

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine.analysis.gradcheck import numerical_gradient
from app.engine.data.datasets import Dataset
from app.engine.spec.run import RunSpec
from app.engine.training.optimizers import OPTIMIZERS, OptimizerSettings
from app.engine.training.registry import make_model
from app.engine.training.trainer import Trainer
from tests.factories import reject_constant


def dataset(X, y, k):
    n = len(y)
    return Dataset("random", X[: n - n // 4], y[: n - n // 4], X[n - n // 4:], y[n - n // 4:],
                   [f"x{i}" for i in range(X.shape[1])], [str(c) for c in range(k)], X, X[:0])


problems = st.fixed_dictionaries({
    "m": st.integers(4, 40), "d": st.integers(1, 5), "k": st.integers(2, 4),
    "scale": st.sampled_from([1e-3, 1.0, 1e3, 1e6, 1e150, 1e300]),
    "kind": st.sampled_from(["logistic", "softmax", "mlp"]), "loss": st.sampled_from(["cross_entropy", "mse"]),
    "optimizer": st.sampled_from(sorted(OPTIMIZERS)), "lr": st.sampled_from([1e-4, 0.1, 10.0, 1e3, 1e6]),
    "l2": st.sampled_from([0.0, 0.1, 100.0]), "batch": st.sampled_from([None, 1, 3]),
    "steps": st.integers(1, 15), "seed": st.integers(0, 10_000), "duplicate": st.booleans(),
    "constant_column": st.booleans(),
})


@given(problems)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_record_is_finite_json_or_the_run_is_diverged(p):
    rng = np.random.default_rng(p["seed"])
    k = 2 if p["kind"] == "logistic" else p["k"]
    X = rng.normal(size=(p["m"], p["d"])) * p["scale"]
    if p["duplicate"]:
        X[1] = X[0]
    if p["constant_column"]:
        X[:, 0] = p["scale"]
    y = np.arange(p["m"]) % k
    options = {"hidden": 3, "activation": "tanh"} if p["kind"] == "mlp" else {}
    model = make_model(p["kind"], p["d"], k, **options)
    config = RunSpec(loss=p["loss"], l2=p["l2"], batch_size=p["batch"], max_steps=p["steps"], seed=p["seed"],
                         optimizer=OptimizerSettings.of(name=p["optimizer"], learning_rate=p["lr"]))
    trainer = Trainer(model, dataset(X, y, k), config)
    records = [r.to_dict() for r in trainer.run()]
    text = json.dumps(records)
    json.loads(text, parse_constant=reject_constant)
    if any(r["loss"] is None or None in r["params"] for r in records):
        assert trainer.stop_reason == "diverged"
    assert trainer.stop_reason in ("max_steps", "tol_grad", "tol_loss", "diverged")


shapes = st.fixed_dictionaries({
    "m": st.integers(2, 25), "d": st.integers(1, 6), "k": st.integers(2, 5), "seed": st.integers(0, 10_000),
    "kind": st.sampled_from(["logistic", "softmax", "mlp"]), "loss": st.sampled_from(["cross_entropy", "mse"]),
    "l2": st.sampled_from([0.0, 0.5]), "activation": st.sampled_from(["sigmoid", "tanh"]),
})


@given(shapes)
@settings(max_examples=60, deadline=None, derandomize=True)
def test_the_gradient_check_holds_on_random_shapes(p):
    rng = np.random.default_rng(p["seed"])
    k = 2 if p["kind"] == "logistic" else p["k"]
    options = {"hidden": 4, "activation": p["activation"]} if p["kind"] == "mlp" else {}
    model = make_model(p["kind"], p["d"], k, **options)
    X = rng.normal(size=(p["m"], p["d"]))
    t = model.encode_targets(rng.integers(0, k, p["m"]))
    theta = rng.normal(size=model.n_params)
    grad = model.loss_gradient(theta, X, t, p["loss"], p["l2"])[1]
    numeric = numerical_gradient(lambda th: model.loss_value(th, X, t, p["loss"], p["l2"]), theta,
                                 eps=1e-3, order=4)
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-8)
