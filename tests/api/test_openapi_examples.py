"""Every operation in the OpenAPI schema has an example, and each one, sent as /docs' "Try it out"
sends it, answers 2xx (app/api/openapi_examples.py). An example naming someone's work (an upload,
a saved run, a token, a transfer code) is sent with the id of one this person made first."""

from __future__ import annotations

import re

import pytest

from app.api.openapi_examples import CSV, PARAMETERS


def operations(client) -> list[tuple[str, str, dict]]:
    paths = client.get("/openapi.json").json()["paths"]
    return [(method, path, op) for path, ops in paths.items() for method, op in ops.items()]


@pytest.fixture
def made(client) -> dict[str, str]:
    """Things of this person's, made through the API, for the examples that name one."""
    upload = client.post("/api/datasets?label_column=label&filename=mine.csv", content=b"x1,x2,label\n" + b"".join(
        f"{k % 7},{k % 5},{'ab'[k % 2]}\n".encode() for k in range(40)), headers={"Content-Type": "text/csv"})
    assert upload.status_code in (200, 201), upload.text
    run = client.post("/api/runs", json={"max_steps": 5, "name": "for the examples"}).json()
    token = client.post("/api/me/tokens", json={"name": "for the examples"}).json()
    return {"upload": upload.json()["name"], "run_id": run["id"], "token_id": str(token["id"])}


def test_every_operation_has_an_example_that_answers_2xx(client, made):
    failures, seen = {}, 0
    ops = operations(client)
    # the deletes last: the others use what they would delete
    for method, path, op in sorted(ops, key=lambda o: (o[0] == "delete", o[1])):
        if path.endswith("/progress"):  # server-sent events: an open stream, tested in test_saved_runs_api
            continue
        params = {p["name"]: p["example"] for p in op.get("parameters", []) if "example" in p}
        assert all(p["name"] in params for p in op.get("parameters", []) if p["required"] or path != "/api/datasets")
        if path.startswith("/api/datasets/{name}") and method != "get":
            params["name"] = made["upload"]
        for key in ("run_id", "token_id"):
            if key in params:
                params[key] = made[key]
        url = path
        for name in re.findall(r"\{(\w+)\}", path):
            url = url.replace(f"{{{name}}}", str(params.pop(name)))
        content = op.get("requestBody", {}).get("content", {})
        kwargs: dict = {"params": params}
        if "application/json" in content:
            body = content["application/json"]["example"]
            if path == "/api/me/claim":
                body = {"code": client.post("/api/me/transfer").json()["url"].rsplit("/", 1)[-1]}
            kwargs["json"] = body
        elif "text/csv" in content:  # an upload: the file is the visitor's own, this one a small table
            kwargs.update(content=CSV.encode(), headers={"Content-Type": "text/csv"})
        answer = client.request(method.upper(), url, **kwargs)
        seen += 1
        if not 200 <= answer.status_code < 300:
            failures[f"{method.upper()} {path}"] = (answer.status_code, answer.text[:200])
    assert failures == {}
    assert seen == len(ops) - 1 and set(PARAMETERS) >= {"name", "run_id", "token_id"}
