"""A fair queue for heavy work: one lane per person, served in turn by the server's pool of slots.

Every heavy computation (POST /api/train, a surface, a gradient check, a lesson's computation,
and each slice of a job's training) needs one of the server's ``pool`` slots (app.capacity.slots:
every worker process of the server shares them). One that finds none free waits in its
person's lane (an anonymous caller's lane is its address). Whenever a slot frees, the lane
after the last one served gets it: round robin over the lanes, first come first served within
one. So a student's burst of 30 requests waits behind everybody else's next request, not in
front of them all, and a burst from a class is served in turn rather than refused.

Limits: at most ``max_waiting`` wait in this process and ``max_waiting_per_lane`` in one lane;
past either, QueueFull (the API answers 503 with Retry-After). A waiter that gives up (its client
left, its job was cancelled) leaves its lane at once.

Slots held by another process free without telling this one, so while anyone waits the
dispatcher thread also looks every RETRY_SECONDS. Pure Python (threading, asyncio): no HTTP.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable

from app.capacity.slots import Slot, Slots

RETRY_SECONDS = 0.02  # how often the dispatcher looks for a slot another process gave back
POLL_SECONDS = 0.1  # how often a waiter asks whether it should give up
RETRY_AFTER_SECONDS = 2  # what a refused caller is told to wait


def pool_size(requested: int) -> int:
    """The pool: ``requested`` slots, or one per CPU core this process may use when it is 0."""
    return requested if requested > 0 else len(os.sched_getaffinity(0)) or 1


class QueueFull(Exception):
    """No room to wait. ``limit`` names the setting (for the logs and the docs, not for a learner)."""

    def __init__(self, message: str, limit: str):
        super().__init__(message)
        self.limit = limit


class GaveUp(Exception):
    """The waiter gave up (its client left, or it was cancelled) before a slot came."""


class Held:
    """A slot granted by the queue; ``release()`` gives it back (once) and wakes the next waiter."""

    def __init__(self, slot: Slot, queue: FairQueue):
        self.slot, self.queue = slot, queue

    def release(self) -> None:
        if not self.slot.released:
            self.slot.release()
            self.queue.wake()

    def __enter__(self) -> Held:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class Ticket:
    """A place in a lane. ``grant(held)`` hands it a slot; False if its waiter has gone."""

    def __init__(self, lane: str, grant: Callable[[Held], bool]):
        self.lane, self.grant = lane, grant


class FairQueue:
    def __init__(self, slots: Slots, max_waiting: int, max_waiting_per_lane: int):
        self.slots = slots
        self.max_waiting, self.max_waiting_per_lane = max_waiting, max_waiting_per_lane
        self._cond = threading.Condition()
        self._lanes: OrderedDict[str, deque[Ticket]] = OrderedDict()  # the next lane to serve first
        self._waiting = 0
        self._thread: threading.Thread | None = None
        self.served_after_waiting = 0  # for /api/health

    @property
    def waiting(self) -> int:
        return self._waiting

    def wake(self) -> None:
        with self._cond:
            self._cond.notify()

    def _take_or_join(self, lane: str, grant: Callable[[Held], bool]) -> Held | Ticket:
        """A slot at once if nobody waits and one is free; else a place in ``lane``, where
        ``grant`` will hand it one (QueueFull past a limit)."""
        with self._cond:
            if not self._waiting:
                slot = self.slots.acquire()
                if slot is not None:
                    return Held(slot, self)
            return self._enter(lane, grant)

    def _enter(self, lane: str, grant: Callable[[Held], bool]) -> Ticket:
        """Join ``lane`` (called with the lock held); QueueFull past a limit."""
        queue = self._lanes.get(lane)
        if queue is not None and len(queue) >= self.max_waiting_per_lane:
            raise QueueFull(f"{len(queue)} of your computations are waiting already", "max_waiting_per_person")
        if self._waiting >= self.max_waiting:
            raise QueueFull(f"{self._waiting} computations are waiting already", "max_waiting_requests")
        ticket = Ticket(lane, grant)
        self._lanes.setdefault(lane, deque()).append(ticket)
        self._waiting += 1
        if self._thread is None:
            self._thread = threading.Thread(target=self._dispatch, name="gdviz-fair-queue", daemon=True)
            self._thread.start()
        self._cond.notify()
        return ticket

    def _leave(self, ticket: Ticket) -> bool:
        """Take ``ticket`` out of its lane; False if it was granted already."""
        with self._cond:
            queue = self._lanes.get(ticket.lane)
            if queue is None or ticket not in queue:
                return False
            queue.remove(ticket)
            self._waiting -= 1
            if not queue:
                del self._lanes[ticket.lane]
            return True

    def _dispatch(self) -> None:
        """The dispatcher thread: while anyone waits, each free slot goes to the next lane's first."""
        with self._cond:
            while True:
                while self._waiting:
                    slot = self.slots.acquire()
                    if slot is None:
                        break
                    lane, queue = next(iter(self._lanes.items()))
                    ticket = queue.popleft()
                    self._waiting -= 1
                    del self._lanes[lane]
                    if queue:
                        self._lanes[lane] = queue  # to the back: every other lane goes first
                    held = Held(slot, self)
                    if ticket.grant(held):
                        self.served_after_waiting += 1
                    else:
                        slot.release()
                self._cond.wait(RETRY_SECONDS if self._waiting else None)

    async def slot(self, lane: str, gone: Callable[[], Awaitable[bool]]) -> Held:
        """Wait in ``lane`` for a slot (asyncio). ``gone()`` is asked every POLL_SECONDS; when it
        says True the waiter leaves and GaveUp is raised."""
        loop = asyncio.get_running_loop()
        granted: asyncio.Future[Held] = loop.create_future()

        def grant(held: Held) -> bool:
            def give() -> None:
                if granted.done():  # the waiter left meanwhile
                    held.release()
                else:
                    granted.set_result(held)
            try:
                loop.call_soon_threadsafe(give)
            except RuntimeError:  # the event loop has closed: the server is stopping
                return False
            return True

        ticket = self._take_or_join(lane, grant)
        if isinstance(ticket, Held):
            return ticket
        try:
            while True:
                done, _ = await asyncio.wait({granted}, timeout=POLL_SECONDS)
                if done:
                    return granted.result()
                if await gone():
                    raise GaveUp
        except BaseException:
            self._leave(ticket)
            if granted.done() and not granted.cancelled():
                granted.result().release()
            else:
                granted.cancel()
            raise

    def slot_blocking(self, lane: str, gone: Callable[[], bool]) -> Held:
        """Wait in ``lane`` for a slot (a thread: a job's). GaveUp once ``gone()`` says True."""
        event, box = threading.Event(), []

        def grant(held: Held) -> bool:
            box.append(held)
            event.set()
            return True

        ticket = self._take_or_join(lane, grant)
        if isinstance(ticket, Held):
            return ticket
        while not event.wait(POLL_SECONDS):
            if gone():
                if not self._leave(ticket):  # granted meanwhile: give it back
                    event.wait()
                    box[0].release()
                raise GaveUp
        return box[0]
