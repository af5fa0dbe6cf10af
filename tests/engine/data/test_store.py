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
    assert sorted(p.suffix for p in store.root.iterdir()) == [".json", ".npz"]


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
