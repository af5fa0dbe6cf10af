"""POST /api/lessons/derivation: every line's numbers, as MathML too, and its limits."""

import json

import numpy as np
import pytest

from app.lessons.derivation.schemas import DerivationAnswer
from tests.factories import reject_constant


def test_a_typed_sample(client):
    body = client.post("/api/lessons/derivation", json={"theta": [0.5, -0.5, 0], "x": [1, 2], "y": 1}).json()
    h = 1 / (1 + np.exp(0.5))  # z = 0.5 - 1 + 0 = -0.5
    assert body["z"] == pytest.approx(-0.5) and body["h"] == pytest.approx(h)
    assert body["likelihood"] == pytest.approx(h) and body["loss"] == pytest.approx(-np.log(h))
    assert body["gradient"] == pytest.approx([(h - 1) * 1, (h - 1) * 2, h - 1])
    assert body["product"] == pytest.approx(body["gradient"])
    assert body["article_gradient_mean"] == pytest.approx([-g for g in body["gradient_mean"]])
    assert body["cost_after"] < body["cost"] < body["cost_after_article"]
    assert body["m"] == 160 and body["index"] is None
    assert all(line.startswith("<math") for lines in body["mathml"].values() for line in lines)
    assert "&#x000D7;" in "".join(body["mathml"]["sigmoid"])  # products written with ×


def test_a_data_set_sample_and_a_saturated_one(client):
    body = client.post("/api/lessons/derivation", json={"index": 159, "theta": [1, 1, 0]}).json()
    assert body["index"] == 159 and body["y"] in (0, 1)
    far = client.post("/api/lessons/derivation", json={"theta": [100, 100, 100], "x": [100, 100], "y": 0})
    v = json.loads(far.text, parse_constant=reject_constant)
    assert v["dJ_dh"] is None and v["product"] is None
    tiny = {"y": 1, "x": [0, -35.9], "theta": [-28, 1e-5, 47.36]}  # 1 - h about 3e-21: its power in brackets
    assert client.post("/api/lessons/derivation", json=tiny).status_code == 200  # schemathesis found a 500 here


@pytest.mark.parametrize("body", [{"index": 160}, {"x": [1e9, 0]}, {"x": [1]}, {"y": 2}, {"theta": [0, 0]},
                                  {"learning_rate": 0}, {"y": True}, {"x": [1, 2], "extra": 1}])
def test_limits(client, body):
    assert client.post("/api/lessons/derivation", json=body).status_code == 422


@pytest.mark.parametrize("body", [{}, {"index": 17}, {"theta": [100, 100, 100], "x": [100, 100], "y": 0}])
def test_the_answer_model_names_every_key(client, body):
    """DerivationAnswer, the route's documented answer, names every key it sends, exactly (a saturated
    sample's nulls too)."""
    answer = client.post("/api/lessons/derivation", json=body).json()
    assert DerivationAnswer.model_validate(answer).model_dump(mode="json") == answer
