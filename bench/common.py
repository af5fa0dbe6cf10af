"""Shared by the benchmarks: the machine, timing, tables and JSON results.

Every benchmark prints a table and writes bench/results/<name>.json with the
machine described. Ratios are measured in the same run: these machines are
noisy, so absolute figures move between runs and ratios move much less.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> dict[str, object]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from threadpoolctl import threadpool_info
        blas = [f"{i.get('internal_api')} {i.get('version')} ({i.get('num_threads')} threads)"
                for i in threadpool_info()]
    except ImportError:
        blas = []
    try:
        import torch
        torch_version = f"{torch.__version__} ({torch.get_num_threads()} threads)"
    except ImportError:
        torch_version = None
    return {"cpu": cpu, "cores": os.cpu_count(), "simd": simd(), "python": platform.python_version(),
            "numpy": np.__version__, "blas": blas, "torch": torch_version,
            "when": datetime.now(UTC).isoformat(timespec="seconds")}


def simd() -> str:
    """The widest SIMD NumPy found on this CPU (float32 log1p and logaddexp are scalar without AVX-512)."""
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as found
    except ImportError:
        return "unknown"
    widest = [name for name in ("AVX512F", "AVX2", "SSE42") if found.get(name)]
    return "+".join(widest[:2]) if widest else "baseline"


def rate(fn: Callable[[], object], min_seconds: float = 0.4, min_calls: int = 3) -> float:
    """Calls per second: warm up once, then repeat for at least min_seconds; the
    median of five such rounds."""
    fn()
    rounds = []
    for _ in range(5):
        calls, start = 0, time.perf_counter()
        while calls < min_calls or time.perf_counter() - start < min_seconds / 5:
            fn()
            calls += 1
        rounds.append(calls / (time.perf_counter() - start))
    return statistics.median(rounds)


def rates(contenders: dict[str, Callable[[], object]], rounds: int = 7,
          seconds: float = 0.08, min_calls: int = 2) -> dict[str, float]:
    """Calls per second of each contender, measured in interleaved rounds (every
    contender once per round, in turn) so that a noisy neighbour or a pool of
    spinning BLAS threads hurts them alike; the median round of each."""
    for fn in contenders.values():
        fn()
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            calls, start = 0, time.perf_counter()
            while calls < min_calls or time.perf_counter() - start < seconds:
                fn()
                calls += 1
            samples[name].append(calls / (time.perf_counter() - start))
    return {name: statistics.median(values) for name, values in samples.items()}


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def streaming_bandwidth(nbytes: int = 256 * 2**20) -> float:
    """Bytes per second of one read pass over a large contiguous float32 array."""
    big = np.ones(nbytes // 4, dtype=np.float32)
    return rate(lambda: big.sum(), min_seconds=0.5) * big.nbytes


def fmt(value: object, digits: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        if value == 0 or 1e-3 <= abs(value) < 1e6:
            return f"{value:,.{digits}g}" if abs(value) < 1000 else f"{value:,.0f}"
        return f"{value:.2e}"
    return str(value)


def table(rows: list[dict[str, object]], columns: list[str]) -> str:
    """A Markdown table (it prints well and pastes into the README)."""
    head = "| " + " | ".join(columns) + " |"
    rule = "|" + "|".join("---" for _ in columns) + "|"
    body = ["| " + " | ".join(fmt(row.get(c)) for c in columns) + " |" for row in rows]
    return "\n".join([head, rule, *body])


def save(name: str, payload: dict[str, object]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"benchmark": name, "machine": machine(), **payload}, indent=2))
    return path
