"""Random and malformed websocket messages for the fuzz tests (and `make stress`).

``messages(n, seed)`` yields (payload, must_error): payload is a str (a text
frame) or bytes (a binary frame); must_error says the protocol requires an
error frame for it. Valid control messages (pause, resume, a small step) are
mixed in too: they must not produce errors.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator

TYPES = ["start", "set", "pause", "resume", "step", "reset"]


def _bad_value_set(rng: random.Random) -> dict:
    field = rng.choice(["learning_rate", "momentum", "beta2", "eps", "l2", "speed", "max_steps"])
    value = rng.choice(["NaN", "fast", -5, 0 if field in ("learning_rate", "eps", "speed", "max_steps") else -1,
                        1e300, [0.1], {"v": 1}, True])
    return {"type": "set", field: value}


def messages(n: int, seed: int = 0) -> Iterator[tuple[str | bytes, bool]]:
    rng = random.Random(seed)
    for i in range(n):
        kind = rng.randrange(12)
        if kind == 0:
            yield rng.choice(["{", "}", "[", "{\"type\":", "nope", "{'type': 'pause'}", "{\"type\": \"pause\"",
                              "\x00\x01", "NaN", "[{}]", "\"pause\"", "null", "1e999"]), True
        elif kind == 1:
            yield json.dumps({"type": rng.choice(["jump", "PAUSE", "", "starts", "x" * 100, 7.0])}), True
        elif kind == 2:
            yield json.dumps({"no_type": rng.choice(TYPES)}), True
        elif kind == 3:
            yield json.dumps(_bad_value_set(rng)), True
        elif kind == 4:
            yield json.dumps({"type": "step", "n": rng.choice([0, -3, 10**6, "5", 2.5, None])}), True
        elif kind == 5:
            yield json.dumps({"type": "set", rng.choice(["colour", "seed", "dataset", "lr"]): 1}), True
        elif kind == 6:
            yield json.dumps({"type": "start", "config": rng.choice([
                {"dataset": {"name": "mnist"}}, {"optimizer": {"learning_rate": -1}}, {"max_steps": 0},
                {"dataset": {"name": "../../etc"}}, {"speed": 0}, {"unknown": 1}, "not an object"])}), True
        elif kind == 7:
            yield "{\"type\": \"set\", \"learning_rate\": " + rng.choice(["NaN", "Infinity", "-Infinity"]) + "}", True
        elif kind == 8:
            yield bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64))), True
        elif kind == 9 and i % 50 == 9:
            yield json.dumps({"type": "set", "padding": "x" * (150 << 10)}), True  # over the message limit, under
            # the frame cap: an error frame (past the cap the server closes: test_ws_fuzz)
        elif kind == 10:
            yield json.dumps({"type": rng.choice(["pause", "resume"])}), False
        else:
            yield json.dumps({"type": "step", "n": rng.randrange(1, 4)}), False
