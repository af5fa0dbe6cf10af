"""The CE-vs-MSE experiment's routes: the baseline, the learning-rate sweep (built-in digits and an
uploaded MNIST-shaped set), their work caps, and dL/dz at chosen outputs."""

import json

import pytest
from fastapi.testclient import TestClient

from app.lessons.mse_vs_ce.schemas import (
    CompareLossesAnswer,
    DzCurvesAnswer,
    DzPointsAnswer,
    LearningRateSweepAnswer,
    ProbabilityLossesAnswer,
)
from app.main import create_app
from app.settings import Settings
from tests import tables
from tests.factories import reject_constant


def test_compare_losses_reports_the_majority_baseline(client):
    body = client.post("/api/lessons/compare-losses", json={"task": "binary", "epochs": 1}).json()
    assert body["baseline"] == pytest.approx(399 / 449)  # digit 0 is 50 of the 449 test images
    assert body["class_names"] == ["rest", "0"]


def test_the_sweep_gives_one_final_accuracy_per_rate(client):
    response = client.post("/api/lessons/learning-rate-sweep",
                           json={"task": "binary", "learning_rates": [0.5, 0.05, 0.05], "epochs": 5})
    assert response.status_code == 200, response.text
    body = json.loads(response.text, parse_constant=reject_constant)
    assert body["learning_rates"] == [0.05, 0.5]  # sorted, once each
    assert len(body["cross_entropy"]) == len(body["mse"]) == len(body["gap"]) == 2
    assert body["gap"][0] == pytest.approx(body["cross_entropy"][0] - body["mse"][0])
    assert body["gap"][0] > body["gap"][1]  # a larger step makes up much of MSE's slow start


def test_the_sweep_is_capped_by_max_lesson_work(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path, max_lesson_work=1e6))) as c:
        response = c.post("/api/lessons/learning-rate-sweep", json={"task": "softmax"})
        assert response.status_code == 422
        assert "max_lesson_work" in response.text and "fewer learning rates" in response.text


def test_the_experiment_runs_on_an_uploaded_mnist(client, mnist_csv):
    info = client.post("/api/datasets", files={"file": ("mnist.zip", tables.zipped(mnist_csv), "application/zip")})
    assert info.status_code == 201, info.text
    dataset = {"name": info.json()["name"]}
    body = client.post("/api/lessons/compare-losses",
                       json={"task": "softmax", "epochs": 1, "batch_size": 256, "dataset": dataset}).json()
    assert body["n_test"] == 2000 and len(body["class_names"]) == 10
    assert 0.05 < body["baseline"] < 0.2  # ten classes of about the same size
    assert body["cross_entropy"][1] > body["baseline"]
    sweep = client.post("/api/lessons/learning-rate-sweep",
                        json={"task": "binary", "digit": 3, "epochs": 1, "batch_size": 256,
                              "learning_rates": [0.1, 1.0], "dataset": dataset})
    assert sweep.status_code == 200, sweep.text
    assert 0.85 < sweep.json()["baseline"] < 0.95  # "rest" is about nine rows in ten


def test_the_experiment_refuses_a_two_class_set(client):
    response = client.post("/api/lessons/compare-losses", json={"task": "binary", "dataset": {"name": "moons"}})
    assert response.status_code == 422 and "3 or more classes" in response.text


def test_dz_points_at_the_articles_outputs_and_moved_ones(client):
    marks = client.post("/api/lessons/dz-points", json={"a": [0.98, 0.82], "y": 0}).json()["marks"]
    assert [m["cross_entropy"] for m in marks] == pytest.approx([0.98, 0.82])
    assert [m["mse"] for m in marks] == pytest.approx([0.98 * 0.98 * 0.02, 0.82 * 0.82 * 0.18])
    moved = client.post("/api/lessons/dz-points", json={"a": [0.3], "y": 1}).json()["marks"][0]
    assert moved["cross_entropy"] == pytest.approx(0.3 - 1) and moved["mse"] == pytest.approx(-0.7 * 0.3 * 0.7)
    assert client.post("/api/lessons/dz-points", json={"a": [1.0]}).status_code == 422


def test_compare_losses_endpoint(client):
    body = client.post("/api/lessons/compare-losses", json={"task": "binary", "epochs": 2}).json()
    assert body["epochs"] == [0, 1, 2] and len(body["mse"]) == 3


@pytest.mark.parametrize(("path", "answer"), [("/api/lessons/probability-losses", ProbabilityLossesAnswer),
                                              ("/api/lessons/dz-curves", DzCurvesAnswer)])
def test_the_curves_fit_their_models(client, path, answer):
    body = json.loads(client.get(path).text, parse_constant=reject_constant)  # finite numbers only
    assert answer.model_validate(body).model_dump(mode="json") == body


def test_the_dz_points_answer_fits_its_model(client):
    body = client.post("/api/lessons/dz-points", json={}).json()
    assert DzPointsAnswer.model_validate(body).model_dump(mode="json") == body


def test_the_compare_losses_answer_fits_its_model(client):
    body = client.post("/api/lessons/compare-losses", json={}).json()
    assert CompareLossesAnswer.model_validate(body).model_dump(mode="json") == body


def test_the_sweep_answer_fits_its_model(client):
    body = client.post("/api/lessons/learning-rate-sweep", json={}).json()
    assert LearningRateSweepAnswer.model_validate(body).model_dump(mode="json") == body
