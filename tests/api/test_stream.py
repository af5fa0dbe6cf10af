"""The session's frame coalescing, without a network."""


from app.api.stream import Outbox, PendingFrame, decimate, frame_payload
from tests.factories import run_async


def records(n, start=0):
    return [{"step": i, "loss": 1.0 / (i + 1)} for i in range(start, start + n)]


def test_decimate_keeps_first_and_latest_and_spreads_evenly():
    out = decimate(records(1000), 10)
    steps = [r["step"] for r in out]
    assert steps[0] == 0 and steps[-1] == 999 and len(steps) == 10
    gaps = {b - a for a, b in zip(steps, steps[1:], strict=False)}
    assert max(gaps) - min(gaps) <= 1
    assert decimate(records(5), 10) == records(5)
    assert [r["step"] for r in decimate(records(7), 1)] == [6]


def test_a_pending_frame_stays_bounded_and_even_for_a_slow_reader():
    frame = PendingFrame(cap=50, reset=False)
    for record in records(100_000):
        frame.add(record)
    steps = [r["step"] for r in frame.steps]
    assert len(steps) <= 52
    assert steps[0] == 0 and steps[-1] == 99_999
    kept = steps[:-1]
    assert len({b - a for a, b in zip(kept, kept[1:], strict=False)}) == 1  # one stride


def test_outbox_keeps_order_and_caps_control_messages():
    async def scenario():
        box = Outbox()
        box.add_records(records(3))
        box.add_message({"type": "status", "state": "paused"})
        box.add_records(records(2, start=3))
        for i in range(200):
            box.error(f"bad {i}")
        kinds = [getattr(item, "type", None) or item["type"] for item in box.items]
        assert kinds[:3] == ["frame", "status", "frame"]
        assert sum(1 for k in kinds if k != "frame") == 64
        assert box.items[-1]["message"] == "bad 199"
    run_async(scenario)


def test_the_gradient_rides_on_the_latest_step_only():
    frame = PendingFrame(cap=100, reset=True)
    for record in records(4):
        frame.add({**record, "gradient": [record["step"]]})
    payload = frame_payload(frame, limit=100)
    assert payload["gradient"] == [3] and payload["reset"] is True
    assert all("gradient" not in s for s in payload["steps"])
