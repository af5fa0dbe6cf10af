"""log_cosh, added as one module: its value to full precision, its gradient tanh(ŷ − y), a fit checked
against an independent optimizer, and the loss in the API, the CLI, the page's menus and the maths panel.
(Its gradient against central differences, its batched value and its formulas as written are in
test_every_loss.py, which finds it.)"""

import json
import subprocess
import sys
from decimal import Decimal, getcontext

import numpy as np
import pytest
from scipy.optimize import minimize

from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.spec.run import ModelSpec, RunSpec
from app.engine.training.losses import REGISTRY, get_loss
from app.engine.training.optimizers import OptimizerSettings
from app.engine.training.registry import make_model
from app.engine.training.trainer import Trainer
from tests.conftest import ROOT

getcontext().prec = 60


@pytest.mark.parametrize("r", [0.0, 1e-12, 1e-8, 1e-4, 0.3, 0.999, 1.0, 1.5, 20.0, 700.0, 1e6, -1e-8, -3.0, -1e6])
def test_log_cosh_has_every_digit_for_any_residual(r):
    """Against 60 digits: small residuals (where |r| − log 2 + log1p(e^−2|r|) cancels) and huge ones
    (where cosh overflows) alike."""
    d = Decimal(r)
    exact = float(((d.exp() + (-d).exp()) / 2).ln())
    value = get_loss("log_cosh", "identity").value(np.array([r]), np.array([0.0]))
    assert value == pytest.approx(exact, rel=2e-16, abs=0)


def test_its_gradient_is_tanh_of_the_residual():
    rng = np.random.default_rng(0)
    z, t = rng.normal(size=50) * 4, rng.normal(size=50)
    value, grad = get_loss("log_cosh", "identity").value_and_grad(z, t)
    np.testing.assert_array_equal(grad, np.tanh(z - t) / 50)
    assert value == pytest.approx(np.mean(np.log(np.cosh(z - t))), rel=1e-14)


def test_it_is_mse_near_the_fit_and_mae_far_from_it():
    form = get_loss("log_cosh", "identity")
    assert form.value(np.array([1e-3]), np.array([0.0])) == pytest.approx(0.5e-6, rel=1e-6)
    assert form.value(np.array([40.0]), np.array([0.0])) == pytest.approx(40 - np.log(2), rel=1e-15)
    assert REGISTRY["log_cosh"].kink == ""  # smooth everywhere: a gradient check expects no kink


def test_gradient_descent_reaches_the_minimum_an_independent_optimizer_finds():
    """Linear regression with log-cosh on the noisy line: the engine's run ends where SciPy's BFGS,
    minimising the textbook mean log(cosh(Xw + b − y)), ends."""
    data = load_dataset(DatasetSpec.of("line", n_samples=200, seed=3))
    model = make_model("linear", data.n_features, 0)
    trainer = Trainer(model, data, RunSpec(loss="log_cosh", optimizer=OptimizerSettings.of("gd", 1.0),
                                           max_steps=5000, tol_grad=1e-10))
    list(trainer.run(record_every=10**9))
    X, y = data.X_train, data.y_train

    def cost(theta: np.ndarray) -> float:
        return float(np.mean(np.log(np.cosh(X @ theta[:-1] + theta[-1] - y))))
    oracle = minimize(cost, np.zeros(2), method="BFGS", options={"gtol": 1e-12}).x
    assert trainer.stop_reason == "tol_grad"
    np.testing.assert_allclose(trainer.theta, oracle, atol=1e-6)


def test_it_is_in_the_api_the_cli_the_menus_and_the_maths_panel(client):
    assert "log_cosh" in [e["name"] for e in client.get("/api/catalogue").json()["losses"]]
    body = {"dataset": {"name": "line"}, "model": {"kind": "linear"}, "loss": "log_cosh", "max_steps": 50}
    answer = client.post("/api/train", json=body)
    assert answer.status_code == 200 and answer.json()["final"]["r2"] > 0.5
    refused = client.post("/api/train", json={"loss": "log_cosh"})  # blobs: a classifier
    assert refused.status_code == 422 and "regression loss" in refused.text
    page = client.get("/").text
    assert '<option value="log_cosh"' in page  # the loss menu
    assert 'data-loss="log_cosh" data-output="identity"' in page  # the maths panel's cases
    assert "Linear regression with log-cosh loss" in page and "Neural network (identity output) with log-cosh" in page
    cli = subprocess.run([sys.executable, "-m", "app.cli", "train", "--dataset", "line", "--model", "linear",
                          "--loss", "log_cosh", "--max-steps", "20", "--quiet"],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(cli.stdout)["final"]["step"] == 20
    help_text = subprocess.run([sys.executable, "-m", "app.cli", "train", "--help"], capture_output=True,
                               text=True, cwd=ROOT, check=True).stdout
    assert "log_cosh" in help_text


def test_a_network_trains_with_it_on_the_sine():
    data = load_dataset(DatasetSpec.of("sine", n_samples=200, seed=1))
    model = make_model("mlp", 1, 0, hidden=16)
    spec = RunSpec(loss="log_cosh", model=ModelSpec("mlp", {"hidden": 16}), max_steps=1500,
                   optimizer=OptimizerSettings.of("adam", 0.03))
    trainer = Trainer(model, data, spec)
    *_, last = trainer.run(record_every=500)
    assert last.r2 > 0.9
