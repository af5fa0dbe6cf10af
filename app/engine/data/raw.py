"""A table before it is split: what a built-in set's generator or loader, or an upload's recipe, makes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.engine.params import Task

Array = np.ndarray


@dataclass(frozen=True)
class RawData:
    """A table before splitting: X (m, d) float64, y (m,) int labels 0..K-1 (regression:
    float64 targets, and no class names)."""

    X: Array
    y: Array
    feature_names: list[str]
    class_names: list[str]
    description: str = ""
    task: Task = "classification"
    target_name: str = "y"
