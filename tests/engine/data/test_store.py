import numpy as np
import pytest

from app.engine.data.csv_read import read_table
from app.engine.data.store import UploadCorrupted, UploadNotFound, UploadStore, is_upload_id
from tests import tables


def table(seed=0):
    return read_table(tables.passengers(30, seed), "titanic.csv")


def test_round_trip_and_content_addressing(tmp_path):
    store = UploadStore(tmp_path)
    upload_id = store.save(table(), {"n_samples": 30})
    assert is_upload_id(upload_id)
    assert store.save(table()) == upload_id
    assert store.save(table(1)) != upload_id
    loaded = UploadStore(tmp_path).load(upload_id)  # a fresh store: as after a restart
    original = table()
    assert loaded.names == original.names and loaded.file_name == "titanic.csv" and loaded.preview == original.preview
    for a, b in zip(loaded.columns, original.columns, strict=True):
        assert a.levels == b.levels and a.unnamed == b.unnamed
        np.testing.assert_array_equal(a.values, b.values)
    assert loaded.columns[5].values.dtype == np.float32  # numbers kept as float32: half the memory


def test_listing_and_deleting(tmp_path):
    store = UploadStore(tmp_path)
    first = store.save(table(), {"file_name": "a.csv"})
    second = store.save(table(1), {"file_name": "b.csv"})
    assert store.ids() == [first, second]
    assert store.summary(second) == {"file_name": "b.csv", "name": second}
    store.delete(first)
    assert store.ids() == [second]
    with pytest.raises(UploadNotFound):
        store.load(first)
    with pytest.raises(UploadNotFound):
        store.delete(first)


def test_writes_leave_no_temporary_files(tmp_path):
    store = UploadStore(tmp_path)
    store.save(table())
    assert sorted(p.suffix or p.name for p in store.root.iterdir()) == [".json", ".lock", ".npz"]  # the lock stays


def test_a_damaged_file_is_reported(tmp_path):
    store = UploadStore(tmp_path)
    upload_id = store.save(table())
    path = next(store.root.glob("*.npz"))
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    path.write_bytes(bytes(blob))
    with pytest.raises(UploadCorrupted, match="damaged"):
        store.load(upload_id)


@pytest.mark.parametrize("name", ["../etc/passwd", "u_" + "0" * 31, "u_" + "g" * 32, "/tmp/x", ""])
def test_ids_never_become_paths(tmp_path, name):
    with pytest.raises(UploadNotFound):
        UploadStore(tmp_path).load(name)


def test_a_full_store_refuses_a_new_table_and_keeps_a_known_one(tmp_path):
    from app.engine.errors import LimitExceeded
    store = UploadStore(tmp_path)
    first = store.save(table(0), max_uploads=2)
    store.save(table(1), max_uploads=2)
    with pytest.raises(LimitExceeded, match="max_uploads=2"):
        store.save(table(2), max_uploads=2)
    assert store.save(table(0), max_uploads=2) == first  # already stored: no new place taken
    assert len(store.ids()) == 2


def test_a_save_waits_for_another_process_holding_the_store(tmp_path):
    """Workers share the directory: while another process holds the store's lock (as it does
    between its count and its write), a save here cannot happen; once it lets go, it does."""
    import subprocess
    import sys
    import threading

    store = UploadStore(tmp_path)
    store.save(table(0))  # makes the directory
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, sys; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); "
         "print('held', flush=True); sys.stdin.read()", str(store.root / ".lock")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        saved: list[str] = []
        saver = threading.Thread(target=lambda: saved.append(store.save(table(1))))
        saver.start()
        saver.join(0.3)
        assert saver.is_alive() and not saved  # it cannot finish while the lock is held elsewhere
        holder.stdin.close()  # the holder exits; the kernel drops its lock
        saver.join(30)
        assert saved and len(store.ids()) == 2
    finally:
        holder.kill()
        holder.wait()
