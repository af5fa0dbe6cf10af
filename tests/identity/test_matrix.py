"""Who may do what, against a live uvicorn with real signed cookies and real tokens: every role
crossed with every route and message that reads or changes someone's work.

Roles: the owner (their browser's cookie, and their token), another person, an anonymous caller
(no cookie, no token), a revoked token, a forged cookie and an expired one. Work: an upload
(read, train on it over REST and over the websocket, delete), a saved run (read by link, rename,
delete, listed), a job (progress, its stream, rename, stop), tokens (create, revoke).

A 404 for someone else's upload or job must read exactly as the 404 for an id nobody has."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx
import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from websockets.sync.client import connect

from app.identity.cookies import SALT
from tests.conftest import Person, browser_headers, serve, token_for

CSV = b"a,b,label\n" + b"".join(b"%d,%d,%s\n" % (i, (7 * i) % 5, b"yes" if i % 3 else b"no") for i in range(30))
RUN = {"dataset": {"name": "moons", "seed": 1}, "max_steps": 30, "record_every": 10}
LONG = {"dataset": {"name": "moons", "n_samples": 20_000}, "max_steps": 100_000, "record_every": 1000,
        "tol_grad": 0.0}  # minutes of steps: longer than any test keeps it
NOBODYS_UPLOAD = "u_" + "0" * 32
NOBODYS_RUN = "0" * 32


def token_id(owner: Person, token: str) -> str:
    """The id of ``token`` in its owner's list (which shows each token's first characters only)."""
    return next(t["id"] for t in owner.get("/api/me/tokens").json() if token.startswith(t["prefix"]))


class Past(TimestampSigner):
    """A signer whose clock is 401 days behind: its cookies are older than identity_days (400)."""

    def get_timestamp(self) -> int:
        return int(time.time()) - 401 * 86_400


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Iterator[dict]:
    """A server, its owner's upload, saved run and running job, and a person for every role."""
    tmp = tmp_path_factory.mktemp("matrix")
    with serve(tmp) as (url, _, _):
        owner = Person(url, browser_headers(url))
        secret = (tmp / "data" / ".secret_key").read_text().strip()
        cookie = owner.headers["cookie"].split(";")[0].removeprefix("gdviz_id=")
        person_id = URLSafeTimedSerializer(secret, salt=SALT).loads(cookie)["id"]
        expired = URLSafeTimedSerializer(secret, salt=SALT, signer=Past).dumps({"id": person_id})
        forged = URLSafeTimedSerializer("not the server's key", salt=SALT).dumps({"id": person_id})
        csrf = owner.headers["x-csrf-token"]
        revoked = token_for(url, owner.headers)
        assert owner.delete(f"/api/me/tokens/{token_id(owner, revoked)}").status_code == 204
        people = {
            "owner": owner,
            "owner's token": Person(url, {"authorization": f"Bearer {token_for(url, owner.headers)}"}),
            "another person": Person(url, browser_headers(url)),
            "anonymous": Person(url, {}),
            "revoked token": Person(url, {"authorization": f"Bearer {revoked}"}),
            "forged cookie": Person(url, {"cookie": f"gdviz_id={forged}; gdviz_csrf={csrf}", "x-csrf-token": csrf}),
            "expired cookie": Person(url, {"cookie": f"gdviz_id={expired}; gdviz_csrf={csrf}", "x-csrf-token": csrf}),
        }
        upload = owner.post("/api/datasets", content=CSV).json()["name"]
        run = owner.post("/api/runs", json={**RUN, "name": "homework 1"}).json()["id"]
        deadline = time.monotonic() + 60
        while owner.get(f"/api/runs/{run}").json()["state"] != "saved":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        job = owner.post("/api/runs", json={**LONG, "name": "long"}).json()["id"]
        yield {"url": url, "people": people, "upload": upload, "run": run, "job": job}
        owner.delete(f"/api/runs/{job}")


ROLES = ["owner", "owner's token", "another person", "anonymous", "revoked token", "forged cookie",
         "expired cookie"]
NOBODY = ("anonymous", "forged cookie", "expired cookie")  # no identity at all: 401 where one is needed


def expect(role: str, owner: int, other: int, nobody: int = 401) -> int:
    if role in ("owner", "owner's token"):
        return owner
    if role == "another person":
        return other
    return 401 if role == "revoked token" else nobody


# (what, method, path, body, the owner's status, another person's, nobody's)
READS = [
    ("read the upload", "GET", "/api/datasets/{upload}", None, 200, 404, 401),
    ("prepare the upload", "POST", "/api/datasets/{upload}/prepare", {}, 200, 404, 401),
    ("train on the upload", "POST", "/api/train", {"dataset": {"name": "{upload}"}, "max_steps": 3}, 200, 404, 401),
    ("start a job on the upload", "POST", "/api/runs", {"dataset": {"name": "{upload}"}, "max_steps": 3}, 202, 404,
     401),
    ("read the saved run by its link", "GET", "/api/runs/{run}", None, 200, 200, 200),
    ("rename the saved run", "PATCH", "/api/runs/{run}", {"name": "renamed"}, 200, 403, 401),
    ("read the job", "GET", "/api/runs/{job}", None, 200, 404, 404),
    ("rename the job", "PATCH", "/api/runs/{job}", {"name": "long"}, 200, 404, 401),
    ("follow the job's progress", "GET", "/api/runs/{job}/progress?once", None, 200, 404, 404),
    ("list runs", "GET", "/api/runs", None, 200, 200, 401),
    ("list tokens", "GET", "/api/me/tokens", None, 200, 200, 401),
    ("make a token", "POST", "/api/me/tokens", {"name": "matrix"}, 201, 201, 401),
    ("make a transfer link", "POST", "/api/me/transfer", None, 201, 201, 401),
]


def _ask(person: Person, method: str, path: str, body: object, world: dict) -> httpx.Response:
    path = path.format(**world)
    if path.endswith("?once"):  # the progress stream: its status line is all this needs
        with person.stream(method, path.removesuffix("?once")) as answer:
            return answer
    text = json.dumps(body).replace("{upload}", world["upload"]) if body is not None else None
    return person.request(method, path, content=text, headers={"content-type": "application/json"} if text else {})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("what", "method", "path", "body", "mine", "theirs", "nobodys"), READS,
                         ids=[r[0] for r in READS])
def test_each_role_gets_the_right_status(world, role, what, method, path, body, mine, theirs, nobodys):
    answer = _ask(world["people"][role], method, path, body, world)
    assert answer.status_code == expect(role, mine, theirs, nobodys), answer.text if not answer.is_stream_consumed \
        else answer.status_code


def test_a_saved_run_opened_by_link_says_whose_it_is_and_lists_stay_private(world):
    people, run, job = world["people"], world["run"], world["job"]
    assert people["owner"].get(f"/api/runs/{run}").json()["yours"] is True
    assert people["another person"].get(f"/api/runs/{run}").json()["yours"] is False
    assert people["anonymous"].get(f"/api/runs/{run}").json()["yours"] is False
    listed = people["owner"].get("/api/runs").json()
    assert run in [r["id"] for r in listed["runs"]] and job in [j["id"] for j in listed["running"]]
    theirs = people["another person"].get("/api/runs").json()
    assert theirs["runs"] == [] and theirs["running"] == [] and theirs["total"] == 0
    uploads = [d["name"] for d in people["another person"].get("/api/datasets").json()]
    assert world["upload"] not in uploads and world["upload"] in [
        d["name"] for d in people["owner"].get("/api/datasets").json()]


def test_a_404_for_someone_elses_work_reads_as_one_for_nothing(world):
    other = world["people"]["another person"]
    for theirs, nothing, path in [(world["upload"], NOBODYS_UPLOAD, "/api/datasets/{}"),
                                  (world["job"], NOBODYS_RUN, "/api/runs/{}"),
                                  (world["job"], NOBODYS_RUN, "/api/runs/{}/progress")]:
        a, b = other.get(path.format(theirs)), other.get(path.format(nothing))
        assert a.status_code == b.status_code == 404
        assert a.text.replace(theirs, "X") == b.text.replace(nothing, "X")
        assert a.headers.keys() == b.headers.keys()


def test_only_the_owner_deletes_and_a_delete_by_anyone_else_changes_nothing(world):
    people, url = world["people"], world["url"]
    upload = people["owner"].post("/api/datasets", content=CSV + b"1,1,no\n").json()["name"]
    run = people["owner"].post("/api/runs", json={**RUN, "name": "to delete"}).json()["id"]
    while people["owner"].get(f"/api/runs/{run}").json()["state"] != "saved":
        time.sleep(0.05)
    for role in ROLES[2:]:
        assert people[role].delete(f"/api/datasets/{upload}").status_code == expect(role, 204, 404), role
        assert people[role].delete(f"/api/runs/{run}").status_code == expect(role, 204, 403), role
    assert people["owner"].get(f"/api/datasets/{upload}").status_code == 200  # nothing was lost
    assert people["owner"].get(f"/api/runs/{run}").json()["name"] == "to delete"
    assert people["owner's token"].delete(f"/api/datasets/{upload}").status_code == 204
    assert people["owner"].delete(f"/api/runs/{run}").status_code == 204
    assert httpx.get(f"{url}/api/runs/{run}", timeout=30).status_code == 404


def test_only_the_owner_stops_a_job(world):
    people = world["people"]
    job = people["owner"].post("/api/runs", json={**LONG, "name": "to stop"}).json()["id"]
    for role in ROLES[2:]:
        assert people[role].delete(f"/api/runs/{job}").status_code == expect(role, 204, 404), role
    assert people["owner"].get(f"/api/runs/{job}").json()["state"] in ("queued", "running")
    assert people["owner's token"].delete(f"/api/runs/{job}").status_code == 204
    assert people["owner"].get(f"/api/runs/{job}").status_code == 404


def test_a_token_is_revoked_only_by_its_owner_and_then_refused_everywhere(world):
    people, url = world["people"], world["url"]
    token = token_for(url, people["owner"].headers)
    made = token_id(people["owner"], token)
    for role in ROLES[2:]:
        assert people[role].delete(f"/api/me/tokens/{made}").status_code == expect(role, 204, 404), role
    holder = Person(url, {"authorization": f"Bearer {token}"})
    assert holder.get("/api/me").status_code == 200
    assert people["owner"].delete(f"/api/me/tokens/{made}").status_code == 204
    for method, path in [("GET", "/api/me"), ("GET", "/api/datasets"), ("POST", "/api/train")]:
        refused = holder.request(method, path, json={} if method == "POST" else None)
        assert refused.status_code == 401 and "not valid" in refused.json()["detail"], path


def _first_answer(url: str, headers: dict, config: dict) -> dict:
    """Open /ws/train with ``headers``, start ``config``; the first frame or error it answers."""
    with connect(url.replace("http", "ws") + "/ws/train", additional_headers=headers, open_timeout=30) as ws:
        ws.send(json.dumps({"type": "start", "config": config}))
        while (message := json.loads(ws.recv(timeout=30)))["type"] not in ("frame", "error"):
            pass
        return message


@pytest.mark.parametrize("role", ["owner", "another person", "anonymous", "forged cookie"])
def test_the_websocket_trains_on_an_upload_only_for_its_owner(world, role):
    person = world["people"][role]
    headers = {k: v for k, v in person.headers.items() if k == "cookie"}
    answer = _first_answer(world["url"], headers, {"dataset": {"name": world["upload"]}, "max_steps": 3})
    if role == "owner":
        assert answer["type"] == "frame"
    else:
        assert answer["type"] == "error" and world["upload"] not in json.dumps(answer).replace(
            f"called '{world['upload']}'", "")
        assert "you have no data set called" in answer["message"] or "uploader's" in answer["message"]
