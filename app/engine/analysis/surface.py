"""The loss on a 2-D slice of theta-space.

A slice is a centre c and two directions d1, d2 (each shape (p,)); the surface
is J(c + alpha d1 + beta d2) on a grid of (alpha, beta). Three kinds:

* ``coordinates``: d1 = e_i, d2 = e_j, so alpha, beta are offsets of two
  parameters (w and b on a 1-feature set, w1 and w2 on a 2-feature set).
* ``random``: Gaussian directions, filter-normalised (Li et al., 2018): each
  filter's slice of d is rescaled to the norm of the same slice of c (to 1
  where that is 0); d2 is then made orthogonal to d1.
* ``pca``: the first two principal directions of a trajectory (T, p) taken
  about the centre (by default its last point), unit length, so a
  high-dimensional path projects onto the plane with its explained variance.

The grid is evaluated in float32, in blocks of parameter vectors and of rows
sized to a memory budget, through the model's vectorised ``loss_many``; the
data term is a mean, so row blocks are summed weighted by their size. Where
the float32 value is below FLOAT32_TINY (a region of near-perfect fit, where
float32's exponent runs out and terms underflow to 0) that grid point is
evaluated again in float64, so no grid value is ever <= 0 while the true loss
is representable (above about 1e-308).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from app.engine.errors import UserError
from app.engine.training.cancel import NEVER, CancelToken
from app.engine.training.models import Model

Array = np.ndarray

DEFAULT_BUDGET_BYTES = 24 * 2**20  # per worker thread
FLOAT32_TINY = 1e-30  # float32 values below this are computed again in float64 (normal floor: 1.2e-38)


@dataclass(frozen=True)
class Slice:
    kind: str
    center: Array
    d1: Array
    d2: Array
    labels: tuple[str, str]
    explained_variance: tuple[float, float] | None = None

    def project(self, thetas: Array) -> Array:
        """(T, p) parameter vectors -> (T, 2) slice coordinates (least squares)."""
        thetas = np.atleast_2d(thetas)
        if thetas.shape[0] == 0 or thetas.size == 0:
            return np.empty((0, 2))
        basis = np.column_stack([self.d1, self.d2])
        coords, *_ = np.linalg.lstsq(basis, (np.atleast_2d(thetas) - self.center).T, rcond=None)
        return coords.T

    def points(self, alphas: Array, betas: Array) -> Array:
        """Parameter vectors for the grid, shape (len(betas) * len(alphas), p), row-major
        in beta (the grid's rows), then alpha."""
        a, b = np.meshgrid(alphas, betas)
        return self.center + a.reshape(-1, 1) * self.d1 + b.reshape(-1, 1) * self.d2


def coordinate_slice(model: Model, center: Array, i: int, j: int) -> Slice:
    p = model.n_params
    if not (0 <= i < p and 0 <= j < p) or i == j:
        raise UserError(f"coordinates must be two different indices in 0..{p - 1}")
    d1, d2 = np.zeros(p), np.zeros(p)
    d1[i] = d2[j] = 1.0
    names = model.param_names
    return Slice("coordinates", np.asarray(center, float), d1, d2, (names[i], names[j]))


def _filter_normalise(model: Model, direction: Array, center: Array) -> Array:
    out = direction.copy()
    for idx in model.filters:
        target = np.linalg.norm(center[idx])
        norm = np.linalg.norm(out[idx])
        if norm > 0:
            out[idx] *= (target if target > 0 else 1.0) / norm
    return out


def random_slice(model: Model, center: Array, seed: int = 0) -> Slice:
    center = np.asarray(center, float)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 4]))
    d1 = _filter_normalise(model, rng.normal(size=model.n_params), center)
    d2 = _filter_normalise(model, rng.normal(size=model.n_params), center)
    norm2 = np.linalg.norm(d2)
    d2 = d2 - (d2 @ d1) / (d1 @ d1) * d1
    d2 *= norm2 / max(float(np.linalg.norm(d2)), 1e-300)
    return Slice("random", center, d1, d2, ("random direction 1", "random direction 2"))


def pca_slice(trajectory: Array, center: Array | None = None, seed: int = 0) -> Slice:
    """Principal directions of the trajectory's offsets from ``center``."""
    trajectory = np.atleast_2d(np.asarray(trajectory, float))
    if trajectory.shape[0] < 2:
        raise UserError("a PCA slice needs a trajectory of at least 2 points")
    center = trajectory[-1] if center is None else np.asarray(center, float)
    offsets = trajectory - center
    _, s, vt = np.linalg.svd(offsets, full_matrices=False)
    variance = s**2
    total = variance.sum()
    basis = [v for v, var in zip(vt, variance, strict=False) if var > 1e-24 * max(total, 1e-300)]
    rng = np.random.default_rng(np.random.SeedSequence([seed, 5]))
    while len(basis) < 2:  # a straight (or still) path: complete with orthogonal directions
        v = rng.normal(size=center.size)
        for b in basis:
            v -= (v @ b) * b
        basis.append(v / np.linalg.norm(v))
    ratios = variance / total if total > 0 else np.zeros_like(variance)
    explained = (float(ratios[0]) if ratios.size else 0.0, float(ratios[1]) if ratios.size > 1 else 0.0)
    return Slice("pca", center, basis[0], basis[1], ("PC1", "PC2"), explained)


@lru_cache(maxsize=1)
def _blas() -> object:
    """threadpoolctl's view of the BLAS libraries NumPy loaded (made once: about 0.3 ms)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread() -> AbstractContextManager[object]:
    """BLAS on one thread for the duration: the surface's workers already use the cores, and
    OpenBLAS's own threads on top of them contend (a 100 x 100 logistic grid on 1e4 rows took
    0.93 s with them and 0.44 s without, median of 5, on two cores). The limit is the process's
    while it lasts, so work running beside the surface meanwhile runs its BLAS on one thread too."""
    return _blas().limit(limits=1, user_api="blas")  # type: ignore[attr-defined]


def loss_surface(
    model: Model,
    X: Array,
    t: Array,
    loss: str,
    l2: float,
    plane: Slice,
    alphas: Array,
    betas: Array,
    budget_bytes: int = DEFAULT_BUDGET_BYTES,
    workers: int = 2,
    cancel: CancelToken = NEVER,
) -> Array:
    """J over the grid, shape (len(betas), len(alphas)); entry [r, c] is at
    (alphas[c], betas[r]), the layout Plotly's contour takes as z.

    Computed in float32 (seven digits are plenty for a picture), in blocks of
    grid points and rows sized to ``budget_bytes`` per worker thread; the blocks
    are large, so NumPy releases the GIL for most of each and threads use the cores.
    ``cancel`` is checked between blocks.
    """
    # float32 unless the data would overflow it (features near 1e300 stay float64)
    dtype = np.float32 if X.size == 0 or float(np.max(np.abs(X))) < 1e30 else np.float64
    X32 = np.ascontiguousarray(X, dtype=dtype)
    t32 = np.ascontiguousarray(t, dtype=dtype)
    m = X.shape[0]
    outputs = model.values_per_row
    bytes_per_value = X32.itemsize * 6  # z and the loss's temporaries, per row, output and grid point
    rows = max(1, min(m, budget_bytes // (bytes_per_value * outputs)))
    chunk = max(1, budget_bytes // (X32.itemsize * model.n_params + bytes_per_value * rows * outputs))
    a, b = np.meshgrid(alphas, betas)
    a, b = a.ravel(), b.ravel()
    out = np.empty(a.size)

    def data_term(thetas: Array, X_: Array, t_: Array) -> Array:
        total = np.zeros(len(thetas))
        with np.errstate(all="ignore"):
            for first in range(0, m, rows):  # the loss is a mean: sum row blocks weighted by size
                cancel.check()
                block = slice(first, first + rows)
                size = X_[block].shape[0]
                total += model.loss_many(thetas, X_[block], t_[block], loss, 0.0) * size
        return total / m

    def fill(start: int) -> None:
        stop = start + chunk
        thetas = plane.center + a[start:stop, None] * plane.d1 + b[start:stop, None] * plane.d2
        values = data_term(thetas, X32, t32)
        tiny = values < FLOAT32_TINY
        if dtype == np.float32 and tiny.any():
            values[tiny] = data_term(thetas[tiny], np.asarray(X, np.float64), np.asarray(t, np.float64))
        out[start:stop] = values + model.penalty_many(thetas, l2)

    starts = range(0, a.size, chunk)
    if workers > 1 and len(starts) > 1:
        with one_blas_thread(), ThreadPoolExecutor(min(workers, len(starts))) as pool:
            list(pool.map(fill, starts))
    else:
        for start in starts:
            fill(start)
    return out.reshape(len(betas), len(alphas))


def auto_span(plane: Slice, path: Array | None) -> float:
    """Half-width of the grid: the path's reach plus a margin, else a default per kind."""
    if path is not None and len(path):
        reach = float(np.max(np.abs(path)))
        if reach > 0:
            return 1.25 * reach
    return 1.0 if plane.kind == "random" else 3.0


@dataclass(frozen=True)
class Optimum:
    """The closed-form minimiser theta* (p,), its place on a slice and how far off the plane it lies."""

    params: Array
    point: Array  # (2,): (alpha, beta) of theta*'s projection onto the slice
    loss: float
    off_plane: float
    method: str  # least_squares or ridge


def row_subset(m: int, rows: int | None, seed: int) -> Array | None:
    """Sorted indices of a seeded random subset of ``rows`` of the m training rows, or None (all
    of them) when ``rows`` is None or at least m. J on the subset is an unbiased estimate of J."""
    if rows is None or rows >= m:
        return None
    return np.sort(np.random.default_rng(np.random.SeedSequence([seed, 6])).choice(m, rows, replace=False))


def optimum(model: Model, X: Array, t: Array, loss: str, l2: float, plane: Slice) -> Optimum | None:
    """Where the model's closed form (linear least squares or ridge) puts the minimum of J,
    projected onto ``plane``; None where there is no closed form."""
    theta = model.closed_form(X, t, loss, l2)
    if theta is None or not np.all(np.isfinite(theta)):
        return None
    point = plane.project(theta)[0]
    off = float(np.linalg.norm(theta - (plane.center + point[0] * plane.d1 + point[1] * plane.d2)))
    return Optimum(theta, point, model.loss_value(theta, X, t, loss, l2), off, "ridge" if l2 else "least_squares")
