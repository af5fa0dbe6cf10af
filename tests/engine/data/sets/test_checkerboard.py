"""checkerboard, added as one module: a 4×4 board of alternating classes that logistic regression
cannot fit and a network can, in the API, the CLI and the page's menus. (Its seeding, sizes and
catalogue entry are in test_every_set.py, which finds it.)"""

import json
import subprocess
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression

from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.data.sets.checkerboard import checkerboard
from app.engine.spec.build import build_trainer
from app.engine.spec.events import EventLog
from app.engine.spec.run import ModelSpec, RunSpec
from app.engine.training.optimizers import OptimizerSettings
from tests.conftest import ROOT

BOARD = DatasetSpec.of("checkerboard", n_samples=800, seed=0)


def test_each_point_has_the_colour_of_its_square():
    X, y = checkerboard(1600, 0.0, np.random.default_rng(0))
    assert X.min() >= -2 and X.max() <= 2 and abs(int(y.sum()) - 800) <= 1
    np.testing.assert_array_equal(y, (np.floor(X[:, 0] + 2) + np.floor(X[:, 1] + 2)) % 2)
    squares = {(int(np.floor(a + 2)), int(np.floor(b + 2))) for a, b in X}
    assert len(squares) == 16


def train(settings, model: ModelSpec, steps: int, lr: float):
    spec = RunSpec(dataset=BOARD, model=model, optimizer=OptimizerSettings.of("adam", lr), max_steps=steps,
                   tol_grad=0.0)
    trainer = build_trainer(spec, EventLog(), settings, None, whole_history=False)
    list(trainer.run(record_every=10**9))
    return trainer.complete()


def test_logistic_regression_cannot_fit_it_and_a_network_can(settings):
    line = train(settings, ModelSpec("logistic"), 1000, 0.05)
    network = train(settings, ModelSpec("mlp", {"layers": 2, "hidden": 16, "hidden2": 16}), 3000, 0.03)
    assert line.accuracy < 0.6 and line.test_accuracy < 0.6  # a line splits the board about in half
    assert network.accuracy > 0.97 and network.test_accuracy > 0.85
    data = load_dataset(BOARD)
    sklearn = LogisticRegression().fit(data.X_train, data.y_train)
    assert sklearn.score(data.X_train, data.y_train) < 0.6  # scikit-learn's optimum line does no better


def test_it_is_in_the_api_the_cli_and_the_menus(client):
    listed = {d["name"]: d for d in client.get("/api/datasets").json()}["checkerboard"]
    assert (listed["kind"], listed["task"], listed["class_names"]) == ("synthetic", "classification", ["0", "1"])
    assert listed["parameters"] == {"n_samples": 200, "noise": 0.02, "seed": 0}
    answer = client.post("/api/train", json={"dataset": {"name": "checkerboard", "n_samples": 400},
                                             "model": {"kind": "mlp", "hidden": 12}, "max_steps": 30})
    assert answer.status_code == 200 and answer.json()["final"]["step"] == 30
    page = client.get("/").text
    assert '<option value="checkerboard">Checkerboard</option>' in page
    rows = [line for line in page.splitlines() if 'class="row data-setting"' in line]
    assert len(rows) == 3 and all("checkerboard" in row for row in rows[:2])  # its samples and noise
    cli = subprocess.run([sys.executable, "-m", "app.cli", "train", "--dataset", "checkerboard", "--max-steps", "10",
                          "--quiet"], capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(cli.stdout)["final"]["step"] == 10


def test_noise_blurs_the_lines_between_squares():
    def strays(noise: float) -> float:  # the share of points outside their class's square
        X, y = checkerboard(2000, noise, np.random.default_rng(1))
        return float(np.mean(y != (np.floor(X[:, 0] + 2) + np.floor(X[:, 1] + 2)) % 2))
    shares = [strays(noise) for noise in (0.0, 0.02, 0.1, 0.3)]
    assert shares[0] == 0 and shares == sorted(shares) and len(set(shares)) == 4 and shares[-1] < 0.5
