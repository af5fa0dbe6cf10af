"""Every route documents what it answers: a JSON answer has a named schema (its response_model), a 204
has no body, a stream says its media type; and the answers the GET routes give fit their schemas."""

import pytest

from app.main import create_app
from app.schemas.catalogue import CatalogueInfo

SPEC = create_app().openapi()
OPERATIONS = [(method.upper(), path) for path, ops in SPEC["paths"].items() for method in ops]


def named(schema: dict) -> bool:
    """A $ref, or a list or union of them, or a server-sent event whose data is one (as JSON)."""
    if "$ref" in schema:
        return True
    if "data" in schema.get("properties", {}):
        return named(schema["properties"]["data"].get("contentSchema", {}))
    if schema.get("type") == "array":
        return named(schema.get("items", {}))
    branches = schema.get("anyOf") or schema.get("oneOf") or []
    return bool(branches) and all(named(b) for b in branches)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_route_says_what_it_answers(method, path):
    responses = SPEC["paths"][path][method.lower()]["responses"]
    ok = {code: r for code, r in responses.items() if code.startswith("2")}
    assert len(ok) == 1, ok
    (code, answer), = ok.items()
    if code == "204":
        assert "content" not in answer
        return
    content = answer["content"]
    assert len(content) == 1 and next(iter(content)) in ("application/json", "text/event-stream")
    assert named(next(iter(content.values()))["schema"]), (method, path, content)


def test_the_catalogue_fits_its_schema(client):
    answer = client.get("/api/catalogue").json()
    assert CatalogueInfo.model_validate(answer).model_dump(exclude_unset=True) == answer
