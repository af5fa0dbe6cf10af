"""What a live session sends: records coalesced into frames, control messages in order.

Records waiting for a frame coalesce into one ``PendingFrame``; a frame carries
every step since the last one, or an even decimation that keeps the latest step.
Nothing grows without bound: a frame waiting for a slow reader keeps every
stride-th record (the stride doubling as needed), and queued control messages
are capped. No sockets and no clocks here: app.api.session drives it.
"""

from __future__ import annotations

import asyncio
from collections import deque

MAX_QUEUED_MESSAGES = 64
FRAME_VALUES = 12_000  # numbers per sent frame, which sets how many records it may carry
PENDING_VALUES = 200_000  # numbers held for a frame a slow reader has not taken yet


def decimate(records: list[dict], limit: int) -> list[dict]:
    """At most ``limit`` records spread evenly over the steps they span, the first and
    the latest always kept (records are in step order)."""
    n = len(records)
    if n <= limit:
        return records
    if limit == 1:
        return records[-1:]
    first, last = records[0]["step"], records[-1]["step"]
    chosen: list[dict] = []
    j = 0
    for i in range(limit):
        target = first + (last - first) * i / (limit - 1)
        while j + 1 < n and abs(records[j + 1]["step"] - target) <= abs(records[j]["step"] - target):
            j += 1
        if not chosen or chosen[-1] is not records[j]:
            chosen.append(records[j])
    return chosen


class PendingFrame:
    """Records waiting to be sent. Past ``cap`` records it keeps every stride-th one
    (the stride doubles each time), plus always the latest, so a slow reader costs
    bounded memory and still gets evenly spaced steps."""

    def __init__(self, cap: int, reset: bool):
        self.type = "frame"
        self.cap = cap
        self.reset = reset
        self.kept: list[dict] = []
        self.latest: dict | None = None
        self.count = 0
        self.stride = 1

    def add(self, record: dict) -> None:
        if self.count % self.stride == 0:
            self.kept.append(record)
            self.latest = None
        else:
            self.latest = record
        self.count += 1
        if len(self.kept) > self.cap:
            self.kept = self.kept[::2]
            self.stride *= 2

    @property
    def steps(self) -> list[dict]:
        return self.kept + ([self.latest] if self.latest is not None else [])


class Outbox:
    """Outgoing messages in order; consecutive records share one pending frame."""

    def __init__(self) -> None:
        self.items: deque[PendingFrame | dict] = deque()
        self.ready = asyncio.Event()
        self.frame_limit = 100  # records in one sent frame
        self.pending_cap = 10_000  # records held for one frame before coalescing

    def add_records(self, records: list[dict], reset: bool = False) -> None:
        last = self.items[-1] if self.items else None
        if reset or not isinstance(last, PendingFrame):
            last = PendingFrame(self.pending_cap, reset)
            self.items.append(last)
        for record in records:
            last.add(record)
        self.ready.set()

    def add_message(self, message: dict) -> None:
        controls = [item for item in self.items if isinstance(item, dict)]
        if len(controls) >= MAX_QUEUED_MESSAGES:  # an unread backlog: drop the oldest error,
            errors = [item for item in controls if item["type"] == "error"]  # else the oldest status
            self.items.remove(errors[0] if errors else controls[0])
        self.items.append(message)
        self.ready.set()

    def error(self, text: str) -> None:
        self.add_message({"type": "error", "message": text})


def frame_payload(frame: PendingFrame, limit: int) -> dict:
    """The frame as sent: decimated, the gradient kept on its latest step only."""
    steps = decimate(frame.steps, limit)
    gradient = next((s["gradient"] for s in reversed(steps) if "gradient" in s), None)
    steps = [{k: v for k, v in s.items() if k != "gradient"} for s in steps]
    payload = {"type": "frame", "steps": steps, "gradient": gradient}
    if frame.reset:
        payload["reset"] = True
    return payload


def frame_limits(values_per_record: int) -> tuple[int, int]:
    """(records in one sent frame, records held for one pending frame) for records of
    this many numbers: a frame stays near FRAME_VALUES numbers, a pending one near
    PENDING_VALUES."""
    frame_limit = max(1, min(100, FRAME_VALUES // values_per_record))
    return frame_limit, max(2 * frame_limit, PENDING_VALUES // values_per_record)
