import numpy as np
import pytest

from app.engine.data.csv_read import read_table
from app.engine.data.store import UploadCorrupted, UploadNotFound, UploadStore
from tests import tables


def table(seed=0):
    return read_table(tables.passengers(30, seed), "titanic.csv")


def test_round_trip_and_content_addressing(tmp_path):
    store = UploadStore(tmp_path)
    digest, size = store.put(table())
    assert len(digest) == 64 and size == (store.root / f"{digest}.npz").stat().st_size
    assert store.put(table()) == (digest, size)  # the same table: the same file, once
    assert store.put(table(1))[0] != digest
    loaded = UploadStore(tmp_path).load(digest)  # a fresh store: as after a restart
    original = table()
    assert loaded.names == original.names and loaded.file_name == "titanic.csv" and loaded.preview == original.preview
    for a, b in zip(loaded.columns, original.columns, strict=True):
        assert a.levels == b.levels and a.unnamed == b.unnamed
        np.testing.assert_array_equal(a.values, b.values)
    assert loaded.columns[5].values.dtype == np.float32  # numbers kept as float32: half the memory


def test_removing_and_the_legacy_listing(tmp_path):
    store = UploadStore(tmp_path)
    first, _ = store.put(table())
    second, _ = store.put(table(1))
    (store.root / f"{first}.json").write_text('{"file_name": "a.csv"}')  # as a store before identities kept it
    assert store.legacy() == [(first, {"file_name": "a.csv"}), (second, {})]
    store.remove(first)
    assert not store.has(first) and store.has(second) and [d for d, _ in store.legacy()] == [second]
    with pytest.raises(UploadNotFound, match="missing"):
        store.load(first)
    store.remove(first)  # twice: nothing left to remove, no error


def test_writes_leave_no_temporary_files(tmp_path):
    store = UploadStore(tmp_path)
    with store.lock():
        store.put(table())
    assert sorted(p.suffix or p.name for p in store.root.iterdir()) == [".lock", ".npz"]  # the lock stays


def test_a_damaged_file_is_reported(tmp_path):
    store = UploadStore(tmp_path)
    digest, _ = store.put(table())
    path = next(store.root.glob("*.npz"))
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    path.write_bytes(bytes(blob))
    with pytest.raises(UploadCorrupted, match="damaged"):
        store.load(digest, "u_" + "0" * 32)


@pytest.mark.parametrize("name", ["../etc/passwd", "0" * 63, "g" * 64, "/tmp/x", "", "u_" + "0" * 32])
def test_digests_never_become_paths(tmp_path, name):
    with pytest.raises(UploadNotFound):
        UploadStore(tmp_path).load(name)


def test_the_lock_waits_for_another_process_holding_the_store(tmp_path):
    """Workers share the directory: while another process holds the store's lock (as it does
    around a file and its database row), this one cannot take it; once it lets go, it does."""
    import subprocess
    import sys
    import threading

    store = UploadStore(tmp_path)
    store.put(table(0))  # makes the directory
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, sys; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); "
         "print('held', flush=True); sys.stdin.read()", str(store.root / ".lock")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        saved: list[str] = []
        def save() -> None:
            with store.lock():
                saved.append(store.put(table(1))[0])
        saver = threading.Thread(target=save)
        saver.start()
        saver.join(0.3)
        assert saver.is_alive() and not saved  # it cannot finish while the lock is held elsewhere
        holder.stdin.close()  # the holder exits; the kernel drops its lock
        saver.join(30)
        assert saved and len(store.legacy()) == 2
    finally:
        holder.kill()
        holder.wait()
