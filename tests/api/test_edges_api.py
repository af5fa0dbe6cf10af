"""Numerics at the edge, through the REST API: every body is strict JSON and the
stop reason says what happened."""

import json

import pytest

from tests.factories import reject_constant


def strict(response):
    return json.loads(response.text, parse_constant=reject_constant)


def upload(client, rows: list[str]) -> str:
    response = client.post("/api/datasets", content=("\n".join(rows) + "\n").encode())
    assert response.status_code == 201, response.text
    return response.json()["name"]


@pytest.mark.parametrize("lr", [1e3, 1e5, 1e6])
def test_huge_learning_rates_are_reported(client, lr):
    body = strict(client.post("/api/train", json={"dataset": {"name": "moons"}, "max_steps": 300,
                                                  "optimizer": {"learning_rate": lr}}))
    assert body["stop_reason"] in ("diverged", "max_steps", "tol_grad")


@pytest.mark.parametrize("standardize", [True, False])
def test_features_near_1e300(client, standardize):
    name = upload(client, ["a,b,y"] + [f"{(i - 10) * 1e299},{(i % 4) * 1e300},{int(i > 10)}" for i in range(20)])
    dataset = {"name": name, "prepare": {"scale": "standard" if standardize else "none"}}
    body = strict(client.post("/api/train", json={"dataset": {**dataset, "test_fraction": 0}, "max_steps": 50}))
    if standardize:
        assert body["stop_reason"] == "max_steps" and body["final"]["accuracy"] > 0.8
    else:
        assert body["stop_reason"] == "diverged"
        assert body["history"][-1]["loss"] is None or body["history"][-1]["loss"] > 0
    surface = strict(client.post("/api/surface", json={"dataset": dataset,
                                                       "center": [0, 0, 0], "resolution": 5}))
    assert len(surface["loss"]) == 5
    gradient = strict(client.post("/api/gradient", json={"dataset": dataset,
                                                         "params": [1, 1, 0]}))
    assert len(gradient["gradient"]) == 3


def test_a_single_class_is_refused_with_words(client):
    stored = client.post("/api/datasets", content=b"a,y\n1,x\n2,x\n3,x\n").json()  # kept, to choose a label
    assert stored["prepared"] is None and "'y', cannot be one: it has one value only" in stored["problems"][0]
    response = client.post("/api/train", json={"dataset": {"name": stored["name"]}})
    assert response.status_code == 422 and "one value only" in response.json()["detail"]
    asked = client.post("/api/datasets?label_column=y", content=b"a,y\n1,x\n2,x\n3,x\n")
    assert asked.status_code == 422 and "one value only" in asked.json()["detail"]


def test_duplicate_points_and_a_constant_feature(client):
    name = upload(client, ["a,b,c,y"] + ["1,5,2,0"] * 10 + ["2,5,3,1"] * 10)
    dropped = client.get(f"/api/datasets/{name}").json()
    assert dropped["feature_names"] == ["a", "c"]  # the report drops a constant column by default
    kept = {"name": name, "test_fraction": 0.2, "prepare": {"columns": {"b": "number"}}}
    body = strict(client.post("/api/train", json={"dataset": kept,
                                                  "max_steps": 200, "optimizer": {"learning_rate": 1.0}}))
    assert body["final"]["accuracy"] == 1.0
    # the constant feature (standardised to 0) gets no gradient: its weight never moves
    assert body["final"]["params"][1] == body["history"][0]["params"][1]
