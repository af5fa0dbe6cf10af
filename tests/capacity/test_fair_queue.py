"""The fair queue (app.capacity.fair_queue) on real slot files: lanes are served round robin, one
person's burst waits behind everyone else's next request, the limits refuse with the setting's
name, and a waiter that gives up leaves its lane (and a slot granted meanwhile goes back).

Order, not time, is asserted: a pool of one slot is held while the waiters line up (each one's
arrival is confirmed through ``waiting``), and then each grant is recorded as it happens."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from app.capacity.fair_queue import FairQueue, GaveUp, QueueFull, pool_size
from app.capacity.slots import Slots


def until(predicate, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "still not so after a generous wait"
        time.sleep(0.005)


@pytest.fixture
def queue(tmp_path) -> FairQueue:
    return FairQueue(Slots(tmp_path, "heavy", 1), max_waiting=10, max_waiting_per_lane=4)


def test_lanes_are_served_in_turn_not_in_order_of_arrival(queue):
    first = queue.slot_blocking("ann", lambda: False)  # the pool's one slot, taken at once
    served: list[str] = []

    def wait(label: str, lane: str) -> None:
        held = queue.slot_blocking(lane, lambda: False)
        served.append(label)
        held.release()

    threads = []
    for label, lane in [("a1", "ann"), ("a2", "ann"), ("a3", "ann"), ("b1", "bob"), ("c1", "cy"), ("b2", "bob")]:
        threads.append(threading.Thread(target=wait, args=(label, lane)))
        threads[-1].start()
        until(lambda n=len(threads): queue.waiting == n)  # each one in its lane before the next comes
    first.release()
    for thread in threads:
        thread.join(timeout=30)
    assert served == ["a1", "b1", "c1", "a2", "b2", "a3"]
    assert queue.waiting == 0 and queue.served_after_waiting == 6


def test_a_free_slot_is_taken_at_once_and_given_back(queue):
    with queue.slot_blocking("ann", lambda: False):
        assert queue.slots.count() == 1
    assert queue.slots.count() == 0 and queue.served_after_waiting == 0


def test_the_limits_refuse_naming_the_setting(tmp_path):
    queue = FairQueue(Slots(tmp_path, "heavy", 1), max_waiting=3, max_waiting_per_lane=2)
    held = queue.slot_blocking("ann", lambda: False)
    stop = threading.Event()
    threads = [threading.Thread(target=lambda lane=lane: _wait_until_stopped(queue, lane, stop))
               for lane in ("ann", "ann", "bob")]
    for n, thread in enumerate(threads, 1):
        thread.start()
        until(lambda n=n: queue.waiting == n)
    with pytest.raises(QueueFull) as per_lane:  # a lane with 2 waiting: ann's third is refused...
        queue.slot_blocking("ann", lambda: False)
    assert per_lane.value.limit == "max_waiting_per_person"
    with pytest.raises(QueueFull) as whole:  # ... and with 3 waiting, anyone's
        queue.slot_blocking("cy", lambda: False)
    assert whole.value.limit == "max_waiting_requests"
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert queue.waiting == 0
    held.release()


def _wait_until_stopped(queue: FairQueue, lane: str, stop: threading.Event) -> None:
    try:
        queue.slot_blocking(lane, stop.is_set).release()
    except GaveUp:
        pass


def test_a_waiter_that_gives_up_leaves_its_lane_and_the_next_is_served(queue):
    held = queue.slot_blocking("ann", lambda: False)
    gone = threading.Event()
    outcome: list[str] = []

    def quitter() -> None:
        try:
            queue.slot_blocking("bob", gone.is_set)
            outcome.append("served")
        except GaveUp:
            outcome.append("gave up")

    thread = threading.Thread(target=quitter)
    thread.start()
    until(lambda: queue.waiting == 1)
    gone.set()
    thread.join(timeout=30)
    assert outcome == ["gave up"] and queue.waiting == 0
    held.release()
    with queue.slot_blocking("cy", lambda: False):  # nothing leaked: the slot is free
        assert queue.slots.count() == 1


def test_async_waiters_are_served_in_turn_and_one_that_leaves_takes_no_slot(queue):
    async def scenario() -> list[str]:
        first = await queue.slot("ann", _never)
        served: list[str] = []
        left = asyncio.Event()

        async def wait(label: str, lane: str, gone=_never) -> None:
            try:
                held = await queue.slot(lane, gone)
            except GaveUp:
                served.append(f"{label} left")
                return
            served.append(label)
            held.release()

        async def when_left() -> bool:
            return left.is_set()

        tasks = []
        for label, lane, gone in [("a1", "ann", _never), ("a2", "ann", _never), ("b1", "bob", when_left),
                                  ("c1", "cy", _never)]:
            tasks.append(asyncio.create_task(wait(label, lane, gone)))
            while queue.waiting < len(tasks):
                await asyncio.sleep(0.005)
        left.set()  # bob's client leaves before its turn
        while queue.waiting > 3:  # it has left its lane
            await asyncio.sleep(0.005)
        first.release()
        await asyncio.gather(*tasks)
        return served

    assert asyncio.run(scenario()) == ["b1 left", "a1", "c1", "a2"]
    assert queue.slots.count() == 0


async def _never() -> bool:
    return False


def test_the_pool_is_the_cores_unless_set():
    assert pool_size(3) == 3
    assert pool_size(0) >= 1
