"""The playground's "maths being run" panel (templates/maths.html, static/js/playground/maths.js): one
case per model, output layer and loss the engine allows, each written as the engine computes it
(every loss a mean over the m rows, MSE with its 1/2, the L2 term λ/2 on the weights only, never an
intercept, θ = weights then intercepts). The loss's own terms come from its record
(app.engine.training.losses): a new loss is in the panel when its module is.

FORMULAS["run.<model>.<output>.<loss>.<part>"], part one of RUN_PARTS; a part of several lines is an
array, a line each, so a formula stays narrow enough for a phone. FORMULAS["data.<set>"]: how a built-in
data set's rows are made, from its record's ``formula`` (app.engine.data.sets): a new set is in the
panel when its module is."""

from __future__ import annotations

from typing import NamedTuple

from app.engine.data.sets import REGISTRY as SETS
from app.engine.training.losses import REGISTRY
from app.engine.training.losses.record import Form
from app.web.mathml import FORMULAS

RUN_OUTPUTS = {"logistic": ("sigmoid",), "softmax": ("softmax",), "linear": ("identity",),
               "mlp": ("sigmoid", "softmax", "identity")}  # a network's output follows the data's task
RUN_CASES = tuple((model, output, loss.name) for model, outputs in RUN_OUTPUTS.items() for output in outputs
                  for loss in REGISTRY.values() if output in loss.outputs)
RUN_PARTS = ("output", "cost", "gradient")
MODEL_TITLES = {"logistic": "Logistic regression", "softmax": "Softmax regression", "linear": "Linear regression",
                "mlp": "Neural network"}
OUTPUT_WORDS = {"sigmoid": "sigmoid output", "softmax": "softmax output", "identity": "identity output"}


class Case(NamedTuple):
    model: str
    output: str
    loss: str
    title: str  # "Neural network (softmax output) with cross-entropy"


def cases() -> list[Case]:
    """The panel's cases, in menu order, each with its title."""
    return [Case(model, output, loss, f"{MODEL_TITLES[model]}"
                 f"{f' ({OUTPUT_WORDS[output]})' if model == 'mlp' else ''} with {REGISTRY[loss].words}")
            for model, output, loss in RUN_CASES]


class DataCase(NamedTuple):
    name: str
    label: str


def data_cases() -> list[DataCase]:
    """The built-in data sets whose rows the panel can state, in menu order."""
    return [DataCase(s.name, s.label) for s in SETS.values() if s.formula]


_Y = {"sigmoid": r"y^{(i)}\in\{0,1\}",
      "softmax": r"y_k^{(i)} = [\,y^{(i)} = k\,]\ \ (\text{one-hot, classes } k = 0,\dots,K-1)",
      "identity": r"y^{(i)}\in\mathbb{R}"}
_LINEAR_Z = r"z^{(i)} = w^T x^{(i)} + b = \sum_{j=1}^{d} w_j x_j^{(i)} + b"
_LINEAR_THETA = r"\theta = (w_1,\dots,w_d,\ b)"
_SQUASH = {"sigmoid": r"h^{(i)} = \sigma\left(z^{(i)}\right) = \frac{1}{1+e^{-z^{(i)}}}",
           "softmax": r"p_k^{(i)} = \frac{e^{z_k^{(i)}}}{\sum_{c=0}^{K-1} e^{z_c^{(i)}}}",
           "identity": r"\hat y^{(i)} = z^{(i)}"}
_OUTPUT = {
    "logistic": [_LINEAR_Z, _SQUASH["sigmoid"], _LINEAR_THETA],
    "linear": [_LINEAR_Z, _SQUASH["identity"], _LINEAR_THETA],
    "softmax": [r"z_k^{(i)} = \sum_{j=1}^{d} x_j^{(i)} W_{j,k} + b_k", _SQUASH["softmax"],
                r"\theta = (W_{1,0},W_{1,1},\dots,W_{d,K-1},\ b_0,\dots,b_{K-1})"],
}
_MLP_FORWARD = [r"Z_l = A_{l-1}W_l + b_l,\quad A_l = g(Z_l)", r"l = 1,\dots,L,\quad A_0 = X",
                r"z = A_L W_{L+1} + b_{L+1},\quad z^{(i)} = \text{row } i \text{ of } z"]
_MLP_THETA = r"\theta = (W_1,\dots,W_{L+1},\ b_1,\dots,b_{L+1})"
_PENALTY = {"logistic": r"\frac{\lambda}{2}\sum_{j=1}^{d} w_j^2",
            "linear": r"\frac{\lambda}{2}\sum_{j=1}^{d} w_j^2",
            "softmax": r"\frac{\lambda}{2}\sum_{j=1}^{d}\sum_{k=0}^{K-1} W_{j,k}^2",
            "mlp": r"\frac{\lambda}{2}\sum_{l=1}^{L+1}\lVert W_l\rVert^2"}


def _array(lines: list[str]) -> str:
    return lines[0] if len(lines) == 1 else r"\begin{array}{l}" + r" \\ ".join(lines) + r"\end{array}"


def _gradient(model: str, form: Form) -> list[str]:
    dz, where = form.dz, [form.dz_where] if form.dz_where else []
    mean = r"\frac{1}{m}\sum_{i=1}^{m}"
    if model in ("logistic", "linear"):
        return [rf"\frac{{\partial J}}{{\partial w_j}} = {mean} {dz}\,x_j^{{(i)}} + \lambda w_j",
                rf"\frac{{\partial J}}{{\partial b}} = {mean} {dz}", *where]
    if model == "softmax":
        return [rf"\frac{{\partial J}}{{\partial W_{{j,k}}}} = {mean} {dz}\,x_j^{{(i)}} + \lambda W_{{j,k}}",
                rf"\frac{{\partial J}}{{\partial b_k}} = {mean} {dz}", *where]
    row = r"z_k^{(i)}" if form.output == "softmax" else r"z^{(i)}"
    return [rf"\frac{{\partial J}}{{\partial {row}}} = \frac{{1}}{{m}}{dz}", *where,
            r"dZ_{L+1} = \frac{\partial J}{\partial z}",
            r"dZ_l = \left(dZ_{l+1}W_{l+1}^T\right)\odot g'(Z_l)\quad (l = L,\dots,1)",
            r"\frac{\partial J}{\partial W_l} = A_{l-1}^T\,dZ_l + \lambda W_l,\quad "
            r"\frac{\partial J}{\partial b_l} = \sum_{i=1}^{m} dZ_l^{(i)}"]


def _run_formulas() -> dict[str, str]:
    out = {}
    for model, output, loss in RUN_CASES:
        form, name = REGISTRY[loss].forms[REGISTRY[loss].outputs.index(output)], f"run.{model}.{output}.{loss}"
        lines = _OUTPUT[model] if model != "mlp" else [*_MLP_FORWARD, _SQUASH[output], _MLP_THETA]
        out[f"{name}.output"] = _array(lines)
        where = [form.data_where] if form.data_where else []
        cost = [rf"J(\theta) = {form.data_term}", rf"\qquad + {_PENALTY[model]}", *where, _Y[output]]
        out[f"{name}.cost"] = _array(cost)
        out[f"{name}.gradient"] = _array(_gradient(model, form))
    out.update({f"data.{s.name}": _array(list(s.formula)) for s in SETS.values() if s.formula})
    return out


FORMULAS.update(_run_formulas())
