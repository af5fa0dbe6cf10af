"""gdviz train replays a config's event log as POST /api/train does."""

import json

from tests.cli.test_cli import run

CONFIG = {"dataset": {"name": "moons"}, "max_steps": 40, "batch_size": 8, "seed": 2,
          "events": [{"step": 5, "changes": {"learning_rate": 0.8}},
                     {"step": 20, "changes": {"optimizer": "adam", "learning_rate": 0.02}}]}


def test_a_config_with_events_replays_them_like_the_rest_api(tmp_path, client):
    path = tmp_path / "run.json"
    path.write_text(json.dumps(CONFIG))
    result = run("train", "--config", str(path), "--format", "json", "--quiet", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer == client.post("/api/train", json=CONFIG).json()
    rates = [r["learning_rate"] for r in answer["history"]]
    assert rates[5] == 0.1 and rates[6] == 0.8 and rates[21] == 0.02  # record t: the update that made theta_t
    assert answer["final"] != client.post("/api/train", json={**CONFIG, "events": []}).json()["final"]


def test_an_event_past_the_end_exits_2_and_says_why(tmp_path):
    path = tmp_path / "run.json"
    path.write_text(json.dumps({**CONFIG, "events": [{"step": 41, "changes": {"l2": 0.1}}]}))
    result = run("train", "--config", str(path), "--quiet", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "event 1 is at step 41, past the run's end: max_steps is 40" in result.stderr
