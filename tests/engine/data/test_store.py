import os

import numpy as np
import pytest

from app.engine.data.datasets import RawData
from app.engine.data.store import UploadCorrupted, UploadNotFound, UploadStore, is_upload_id


def table(seed=0):
    rng = np.random.default_rng(seed)
    return RawData(rng.normal(size=(6, 2)), np.array([0, 1, 0, 1, 1, 0]), ["a", "<b>"], ["no", "yes"],
                   "Uploaded CSV")


def test_round_trip_and_content_addressing(tmp_path):
    store = UploadStore(tmp_path)
    upload_id = store.save(table())
    assert is_upload_id(upload_id)
    assert store.save(table()) == upload_id
    assert store.save(table(1)) != upload_id
    loaded = UploadStore(tmp_path).load(upload_id)  # a fresh store: as after a restart
    np.testing.assert_array_equal(loaded.X, table().X)
    np.testing.assert_array_equal(loaded.y, table().y)
    assert loaded.feature_names == ["a", "<b>"] and loaded.class_names == ["no", "yes"]


def test_writes_leave_no_temporary_files(tmp_path):
    store = UploadStore(tmp_path)
    store.save(table())
    assert [p.suffix for p in store.root.iterdir()] == [".npz"]


def test_a_damaged_file_is_reported(tmp_path):
    store = UploadStore(tmp_path)
    upload_id = store.save(table())
    path = next(store.root.iterdir())
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    path.write_bytes(bytes(blob))
    with pytest.raises(UploadCorrupted, match="damaged"):
        store.load(upload_id)


@pytest.mark.parametrize("name", ["../etc/passwd", "u_" + "0" * 31, "u_" + "g" * 32, "/tmp/x", ""])
def test_ids_never_become_paths(tmp_path, name):
    with pytest.raises(UploadNotFound):
        UploadStore(tmp_path).load(name)


def test_unknown_id(tmp_path):
    with pytest.raises(UploadNotFound):
        UploadStore(tmp_path).load("u_" + "a" * 32)
    assert not os.path.exists(tmp_path / "uploads")
