"""Seeded test data and models."""

from __future__ import annotations

import numpy as np

from app.engine.training.models import Model
from app.engine.training.registry import make_model

MODEL_CASES = [("logistic", 2), ("softmax", 3)]
LOSSES = ["cross_entropy", "mse"]


def random_problem(kind: str, n_classes: int, m: int = 40, d: int = 3, seed: int = 0,
                   scale: float = 1.0) -> tuple[Model, np.ndarray, np.ndarray, np.ndarray]:
    """A model, X (m, d), encoded targets and a theta away from zero."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, d)) * scale
    y = np.arange(m) % n_classes
    rng.shuffle(y)
    model = make_model(kind, d, n_classes)
    theta = rng.normal(size=model.n_params)
    return model, X, model.encode_targets(y), theta


def reject_constant(name: str) -> None:
    raise ValueError(f"JSON holds the non-standard constant {name}")
