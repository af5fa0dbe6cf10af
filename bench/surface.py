"""Loss surface: time and peak memory of a G x G grid on m rows.

Targets: 100x100 on m = 1e4 in at most 0.5 s; 200x200 on m = 1e4 in at most 2 s;
peak memory at most 200 MB; a coarse preview (25x25 on m = 1e4) in at most 100 ms.

Three groups of rows, all on the 2-feature blobs set with binary cross-entropy unless said:

* logistic regression on a (w1, w2) coordinate slice (the model the targets were set for);
* the largest network allowed (4 hidden layers x 32 tanh units, p = 3,297) on a random
  filter-normalised slice and on a PCA slice of a short gradient-descent run, for G in
  (25, 41, 100) and m in (200, 1e3, 1e4): ``batched`` is Network.raw_prediction_many, and
  ``looped`` its peer in the same run, one forward pass per grid point (the base Model's
  method, kept here as looped_raw_prediction_many); ``speedup`` is looped / batched;
* the work cap: max_surface_work bounds G^2 x m x values_per_row, so ``ns_per_work`` (time per
  unit of that work) says what the cap lets a request cost, model by model, and ``allowed``
  whether the API accepts the request at the default cap.

Every surface is timed RUNS times (batched and looped interleaved, so noise hurts both alike);
the table gives the median and the spread (min-max) and the targets are judged on the median.
Peak memory is one more run under tracemalloc (NumPy reports its buffers to it). ``cpu_psi`` is
the kernel's CPU pressure as the measurement ends (/proc/pressure/cpu, "some" avg10: the share of
the last 10 s in which a task waited for a core). It counts the bench's own threads too: BLAS
threads on top of the surface's two workers show as pressure on a machine with two cores.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

from app.engine.analysis.surface import Slice, auto_span, coordinate_slice, loss_surface, pca_slice, random_slice
from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.training.models import Model
from app.engine.training.registry import make_model
from app.settings import Settings
from bench.common import save, table

Array = np.ndarray
TARGET_SECONDS = {(100, 10_000): 0.5, (200, 10_000): 2.0, (25, 10_000): 0.1}
PEAK_TARGET = 200 * 2**20
RUNS = 3
LARGEST = {"layers": 4, "hidden": 32, "hidden2": 32, "hidden3": 32, "hidden4": 32, "activation": "tanh"}


def looped_raw_prediction_many(model: Model, thetas: Array, X: Array) -> Array:
    """The base Model's raw_prediction_many, which the network used before it had its own:
    one forward pass per parameter vector."""
    return np.stack([model.forward(theta, X)[0] for theta in thetas])


def looped(model: Model) -> Model:
    """The same model, with the looped raw_prediction_many (an instance attribute shadows the method)."""
    model.raw_prediction_many = lambda thetas, X: looped_raw_prediction_many(model, thetas, X)  # type: ignore[method-assign]
    return model


def blobs(m: int) -> tuple[Array, Array]:
    data = load_dataset(DatasetSpec.of(name="blobs", n_samples=m, test_fraction=0.0))
    return data.X_train, data.y_train


def cpu_pressure() -> float | None:
    try:
        with open("/proc/pressure/cpu") as f:
            return float(f.readline().split()[1].split("=")[1])
    except (OSError, IndexError, ValueError):
        return None


def timed(surfaces: dict[str, Callable[[], Array]]) -> dict[str, dict[str, Any]]:
    """Each surface RUNS times, interleaved, then once under tracemalloc: median, min, max, peak."""
    grids = {name: fn() for name, fn in surfaces.items()}  # warm up, and the grids must agree
    first = next(iter(grids.values()))
    for grid in grids.values():
        np.testing.assert_allclose(grid, first, rtol=1e-4)
    times: dict[str, list[float]] = {name: [] for name in surfaces}
    for _ in range(RUNS):
        for name, fn in surfaces.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    out = {}
    for name, fn in surfaces.items():
        tracemalloc.start()
        try:
            fn()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        out[name] = {"median_s": statistics.median(times[name]), "min_s": min(times[name]),
                     "max_s": max(times[name]), "peak_mb": peak / 2**20, "cpu_psi": cpu_pressure()}
    return out


def row(model_name: str, model: Model, slice_kind: str, impl: str, G: int, m: int, loss: str,
        stats: dict[str, Any]) -> dict[str, object]:
    seconds = stats["median_s"]
    target = TARGET_SECONDS.get((G, m))
    work = G * G * m * model.values_per_row
    return {"model": model_name, "slice": slice_kind, "impl": impl, "G": G, "m": m, "loss": loss, **stats,
            "ns_per_point_row": seconds / (G * G * m) * 1e9, "work": float(work),
            "ns_per_work": seconds / work * 1e9, "allowed": work <= Settings().max_surface_work,
            "target_s": target, "within_0.1s": seconds <= 0.1, "within_0.5s": seconds <= 0.5,
            "targets_met": (target is None or seconds <= target) and stats["peak_mb"] * 2**20 <= PEAK_TARGET}


def logistic(G: int, m: int, loss: str = "cross_entropy") -> dict[str, object]:
    X, y = blobs(m)
    model = make_model("logistic", 2, 2)
    t = model.encode_targets(y)
    plane = coordinate_slice(model, np.zeros(3), 0, 1)
    axis = np.linspace(-3, 3, G)
    stats = timed({"batched": lambda: loss_surface(model, X, t, loss, 0.0, plane, axis, axis)})["batched"]
    return row("logistic", model, "coordinates", "batched", G, m, loss, stats)


def trajectory(model: Model, steps: int = 40, lr: float = 0.5) -> Array:
    """A short full-batch gradient-descent run on 1,000 blobs rows: (steps + 1, p)."""
    X, y = blobs(1_000)
    t = model.encode_targets(y)
    theta = model.init_params(np.random.default_rng(0))
    path = [theta]
    for _ in range(steps):
        theta = theta - lr * model.loss_gradient(theta, X, t, "cross_entropy")[1]
        path.append(theta)
    return np.stack(path)


def network(kind: str, plane: Slice, span: float, G: int, m: int, peer: bool = True,
            options: dict[str, object] | None = None, name: str = "mlp 4x32") -> list[dict[str, object]]:
    options = LARGEST if options is None else options
    X, y = blobs(m)
    model = make_model("mlp", 2, 2, **options)
    t = model.encode_targets(y)
    axis = np.linspace(-span, span, G)
    surfaces = {"batched": lambda: loss_surface(model, X, t, "cross_entropy", 0.0, plane, axis, axis)}
    if peer:
        slow = looped(make_model("mlp", 2, 2, **options))
        surfaces["looped"] = lambda: loss_surface(slow, X, t, "cross_entropy", 0.0, plane, axis, axis)
    stats = timed(surfaces)
    rows = [row(name, model, kind, impl, G, m, "cross_entropy", s) for impl, s in stats.items()]
    if peer:
        rows[0]["speedup"] = stats["looped"]["median_s"] / stats["batched"]["median_s"]
    return rows


def main() -> None:
    rows = [logistic(G, m) for G in (50, 100, 200) for m in (200, 1_000, 10_000)]
    rows.append(logistic(25, 10_000))  # the coarse preview the page draws first
    rows.append(logistic(100, 10_000, "mse"))

    model = make_model("mlp", 2, 2, **LARGEST)
    path = trajectory(model)
    center = path[-1]
    planes = {"random": random_slice(model, center, 0), "pca": pca_slice(path, center)}
    spans = {"random": 1.0, "pca": auto_span(planes["pca"], planes["pca"].project(path))}
    for kind, plane in planes.items():
        for G in (25, 41, 100):
            for m in (200, 1_000, 10_000):
                rows += network(kind, plane, spans[kind], G, m)
                print(f"  {kind} G={G} m={m}: batched {rows[-2]['median_s']:.3f} s, "
                      f"looped {rows[-1]['median_s']:.3f} s", flush=True)

    # what the playground asks for: a 21 x 21 preview, then 41 x 41, on at most 1,000 rows (a seeded
    # subset of a bigger set: SurfaceRequest.rows)
    for G in (21, 41):
        rows += network("random", planes["random"], spans["random"], G, 1_000, peer=False, name="mlp 4x32 (page)")

    # the work cap, model by model: smaller networks on the random slice, batched only
    calibration: dict[str, dict[str, object]] = {
        "mlp 1x8": {"layers": 1, "hidden": 8}, "mlp 1x32": {"layers": 1, "hidden": 32},
        "mlp 2x32": {"layers": 2, "hidden": 32, "hidden2": 32}}
    for label, options in calibration.items():
        small = make_model("mlp", 2, 2, **options)
        plane = random_slice(small, small.init_params(np.random.default_rng(0)), 0)
        rows += network("random", plane, 1.0, 41, 10_000, peer=False, options=options, name=label)

    columns = ["model", "slice", "impl", "G", "m", "median_s", "min_s", "max_s", "speedup", "ns_per_point_row",
               "peak_mb", "target_s", "within_0.1s", "within_0.5s", "targets_met", "ns_per_work", "allowed", "cpu_psi"]
    print("\nLoss surface: G x G grid on m rows (2-feature blobs); seconds are the median of "
          f"{RUNS} runs, min_s-max_s the spread\n")
    print(table(rows, columns))
    print(f"\nwrote {save('surface', {'runs': RUNS, 'rows': rows})}")


if __name__ == "__main__":
    main()
