"""Every loss the package finds, on every output layer it fits: its gradient against central
differences, its batched value, its stability, the maths panel's formulas against its stable code,
and its catalogue entry. A new loss module is tested here the moment it exists."""

import numpy as np
import pytest

from app.engine import catalogue
from app.engine.analysis.gradcheck import numerical_gradient
from app.engine.training.losses import LOSSES, REGISTRY, get_loss
from app.engine.training.numerics import sigmoid, softmax

KEYS = sorted(LOSSES)


def targets(output: str, m: int, rng: np.random.Generator) -> np.ndarray:
    if output == "sigmoid":
        return rng.integers(0, 2, m).astype(float)
    if output == "identity":
        return rng.normal(size=m) * 2.0
    return np.eye(4)[rng.integers(0, 4, m)]


def shape(output: str, *lead: int, m: int = 25) -> tuple[int, ...]:
    return (*lead, m, 4) if output == "softmax" else (*lead, m)


@pytest.mark.parametrize("key", KEYS)
def test_gradient_with_respect_to_z_matches_central_differences(key):
    form = LOSSES[key]
    rng = np.random.default_rng(1)
    size = shape(form.output)
    z, t = rng.normal(size=size) * 3, targets(form.output, 25, rng)
    value, dz = form.value_and_grad(z, t)
    numeric = numerical_gradient(lambda v: float(form.value(v.reshape(size), t)), z.ravel(), eps=1e-3, order=4)
    np.testing.assert_allclose(dz.ravel(), numeric, rtol=1e-6, atol=1e-11)
    assert value == pytest.approx(float(form.value(z, t)))


@pytest.mark.parametrize("key", KEYS)
def test_batched_value_equals_one_at_a_time(key):
    form = LOSSES[key]
    rng = np.random.default_rng(2)
    z, t = rng.normal(size=shape(form.output, 3, m=10)), targets(form.output, 10, rng)
    np.testing.assert_allclose(form.value(z, t), [form.value(z[i], t) for i in range(3)])


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("magnitude", [1e2, 1e4, 1e6])
def test_finite_for_huge_raw_predictions(key, magnitude):
    form = LOSSES[key]
    rng = np.random.default_rng(3)
    z, t = rng.choice([-magnitude, magnitude], size=shape(form.output, m=20)), targets(form.output, 20, rng)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value, dz = form.value_and_grad(z, t)
    assert np.isfinite(value) and np.all(np.isfinite(dz))


@pytest.mark.parametrize("key", KEYS)
def test_the_formulas_as_written_are_what_the_stable_code_computes(key):
    """The maths panel's per-row loss and m·∂J/∂z (textbook NumPy, beside its LaTeX) against the
    engine's stable value and gradient, where the textbook forms do not overflow."""
    form = LOSSES[key]
    rng = np.random.default_rng(4)
    z, t = rng.normal(size=shape(form.output)) * 2, targets(form.output, 25, rng)
    a = sigmoid(z) if form.output == "sigmoid" else softmax(z) if form.output == "softmax" else z
    rows, dz_rows = form.as_written(a, t)
    value, dz = form.value_and_grad(z, t)
    assert rows.shape == (25,) and dz_rows.shape == dz.shape
    assert float(rows.mean()) == pytest.approx(value, rel=1e-12)
    np.testing.assert_allclose(dz_rows / 25, dz, rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("name", list(REGISTRY))
def test_each_loss_is_in_the_catalogue_with_the_outputs_it_fits(name):
    loss = REGISTRY[name]
    entry = next(e for e in catalogue.entries()["losses"] if e.name == name)
    assert entry.belongs_to == loss.outputs and set(loss.outputs) <= {"sigmoid", "softmax", "identity"}
    assert {key for key in LOSSES if key[0] == name} == {(name, output) for output in loss.outputs}
    assert loss.label and loss.words and loss.short and loss.description
    assert all(form.data_term and form.dz for form in loss.forms)
    json = entry.as_json()
    assert (json["short"], json["words"], json["kink"]) == (loss.short, loss.words, loss.kink)


def test_the_menus_keep_their_order():
    assert catalogue.names("losses")[:4] == ("cross_entropy", "mse", "mae", "huber")


def test_unknown_loss_is_named():
    with pytest.raises(ValueError, match="hinge"):
        get_loss("hinge", "sigmoid")


@pytest.mark.parametrize(("name", "output", "words"), [
    ("cross_entropy", "identity", "needs class labels.*mse, mae, huber"),
    ("mae", "sigmoid", "regression loss.*cross_entropy, mse"),
    ("hinge", "softmax", "unknown loss 'hinge'"),
])
def test_a_loss_that_does_not_fit_the_output_says_which_do(name, output, words):
    with pytest.raises(ValueError, match=words):
        get_loss(name, output)
