"""Losses on the raw prediction z, one module each, with its gradient dL/dz written beside it.

Three output kinds share one vocabulary:

* ``sigmoid`` (binary): z has shape (..., m), targets t has shape (m,) with
  values in {0, 1}; a = sigmoid(z) is P(y = 1 | x).
* ``softmax`` (K classes): z has shape (..., m, K), targets T is one-hot with
  shape (m, K); p = softmax(z).
* ``identity`` (regression): z has shape (..., m) and is the prediction y-hat
  itself; targets t are real numbers, shape (m,); r = z - t.

Cross-entropy needs a probability, so it has no identity form: regression goes with MSE (or its
robust cousins), classification with cross-entropy. Leading ``...`` axes let the loss-surface code
evaluate many parameter vectors at once; training uses the plain shapes. Every loss is a mean over
the m samples, and its gradient is returned already divided by m. Each loss's module writes its
forms out (cross_entropy.py, mse.py, mae.py, huber.py, ...).

Exact at the extremes, with no cancellation anywhere:

* For a 0/1 target, log(1 + e^z) - t z equals softplus(s) with the signed
  margin s = (1 - 2t) z (s < 0: the sample is on the right side). softplus(s) =
  max(s, 0) + log1p(e^-|s|) adds two non-negative terms, so a loss of 1e-22
  keeps all its digits (the textbook form subtracts two numbers near 50).
  |a - t| = sigmoid(s) likewise: never 1 - (something near 1).
* For softmax, r = sum over the classes other than the largest logit of
  e^(z_k - z_max), so log sum_k e^(z_k - z_max) = log1p(r) stays exact when the
  winning class takes nearly all the probability; and 1 - p_y is summed from
  the other classes' p_k instead of being subtracted from 1.

A loss is one module here that declares ``LOSS`` (record.py): the package finds it, and the
catalogue, the schemas, the menus, the readout and the maths panel take it from there.
"""

from __future__ import annotations

import importlib
import pkgutil

from app.engine.errors import UserError
from app.engine.params import Entry
from app.engine.training.losses.record import Form, Loss


def _found() -> dict[str, Loss]:
    """Every module of this package that declares a LOSS, in menu order."""
    found = []
    for module in pkgutil.iter_modules(__path__):
        loss = getattr(importlib.import_module(f"{__name__}.{module.name}"), "LOSS", None)
        if isinstance(loss, Loss):
            found.append(loss)
    return {loss.name: loss for loss in sorted(found, key=lambda loss: (loss.order, loss.name))}


REGISTRY = _found()  # name -> Loss
LOSSES: dict[tuple[str, str], Form] = {(loss.name, form.output): form for loss in REGISTRY.values()
                                       for form in loss.forms}
LOSS_NAMES = tuple(REGISTRY)
CLASSIFICATION_LOSSES = tuple(name for name, loss in REGISTRY.items() if "sigmoid" in loss.outputs)
REGRESSION_LOSSES = tuple(name for name, loss in REGISTRY.items() if "identity" in loss.outputs)


def entries() -> list[Entry]:
    """The losses as the catalogue lists them."""
    return [loss.entry() for loss in REGISTRY.values()]


def get_loss(name: str, output: str) -> Form:
    """The loss called ``name`` for an output layer of kind ``output``."""
    try:
        return LOSSES[(name, output)]
    except KeyError:
        pass
    fits = [loss.name for loss in REGISTRY.values() if output in loss.outputs]
    if name not in REGISTRY:
        raise UserError(f"unknown loss {name!r}; choose one of {', '.join(fits)}")
    if output == "identity":
        raise UserError(f"{name} needs class labels, but this target is a real number (regression): "
                        f"choose one of {', '.join(fits)}")
    raise UserError(f"{name} is a regression loss, but this model outputs class probabilities: "
                    f"choose one of {', '.join(fits)}")
