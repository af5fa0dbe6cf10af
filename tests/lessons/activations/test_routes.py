import pytest

from app.engine import catalogue
from app.lessons.activations.schemas import (
    ActivationCurvesAnswer,
    ActivationTimingAnswer,
    ReluTrainedAnswer,
    VanishingAnswer,
)


def test_vanishing_endpoint(client):
    body = client.post("/api/lessons/vanishing", json={"depth": 6}).json()
    assert body["layers"] == [1, 2, 3, 4, 5, 6]
    names = catalogue.names("activations")
    assert set(body) == {"layers", *names, "ratios", "relu_inactive", "collapse"}
    assert set(body["ratios"]) == set(names) and all(len(body["ratios"][n]) == 5 for n in names)
    assert body["ratios"]["sigmoid"][0] == pytest.approx(body["sigmoid"][0] / body["sigmoid"][1])
    assert len(body["relu_inactive"]) == 6 and all(0 <= s <= 1 for s in body["relu_inactive"])
    assert body["collapse"]["depth"] == 6 and body["collapse"]["max_difference"] < 1e-12
    assert client.post("/api/lessons/vanishing", json={"depth": 31}).status_code == 422


def test_activation_timing_endpoint(client):
    body = client.post("/api/lessons/activation-timing", json={"n": 1000, "rounds": 3}).json()
    assert body["n"] == 1000 and body["rounds"] == 3
    for s in body["seconds"].values():
        assert s["min"] <= s["median"] <= s["max"]
    assert client.post("/api/lessons/activation-timing", json={"n": 10**9}).status_code == 422  # max_timing_length
    assert client.post("/api/lessons/activation-timing", json={"rounds": 100}).status_code == 422


def test_relu_trained_endpoint(client):
    body = client.post("/api/lessons/relu-trained", json={"hidden": 8, "steps": 200}).json()
    assert body["hidden"] == 8 and len(body["before"]) == len(body["after"]) == len(body["dead"]) == 2
    assert all(0 <= s <= 1 for s in (*body["before"], *body["after"], *body["dead"]))
    assert client.post("/api/lessons/relu-trained", json={"steps": 10**6}).status_code == 422


def test_activations_answer_is_its_model_exactly(client):
    body = client.get("/api/lessons/activations").json()
    assert ActivationCurvesAnswer.model_validate(body).model_dump(mode="json") == body


def test_vanishing_answer_is_its_model_exactly(client):
    body = client.post("/api/lessons/vanishing", json={}).json()
    assert VanishingAnswer.model_validate(body).model_dump(mode="json") == body


def test_activation_timing_answer_is_its_model_exactly(client):
    body = client.post("/api/lessons/activation-timing", json={}).json()
    assert ActivationTimingAnswer.model_validate(body).model_dump(mode="json") == body


def test_relu_trained_answer_is_its_model_exactly(client):
    body = client.post("/api/lessons/relu-trained", json={}).json()
    assert ReluTrainedAnswer.model_validate(body).model_dump(mode="json") == body
