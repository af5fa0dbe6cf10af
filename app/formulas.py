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
    "entropy": r"H(p) = -\sum_k p_k\ln p_k",
    "cross_entropy": r"H(p,q) = -\sum_k p_k\ln q_k",
    "kl": r"D_{KL}(p\,\|\,q) = \sum_k p_k\ln\frac{p_k}{q_k} = H(p,q) - H(p)",
    "softmax_shift": r"p_k = \frac{e^{z_k - \max_j z_j}}{\sum_{c} e^{z_c - \max_j z_j}}",
    "softmax_jacobian": r"J_{ij} = \frac{\partial p_i}{\partial z_j} = p_i(\delta_{ij} - p_j),\quad "
                        r"J_{ii} = p_i(1-p_i),\quad J_{ij} = -p_i p_j",
    "softmax_collapse": r"\frac{\partial L}{\partial p_i} = -\frac{t_i}{p_i},\quad "
                        r"\frac{\partial L}{\partial z_j} = \sum_i J_{ij}\frac{\partial L}{\partial p_i} = p_j - t_j",
    "eps_loss": r"L_\varepsilon = -\ln\left(\sigma(z) + \varepsilon\right),\quad \varepsilon = 10^{-7}",
    "stable_loss": r"L = \ln\left(1 + e^{z}\right) - y\,z,\quad \frac{\partial L}{\partial z} = \sigma(z) - y",
    "self_entropy": r"H(p,p) = -\sum_k p_k\ln p_k = H(p)",
    "margin": r"m = y\,f(x),\quad y\in\{-1,+1\}",
    "relu": r"\mathrm{relu}(z) = \max(0,z),\quad \mathrm{relu}'(z) = [z>0]",
    "tanh": r"\tanh'(z) = 1-\tanh^2(z)",
    "gradcheck": r"\text{error}_i = \frac{|g_i - \hat g_i|}{\max\left(|g_i|,\ |\hat g_i|,\ "
                 r"10^{-3}\max_k |g_k|,\ 10\,\text{noise}\right)}",
    "central": r"\hat g_i = \frac{-J(\theta+2h e_i) + 8J(\theta+h e_i) - 8J(\theta-h e_i) + "
               r"J(\theta-2h e_i)}{12h}",
    "stop_steps": r"\text{rule 1: stop when } t \ge T_{\max}",
    "stop_loss": r"\text{rule 2: stop when } \left|J(\theta_t) - J(\theta_{t'})\right| < \varepsilon_J",
    "stop_grad": r"\text{rule 3: stop when } \left\|\nabla J(\theta_t)\right\| < \varepsilon_g",
    "vanishing": r"\delta_l = \left(W_{l+1}^T\delta_{l+1}\right)\odot g'(z_l),\quad \sigma'(z)\le\frac{1}{4}",
    "grad_wl": r"\frac{\partial J}{\partial W_l} = a_{l-1}^T\delta_l",
    "linear_stack": r"(XW_1 + b_1)W_2 + b_2 = X(W_1W_2) + (b_1W_2 + b_2)",
    "linear_mse": r"J = \frac{1}{2m}\sum_{i=1}^{m}\left(\hat y^{(i)} - y^{(i)}\right)^2,\quad "
                  r"\frac{\partial J}{\partial w} = \frac{1}{m}\sum_{i=1}^{m}"
                  r"\left(\hat y^{(i)} - y^{(i)}\right)x^{(i)}",
    "sigmoid_mse": r"\frac{\partial J}{\partial w} = \frac{1}{m}\sum_{i=1}^{m}\left(a^{(i)} - y^{(i)}\right)"
                   r"a^{(i)}\left(1 - a^{(i)}\right)x^{(i)}",
    "normal_equations": r"A = \left[X\ \ 1\right],\quad A^TA\,\theta^* = A^Ty",
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


def _factor(v: float | None) -> str:
    """A number as a factor in a product: negative ones in brackets, (-0.5) \times 2."""
    text = _num(v)
    return f"({text})" if v is not None and v < 0 else text


def _power_base(v: float | None) -> str:
    """A number raised to a power: 1.5\times 10^{-7} in brackets (a second superscript is an error)."""
    text = _num(v)
    return rf"\left({text}\right)" if "^" in text else text


def _block(line: str) -> Markup:
    return Markup(convert(line, display="block"))


def chain_rule_values(v: dict) -> list[Markup]:
    """The chain rule for one sample, with its numbers plugged in (products with \times), a line each.

    Of L's two terms only one is not 0: y = 1 leaves -log a, y = 0 leaves -log(1 - a); the other is
    written out of the line, not as "0 log(...)"."""
    terms = " + ".join(rf"{_factor(w)} \times {_factor(x)}" for w, x in zip(v["w"], v["x"], strict=True))
    a, y = _num(v["a"]), v["y"]
    if y == 1:
        loss = rf"L = -\log a = -\log({a}) = {_num(v['loss'])}"
        da = rf"da = -\frac{{y}}{{a}} + \frac{{1-y}}{{1-a}} = -\frac{{1}}{{{a}}} = {_num(v['da'])}"
    else:
        loss = rf"L = -\log(1-a) = -\log(1-{a}) = {_num(v['loss'])}"
        da = rf"da = -\frac{{y}}{{a}} + \frac{{1-y}}{{1-a}} = \frac{{1}}{{1-{a}}} = {_num(v['da'])}"
    lines = [
        rf"z = w\cdot x + b = {terms} + {_factor(v['b'])} = {_num(v['z'])}",
        rf"a = \sigma(z) = \sigma({_num(v['z'])}) = {a}",
        loss,
        da,
        rf"dz = a - y = {a} - {y} = {_num(v['dz'])}",
        *(rf"dw_{j + 1} = x_{j + 1} \times dz = {_factor(x)} \times {_factor(v['dz'])} = {_num(g)}"
          for j, (x, g) in enumerate(zip(v["x"], v["dw"], strict=True))),
        rf"db = dz = {_num(v['db'])}",
    ]
    return [_block(line) for line in lines]


# --- The derivation lesson (templates/lessons/derivation.html): article 001's lines, then the numbers
DERIVATION_FORMULAS = {
    "derivation_model": r"z = \theta^T x = w_1x_1 + w_2x_2 + b\cdot 1,\quad h = h_\theta(x) = \sigma(z) = "
                        r"\frac{1}{1+e^{-z}}",
    "derivation_likelihood": r"P(y|x) = h^{y}\,(1-h)^{1-y}",
    "derivation_product": r"P(Y|X) = \prod_{i=1}^{m} P\left(y^{(i)}|x^{(i)}\right) = "
                          r"\prod_{i=1}^{m} \left(h^{(i)}\right)^{y^{(i)}}\left(1-h^{(i)}\right)^{1-y^{(i)}}",
    "derivation_log": r"-\log P(y|x) = -\left[y\log h + (1-y)\log(1-h)\right]",
    "derivation_cost": r"J(\theta) = -\frac{1}{m}\log P(Y|X) = -\frac{1}{m}\sum_{i=1}^{m}\left[y^{(i)}\log h^{(i)}"
                       r" + \left(1-y^{(i)}\right)\log\left(1-h^{(i)}\right)\right]",
    "derivation_dJdh": r"\frac{\partial L}{\partial h} = -\frac{y}{h} + \frac{1-y}{1-h}",
    "derivation_sigmoid": r"\frac{d}{dz}\frac{1}{1+e^{-z}} = -\frac{1}{\left(1+e^{-z}\right)^2}\cdot"
                          r"\left(-e^{-z}\right) = \frac{e^{-z}}{\left(1+e^{-z}\right)^2} = "
                          r"\sigma(z)\left(1-\sigma(z)\right)",
    "derivation_dz": r"\frac{\partial z}{\partial \theta_j} = \frac{\partial}{\partial \theta_j}\theta^T x = +x_j",
    "derivation_dhdtheta": r"\frac{\partial h}{\partial \theta_j} = \sigma'(z)\,\frac{\partial z}{\partial \theta_j}"
                           r" = h(1-h)\,x_j",
    "derivation_simplify": r"\frac{\partial L}{\partial h}\cdot\frac{\partial h}{\partial \theta_j} = "
                           r"\left[-\frac{y}{h} + \frac{1-y}{1-h}\right]h(1-h)\,x_j = "
                           r"\left[-y(1-h) + (1-y)h\right]x_j = (h-y)\,x_j",
    "derivation_gradient": r"\frac{\partial J}{\partial \theta_j} = \frac{1}{m}\sum_{i=1}^{m}"
                           r"\left(h^{(i)} - y^{(i)}\right)x_j^{(i)}",
    "derivation_update": r"\theta_j := \theta_j - \alpha\,\frac{\partial J}{\partial \theta_j}",
    "derivation_article_dh": r"\frac{\partial}{\partial \theta_j}h_\theta(x) = "
                             r"\frac{e^{-\theta^T x}}{\left(1+e^{-\theta^T x}\right)^2}"
                             r"\frac{\partial}{\partial \theta_j}\left(-\theta^T x\right) = "
                             r"\frac{e^{-\theta^T x}}{\left(1+e^{-\theta^T x}\right)^2}\left(-x_j\right) = "
                             r"h_\theta(x)\left(1-h_\theta(x)\right)\left(-x_j\right)",
    "derivation_article_gradient": r"\frac{\partial}{\partial \theta_j}L(\theta) = -\frac{1}{m}\sum_{i=1}^{m}"
                                   r"\left[h_\theta(x^{(i)}) - y^{(i)}\right]x_j^{(i)}",
    "derivation_ascent": r"\frac{\partial}{\partial \theta_j}\left(-J\right) = \frac{\partial}{\partial \theta_j}"
                         r"\frac{1}{m}\log P(Y|X) = -\frac{1}{m}\sum_{i=1}^{m}\left(h^{(i)} - y^{(i)}\right)x_j^{(i)}",
}
FORMULAS.update(DERIVATION_FORMULAS)

_THETA_NAMES = ("w_1", "w_2", "b")


def _names(n: int) -> tuple[str, ...]:
    return _THETA_NAMES if n == 3 else tuple(f"w_{j + 1}" for j in range(n - 1)) + ("b",)


def derivation_values(v: dict) -> dict[str, list[Markup]]:
    """Each line of the derivation with the numbers of app.engine.lessons.derivation.derivation plugged in:
    one sample under its key, the m samples under ``<key>_mean``. Products are written with \\times."""
    h, y, m, xs = v["h"], v["y"], v["m"], v["dz_dtheta"]
    names = _names(len(v["theta"]))
    hn, one_minus = _num(h), _num(v["one_minus_h"])
    terms = " + ".join(rf"{_factor(t)} \times {_factor(x)}" for t, x in zip(v["theta"], xs, strict=True))
    kept = rf"-\log h = -\log({hn})" if y == 1 else rf"-\log(1-h) = -\log({one_minus})"
    dJ_dh = rf"-\frac{{1}}{{{hn}}}" if y == 1 else rf"\frac{{1}}{{{one_minus}}}"
    product = v["product"] or [None] * len(xs)
    out = {
        "model": [rf"z = {terms} = {_num(v['z'])}", rf"h = \sigma({_num(v['z'])}) = {hn}"],
        "likelihood": [rf"P(y|x) = {_power_base(h)}^{{{y}}} \times {_power_base(v['one_minus_h'])}^{{{1 - y}}} = "
                       rf"{_num(v['likelihood'])}"],
        "likelihood_mean": [rf"P(Y|X) = \prod_{{i=1}}^{{{m}}} P\left(y^{{(i)}}|x^{{(i)}}\right) = "
                            rf"{_num(v['likelihood_all'])}",
                            rf"\log P(Y|X) = {_num(v['log_likelihood_all'])}"],
        "cost": [rf"-\log P(y|x) = {kept} = {_num(v['loss'])}"],
        "cost_mean": [rf"J = -\frac{{1}}{{{m}}} \times ({_num(v['log_likelihood_all'])}) = {_num(v['cost'])}"],
        "dJdh": [rf"\frac{{\partial L}}{{\partial h}} = {dJ_dh} = {_num(v['dJ_dh'])}"],
        "sigmoid": [rf"\sigma'(z) = h(1-h) = {hn} \times {one_minus} = {_num(v['sigma_prime'])}"],
        "dhdtheta": [rf"\frac{{\partial h}}{{\partial {n}}} = {_num(v['sigma_prime'])} \times {_factor(x)} = {_num(d)}"
                     for n, x, d in zip(names, xs, v["dh_dtheta"], strict=True)],
        "simplify": [rf"{n}:\ {_factor(v['dJ_dh'])} \times {_factor(d)} = {_num(p)} = ({hn} - {y}) \times {_factor(x)}"
                     for n, d, p, x in zip(names, v["dh_dtheta"], product, xs, strict=True)],
        "gradient_mean": [rf"\frac{{\partial J}}{{\partial {n}}} = \frac{{1}}{{{m}}}\sum_{{i=1}}^{{{m}}}"
                          rf"\left(h^{{(i)}} - y^{{(i)}}\right){'' if n == 'b' else rf'x_{n[-1]}^{{(i)}}'} = {_num(g)}"
                          for n, g in zip(names, v["gradient_mean"], strict=True)],
        "update": [rf"{n} := {_num(t)} - {_num(v['alpha'])} \times {_factor(g)} = {_num(t1)}"
                   for n, t, g, t1 in zip(names, v["theta"], v["gradient_mean"], v["theta_next"], strict=True)],
        "article": [rf"{n} := {_num(t)} - {_num(v['alpha'])} \times {_factor(g)} = {_num(t1)}"
                    for n, t, g, t1 in zip(names, v["theta"], v["article_gradient_mean"], v["theta_next_article"],
                                           strict=True)],
        "sign": [rf"J\ \text{{now}} = {_num(v['cost'])}",
                 rf"J\ \text{{after the + step}} = {_num(v['cost_after'])}",
                 rf"J\ \text{{after the article's step}} = {_num(v['cost_after_article'])}"],
    }
    return {key: [_block(line) for line in lines] for key, lines in out.items()}


def chain_rule_mean_values(v: dict) -> list[Markup]:
    """The m-sample average at the same theta (app.engine.lessons.chain.mean_gradient): what the update uses."""
    m = v["m"]
    dw = [rf"dw_{j + 1} = \frac{{1}}{{{m}}}\sum_{{i=1}}^{{{m}}} x_{j + 1}^{{(i)}}\,dz^{{(i)}} = {_num(g)}"
          for j, g in enumerate(v["dw"])]
    return [_block(line) for line in [*dw, rf"db = \frac{{1}}{{{m}}}\sum_{{i=1}}^{{{m}}} dz^{{(i)}} = {_num(v['db'])}"]]
