"""POST /api/lessons/vectorised: its answer, its limits and its errors."""

import json

import pytest

from app.lessons.vectorised.schemas import VectorisedAnswer
from app.settings import Settings
from tests.factories import reject_constant


@pytest.mark.parametrize("body", [{}, {"w_shape": "rank1"}, {"y_shape": "column", "m": 40}, {"m": 5000, "seed": 3}])
def test_the_answer_is_its_model_exactly_and_finite(client, body):
    answer = client.post("/api/lessons/vectorised", json=body)
    assert answer.status_code == 200, answer.text
    data = json.loads(answer.text, parse_constant=reject_constant)
    assert VectorisedAnswer.model_validate(data).model_dump(mode="json") == data
    shapes = {a["name"]: a["shape"] for a in data["arrays"]}
    assert shapes["X"] == [2, body.get("m", 160)]
    assert data["all_right"] == (body.get("w_shape", "column") == "column" and body.get("y_shape", "row") == "row")
    assert (data["loop"] is None) == (not data["all_right"]) == (data["seconds"] is None)


def test_a_step_taken_lowers_j(client):
    first = client.post("/api/lessons/vectorised", json={}).json()
    second = client.post("/api/lessons/vectorised", json={"theta": first["theta_next"]}).json()
    assert second["vectorised"]["J"] == pytest.approx(first["cost_after"], rel=1e-12)
    assert second["vectorised"]["J"] < first["vectorised"]["J"]


@pytest.mark.parametrize(("body", "words"), [
    ({"theta": [1, 2]}, "at least 3 items"),
    ({"w_shape": "row"}, "'column' or 'rank1'"),
    ({"y_shape": "column", "m": 2001}, "A − Y (m = 2,001) is 4,004,001, over the limit max_broadcast_cells=4,000,000"),
    ({"m": 3}, "greater than or equal to 4"),
])
def test_a_bad_request_says_what_to_change(client, body, words):
    answer = client.post("/api/lessons/vectorised", json=body)
    assert answer.status_code == 422 and words in answer.text


def test_m_is_capped_by_max_samples(tmp_path):
    from fastapi.testclient import TestClient

    from app.main import create_app
    with TestClient(create_app(Settings(data_dir=tmp_path, max_samples=500))) as client:
        answer = client.post("/api/lessons/vectorised", json={"m": 501})
    assert answer.status_code == 422 and "max_samples=500" in answer.text
