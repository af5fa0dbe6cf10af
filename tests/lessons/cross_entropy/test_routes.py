"""The cross-entropy pitfalls' routes: the epsilon curves, the entropy grid and the derivative checks."""

import json

from app.lessons.cross_entropy.schemas import DerivativeChecksAnswer, EntropyGridAnswer, EpsilonAnswer
from tests.factories import reject_constant


def test_epsilon_point_caps_at_16_118_where_the_stable_loss_does_not(client):
    response = client.post("/api/lessons/epsilon", json={"z": -30, "y": 1})
    assert response.status_code == 200
    body = json.loads(response.text, parse_constant=reject_constant)
    assert round(body["cap"], 3) == 16.118 and round(body["point"]["capped"], 3) == 16.118
    assert body["point"]["stable"] > 29.9 and len(body["z"]) == 501
    assert client.post("/api/lessons/epsilon", json={"z": -41}).status_code == 422
    assert client.post("/api/lessons/epsilon", json={"y": 2}).status_code == 422
    assert client.post("/api/lessons/epsilon", json={"epsilon": 0}).status_code == 422


def test_entropy_grid_has_no_nan(client):
    response = client.get("/api/lessons/entropy-grid")
    body = json.loads(response.text, parse_constant=reject_constant)
    assert body["h"][0][0] == 0.0 and body["h"][-1][-1] is None


def test_derivative_checks(client):
    body = client.post("/api/lessons/derivative-checks", json={"logits": [3, 1, -3], "target": 0}).json()
    assert [c["name"] for c in body["checks"]] == ["code", "missing_division", "sum_of_reciprocals"]
    assert all(c["right_matches"] and not c["article_matches"] for c in body["checks"])
    assert client.post("/api/lessons/derivative-checks", json={"logits": [20, -20], "target": 0}).status_code == 422
    assert client.post("/api/lessons/derivative-checks", json={"logits": [1, 2], "target": 2}).status_code == 422


def test_epsilon_answer_is_its_model_exactly(client):
    body = client.post("/api/lessons/epsilon", json={}).json()
    assert EpsilonAnswer.model_validate(body).model_dump(mode="json") == body


def test_entropy_grid_answer_is_its_model_exactly(client):
    body = client.get("/api/lessons/entropy-grid").json()
    assert EntropyGridAnswer.model_validate(body).model_dump(mode="json") == body


def test_derivative_checks_answer_is_its_model_exactly(client):
    body = client.post("/api/lessons/derivative-checks", json={}).json()
    assert DerivativeChecksAnswer.model_validate(body).model_dump(mode="json") == body
    assert [type(c).__name__ for c in DerivativeChecksAnswer.model_validate(body).checks] == [
        "CodeCheck", "FormulaCheck", "FormulaCheck"]
