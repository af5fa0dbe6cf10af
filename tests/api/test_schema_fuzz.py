"""schemathesis, every check and every phase (coverage and stateful links included),
against a live server's OpenAPI: a bounded run in the suite (`make stress` runs
100 examples an operation). The schema states the real constraints, so generated
cases mostly reach the engine: the run must end with no failure, no error, no
"Schema validation mismatch" warning, and no traceback in the server's log.

It runs schemathesis's own CLI: its pytest loader does not work with pytest 9.2
("'Function' object has no attribute '_nodeid'").
"""

import httpx

from bench.fuzz_report import (
    FUZZ_LIMITS,
    MISMATCH_WARNING,
    fuzz_token,
    ndjson_report,
    operation_stats,
    run_schemathesis,
)
from tests.conftest import serve

# Tighter still than make stress's: the coverage phase's few thousand cases (each limit's boundary
# among them) take most of this test's time, and each is cheaper with fewer steps and samples.
SUITE_LIMITS = {**FUZZ_LIMITS, "GDVIZ_MAX_STEPS": "60", "GDVIZ_MAX_TRAIN_WORK": "3e6", "GDVIZ_MAX_SURFACE_WORK": "3e6",
                "GDVIZ_MAX_SAMPLES": "500", "GDVIZ_MAX_RESOLUTION": "30", "GDVIZ_MAX_TRAJECTORY": "100"}


def test_every_operation_conforms_to_its_schema(tmp_path):
    with serve(tmp_path, SUITE_LIMITS) as (url, proc, log):
        run = run_schemathesis(url, examples=6, report_dir=tmp_path / "report", timeout=900, token=fuzz_token(url))
        assert proc.poll() is None, "the server went down during the run"
        server_log = log.read_text()
    report = run.stdout[-6000:] + run.stderr[-2000:]
    assert run.returncode == 0, report
    assert MISMATCH_WARNING not in run.stdout, report
    assert "Traceback" not in server_log, server_log[-3000:]
    rows = operation_stats(ndjson_report(tmp_path / "report"))
    print("\n".join(f"{r['operation']}: {r['answered_2xx']}/{r['positive_cases']} answered 2xx" for r in rows))
    posts = [r for r in rows if r["operation"].startswith("POST")]
    assert len(posts) >= 13
    for row in posts:  # every operation that computes something got valid cases through to the engine
        if row["operation"] != "POST /api/me/claim":  # its codes are secrets nobody generates by chance
            assert row["answered_2xx"] > 0, row


def test_without_credentials_every_operation_conforms_and_owned_work_needs_an_identity(tmp_path):
    """The same checks with no token and no cookie, as a script that has none: what needs an
    identity answers 401 to every valid case, and what does not still serves them."""
    with serve(tmp_path, SUITE_LIMITS) as (url, proc, log):
        spec = httpx.get(url + "/openapi.json", timeout=60).json()
        # valid data answered 401 is right here: the acceptance check, which expects a 2xx, is off
        run = run_schemathesis(url, examples=3, report_dir=tmp_path / "report", timeout=900,
                               phases="examples,fuzzing", exclude_checks="positive_data_acceptance")
        assert proc.poll() is None, "the server went down during the run"
        server_log = log.read_text()
    report = run.stdout[-6000:] + run.stderr[-2000:]
    assert run.returncode == 0, report
    assert "Traceback" not in server_log, server_log[-3000:]
    needs = {f"{method.upper()} {path}" for path, operations in spec["paths"].items()
             for method, operation in operations.items() if {} not in operation.get("security", [{}])}
    assert {"POST /api/datasets", "DELETE /api/runs/{run_id}", "POST /api/me/tokens", "GET /api/me"} <= needs
    rows = {r["operation"]: r for r in operation_stats(ndjson_report(tmp_path / "report"))}
    for label in needs & set(rows):  # 401; or 403 when schemathesis made up an identity cookie (no CSRF token)
        assert set(rows[label]["statuses"]) <= {401, 403} and rows[label]["statuses"].get(401), rows[label]
    assert rows["POST /api/train"]["answered_2xx"] > 0  # the built-in data sets need nobody


def test_the_schema_states_the_configured_limits(tmp_path):
    from fastapi.testclient import TestClient

    from app.main import create_app
    from app.settings import Settings
    with TestClient(create_app(Settings(data_dir=tmp_path, max_steps=321, max_params=77))) as c:
        schemas = c.get("/openapi.json").json()["components"]["schemas"]
    train = schemas["TrainRequest"]["properties"]
    assert train["max_steps"]["maximum"] == 321 and train["max_steps"]["x-limit"] == "max_steps"
    assert [b.get("maxItems") for b in train["init"]["anyOf"] if b.get("type") == "array"] == [77]
    names = schemas["DatasetRequest"]["properties"]["name"]["anyOf"]
    assert "digits" in names[0]["enum"] and names[1]["pattern"] == "^u_[0-9a-f]{32}$"


def test_a_request_over_a_limit_names_it_in_the_same_words_as_the_schema(tmp_path):
    from fastapi.testclient import TestClient

    from app.main import create_app
    from app.settings import Settings
    with TestClient(create_app(Settings(data_dir=tmp_path, max_steps=321))) as c:
        answer = c.post("/api/train", json={"max_steps": 322})
    assert answer.status_code == 422
    assert "max_steps is 322, over the limit max_steps=321 (set GDVIZ_MAX_STEPS to change it)" in answer.text


def test_every_4xx_is_documented(client):
    spec = client.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            if "requestBody" in operation:
                assert {"413", "422"} <= codes, f"{method.upper()} {path}: {sorted(codes)}"
            if "{" in path:
                assert "404" in codes, f"{method.upper()} {path}"
