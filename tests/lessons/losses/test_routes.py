import math

from app.lessons.losses.schemas import InformationAnswer, InformationRequest, MarginLossesAnswer


def test_information_endpoint(client):
    body = client.post("/api/lessons/information", json={"p": [1, 1, 2], "q": [1, 2, 1]}).json()
    assert body["p"] == [0.25, 0.25, 0.5] and body["kl"] > 0 and body["unit"] == "nats"
    bits = client.post("/api/lessons/information", json={"p": [1, 1, 2], "q": [1, 2, 1], "unit": "bits"}).json()
    assert bits["unit"] == "bits" and abs(bits["kl"] - body["kl"] / math.log(2)) < 1e-12
    assert client.post("/api/lessons/information", json={"p": [1, 1], "unit": "dits"}).status_code == 422
    assert client.post("/api/lessons/information", json={"p": [1], "q": [1]}).status_code == 422
    assert client.post("/api/lessons/information", json={"p": [-1, 1], "q": [1, 1]}).status_code == 422


def test_margin_losses_answer_is_its_model_exactly(client):
    body = client.get("/api/lessons/margin-losses").json()
    assert MarginLossesAnswer.model_validate(body).model_dump(mode="json") == body


def test_information_answer_is_its_model_exactly(client):
    example = InformationRequest.model_json_schema()["examples"][0]
    for request in (example, {**example, "q": [1, 0, 1, 1]}):  # q = 0 < p: the infinite ones are null
        body = client.post("/api/lessons/information", json=request).json()
        assert InformationAnswer.model_validate(body).model_dump(mode="json") == body
    assert body["kl"] is None and body["cross_entropy"] is None
