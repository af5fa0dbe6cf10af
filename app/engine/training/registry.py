"""Model names as the API and the pages send them -> model classes."""

from __future__ import annotations

from app.engine.errors import UserError
from app.engine.training.linear_models import LinearRegression, LogisticRegression, SoftmaxRegression
from app.engine.training.mlp import Network
from app.engine.training.models import Model

MODELS: dict[str, type[Model]] = {
    LogisticRegression.kind: LogisticRegression,
    SoftmaxRegression.kind: SoftmaxRegression,
    LinearRegression.kind: LinearRegression,
    Network.kind: Network,
}


def make_model(kind: str, n_features: int, n_classes: int, **options: object) -> Model:
    """The model registered as ``kind`` for data with these dimensions; ``options``
    are the model's own (hidden and activation for mlp). ``n_classes`` is 0 for a real-valued target."""
    try:
        cls = MODELS[kind]
    except KeyError:
        raise UserError(f"unknown model {kind!r}; choose one of {', '.join(MODELS)}") from None
    return cls(n_features, n_classes, **options)
