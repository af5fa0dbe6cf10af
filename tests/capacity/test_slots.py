"""Server-wide slots (app.capacity.slots) between real processes: a slot another process holds
is busy here, counts see every process's, and a killed process's slots come free."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.capacity.slots import Slots
from tests.conftest import ROOT

HOLDER = """
import sys
from pathlib import Path
from app.capacity.slots import Slots
slots = Slots(Path(sys.argv[1]), "session", int(sys.argv[2]))
held = [slots.acquire() for _ in range(int(sys.argv[3]))]
print(" ".join(str(s.index) for s in held if s is not None), flush=True)
sys.stdin.readline()  # hold them until told (or killed)
for slot in held:
    slot.release()
print("released", flush=True)
sys.stdin.readline()
"""


class Holder:
    """Another Python process holding ``n`` of ``limit`` slots on ``data_dir``."""

    def __init__(self, data_dir: Path, limit: int, n: int):
        self.proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir), str(limit), str(n)],
                                     cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None and self.proc.stdin is not None
        self.indexes = [int(i) for i in self.proc.stdout.readline().split()]  # returns once it holds them

    def release(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        assert self.proc.stdout.readline().strip() == "released"

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=10)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.kill()


@pytest.fixture
def holders():
    made: list[Holder] = []
    yield lambda *args: made.append(Holder(*args)) or made[-1]
    for holder in made:
        holder.close()


def test_slots_held_by_another_process_are_busy_here(tmp_path, holders):
    other = holders(tmp_path, 3, 2)
    assert len(other.indexes) == 2
    here = Slots(tmp_path, "session", 3)
    assert here.count() == 2
    mine = here.acquire()
    assert mine is not None and mine.index not in other.indexes
    assert here.acquire() is None  # all three are held, two of them elsewhere
    assert here.count() == 3
    mine.release()
    assert here.count() == 2


def test_slots_released_by_another_process_come_free(tmp_path, holders):
    other = holders(tmp_path, 2, 2)
    here = Slots(tmp_path, "session", 2)
    assert here.acquire() is None
    other.release()
    assert here.count() == 0
    assert here.acquire() is not None and here.acquire() is not None


def test_a_killed_process_leaks_no_slot(tmp_path, holders):
    other = holders(tmp_path, 2, 2)
    here = Slots(tmp_path, "session", 2)
    assert here.acquire() is None
    other.kill()  # SIGKILL: no cleanup ran; the kernel dropped its locks when it died
    assert here.count() == 0
    assert here.acquire() is not None


def test_kinds_and_data_directories_are_separate(tmp_path, holders):
    holders(tmp_path, 1, 1)
    assert Slots(tmp_path, "session", 1).acquire() is None
    assert Slots(tmp_path, "heavy", 1).acquire() is not None
    assert Slots(tmp_path / "other", "session", 1).acquire() is not None


def test_within_a_process_each_slot_is_taken_once(tmp_path):
    slots = Slots(tmp_path, "heavy", 3)
    taken = [slots.acquire() for _ in range(3)]
    assert sorted(s.index for s in taken if s is not None) == [0, 1, 2]
    assert slots.acquire() is None and slots.count() == 3
    taken[1].release()
    taken[1].release()  # a second release changes nothing
    assert slots.count() == 2
    again = slots.acquire()
    assert again is not None and again.index == 1
    assert Slots(tmp_path, "heavy", 3).acquire() is None  # another app in this process sees them held


def test_a_limit_of_zero_admits_nobody(tmp_path):
    slots = Slots(tmp_path, "session", 0)
    assert slots.acquire() is None and slots.count() == 0


COUNTER = """
import sys
from pathlib import Path
from app.capacity.slots import Slots
slots = Slots(Path(sys.argv[1]), "session", 1)
print("counting", flush=True)
while True:
    slots.count()
"""


def test_counting_elsewhere_never_makes_a_free_slot_look_taken(tmp_path):
    """A count probes each slot with a lock of its own; a refusal is confirmed under the guard
    the count holds, so a slot that is free is always granted (whatever the interleaving)."""
    counter = subprocess.Popen([sys.executable, "-c", COUNTER, str(tmp_path)], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True)
    try:
        assert counter.stdout is not None and counter.stdout.readline().strip() == "counting"
        slots = Slots(tmp_path, "session", 1)
        for _ in range(20_000):
            slot = slots.acquire()
            assert slot is not None
            slot.release()
    finally:
        counter.kill()
        counter.wait(timeout=10)
