"""HTTP protections: headers, body caps, no stack traces, no request value as a path."""

import pytest
from fastapi.testclient import TestClient

from app.api.security import CONTENT_SECURITY_POLICY
from app.main import create_app
from app.settings import Settings
from tests.conftest import as_person


@pytest.mark.parametrize("path", ["/", "/lessons/softmax", "/docs", "/api/datasets", "/static/js/playground.js",
                                  "/vendor/plotly.min.js", "/api/nowhere"])
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_the_policy_allows_no_inline_script_and_no_eval():
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == "'self'"
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in directives["script-src"]


def test_pages_carry_no_inline_script(client):
    for path in ("/", "/docs", "/lessons/mse-vs-ce"):
        body = client.get(path).text
        assert "<script>" not in body and "<script >" not in body
        assert " on" + "click=" not in body


def test_a_declared_oversized_body_gets_413(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path, max_body_bytes=1000))) as c:
        response = c.post("/api/train", content=b"{" + b" " * 2000 + b"}",
                          headers={"content-type": "application/json"})
        assert response.status_code == 413
        assert "max_body_bytes=1,000" in response.json()["detail"]


def test_a_streamed_oversized_body_is_cut_off_at_the_cap(tmp_path):
    def chunks():
        yield b'{"l2": 0.1'
        for _ in range(100):
            yield b" " * 100
        yield b"}"
    with TestClient(create_app(Settings(data_dir=tmp_path, max_body_bytes=1000))) as c:
        response = c.post("/api/train", content=chunks(), headers={"content-type": "application/json"})
        assert response.status_code == 413
        assert response.headers["x-content-type-options"] == "nosniff"


def test_uploads_have_their_own_larger_cap(tmp_path):
    csv = b"a,b\n" + b"1,0\n2,1\n" * 200
    with TestClient(create_app(Settings(data_dir=tmp_path, max_body_bytes=100))) as c:
        assert as_person(c).post("/api/datasets", content=csv).status_code == 201


def test_errors_never_carry_a_stack_trace(tmp_path, monkeypatch):
    from app.api.routes import training

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals: /etc/shadow line 3")
    monkeypatch.setattr(training, "build_trainer", broken)
    with TestClient(create_app(Settings(data_dir=tmp_path)), raise_server_exceptions=False) as c:
        response = c.post("/api/train", json={})
    assert response.status_code == 500
    assert response.json() == {"detail": "internal server error; it has been logged"}
    assert "Traceback" not in response.text and "secret" not in response.text


@pytest.mark.parametrize("name", ["..%2F..%2Fetc%2Fpasswd", "u_..%2F..%2Fetc", "%2Fetc%2Fpasswd",
                                  "u_" + "0" * 31 + "%00"])
def test_no_request_value_becomes_a_path(client, name):
    response = client.get(f"/api/datasets/{name}")
    assert response.status_code in (404, 422)


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "u_../../x", "C:\\\\windows"])
def test_data_set_names_are_checked_before_any_lookup(client, name):
    response = client.post("/api/train", json={"dataset": {"name": name}})
    assert response.status_code == 422
