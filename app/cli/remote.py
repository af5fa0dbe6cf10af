"""``gdviz train --server URL``: the run goes to a gdviz server as a job (POST /api/runs),
the command follows its progress (GET /api/runs/{id}/progress, server-sent events) with
the same progress bar as a local run, then fetches the saved run and writes its history.
Ctrl-C cancels the job on the server. No FastAPI here: plain HTTP through httpx."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

TIMEOUT = httpx.Timeout(30.0, read=None)  # the progress stream may be quiet between two looks


class RemoteError(Exception):
    """The server could not be reached, or it refused the run; the message says which and why."""


def _detail(answer: httpx.Response) -> str:
    try:
        detail = answer.json().get("detail", answer.text)
    except ValueError:
        detail = answer.text
    if isinstance(detail, list):  # a 422's list of problems
        detail = "; ".join(f"{'.'.join(map(str, d.get('loc', [])))}: {d.get('msg')}" for d in detail)
    retry = answer.headers.get("Retry-After")
    return f"{answer.status_code}: {detail}" + (f" (retry after {retry} s)" if retry else "")


def submit_and_follow(server: str, body: dict[str, Any], name: str,
                      on_progress: Callable[[int, float | None], None], token: str | None = None) -> dict[str, Any]:
    """Start the run on ``server`` as the owner of ``token`` (a personal access token; a server
    needs one to know whose run it is), report its progress, and return the saved run, or raise
    RemoteError (unreachable, refused, or the job failed)."""
    base = server.rstrip("/")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with httpx.Client(base_url=base, timeout=TIMEOUT, headers=headers) as http:
        try:
            started = http.post("/api/runs", json={**body, "name": name})
        except httpx.HTTPError as exc:
            raise RemoteError(f"cannot reach {base}: {exc}") from None
        if started.status_code == 401 and not token:
            raise RemoteError(f"{base} needs to know whose run this is: make a token on {base}/me and pass it "
                              "with --token (or set GDVIZ_TOKEN)")
        if started.status_code != 202:
            raise RemoteError(f"{base} refused the run: {_detail(started)}")
        run_id = started.json()["id"]
        try:
            last = _follow(http, run_id, on_progress)
        except KeyboardInterrupt:
            http.delete(f"/api/runs/{run_id}")
            raise
        if last.get("state") != "saved":
            raise RemoteError(f"run {run_id} {last.get('state')}: {last.get('error') or 'no saved run'}")
        saved = http.get(f"/api/runs/{run_id}")
        if saved.status_code != 200:
            raise RemoteError(f"run {run_id}: {_detail(saved)}")
        return saved.json()


def _follow(http: httpx.Client, run_id: str, on_progress: Callable[[int, float | None], None]) -> dict[str, Any]:
    last: dict[str, Any] = {}
    with http.stream("GET", f"/api/runs/{run_id}/progress") as stream:
        if stream.status_code != 200:
            stream.read()
            raise RemoteError(f"run {run_id}: {_detail(stream)}")
        for line in stream.iter_lines():
            if line.startswith("data: "):
                last = json.loads(line[len("data: "):])
                on_progress(last["step"], last.get("loss"))
    return last


def as_result(saved: dict[str, Any]) -> dict[str, Any]:
    """A saved run as POST /api/train's answer (history, stop_reason, param_names, final), so
    the command writes it as it writes a local run; the saved run keeps θ at its last step."""
    final = {**saved["history"][-1], "params": saved["params"]}
    return {"id": saved["id"], "history": [*saved["history"][:-1], final], "stop_reason": saved["stop_reason"],
            "param_names": saved["param_names"], "final": final}
