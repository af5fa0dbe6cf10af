import pytest


def test_softmax_readouts(client):
    request = {"dataset": {"name": "digits"}, "model": {"kind": "softmax"}, "params": [0.0] * 650}
    confusion = client.post("/api/lessons/confusion", json=request).json()
    assert len(confusion["matrix"]) == 10 and confusion["class_names"][3] == "3"
    probs = client.post("/api/lessons/probabilities", json={**request, "index": 7}).json()
    assert len(probs["features"]) == 64 and probs["probabilities"] == pytest.approx([0.1] * 10)
    bad = client.post("/api/lessons/probabilities", json={**request, "index": 100_000})
    assert bad.status_code == 422
