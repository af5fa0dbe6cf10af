"""Loss surface: time and peak memory of a G x G grid over (w1, w2) on m rows.

Targets: 100x100 on m = 1e4 in at most 0.5 s; 200x200 on m = 1e4 in at most 2 s;
peak memory at most 200 MB; a coarse preview (25x25 on m = 1e4) in at most 100 ms.
"""

from __future__ import annotations

import time
import tracemalloc

import numpy as np

from app.engine.analysis.surface import coordinate_slice, loss_surface
from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.training.registry import make_model
from bench.common import save, table

TARGET_SECONDS = {(100, 10_000): 0.5, (200, 10_000): 2.0, (25, 10_000): 0.1}


def measure(G: int, m: int, loss: str = "cross_entropy") -> dict[str, object]:
    data = load_dataset(DatasetSpec(name="blobs", n_samples=m, test_fraction=0.0))
    model = make_model("logistic", 2, 2)
    t = model.encode_targets(data.y_train)
    plane = coordinate_slice(model, np.zeros(3), 0, 1)
    axis = np.linspace(-3, 3, G)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        loss_surface(model, data.X_train, t, loss, 0.0, plane, axis, axis)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    loss_surface(model, data.X_train, t, loss, 0.0, plane, axis, axis)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    seconds = min(times)
    target = TARGET_SECONDS.get((G, m))
    return {"G": G, "m": m, "loss": loss, "seconds": seconds, "points_per_s": G * G * m / seconds,
            "peak_mb": peak / 2**20, "target_s": target,
            "targets_met": (target is None or seconds <= target) and peak <= 200 * 2**20}


def main() -> None:
    rows = [measure(G, m) for G in (50, 100, 200) for m in (200, 1_000, 10_000)]
    rows.append(measure(25, 10_000))  # the coarse preview the page draws first
    rows.append(measure(100, 10_000, "mse"))
    columns = ["G", "m", "loss", "seconds", "points_per_s", "peak_mb", "target_s", "targets_met"]
    print("Loss surface: G x G grid on m rows (logistic regression, 2 features)\n")
    print(table(rows, columns))
    print(f"\nwrote {save('surface', {'rows': rows})}")


if __name__ == "__main__":
    main()
