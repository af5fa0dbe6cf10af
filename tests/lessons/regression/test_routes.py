"""The regression lesson's routes: the plateaus of sigmoid + MSE, and the linear bowl's exact minimum."""

import json

import pytest

from app.lessons.regression.schemas import PlateausAnswer
from tests.factories import reject_constant


def test_plateaus_route(client):
    response = client.post("/api/lessons/plateaus", json={"noise": 0.8, "seed": 0})
    assert response.status_code == 200
    body = json.loads(response.text, parse_constant=reject_constant)
    assert body["mse"]["share"] > 0.1 and body["cross_entropy"]["share"] == 0.0
    point = body["mse"]["point"]
    assert point["mse_grad"] < body["flat"] < point["cross_entropy_grad"]
    assert client.post("/api/lessons/plateaus", json={"noise": 5}).status_code == 422
    assert client.post("/api/lessons/plateaus", json={"noise": "a"}).status_code == 422


def test_the_bowl_surface_marks_the_closed_form(client):
    """The page's bowl: linear regression + MSE on the unscaled line, with theta* from the normal equations."""
    body = client.post("/api/surface", json={
        "dataset": {"name": "line", "seed": 0, "standardize": False}, "model": {"kind": "linear"}, "loss": "mse",
        "center": [0, 0], "span": 4.5, "resolution": 21, "directions": {"kind": "coordinates", "i": 0, "j": 1}}).json()
    best = body["optimum"]
    assert best["method"] == "least_squares" and best["params"] == pytest.approx([1.449, 0.4444], abs=1e-3)
    assert best["point"] == pytest.approx(best["params"])  # centred on (0, 0): the slice's coordinates are (w, b)
    assert min(v for row in body["loss"] for v in row) >= best["loss"]


@pytest.mark.parametrize("body", [{}, {"noise": 0.2, "seed": 3}])
def test_the_plateaus_answer_model_names_every_key(client, body):
    """PlateausAnswer names every key the route sends, exactly (a loss with no plateau: its point null)."""
    answer = client.post("/api/lessons/plateaus", json=body).json()
    assert answer["cross_entropy"]["point"] is None
    assert PlateausAnswer.model_validate(answer).model_dump(mode="json") == answer
