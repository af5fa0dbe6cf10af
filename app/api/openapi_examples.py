"""An example for every operation of the OpenAPI schema, so /docs' "Try it out" sends a request
that works (left to itself, Swagger UI fills every field with a sample of its own, and one of
POST /api/train's, an event at step 100000, is past the run's end).

One table, by operation: its JSON body. An upload's file is the visitor's own (CSV is the table
tests/api/test_openapi_examples.py sends; a CSV example in the schema would stop schemathesis,
which cannot send one). A request model that carries its own
example (a lesson's) keeps it; any other JSON body gets {} (every field has a default). A path or
query parameter gets the example its name has in PARAMETERS (an upload's are left to the visitor:
fixed, they would not fit schemathesis's made-up files). Ids of someone's work (an upload, a
saved run, a token, a transfer code) can only be examples of their shape: tests/api/test_openapi_examples.py
makes each thing first and sends the example with its id.
"""

from __future__ import annotations

from typing import Any

TRAIN = {"dataset": {"name": "moons", "n_samples": 200, "noise": 0.2}, "model": {"kind": "mlp", "hidden": 8},
         "optimizer": {"name": "adam", "learning_rate": 0.05}, "max_steps": 200, "record_every": 10,
         "events": [{"step": 100, "changes": {"learning_rate": 0.01}}]}
AT = {"dataset": {"name": "blobs"}, "model": {"kind": "logistic"}, "params": [0.5, -0.5, 0.1]}  # θ = (w1, w2, b)
BODIES: dict[tuple[str, str], Any] = {
    ("post", "/api/train"): TRAIN,
    ("post", "/api/runs"): {**TRAIN, "name": "moons, adam, then a smaller rate"},
    ("post", "/api/gradient"): AT,
    ("post", "/api/gradcheck"): AT,
    ("post", "/api/surface"): {"dataset": {"name": "blobs"}, "model": {"kind": "logistic"}, "resolution": 21},
    ("post", "/api/points"): {"dataset": {"name": "moons"}},
    ("post", "/api/boundary"): {"dataset": {"name": "blobs"}, "model": {"kind": "logistic"}, "params": [1, 1, 0],
                                "resolution": 30},
    ("post", "/api/neurons"): {"dataset": {"name": "moons"}, "model": {"kind": "mlp", "hidden": 4}},
    ("post", "/api/datasets/{name}/prepare"): {"label": "label", "scale": "standard"},
    ("patch", "/api/runs/{run_id}"): {"name": "my best run"},
    ("patch", "/api/me"): {"name": "Ada"},
    ("post", "/api/me/tokens"): {"name": "my laptop's CLI"},
    ("post", "/api/me/claim"): {"code": "vRyEpZ27Q8ws4iWnTuV5Ih2Jn-UV60Es"},  # POST /api/me/transfer's, in its url
}
CSV = "x1,x2,label\n0.1,1.2,a\n1.5,0.3,b\n0.2,1.1,a\n1.4,0.2,b\n0.3,0.9,a\n1.6,0.4,b\n"
PARAMETERS = {"name": "moons", "run_id": "0123456789abcdef0123456789abcdef", "token_id": "c39f8ad92b1e0deb",
              "dataset": "moons",
              "model": "logistic", "optimizer": "gd", "sort": "final_loss", "descending": False, "limit": 20,
              "offset": 0, "q": "adam"}


def add_examples(openapi: dict[str, Any]) -> dict[str, Any]:
    """Every operation's body and parameters get an example (see the module docstring)."""
    schemas = openapi.get("components", {}).get("schemas", {})
    for path, operations in openapi.get("paths", {}).items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["name"] in PARAMETERS:
                    parameter["example"] = PARAMETERS[parameter["name"]]
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                media = content["application/json"]
                own = schemas.get(media.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1], {}).get("examples")
                media["example"] = BODIES.get((method, path), own[0] if own else {})
    return openapi
