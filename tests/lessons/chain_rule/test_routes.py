"""The chain-rule lesson's routes: one sample forward and back beside the average over m, and the loop
timed against np.dot."""

import numpy as np
import pytest

from app.lessons.chain_rule.schemas import ChainRuleAnswer, TimingAnswer


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


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning",
                            "ignore:invalid value encountered:RuntimeWarning")  # NumPy on the huge θ: its nulls
@pytest.mark.parametrize("body", [{}, {"params": [0.5, -0.5, 0], "x": [1, 2], "y": 1},
                                  {"params": [1e308, -1e308, 0], "x": [100, 100], "y": 1}])
def test_the_chain_rule_answer_model_names_every_key(client, body):
    """ChainRuleAnswer names every key the route sends, exactly: for a data-set sample, typed numbers, and
    a θ so large that z overflows (its values null)."""
    answer = client.post("/api/lessons/chain-rule", json=body).json()
    assert ChainRuleAnswer.model_validate(answer).model_dump(mode="json") == answer


def test_the_timing_answer_model_names_every_key(client):
    answer = client.post("/api/lessons/timing", json={"n": 1000}).json()
    assert TimingAnswer.model_validate(answer).model_dump(mode="json") == answer
