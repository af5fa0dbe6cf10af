"""/api/me through FastAPI: who you are, your name, your tokens (made, listed, revoked, capped),
and a one-time link that carries your identity to another browser."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from tests.conftest import as_person, person_id


def test_a_first_page_gives_an_identity_with_a_signed_httponly_lax_cookie(anonymous):
    assert anonymous.get("/api/me").status_code == 401
    page = anonymous.get("/")
    cookie = next(v for k, v in page.headers.multi_items() if k == "set-cookie" and v.startswith("gdviz_id="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=34560000" in cookie
    me = anonymous.get("/api/me").json()
    assert me == {"id": person_id(anonymous)[:8], "name": None, "via": "cookie", "admin": False}
    again = anonymous.get("/")  # a cookie younger than a day is not renewed
    assert not any(v.startswith("gdviz_id=") for k, v in again.headers.multi_items() if k == "set-cookie")
    assert anonymous.get("/static/js/kit.js").headers.get("set-cookie") is None  # a file is not a visit


def test_a_name_is_set_and_cleared(client):
    assert client.patch("/api/me", json={"name": "  Ada   Lovelace "}).json()["name"] == "Ada Lovelace"
    assert client.get("/api/me").json()["name"] == "Ada Lovelace"
    assert client.patch("/api/me", json={"name": ""}).json()["name"] is None
    assert client.patch("/api/me", json={"name": "x" * 201}).status_code == 422


def test_tokens_are_shown_once_listed_without_their_secret_and_revoked(client):
    made = client.post("/api/me/tokens", json={"name": "laptop"})
    assert made.status_code == 201
    token = made.json()["token"]
    assert token.startswith("gdviz_") and token.startswith(made.json()["prefix"])
    listed = client.get("/api/me/tokens").json()
    assert [t["name"] for t in listed] == ["laptop"] and "token" not in listed[0]
    bearer = {"authorization": f"Bearer {token}"}
    assert client.get("/api/me", headers=bearer).json()["via"] == "token"
    assert client.get("/api/me/tokens").json()[0]["last_used_at"] is not None
    assert client.delete(f"/api/me/tokens/{listed[0]['id']}").status_code == 204
    assert client.get("/api/me", headers=bearer).status_code == 401
    assert client.delete(f"/api/me/tokens/{listed[0]['id']}").status_code == 404


def test_one_person_has_at_most_max_tokens_per_person(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path, max_tokens_per_person=2))) as c:
        as_person(c)
        assert [c.post("/api/me/tokens", json={"name": f"t{i}"}).status_code for i in range(3)] == [201, 201, 422]
        refused = c.post("/api/me/tokens", json={"name": "t3"}).json()
        assert refused["limit"] == "max_tokens_per_person" and "max_" not in refused["message"]


def test_a_transfer_link_carries_the_identity_once(tmp_path):
    settings = Settings(data_dir=tmp_path)
    with TestClient(create_app(settings)) as first, TestClient(create_app(settings)) as second:
        as_person(first).patch("/api/me", json={"name": "Ada"})
        link = first.post("/api/me/transfer").json()
        assert link["url"].startswith("/claim/") and link["expires"] > time.time() + 14 * 60
        code = link["url"].removeprefix("/claim/")
        as_person(second)
        assert second.get("/api/me").json()["name"] is None  # another browser, another identity
        taken = second.post("/api/me/claim", json={"code": code})
        assert taken.status_code == 200 and taken.json()["name"] == "Ada"
        assert person_id(second) == person_id(first)
        assert second.post("/api/me/claim", json={"code": code}).status_code == 404  # once only
        assert second.post("/api/me/claim", json={"code": "x" * 40}).status_code == 404
