"""The source articles' formulas as MathML, rendered on the server by latex2mathml: no
JavaScript maths library. ``formula(name)`` is a Jinja global."""

from __future__ import annotations

from functools import cache

from latex2mathml.converter import convert
from markupsafe import Markup

from app.engine.training.losses import HUBER_DELTA, LOSSES

FORMULAS = {
    "cost": r"J(\theta) = -\frac{1}{m}\sum_{i=1}^{m}\left[y^{(i)}\log h_\theta(x^{(i)}) + "
            r"(1-y^{(i)})\log\left(1-h_\theta(x^{(i)})\right)\right]",
    "hypothesis": r"h_\theta(x) = \sigma(\theta^T x) = \frac{1}{1+e^{-\theta^T x}}",
    "gradient": r"\frac{\partial J}{\partial \theta_j} = \frac{1}{m}\sum_{i=1}^{m}"
                r"\left(h_\theta(x^{(i)}) - y^{(i)}\right)x_j^{(i)}",
    "update": r"\theta_j := \theta_j - \alpha\frac{\partial J}{\partial \theta_j}",
    "sigmoid": r"\sigma(z) = \frac{1}{1+e^{-z}},\quad \sigma'(z) = \sigma(z)\left(1-\sigma(z)\right)",
    "mse": r"L = \frac{1}{2}(a-y)^2,\quad \frac{\partial L}{\partial z} = (a-y)\,a(1-a)",
    "ce": r"L = -\left[y\log a + (1-y)\log(1-a)\right],\quad \frac{\partial L}{\partial z} = a-y",
    "softmax": r"p_k = \frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}",
    "softmax_ce": r"L = -\sum_{k=1}^{K} y_k \log p_k,\quad \frac{\partial L}{\partial z_k} = p_k - y_k",
    "chain": r"\frac{\partial L}{\partial w} = \frac{\partial L}{\partial a}\cdot"
             r"\frac{\partial a}{\partial z}\cdot\frac{\partial z}{\partial w}",
    "da": r"da = \frac{\partial L}{\partial a} = -\frac{y}{a} + \frac{1-y}{1-a}",
    "dz": r"dz = \frac{\partial L}{\partial z} = da\cdot a(1-a) = a - y",
    "dw": r"dw_j = \frac{\partial L}{\partial w_j} = x_j\,dz,\quad db = dz",
    "mlp_forward": r"Z_1 = XW_1 + b_1,\quad A_1 = g(Z_1),\quad z = A_1W_2 + b_2",
    "mlp_backward": r"dW_2 = A_1^T dz,\quad dZ_1 = (dz\,W_2^T)\odot g'(Z_1),\quad dW_1 = X^T dZ_1",
    "entropy": r"H(p) = -\sum_k p_k\log_2 p_k",
    "cross_entropy": r"H(p,q) = -\sum_k p_k\log_2 q_k",
    "kl": r"D_{KL}(p\,\|\,q) = \sum_k p_k\log_2\frac{p_k}{q_k} = H(p,q) - H(p)",
    "margin": r"m = y\,f(x),\quad y\in\{-1,+1\}",
    "relu": r"\mathrm{relu}(z) = \max(0,z),\quad \mathrm{relu}'(z) = [z>0]",
    "tanh": r"\tanh'(z) = 1-\tanh^2(z)",
    "gradcheck": r"\text{error}_i = \frac{|g_i - \hat g_i|}{\max\left(|g_i|,\ |\hat g_i|,\ "
                 r"10^{-3}\max_k |g_k|,\ 10\,\text{noise}\right)}",
    "central": r"\hat g_i = \frac{-J(\theta+2h e_i) + 8J(\theta+h e_i) - 8J(\theta-h e_i) + "
               r"J(\theta-2h e_i)}{12h}",
    "vanishing": r"\delta_l = \left(W_{l+1}^T\delta_{l+1}\right)\odot g'(z_l),\quad \sigma'(z)\le\frac{1}{4}",
}


# --- The maths being run (templates/maths.html) ------------------------------------------------------
# One case per model, output layer and loss the engine allows, each written as the engine computes it
# (app/engine/training/losses.py, models.py, mlp.py): every loss a mean over the m rows, MSE with its 1/2,
# the L2 term lambda/2 on the weights only (never an intercept), theta = weights then intercepts.
# FORMULAS["run.<model>.<output>.<loss>.<part>"], part one of RUN_PARTS; a part of several lines is an
# array, a line each, so a formula stays narrow enough for a phone.

RUN_OUTPUTS = {"logistic": ("sigmoid",), "softmax": ("softmax",), "linear": ("identity",),
               "mlp": ("sigmoid", "softmax", "identity")}  # a network's output follows the data's task
RUN_CASES = tuple((model, output, loss) for model, outputs in RUN_OUTPUTS.items() for output in outputs
                  for loss, fits in LOSSES if fits == output)
RUN_PARTS = ("output", "cost", "gradient")

_Y = {"sigmoid": r"y^{(i)}\in\{0,1\}",
      "softmax": r"y_k^{(i)} = [\,y^{(i)} = k\,]\ \ (\text{one-hot, classes } k = 0,\dots,K-1)",
      "identity": r"y^{(i)}\in\mathbb{R}"}
_DATA_TERM = {  # J's data term: the mean of the loss over the rows
    ("cross_entropy", "sigmoid"): r"-\frac{1}{m}\sum_{i=1}^{m}\left[y^{(i)}\log h^{(i)} + "
                                  r"\left(1-y^{(i)}\right)\log\left(1-h^{(i)}\right)\right]",
    ("mse", "sigmoid"): r"\frac{1}{2m}\sum_{i=1}^{m}\left(h^{(i)} - y^{(i)}\right)^2",
    ("cross_entropy", "softmax"): r"-\frac{1}{m}\sum_{i=1}^{m}\sum_{k=0}^{K-1} y_k^{(i)}\log p_k^{(i)}",
    ("mse", "softmax"): r"\frac{1}{2m}\sum_{i=1}^{m}\sum_{k=0}^{K-1}\left(p_k^{(i)} - y_k^{(i)}\right)^2",
    ("mse", "identity"): r"\frac{1}{2m}\sum_{i=1}^{m}\left(\hat y^{(i)} - y^{(i)}\right)^2",
    ("mae", "identity"): r"\frac{1}{m}\sum_{i=1}^{m}\left|\hat y^{(i)} - y^{(i)}\right|",
    ("huber", "identity"): r"\frac{1}{m}\sum_{i=1}^{m} H_\delta\left(\hat y^{(i)} - y^{(i)}\right)",
}
_DATA_WHERE = {
    ("huber", "identity"): rf"H_\delta(r) = \begin{{cases}}\frac{{1}}{{2}}r^2 & |r|\le\delta\\ "
                           rf"\delta\left(|r| - \frac{{1}}{{2}}\delta\right) & |r|>\delta\end{{cases}},"
                           rf"\quad \delta = {HUBER_DELTA:g}",
}
_DZ = {  # m dJ/dz for one row: what the loss sends back into the model
    ("cross_entropy", "sigmoid"): r"\left(h^{(i)} - y^{(i)}\right)",
    ("mse", "sigmoid"): r"\left(h^{(i)} - y^{(i)}\right)h^{(i)}\left(1-h^{(i)}\right)",
    ("cross_entropy", "softmax"): r"\left(p_k^{(i)} - y_k^{(i)}\right)",
    ("mse", "softmax"): r"p_k^{(i)}\left(g_k^{(i)} - \sum_{c=0}^{K-1} p_c^{(i)} g_c^{(i)}\right)",
    ("mse", "identity"): r"\left(\hat y^{(i)} - y^{(i)}\right)",
    ("mae", "identity"): r"\operatorname{sign}\left(\hat y^{(i)} - y^{(i)}\right)",
    ("huber", "identity"): r"\operatorname{clip}\left(\hat y^{(i)} - y^{(i)},\,-\delta,\,\delta\right)",
}
_DZ_WHERE = {
    ("mse", "softmax"): r"g_k^{(i)} = p_k^{(i)} - y_k^{(i)}",
    ("mae", "identity"): r"\operatorname{sign}(r) \in \{-1, 0, 1\},\quad \operatorname{sign}(0) = 0",
}
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


def _gradient(model: str, key: tuple[str, str]) -> list[str]:
    dz, where = _DZ[key], [_DZ_WHERE[key]] if key in _DZ_WHERE else []
    mean = r"\frac{1}{m}\sum_{i=1}^{m}"
    if model in ("logistic", "linear"):
        return [rf"\frac{{\partial J}}{{\partial w_j}} = {mean} {dz}\,x_j^{{(i)}} + \lambda w_j",
                rf"\frac{{\partial J}}{{\partial b}} = {mean} {dz}", *where]
    if model == "softmax":
        return [rf"\frac{{\partial J}}{{\partial W_{{j,k}}}} = {mean} {dz}\,x_j^{{(i)}} + \lambda W_{{j,k}}",
                rf"\frac{{\partial J}}{{\partial b_k}} = {mean} {dz}", *where]
    row = r"z_k^{(i)}" if key[1] == "softmax" else r"z^{(i)}"
    return [rf"\frac{{\partial J}}{{\partial {row}}} = \frac{{1}}{{m}}{dz}", *where,
            r"dZ_{L+1} = \frac{\partial J}{\partial z}",
            r"dZ_l = \left(dZ_{l+1}W_{l+1}^T\right)\odot g'(Z_l)\quad (l = L,\dots,1)",
            r"\frac{\partial J}{\partial W_l} = A_{l-1}^T\,dZ_l + \lambda W_l,\quad "
            r"\frac{\partial J}{\partial b_l} = \sum_{i=1}^{m} dZ_l^{(i)}"]


def _run_formulas() -> dict[str, str]:
    out = {}
    for model, output, loss in RUN_CASES:
        key, name = (loss, output), f"run.{model}.{output}.{loss}"
        lines = _OUTPUT[model] if model != "mlp" else [*_MLP_FORWARD, _SQUASH[output], _MLP_THETA]
        out[f"{name}.output"] = _array(lines)
        where = [_DATA_WHERE[key]] if key in _DATA_WHERE else []
        cost = [rf"J(\theta) = {_DATA_TERM[key]}", rf"\qquad + {_PENALTY[model]}", *where, _Y[output]]
        out[f"{name}.cost"] = _array(cost)
        out[f"{name}.gradient"] = _array(_gradient(model, key))
    return out


FORMULAS.update(_run_formulas())


@cache
def mathml(latex: str, block: bool = True) -> Markup:
    """LaTeX -> MathML markup (latex2mathml escapes the text it emits)."""
    return Markup(convert(latex, display="block" if block else "inline"))


def formula(name: str, block: bool = True) -> Markup:
    return mathml(FORMULAS[name], block)


def _num(v: float | None) -> str:
    """A number as LaTeX, 4 significant digits: 1.5e-07 -> 1.5\times 10^{-7}."""
    if v is None:
        return r"\text{undefined}"
    text = f"{v:.4g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return rf"{mantissa}\times 10^{{{int(exponent)}}}"


def chain_rule_values(v: dict) -> list[Markup]:
    """The chain rule for one sample, with its numbers plugged in."""
    terms = " + ".join(f"({_num(w)})({_num(x)})" for w, x in zip(v["w"], v["x"], strict=True))
    dw = r",\ ".join(f"dw_{j + 1} = ({_num(x)})({_num(v['dz'])}) = {_num(g)}"
                     for j, (x, g) in enumerate(zip(v["x"], v["dw"], strict=True)))
    a, y, not_y = _num(v["a"]), v["y"], 1 - v["y"]
    lines = [
        rf"z = w\cdot x + b = {terms} + ({_num(v['b'])}) = {_num(v['z'])}",
        rf"a = \sigma(z) = \sigma({_num(v['z'])}) = {a}",
        rf"L = -\left[{y}\log({a}) + {not_y}\log(1-{a})\right] = {_num(v['loss'])}",
        rf"da = -\frac{{{y}}}{{{a}}} + \frac{{{not_y}}}{{1-{a}}} = {_num(v['da'])}",
        rf"dz = a - y = {a} - {y} = {_num(v['dz'])}",
        dw + rf",\ db = dz = {_num(v['db'])}",
    ]
    return [Markup(convert(line, display="block")) for line in lines]
