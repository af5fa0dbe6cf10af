import math


def test_information_endpoint(client):
    body = client.post("/api/lessons/information", json={"p": [1, 1, 2], "q": [1, 2, 1]}).json()
    assert body["p"] == [0.25, 0.25, 0.5] and body["kl"] > 0 and body["unit"] == "nats"
    bits = client.post("/api/lessons/information", json={"p": [1, 1, 2], "q": [1, 2, 1], "unit": "bits"}).json()
    assert bits["unit"] == "bits" and abs(bits["kl"] - body["kl"] / math.log(2)) < 1e-12
    assert client.post("/api/lessons/information", json={"p": [1, 1], "unit": "dits"}).status_code == 422
    assert client.post("/api/lessons/information", json={"p": [1], "q": [1]}).status_code == 422
    assert client.post("/api/lessons/information", json={"p": [-1, 1], "q": [1, 1]}).status_code == 422
