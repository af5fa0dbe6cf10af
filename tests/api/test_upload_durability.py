"""Uploads survive restarts, a second worker sees them, and damage on disk is reported."""

import httpx

from tests.conftest import browser_headers, serve

CSV = b"a,b,label\n" + b"".join(b"%d,%d,%s\n" % (i, (7 * i) % 5, b"yes" if i % 3 else b"no") for i in range(30))


def test_an_upload_survives_a_server_restart(tmp_path):
    with serve(tmp_path) as (url, _, _):
        me = browser_headers(url)
        name = httpx.post(url + "/api/datasets", content=CSV, headers=me, timeout=60).json()["name"]
    with serve(tmp_path) as (url, _, _):  # a new process on the same data directory: the same browser
        info = httpx.get(f"{url}/api/datasets/{name}", headers=me, timeout=60).json()
        assert info["n_samples"] == 30 and info["class_names"] == ["no", "yes"]
        run = httpx.post(url + "/api/train", json={"dataset": {"name": name}, "max_steps": 5}, headers=me,
                         timeout=60).json()
        assert run["stop_reason"] == "max_steps"


def test_a_damaged_upload_is_reported_not_crashed_on(tmp_path):
    with serve(tmp_path) as (url, _, log):
        me = browser_headers(url)
        name = httpx.post(url + "/api/datasets", content=CSV, headers=me, timeout=60).json()["name"]
        stored = next((tmp_path / "data" / "uploads").glob("*.npz"))
        blob = bytearray(stored.read_bytes())
        blob[100] ^= 0x5A
        stored.write_bytes(bytes(blob))
        response = httpx.get(f"{url}/api/datasets/{name}", headers=me, timeout=60)
        assert response.status_code == 422 and "damaged on disk" in response.json()["detail"]
        train = httpx.post(url + "/api/train", json={"dataset": {"name": name}}, headers=me, timeout=60)
        assert train.status_code == 422
        assert httpx.get(url + "/api/health", timeout=60).status_code == 200
        assert "Traceback" not in log.read_text()


def test_two_workers_serve_the_same_uploads(tmp_path):
    with serve(tmp_path, workers=2) as (url, _, _):
        me = browser_headers(url)
        name = httpx.post(url + "/api/datasets", content=CSV, headers=me, timeout=60).json()["name"]
        pids, statuses = set(), set()
        for _ in range(60):  # fresh connections: the kernel spreads them over the workers
            with httpx.Client(timeout=60, headers=me) as client:
                pids.add(client.get(url + "/api/health").json()["pid"])
                statuses.add(client.get(f"{url}/api/datasets/{name}").status_code)
            if len(pids) == 2 and len(statuses) == 1:
                break
        assert len(pids) == 2, "only one worker answered"
        assert statuses == {200}
