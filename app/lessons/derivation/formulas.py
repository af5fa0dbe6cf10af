"""The derivation lesson's formulas: DERIVATION_FORMULAS, the lines of the derivation article
(逻辑回归梯度推导, "Deriving the logistic-regression gradient") in LaTeX, the article's own signs
among them, for the page's formula(); and ``derivation_values``, the same lines with one sample's
and the m samples' numbers plugged in, as MathML (what POST /api/lessons/derivation sends)."""

from __future__ import annotations

from markupsafe import Markup

from app.web.mathml import block, factor, num, power_base

# --- The derivation lesson (page.html): article 001's lines, then the numbers
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


_THETA_NAMES = ("w_1", "w_2", "b")


def _names(n: int) -> tuple[str, ...]:
    return _THETA_NAMES if n == 3 else tuple(f"w_{j + 1}" for j in range(n - 1)) + ("b",)


def derivation_values(v: dict) -> dict[str, list[Markup]]:
    """Each line of the derivation with the numbers of app.lessons.derivation.maths.derivation plugged in:
    one sample under its key, the m samples under ``<key>_mean``. Products are written with \\times."""
    h, y, m, xs = v["h"], v["y"], v["m"], v["dz_dtheta"]
    names = _names(len(v["theta"]))
    hn, one_minus = num(h), num(v["one_minus_h"])
    terms = " + ".join(rf"{factor(t)} \times {factor(x)}" for t, x in zip(v["theta"], xs, strict=True))
    kept = rf"-\log h = -\log({hn})" if y == 1 else rf"-\log(1-h) = -\log({one_minus})"
    dJ_dh = rf"-\frac{{1}}{{{hn}}}" if y == 1 else rf"\frac{{1}}{{{one_minus}}}"
    product = v["product"] or [None] * len(xs)
    out = {
        "model": [rf"z = {terms} = {num(v['z'])}", rf"h = \sigma({num(v['z'])}) = {hn}"],
        "likelihood": [rf"P(y|x) = {power_base(h)}^{{{y}}} \times {power_base(v['one_minus_h'])}^{{{1 - y}}} = "
                       rf"{num(v['likelihood'])}"],
        "likelihood_mean": [rf"P(Y|X) = \prod_{{i=1}}^{{{m}}} P\left(y^{{(i)}}|x^{{(i)}}\right) = "
                            rf"{num(v['likelihood_all'])}",
                            rf"\log P(Y|X) = {num(v['log_likelihood_all'])}"],
        "cost": [rf"-\log P(y|x) = {kept} = {num(v['loss'])}"],
        "cost_mean": [rf"J = -\frac{{1}}{{{m}}} \times ({num(v['log_likelihood_all'])}) = {num(v['cost'])}"],
        "dJdh": [rf"\frac{{\partial L}}{{\partial h}} = {dJ_dh} = {num(v['dJ_dh'])}"],
        "sigmoid": [rf"\sigma'(z) = h(1-h) = {hn} \times {one_minus} = {num(v['sigma_prime'])}"],
        "dhdtheta": [rf"\frac{{\partial h}}{{\partial {n}}} = {num(v['sigma_prime'])} \times {factor(x)} = {num(d)}"
                     for n, x, d in zip(names, xs, v["dh_dtheta"], strict=True)],
        "simplify": [rf"{n}:\ {factor(v['dJ_dh'])} \times {factor(d)} = {num(p)} = ({hn} - {y}) \times {factor(x)}"
                     for n, d, p, x in zip(names, v["dh_dtheta"], product, xs, strict=True)],
        "gradient_mean": [rf"\frac{{\partial J}}{{\partial {n}}} = \frac{{1}}{{{m}}}\sum_{{i=1}}^{{{m}}}"
                          rf"\left(h^{{(i)}} - y^{{(i)}}\right){'' if n == 'b' else rf'x_{n[-1]}^{{(i)}}'} = {num(g)}"
                          for n, g in zip(names, v["gradient_mean"], strict=True)],
        "update": [rf"{n} := {num(t)} - {num(v['alpha'])} \times {factor(g)} = {num(t1)}"
                   for n, t, g, t1 in zip(names, v["theta"], v["gradient_mean"], v["theta_next"], strict=True)],
        "article": [rf"{n} := {num(t)} - {num(v['alpha'])} \times {factor(g)} = {num(t1)}"
                    for n, t, g, t1 in zip(names, v["theta"], v["article_gradient_mean"], v["theta_next_article"],
                                           strict=True)],
        "sign": [rf"J\ \text{{now}} = {num(v['cost'])}",
                 rf"J\ \text{{after the + step}} = {num(v['cost_after'])}",
                 rf"J\ \text{{after the article's step}} = {num(v['cost_after_article'])}"],
    }
    return {key: [block(line) for line in lines] for key, lines in out.items()}
