"""Row blocks for a full-data evaluation, and the threads that share them.

A loss that is a mean over m rows adds up exactly over blocks of rows: each block's
value and gradient, weighted by its share of the rows, sum to the whole. Blocks keep
the temporaries cache-sized; on a large enough set they also run on worker threads,
since NumPy releases the GIL inside every ufunc and matrix product on arrays this big.

Each block's result is kept and the results are added in block order on the calling
thread, so the answer is the same to the last bit on one thread or many, on any
machine: the number of threads changes the speed, never the numbers.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import TypeVar

R = TypeVar("R")

BLOCK_VALUES = 1 << 16  # bytes of z (and of each hidden layer) per block: see block_rows
BLOCK_BYTES = 1 << 22  # bytes of X per block: see block_rows
MIN_ROWS = 256
# Threads over row blocks are off by default: on a quiet 2-core machine no measured size gained from
# them and the two-feature sets lost up to 45 % (README, "Engine step"). Lower this to turn them on.
THREAD_MIN_VALUES = 1 << 62


def block_rows(values_per_row: int, n_features: int, itemsize: int) -> int:
    """Rows per block, at least MIN_ROWS, with at most BLOCK_VALUES bytes of z and BLOCK_BYTES of X.

    Each temporary (64 KiB) stays under glibc's 128 KiB mmap threshold, so it comes from the heap
    instead of fresh pages faulted in at every block (float64 blocks of 16,384 rows took 2-10x
    longer a row than blocks of 8,192). X's block is at most 4 MiB: 1 MiB blocks (334 rows at 784
    features) made a 60,000 x 784 step 1.6x slower than 4 MiB ones, which matched the one-pass
    code before blocks were sized in bytes (72 and 78 steps/s against 45), and were no faster
    elsewhere on a quiet machine."""
    by_values = BLOCK_VALUES // (values_per_row * itemsize)
    return max(MIN_ROWS, min(by_values, BLOCK_BYTES // (n_features * itemsize)))


def workers_for(values: int) -> int:
    """Threads for an evaluation holding ``values`` numbers of z in all (rows times values per
    row): one below THREAD_MIN_VALUES, else one per core (at most 4)."""
    return 1 if values < THREAD_MIN_VALUES else min(4, os.cpu_count() or 1)


@lru_cache(maxsize=1)
def _pool() -> ThreadPoolExecutor:
    """The worker threads, made once per process on first use; they only ever run blocks, never
    submit work of their own, so a busy pool queues and cannot deadlock."""
    return ThreadPoolExecutor(min(4, os.cpu_count() or 1), thread_name_prefix="gdviz-blocks")


def map_blocks(fn: Callable[[int], R], starts: Sequence[int], workers: int) -> list[R]:
    """[fn(start) for start in starts], with the starts cut into ``workers`` contiguous runs
    that run at the same time (the first on the calling thread); results in block order."""
    n = len(starts)
    workers = max(1, min(workers, n))
    if workers == 1:
        return [fn(start) for start in starts]
    def run(starts: Sequence[int]) -> list[R]:
        return [fn(start) for start in starts]

    runs = [starts[k * n // workers : (k + 1) * n // workers] for k in range(workers)]
    futures = [_pool().submit(run, part) for part in runs[1:]]
    results = run(runs[0])
    for future in futures:
        results.extend(future.result())
    return results
