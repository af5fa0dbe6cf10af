import json
import math

import numpy as np
import pytest

from app.engine import catalogue
from tests.factories import reject_constant


@pytest.mark.parametrize("path", ["probability-losses", "dz-curves", "margin-losses", "activations"])
def test_curve_endpoints(client, path):
    response = client.get(f"/api/lessons/{path}")
    assert response.status_code == 200
    json.loads(response.text, parse_constant=reject_constant)


def test_information_endpoint(client):
    body = client.post("/api/lessons/information", json={"p": [1, 1, 2], "q": [1, 2, 1]}).json()
    assert body["p"] == [0.25, 0.25, 0.5] and body["kl"] > 0 and body["unit"] == "nats"
    bits = client.post("/api/lessons/information", json={"p": [1, 1, 2], "q": [1, 2, 1], "unit": "bits"}).json()
    assert bits["unit"] == "bits" and abs(bits["kl"] - body["kl"] / math.log(2)) < 1e-12
    assert client.post("/api/lessons/information", json={"p": [1, 1], "unit": "dits"}).status_code == 422
    assert client.post("/api/lessons/information", json={"p": [1], "q": [1]}).status_code == 422
    assert client.post("/api/lessons/information", json={"p": [-1, 1], "q": [1, 1]}).status_code == 422


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


def test_chain_rule_endpoint(client):
    body = client.post("/api/lessons/chain-rule", json={"params": [0.5, -1.0, 0.2], "index": 4}).json()
    assert body["dz"] == pytest.approx(body["a"] - body["y"])
    assert body["dw"] == pytest.approx([x * body["dz"] for x in body["x"]])
    assert len(body["mathml"]) == 8 and body["mathml"][0].startswith("<math")
    assert client.post("/api/lessons/chain-rule", json={"params": [0.5, 0.2]}).status_code == 422
    far = client.post("/api/lessons/chain-rule", json={"params": [0.5, -1, 0], "index": 10**6})
    assert far.status_code == 422
    assert body["standardised"] is True and len(body["raw_x"]) == 2  # a data-set sample: raw and standardised
    assert body["x"] == pytest.approx([(r - m) / s for r, m, s in zip(body["raw_x"], body["mean"], body["scale"],
                                                                      strict=True)])
    assert body["mean_gradient"]["m"] == 160 and len(body["mathml_mean"]) == 3


def test_chain_rule_with_typed_numbers(client):
    body = client.post("/api/lessons/chain-rule", json={"params": [0.5, -0.5, 0], "x": [1, 2], "y": 1}).json()
    assert body["x"] == [1, 2] and body["standardised"] is False and body["z"] == pytest.approx(-0.5)
    assert body["dz"] == pytest.approx(1 / (1 + np.exp(0.5)) - 1)
    assert "&#x000D7;" in body["mathml"][0]  # w × x, not (w)(x)
    assert "<mn>0</mn><mi>log" not in "".join(body["mathml"])  # no "0 log(...)" term left in
    for bad in ({"x": [1, 2]}, {"x": [1], "y": 0}, {"x": [1e9, 0], "y": 0}, {"x": [1, 2], "y": 2}):
        assert client.post("/api/lessons/chain-rule", json={"params": [0.5, -0.5, 0], **bad}).status_code == 422


def test_timing_endpoint(client):
    """The spread's shape, never which is faster (that is the machine's)."""
    body = client.post("/api/lessons/timing", json={"n": 5000}).json()
    assert body["n"] == 5000 and body["rounds"] == 7
    for part in ("loop", "dot", "ratio_spread"):
        assert body[part]["min"] <= body[part]["median"] <= body[part]["max"]
    assert client.post("/api/lessons/timing", json={"n": 10**8}).status_code == 422


def test_compare_losses_endpoint(client):
    body = client.post("/api/lessons/compare-losses", json={"task": "binary", "epochs": 2}).json()
    assert body["epochs"] == [0, 1, 2] and len(body["mse"]) == 3


def test_softmax_readouts(client):
    request = {"dataset": {"name": "digits"}, "model": {"kind": "softmax"}, "params": [0.0] * 650}
    confusion = client.post("/api/lessons/confusion", json=request).json()
    assert len(confusion["matrix"]) == 10 and confusion["class_names"][3] == "3"
    probs = client.post("/api/lessons/probabilities", json={**request, "index": 7}).json()
    assert len(probs["features"]) == 64 and probs["probabilities"] == pytest.approx([0.1] * 10)
    bad = client.post("/api/lessons/probabilities", json={**request, "index": 100_000})
    assert bad.status_code == 422
