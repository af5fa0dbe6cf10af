"""No way in from other sites (app.identity.origin), on a live uvicorn: a state change or a
websocket from another origin is refused with 403 before any route runs; the server's own origin
and a configured one pass; a cookie without the page's CSRF token is refused; a token needs none."""

from __future__ import annotations

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.conftest import Person, browser_headers, serve, token_for

EVIL = "http://evil.example"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve(tmp_path_factory.mktemp("origin"), {"GDVIZ_ALLOWED_ORIGINS": '["https://gdviz.school.example"]'}
               ) as (url, _, _):
        yield url


@pytest.mark.parametrize(("method", "path", "body"), [
    ("POST", "/api/train", {"max_steps": 3}),
    ("POST", "/api/datasets", None),
    ("POST", "/api/me/tokens", {"name": "x"}),
    ("DELETE", "/api/runs/" + "0" * 32, None),
])
def test_another_sites_state_change_is_refused_whoever_sends_it(server, method, path, body):
    me = Person(server, browser_headers(server))
    for who in (me, Person(server, {"authorization": f"Bearer {token_for(server)}"}), Person(server, {})):
        refused = who.request(method, path, json=body, headers={"origin": EVIL})
        assert refused.status_code == 403 and "requests from other sites are refused" in refused.json()["detail"]


def test_the_servers_own_origin_and_a_configured_one_pass(server):
    me = Person(server, browser_headers(server))
    assert me.post("/api/train", json={"max_steps": 3}, headers={"origin": server}).status_code == 200
    allowed = me.post("/api/train", json={"max_steps": 3}, headers={"origin": "https://gdviz.school.example"})
    assert allowed.status_code == 200
    assert me.get("/api/datasets", headers={"origin": EVIL}).status_code == 200  # reading changes nothing


def test_a_websocket_from_another_site_is_refused_at_the_handshake(server):
    ws_url = server.replace("http", "ws") + "/ws/train"
    cookie = {"cookie": browser_headers(server)["cookie"]}
    with pytest.raises(InvalidStatus) as refused:
        connect(ws_url, additional_headers={**cookie, "origin": EVIL}, open_timeout=30)
    assert refused.value.response.status_code == 403
    with connect(ws_url, additional_headers={**cookie, "origin": server}, open_timeout=30) as ws:
        ws.send('{"type": "pause"}')
        assert ws.recv(timeout=30)


def test_a_cookie_is_never_enough_alone_and_a_token_needs_no_csrf(server):
    me = browser_headers(server)
    no_header = Person(server, {"cookie": me["cookie"]})
    refused = no_header.post("/api/train", json={"max_steps": 3})
    assert refused.status_code == 403 and "CSRF token" in refused.json()["detail"]
    wrong = Person(server, {"cookie": me["cookie"], "x-csrf-token": "not-the-cookies-value"})
    assert wrong.post("/api/train", json={"max_steps": 3}).status_code == 403
    assert Person(server, me).post("/api/train", json={"max_steps": 3}).status_code == 200
    token = Person(server, {"authorization": f"Bearer {token_for(server, me)}"})
    assert token.post("/api/train", json={"max_steps": 3}).status_code == 200
    with_cookie_too = Person(server, {"authorization": token.headers["authorization"], "cookie": me["cookie"]})
    assert with_cookie_too.post("/api/train", json={"max_steps": 3}).status_code == 200  # the token's request
