import pytest

from app.lessons.softmax.schemas import ConfusionAnswer, ProbabilitiesAnswer


def test_softmax_readouts(client):
    request = {"dataset": {"name": "digits"}, "model": {"kind": "softmax"}, "params": [0.0] * 650}
    confusion = client.post("/api/lessons/confusion", json=request).json()
    assert len(confusion["matrix"]) == 10 and confusion["class_names"][3] == "3"
    probs = client.post("/api/lessons/probabilities", json={**request, "index": 7}).json()
    assert len(probs["features"]) == 64 and probs["probabilities"] == pytest.approx([0.1] * 10)
    bad = client.post("/api/lessons/probabilities", json={**request, "index": 100_000})
    assert bad.status_code == 422


LESSON = {"dataset": {"name": "digits"}, "model": {"kind": "softmax"}}  # the page's model, at its seeded start


@pytest.mark.parametrize("request_body", [{}, LESSON], ids=["defaults", "digits"])
def test_the_confusion_answer_fits_its_model(client, request_body):
    body = client.post("/api/lessons/confusion", json=request_body).json()
    assert ConfusionAnswer.model_validate(body).model_dump(mode="json") == body


@pytest.mark.parametrize("request_body", [{}, LESSON], ids=["defaults", "digits"])
def test_the_probabilities_answer_fits_its_model(client, request_body):
    body = client.post("/api/lessons/probabilities", json=request_body).json()
    assert ProbabilitiesAnswer.model_validate(body).model_dump(mode="json") == body
