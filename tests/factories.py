"""Seeded test data and models."""

from __future__ import annotations

import numpy as np

from app.engine.training.losses import CLASSIFICATION_LOSSES, REGRESSION_LOSSES
from app.engine.training.models import Model
from app.engine.training.registry import make_model

MODEL_CASES = [("logistic", 2), ("softmax", 3), ("linear", 0)]  # n_classes 0: a real-valued target
LOSSES = list(CLASSIFICATION_LOSSES)  # every loss the engine has, from its registry


def losses_for(n_classes: int) -> list[str]:
    return list(REGRESSION_LOSSES) if n_classes == 0 else LOSSES


MODEL_LOSS_CASES = [(kind, n, loss) for kind, n in MODEL_CASES for loss in losses_for(n)]


def random_problem(kind: str, n_classes: int, m: int = 40, d: int = 3, seed: int = 0,
                   scale: float = 1.0) -> tuple[Model, np.ndarray, np.ndarray, np.ndarray]:
    """A model, X (m, d), encoded targets and a theta away from zero."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, d)) * scale
    if n_classes:
        y = np.arange(m) % n_classes
        rng.shuffle(y)
    else:
        y = rng.normal(size=m) * 2.0
    model = make_model(kind, d, n_classes)
    theta = rng.normal(size=model.n_params)
    return model, X, model.encode_targets(y), theta


def reject_constant(name: str) -> None:
    raise ValueError(f"JSON holds the non-standard constant {name}")


def run_async(coroutine_function) -> None:
    """Run an async test body to completion in a fresh event loop on its own thread:
    asyncio.run() refuses to start inside pytest-playwright's running loop (the browser
    tests' sync API keeps one open for the whole session)."""
    import asyncio
    import threading

    errors: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(coroutine_function())
        except BaseException as exc:  # noqa: BLE001 - handed back to the test's thread
            errors.append(exc)
    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
