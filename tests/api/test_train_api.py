import json

import pytest

from app.settings import Settings
from tests.factories import reject_constant


def strict_json(response):
    """Parse as a browser would: NaN or Infinity in the body fails."""
    return json.loads(response.text, parse_constant=reject_constant)


def test_blobs_loss_falls_and_a_stop_reason_is_given(client):
    body = strict_json(client.post("/api/train", json={"dataset": {"name": "blobs"}, "max_steps": 200}))
    history = body["history"]
    assert body["stop_reason"] == "max_steps"
    assert history[0]["step"] == 0 and history[-1]["step"] == 200
    assert history[-1]["loss"] < 0.3 * history[0]["loss"]
    assert body["final"] == history[-1]
    assert body["param_names"] == ["w1", "w2", "b"]
    assert set(history[1]) == {"step", "epoch", "batch_loss", "loss", "test_loss", "accuracy",
                               "test_accuracy", "grad_norm", "learning_rate", "params", "layer_grads"}
    assert history[1]["layer_grads"] == []  # no hidden layers
    assert history[-1]["accuracy"] > 0.95


def test_every_request_key_is_honoured(client):
    request = {
        "dataset": {"name": "xor", "n_samples": 120, "noise": 0.05, "seed": 4, "standardize": True,
                    "test_fraction": 0.25, "features": ["x1", "x2", "x1_x2"]},
        "model": {"kind": "softmax"}, "loss": "mse",
        "optimizer": {"name": "adam", "learning_rate": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-7},
        "schedule": {"name": "step", "step_size": 10, "gamma": 0.5},
        "batch_size": 30, "l2": 0.01, "max_steps": 40, "tol_loss": 0.0, "tol_grad": 0.0, "seed": 9,
        "init": [0.0] * 8, "record_every": 10,
    }
    body = strict_json(client.post("/api/train", json=request))
    steps = [r["step"] for r in body["history"]]
    assert steps == [0, 10, 20, 30, 40]
    assert body["history"][0]["params"] == [0.0] * 8
    assert [r["learning_rate"] for r in body["history"][1:]] == [0.05 * 0.5**k for k in (0, 1, 2, 3)]
    assert body["history"][-1]["epoch"] == pytest.approx(40 * 30 / 90)
    assert len(body["param_names"]) == 8
    assert body["final"]["accuracy"] > 0.9  # x1*x2 makes XOR linearly separable


def test_same_request_same_answer(client):
    request = {"batch_size": 8, "max_steps": 30, "optimizer": {"name": "rmsprop", "learning_rate": 0.01}}
    assert client.post("/api/train", json=request).text == client.post("/api/train", json=request).text


def test_divergence_is_a_stop_reason_and_the_body_is_strict_json(client):
    body = strict_json(client.post("/api/train", json={"dataset": {"name": "moons"},
                                                      "optimizer": {"learning_rate": 1e6}}))
    assert body["stop_reason"] == "diverged"


def test_tolerances_and_target(client):
    body = client.post("/api/train", json={"dataset": {"name": "line1d"}, "tol_grad": 0.01,
                                           "max_steps": 5000, "optimizer": {"learning_rate": 1.0}}).json()
    assert body["stop_reason"] == "tol_grad" and body["final"]["grad_norm"] < 0.01
    body = client.post("/api/train", json={"target_loss": 0.5, "max_steps": 5000}).json()
    assert body["stop_reason"] == "target_loss" and body["final"]["loss"] <= 0.5


@pytest.mark.parametrize("request_body, fragment", [
    ({"l2": True}, "valid number"),
    ({"max_steps": "10"}, "valid integer"),
    ({"optimizer": {"learning_rate": 0}}, "greater than 0"),
    ({"optimizer": {"learning_rate": 2e6}}, "less than or equal to 1000000"),
    ({"optimizer": {"name": "lbfgs"}}, "'gd', 'momentum'"),
    ({"loss": "hinge"}, "Input should be 'cross_entropy', 'mse', 'mae'"),  # the catalogue's losses, in order
    ({"learning_rate": 0.1}, "Extra inputs are not permitted"),
    ({"dataset": {"name": "../../etc/passwd"}}, "unknown data set"),
    ({"batch_size": 0}, "greater than or equal to 1"),
    ({"dataset": {"test_fraction": 1.0}}, "less than or equal to 0.9"),
])
def test_bad_values_get_422_naming_the_field(client, request_body, fragment):
    response = client.post("/api/train", json=request_body)
    assert response.status_code == 422
    assert fragment in response.text


def test_nan_in_the_body_is_refused(client):
    for constant in (b"NaN", b"Infinity", b"-Infinity"):
        response = client.post("/api/train", content=b'{"l2": ' + constant + b"}",
                               headers={"content-type": "application/json"})
        assert response.status_code == 422
        assert strict_json(response)["detail"][0]["loc"] == ["body", "l2"]


def test_malformed_json_is_refused(client):
    response = client.post("/api/train", content=b'{"l2": ', headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert "JSON" in response.text


def test_semantic_errors_are_422_with_words(client):
    response = client.post("/api/train", json={"dataset": {"name": "iris"}})
    assert response.status_code == 422
    expected = "logistic regression is binary but the data has 3 classes: use softmax"
    assert response.json()["detail"] == expected
    response = client.post("/api/train", json={"init": [1.0, 2.0]})
    assert response.status_code == 422 and "init has 2 values" in response.json()["detail"]
    response = client.post("/api/train", json={"dataset": {"name": "mnist"}})
    assert response.status_code == 422 and "unknown data set 'mnist'" in response.text
    response = client.post("/api/train", json={"dataset": {"name": "u_" + "0" * 32}})
    assert response.status_code == 404 and "no data set called" in response.text


@pytest.mark.parametrize("limits, request_body, name", [
    ({"max_steps": 100}, {"max_steps": 101}, "max_steps=100"),
    ({"max_samples": 500}, {"dataset": {"n_samples": 501}}, "max_samples=500"),
    ({"max_history_values": 1000}, {"max_steps": 500}, "max_history_values=1,000"),
    ({"max_train_work": 1e5}, {"max_steps": 500}, "max_train_work=100,000"),
    ({"max_params": 100}, {"dataset": {"name": "digits"}, "model": {"kind": "softmax"}}, "max_params=100"),
    ({"max_features": 10}, {"dataset": {"name": "breast_cancer"}}, "max_features=10"),
    ({"max_classes": 5}, {"dataset": {"name": "digits"}, "model": {"kind": "softmax"}}, "max_classes=5"),
])
def test_limits_give_422_naming_the_limit(tmp_path, limits, request_body, name):
    from fastapi.testclient import TestClient

    from app.main import create_app
    with TestClient(create_app(Settings(data_dir=tmp_path, **limits))) as c:
        response = c.post("/api/train", json=request_body)
    assert response.status_code == 422
    assert name in response.text


def test_an_event_that_raises_max_steps_is_held_to_the_limits(client):
    """max_steps 1 and an event raising it to 100,000 is the run of 100,000 steps it asks for."""
    body = {"dataset": {"name": "digits"}, "model": {"kind": "mlp", "hidden": 32, "layers": 2, "hidden2": 32},
            "max_steps": 1, "record_every": 1000, "events": [{"step": 1, "changes": {"max_steps": 100_000}}]}
    response = client.post("/api/train", json=body)
    assert response.status_code == 422
    assert "with the changes its events plan" in response.json()["detail"] and "max_train_work" in response.text
    body["events"] = [{"step": 1, "changes": {"max_steps": 3}}]
    response = client.post("/api/train", json=body)
    assert response.status_code == 200 and response.json()["history"][-1]["step"] == 3


def test_gradient_endpoint_matches_the_engine(client):
    from app.engine.data.datasets import DatasetSpec, load_dataset
    from app.engine.training.registry import make_model
    body = client.post("/api/gradient", json={"dataset": {"name": "iris"}, "model": {"kind": "softmax"},
                                              "loss": "mse", "l2": 0.1, "params": [0.1] * 15}).json()
    data = load_dataset(DatasetSpec(name="iris"))
    model = make_model("softmax", 4, 3)
    import numpy as np
    value, grad = model.loss_gradient(np.full(15, 0.1), data.X_train, model.encode_targets(data.y_train),
                                      "mse", 0.1)
    assert body["loss"] == pytest.approx(value)
    assert body["gradient"] == pytest.approx(grad.tolist())
    assert body["param_names"][0] == "w1_0"
    bad = client.post("/api/gradient", json={"params": [1.0, 2.0]})
    assert bad.status_code == 422 and "params has 2 values" in bad.json()["detail"]
    start = client.post("/api/gradient", json={"seed": 5}).json()  # null params: the seeded start
    first = client.post("/api/train", json={"seed": 5, "max_steps": 1}).json()["history"][0]
    assert start["loss"] == pytest.approx(first["loss"])


@pytest.mark.parametrize("kind, dataset", [("logistic", "breast_cancer"), ("softmax", "iris")])
@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
def test_gradcheck_endpoint(client, kind, dataset, loss):
    body = client.post("/api/gradcheck", json={"dataset": {"name": dataset}, "model": {"kind": kind},
                                               "loss": loss, "l2": 0.1}).json()
    assert body["max_relative_error"] < 1e-5
    assert body["worst_param"] in body["param_names"]
    assert body["analytic"] == pytest.approx(body["numeric"], rel=1e-4, abs=1e-8)


def test_mlp_through_the_rest_api(client):
    request = {"dataset": {"name": "xor", "n_samples": 300}, "max_steps": 400, "record_every": 400,
               "model": {"kind": "mlp", "hidden": 8, "activation": "tanh"},
               "optimizer": {"name": "adam", "learning_rate": 0.05}}
    body = client.post("/api/train", json=request).json()
    assert body["final"]["accuracy"] > 0.95
    assert len(body["param_names"]) == 2 * 8 + 8 + 8 + 1
    check = client.post("/api/gradcheck", json={**{k: request[k] for k in ("dataset", "model")}}).json()
    assert check["max_relative_error"] < 1e-5
    surface = client.post("/api/surface", json={"dataset": request["dataset"], "model": request["model"],
                                               "center": body["final"]["params"], "resolution": 7,
                                               "directions": {"kind": "random"}})
    assert surface.status_code == 200
    bad = client.post("/api/train", json={"model": {"kind": "mlp", "activation": "swish"}})
    assert bad.status_code == 422


def test_an_integral_float_is_an_integer_as_json_schema_says(client):
    """200.0 is an integer to JSON Schema (and to schemathesis): accepted as 200; 200.5,
    true and "200" are still refused."""
    assert client.post("/api/train", json={"max_steps": 20.0, "record_every": 5.0}).status_code == 200
    for bad in (20.5, True, "20"):
        assert client.post("/api/train", json={"max_steps": bad}).status_code == 422


DIGITS = {"dataset": {"name": "digits"}, "model": {"kind": "softmax"}, "batch_size": 32, "max_steps": 40,
          "record_every": 10}


def test_a_small_model_returns_theta_on_every_record_and_a_large_one_on_the_first_and_last(client):
    small = client.post("/api/train", json={"max_steps": 20, "record_every": 5}).json()
    large = client.post("/api/train", json=DIGITS).json()
    assert all(len(r["params"]) == 3 for r in small["history"])
    assert [("params" in r) for r in large["history"]] == [True, False, False, False, True]
    assert len(large["final"]["params"]) == 650 and len(large["param_names"]) == 650


@pytest.mark.parametrize("every, carrying", [(0, []), (1, [0, 10, 20, 30, 40]), (2, [0, 20, 40]),
                                             (3, [0, 30, 40])])
def test_params_every_picks_the_records_that_carry_theta(client, every, carrying):
    body = client.post("/api/train", json={**DIGITS, "params_every": every}).json()
    assert [r["step"] for r in body["history"] if "params" in r] == carrying
    assert all(r["loss"] is not None and "grad_norm" in r for r in body["history"])  # recorded = evaluated


def test_the_history_limit_counts_only_the_thetas_asked_for(tmp_path):
    from fastapi.testclient import TestClient

    from app.main import create_app
    body = {**DIGITS, "max_steps": 1_000, "record_every": 1}  # 1,002 records of 650 parameters
    with TestClient(create_app(Settings(data_dir=tmp_path, max_history_values=100_000))) as c:
        refused = c.post("/api/train", json={**body, "params_every": 1})
        answered = c.post("/api/train", json={**body, "params_every": 0})
    assert refused.status_code == 422 and "params_every" in refused.json()["detail"]
    assert answered.status_code == 200 and len(answered.json()["history"]) == 1_001
