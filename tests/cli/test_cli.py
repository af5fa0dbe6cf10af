"""The gdviz command, run as a user runs it: the installed console script in a subprocess."""

import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.cli.serve import _is_loopback
from app.engine import catalogue
from tests.conftest import ROOT, browser_headers, free_port, token_for

GDVIZ = str(Path(sys.executable).parent / "gdviz")


def run(*args, tmp_path, **kwargs):
    env = {**os.environ, "GDVIZ_DATA_DIR": str(tmp_path)}
    return subprocess.run([GDVIZ, *args], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120, **kwargs)


def train_csv(tmp_path, *args: str) -> list[dict]:
    """gdviz train with these flags into a CSV file; its rows (the run must succeed)."""
    out = tmp_path / "history.csv"
    result = run("train", *args, "--out", str(out), "--quiet", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(out.read_text())))


def test_train_with_flags_writes_csv(tmp_path):
    out = tmp_path / "history.csv"
    result = run("train", "--dataset", "blobs", "--optimizer", "adam", "--learning-rate", "0.05",
                 "--max-steps", "60", "--record-every", "20", "--out", str(out), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [int(r["step"]) for r in rows] == [0, 20, 40, 60]
    assert list(rows[0])[-3:] == ["w1", "w2", "b"]
    assert float(rows[-1]["loss"]) < float(rows[0]["loss"])
    assert "[" in result.stderr and "60/60" in result.stderr  # the progress bar
    assert "stop_reason max_steps" in result.stderr


def test_a_regression_writes_r2_and_rmse_columns(tmp_path):
    rows = train_csv(tmp_path, "--dataset", "line", "--model", "linear", "--loss", "mse", "--max-steps", "40",
                     "--record-every", "20")
    assert "accuracy" not in rows[0] and list(rows[0])[5:9] == ["r2", "test_r2", "rmse", "test_rmse"]
    assert float(rows[-1]["r2"]) > 0.8 and list(rows[0])[-2:] == ["w", "b"]


def test_train_with_a_config_file_matches_the_rest_api(tmp_path, client):
    config = {"dataset": {"name": "iris"}, "model": {"kind": "softmax"}, "max_steps": 25,
              "optimizer": {"name": "momentum", "learning_rate": 0.1}}
    path = tmp_path / "run.json"
    path.write_text(json.dumps(config))
    result = run("train", "--config", str(path), "--format", "json", "--quiet", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == client.post("/api/train", json=config).json()


def test_flags_override_the_config(tmp_path):
    path = tmp_path / "run.json"
    path.write_text(json.dumps({"max_steps": 500, "loss": "mse"}))
    out = tmp_path / "h.json"
    result = run("train", "--config", str(path), "--max-steps", "5", "--out", str(out), "--quiet",
                 tmp_path=tmp_path)
    assert result.returncode == 0
    assert json.loads(out.read_text())["final"]["step"] == 5


@pytest.mark.parametrize("args, message", [
    (["--dataset", "iris"], "use softmax"),
    (["--learning-rate", "-1"], "greater than 0"),
    (["--max-steps", "1000000"], "max_steps=100,000"),
    (["--config", "/nonexistent/run.json"], "No such file"),
])
def test_bad_input_exits_2_with_a_message(tmp_path, args, message):
    result = run("train", *args, tmp_path=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr


def test_serve_prints_the_url_and_answers(tmp_path):
    port = free_port()
    env = {**os.environ, "GDVIZ_DATA_DIR": str(tmp_path)}
    proc = subprocess.Popen([GDVIZ, "serve", "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        first_line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in first_line
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/datasets", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "gdviz serve did not answer"
                time.sleep(0.2)
        assert response.status_code == 200 and len(response.json()) == len(catalogue.names("datasets"))
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                            ("0.0.0.0", False), ("192.168.1.4", False)])
def test_non_loopback_hosts_are_flagged(host, loopback):
    assert _is_loopback(host) is loopback


def test_serving_beyond_loopback_prints_a_warning(tmp_path):
    port = free_port()
    env = {**os.environ, "GDVIZ_DATA_DIR": str(tmp_path)}
    proc = subprocess.Popen([GDVIZ, "serve", "--host", "0.0.0.0", "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        warning = proc.stderr.readline()
        assert "WARNING" in warning and "0.0.0.0" in warning and "HTTPS behind a proxy" in warning
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_params_every_zero_writes_no_theta_columns(tmp_path):
    rows = train_csv(tmp_path, "--dataset", "blobs", "--max-steps", "30", "--batch-size", "8", "--record-every",
                     "10", "--params-every", "0")
    assert [int(r["step"]) for r in rows] == [0, 10, 20, 30]
    assert list(rows[0])[-1] == "learning_rate" and all(r["loss"] for r in rows)


def test_train_on_a_server_follows_the_job_and_writes_what_a_local_run_writes(tmp_path, live_server):
    flags = ("--dataset", "moons", "--max-steps", "300", "--record-every", "10", "--learning-rate", "0.5")
    out = tmp_path / "remote.csv"
    me = browser_headers(live_server)  # the person made a token on /me; the run is theirs
    remote = run("train", *flags, "--server", live_server, "--token", token_for(live_server, me), "--name",
                 "from the command line", "--out", str(out), tmp_path=tmp_path)
    assert remote.returncode == 0, remote.stderr
    assert "300/300" in remote.stderr and f"saved on {live_server} as run " in remote.stderr
    run_id = remote.stderr.rsplit("as run ", 1)[1].split()[0]
    saved = httpx.get(f"{live_server}/api/runs/{run_id}", headers=me, timeout=60).json()
    assert saved["name"] == "from the command line" and saved["steps"] == 300 and saved["yours"]
    assert run_id in [r["id"] for r in httpx.get(f"{live_server}/api/runs", headers=me, timeout=60).json()["runs"]]
    local = train_csv(tmp_path, *flags)
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [(r["step"], r["loss"], r["accuracy"]) for r in rows] == [(r["step"], r["loss"], r["accuracy"])
                                                                      for r in local]
    assert [rows[-1][name] for name in ("w1", "w2", "b")] == [local[-1][name] for name in ("w1", "w2", "b")]


def test_train_on_a_server_that_refuses_or_is_not_there_exits_2(tmp_path, live_server):
    token = token_for(live_server)
    refused = run("train", "--server", live_server, "--token", token, "--max-steps", "10000000", "--quiet",
                  tmp_path=tmp_path)
    assert refused.returncode == 2 and "refused the run: 422" in refused.stderr and "max_steps" in refused.stderr
    anonymous = run("train", "--server", live_server, "--quiet", tmp_path=tmp_path)
    assert anonymous.returncode == 2 and f"make a token on {live_server}/me" in anonymous.stderr
    revoked = run("train", "--server", live_server, "--token", token[:-2] + "xx", "--quiet", tmp_path=tmp_path)
    assert revoked.returncode == 2 and "not valid" in revoked.stderr
    absent = run("train", "--server", f"http://127.0.0.1:{free_port()}", "--quiet", tmp_path=tmp_path)
    assert absent.returncode == 2 and "cannot reach" in absent.stderr


def test_admin_token_acts_as_the_administrator_on_everyones_work(tmp_path):
    from fastapi.testclient import TestClient

    from app.main import create_app
    from app.settings import Settings
    made = run("admin", "token", "--name", "ops", tmp_path=tmp_path)
    assert made.returncode == 0 and "administrator" in made.stderr
    admin = {"authorization": f"Bearer {made.stdout.strip()}"}
    with TestClient(create_app(Settings(data_dir=tmp_path))) as c:
        assert c.get("/api/me", headers=admin).json()["admin"] is True
        c.get("/me")  # a student's browser
        c.headers["x-csrf-token"] = c.cookies["gdviz_csrf"]
        run_id = c.post("/api/runs", json={"max_steps": 5}).json()["id"]
        while c.get(f"/api/runs/{run_id}").json()["state"] != "saved":
            time.sleep(0.02)
        assert run_id in [r["id"] for r in c.get("/api/runs", headers=admin).json()["runs"]]
        assert c.patch(f"/api/runs/{run_id}", json={"name": "seen by ops"}, headers=admin).status_code == 200
        assert c.delete(f"/api/runs/{run_id}", headers=admin).status_code == 204
