"""Per operation, what schemathesis's generated cases got back: read from its NDJSON
report (``--report ndjson``). Used by tests/api/test_schema_fuzz.py and make stress.

"positive" cases are the ones schemathesis generated to be valid by the schema;
the share of them answered 2xx shows whether the schema states the API's real
constraints (if it does not, valid-looking cases are refused and never reach the
engine).
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHEMATHESIS = str(Path(sys.executable).parent / "schemathesis")
# Tight limits keep every generated case quick (well under a second, also on a busy machine).
FUZZ_LIMITS = {"GDVIZ_MAX_STEPS": "500", "GDVIZ_MAX_TRAIN_WORK": "3e7", "GDVIZ_MAX_SURFACE_WORK": "3e7",
               "GDVIZ_MAX_SAMPLES": "2000", "GDVIZ_MAX_RESOLUTION": "60", "GDVIZ_MAX_TRAJECTORY": "500",
               "GDVIZ_MAX_LESSON_WORK": "1e9", "GDVIZ_MAX_TIMING_LENGTH": "200000",
               "GDVIZ_MAX_GRADCHECK_WORK": "3e8",
               "GDVIZ_MAX_RUNNING_JOBS": "1000"}  # POST /api/runs answers before its job ends: jobs pile up
MISMATCH_WARNING = "Schema validation mismatch"


def run_schemathesis(url: str, examples: int, report_dir: Path, seed: int | None = 1, timeout: float = 3600,
                     token: str | None = None, phases: str = "examples,coverage,fuzzing,stateful",
                     exclude_checks: str | None = None) -> subprocess.CompletedProcess[str]:
    """schemathesis's CLI, every check and the given phases (all four by default), with our
    hooks (how to make CSV bodies) and an NDJSON report. With ``token`` every request is that
    identity's (Authorization: Bearer); without, every request is anonymous, as a script with
    no token is. The request timeout is generous: a slow answer on a busy machine is not a
    network error."""
    command = [SCHEMATHESIS, "run", url + "/openapi.json", "--checks", "all",
               "--phases", phases, "--max-examples", str(examples),
               "--request-timeout", "120", "--no-color", "--report", "ndjson", "--report-dir", str(report_dir)]
    if seed is not None:
        command += ["--seed", str(seed)]
    if token is not None:
        command += ["--header", f"Authorization: Bearer {token}"]
    if exclude_checks:
        command += ["--exclude-checks", exclude_checks]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.schemathesis_hooks", "PYTHONPATH": str(ROOT),
           UPLOAD_ENV: upload_table(url, token or fuzz_token(url))}
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=timeout, env=env)


def fuzz_token(url: str) -> str:
    """A personal access token of a new identity, made as a person makes one: a first page gives
    the browser its identity cookie (and the CSRF cookie), and /api/me/tokens makes the token."""
    with urllib.request.urlopen(url + "/me", timeout=60) as page:
        jar = {k: v for k, _, v in (c.split(";", 1)[0].partition("=") for c in page.headers.get_all("set-cookie"))}
    request = urllib.request.Request(url + "/api/me/tokens", data=b'{"name": "fuzz"}', method="POST", headers={
        "Content-Type": "application/json", "X-CSRF-Token": jar["gdviz_csrf"],
        "Cookie": f"gdviz_id={jar['gdviz_id']}; gdviz_csrf={jar['gdviz_csrf']}"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return str(json.loads(answer.read())["token"])


UPLOAD_ENV = "GDVIZ_FUZZ_UPLOAD"
FUZZ_TABLE = b"x1,x2,colour,label\n" + b"".join(f"{i % 7},{i * 0.5},{'red' if i % 3 else ''},{i % 2}\n".encode()
                                                for i in range(40))


def upload_table(url: str, token: str) -> str:
    """An upload of ``token``'s identity for the hooks to prepare (its name: POST
    /api/datasets/{name}/prepare's path pattern cannot be met by chance, and the stateful phase
    is too short to rely on)."""
    request = urllib.request.Request(url + "/api/datasets", data=FUZZ_TABLE, headers={
        "Content-Type": "text/csv", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return str(json.loads(answer.read())["name"])


def ndjson_report(report_dir: Path) -> Path:
    return next(report_dir.glob("*.ndjson"))


def _detail(response: dict) -> str:
    content = response.get("content") or {}
    raw = content.get("$base64")
    try:
        text = base64.b64decode(raw).decode() if raw else str(content)
        detail = json.loads(text).get("detail", text)
    except (ValueError, AttributeError):
        return ""
    if isinstance(detail, list) and detail:
        first = detail[0]
        return f"{'.'.join(map(str, first.get('loc', [])))}: {first.get('msg', '')}"[:160]
    return str(detail)[:160]


def operation_stats(ndjson: Path) -> list[dict[str, object]]:
    """One row per operation: positive cases, their share answered 2xx, and the
    commonest reason a positive case was refused."""
    statuses: dict[str, Counter] = defaultdict(Counter)
    reasons: dict[str, Counter] = defaultdict(Counter)
    for line in ndjson.read_text().splitlines():
        event = json.loads(line).get("ScenarioFinished")
        if not event:
            continue
        recorder = event["recorder"]
        label = recorder["label"]
        cases = recorder.get("cases") or {}
        for case_id, interaction in (recorder.get("interactions") or {}).items():
            case = cases.get(case_id, {}).get("value", {})
            response = interaction.get("response")
            meta = case.get("meta", {})
            if response is None or meta.get("generation", {}).get("mode") != "positive":
                continue
            if case.get("method", "").upper() != label.split()[0]:
                continue  # a probe with another method: it says nothing about this operation
            code = response["status_code"]
            statuses[label][code] += 1
            if code >= 400:
                reasons[label][f"{code} {_detail(response)}"] += 1
    rows = []
    for label in sorted(statuses):
        counts = statuses[label]
        total = sum(counts.values())
        accepted = sum(n for code, n in counts.items() if 200 <= code < 300)
        top = reasons[label].most_common(1)
        rows.append({"operation": label, "positive_cases": total, "answered_2xx": accepted,
                     "share_2xx": accepted / total if total else None,
                     "statuses": dict(sorted(counts.items())),
                     "top_refusal": top[0][0] if top else ""})
    return rows
