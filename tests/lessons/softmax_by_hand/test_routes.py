"""POST /api/lessons/softmax-by-hand and /compare-models: article 004's numbers over HTTP, limits as 422."""

import json

import pytest

from app.lessons.softmax_by_hand.schemas import (
    CompareModelsAnswer,
    CompareModelsRequest,
    SoftmaxByHandAnswer,
    SoftmaxByHandRequest,
)
from tests.factories import reject_constant

ARTICLE = {"logits": [[3, 1, -3], [2, 8, 1]], "targets": [0, 1]}


def test_softmax_by_hand_gives_the_articles_rows(client):
    response = client.post("/api/lessons/softmax-by-hand", json=ARTICLE)
    assert response.status_code == 200
    body = json.loads(response.text, parse_constant=reject_constant)
    assert [f"{p:.5g}" for p in body["rows"][0]["p"]] == ["0.87888", "0.11894", "0.0021785"]
    assert [f"{p:.5g}" for p in body["rows"][1]["p"]] == ["0.0024704", "0.99662", "0.0009088"]
    assert body["error_rate"] == 0.0


def test_huge_logits_answer_null_for_the_overflowing_exponentials_never_infinity(client):
    response = client.post("/api/lessons/softmax-by-hand", json={"logits": [[1000, -1000, 999]], "targets": [1]})
    assert response.status_code == 200
    row = json.loads(response.text, parse_constant=reject_constant)["rows"][0]
    assert row["exp_raw"][0] is None and row["p"][1] == 0.0 and row["dl_dp"][1] is None


@pytest.mark.parametrize("body", [
    {"logits": [[1001, 0]], "targets": [0]},  # |z| over 1000
    {"logits": [[1]], "targets": [0]},  # one class
    {"logits": [[1, 2]] * 5, "targets": [0] * 5},  # five rows
    {"logits": [[1, 2, 3, 4, 5, 6, 7]], "targets": [0]},  # seven classes
    {"logits": [[1, 2]], "targets": [2]},  # no class 2
    {"logits": [[1, 2], [1, 2, 3]], "targets": [0, 0]},  # ragged
    {"logits": [[1, 2]], "targets": [0, 1]},  # a target too many
])
def test_bad_bodies_are_422(client, body):
    assert client.post("/api/lessons/softmax-by-hand", json=body).status_code == 422


def test_compare_models_same_error_rate_different_cross_entropy(client):
    targets = [2, 1, 0]
    models = [[[0.3, 0.3, 0.4], [0.3, 0.4, 0.3], [0.1, 0.2, 0.7]], [[0.1, 0.2, 0.7], [0.1, 0.7, 0.2], [0.3, 0.4, 0.3]]]
    body = client.post("/api/lessons/compare-models", json={
        "models": [[{"p": p, "target": t} for p, t in zip(m, targets, strict=True)] for m in models]}).json()
    assert [m["errors"] for m in body["models"]] == [1, 1]
    assert [round(m["ce"], 3) for m in body["models"]] == [1.378, 0.639]
    for bad in ({"p": [1.5, 0], "target": 0}, {"p": [0.5, 0.5], "target": 2}):  # over 1; no class 2
        assert client.post("/api/lessons/compare-models", json={"models": [[bad]]}).status_code == 422


def test_the_softmax_by_hand_answer_fits_its_model(client):
    example = SoftmaxByHandRequest.model_json_schema()["examples"][0]
    body = client.post("/api/lessons/softmax-by-hand", json=example).json()
    assert SoftmaxByHandAnswer.model_validate(body).model_dump(mode="json") == body
    huge = client.post("/api/lessons/softmax-by-hand", json={"logits": [[1000, -1000, 999]], "targets": [1]}).json()
    assert SoftmaxByHandAnswer.model_validate(huge).model_dump(mode="json") == huge  # its nulls too


def test_the_compare_models_answer_fits_its_model(client):
    example = CompareModelsRequest.model_json_schema()["examples"][0]
    body = client.post("/api/lessons/compare-models", json=example).json()
    assert CompareModelsAnswer.model_validate(body).model_dump(mode="json") == body
    zero = client.post("/api/lessons/compare-models", json={"models": [[{"p": [1, 0], "target": 1}]]}).json()
    assert zero["models"][0]["ce"] is None  # an infinite loss
    assert CompareModelsAnswer.model_validate(zero).model_dump(mode="json") == zero
