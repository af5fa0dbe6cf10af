"""The history as compressed columns: what goes in comes out, bit for bit."""

import numpy as np

from app.db import history


def test_records_round_trip_with_missing_values_and_lists_of_several_widths():
    records = [{"step": 0, "epoch": 0.0, "batch_loss": 0.7, "learning_rate": 0.1, "params": [1.0, 2.0]},
               {"step": 5, "epoch": 0.5, "batch_loss": None, "learning_rate": 0.1, "loss": 0.6931471805599453,
                "layer_grads": [0.25, None, 3e-300], "accuracy": 0.5},
               {"step": 9, "epoch": 1.0, "batch_loss": 1e300, "learning_rate": 0.05, "layer_grads": [1.5]}]
    packed = history.pack(records)
    assert packed.columns == ["step", "epoch", "batch_loss", "learning_rate", "loss", "layer_grads.0",
                              "layer_grads.1", "layer_grads.2", "accuracy"]
    table, raw = history.unpack(packed.blob, packed.columns, packed.n_records)
    assert raw == packed.raw
    back = history.records(packed.columns, table)
    assert back[1] == records[1]
    assert back[0]["loss"] is None and back[0]["layer_grads"] == [None, None, None] and "params" not in back[0]
    assert back[2]["layer_grads"] == [1.5, None, None] and back[2]["batch_loss"] == 1e300
    assert [r["step"] for r in back] == [0, 5, 9] and all(isinstance(r["step"], int) for r in back)


def test_a_smooth_history_compresses_to_a_fraction_of_its_float64_bytes():
    steps = np.arange(10_000)
    records = [{"step": int(i), "epoch": i / 50, "learning_rate": 0.1, "loss": float(np.exp(-i / 3000))}
               for i in steps]
    packed = history.pack(records)
    assert len(packed.raw) == 4 * 8 * 10_000
    assert len(packed.blob) < len(packed.raw) / 3  # measured: 320,000 -> about 60,000 bytes


def test_the_checksum_covers_the_history_and_the_params_and_tells_none_from_empty():
    a = history.checksum(b"\x00" * 16, None)
    assert a != history.checksum(b"\x00" * 16, b"") != history.checksum(b"\x00" * 8, b"\x00" * 8)
    assert a == history.checksum(b"\x00" * 16, None)
    assert history.unpack_floats(history.pack_floats([0.5, None, -2.0])) == [0.5, None, -2.0]
