"""The chain-rule lesson's lines with one sample's numbers plugged in, as MathML (what POST
/api/lessons/chain-rule sends): the computation graph forward and back (``chain_rule_values``) and
the average of dw and db over the m training samples (``chain_rule_mean_values``). The symbolic
formulas beside them are the shared ones (app.web.mathml)."""

from __future__ import annotations

from markupsafe import Markup

from app.web.mathml import block, factor, num


def chain_rule_values(v: dict) -> list[Markup]:
    """The chain rule for one sample, with its numbers plugged in (products with \\times), a line each.

    Of L's two terms only one is not 0: y = 1 leaves -log a, y = 0 leaves -log(1 - a); the other is
    written out of the line, not as "0 log(...)"."""
    terms = " + ".join(rf"{factor(w)} \times {factor(x)}" for w, x in zip(v["w"], v["x"], strict=True))
    a, y = num(v["a"]), v["y"]
    if y == 1:
        loss = rf"L = -\log a = -\log({a}) = {num(v['loss'])}"
        da = rf"da = -\frac{{y}}{{a}} + \frac{{1-y}}{{1-a}} = -\frac{{1}}{{{a}}} = {num(v['da'])}"
    else:
        loss = rf"L = -\log(1-a) = -\log(1-{a}) = {num(v['loss'])}"
        da = rf"da = -\frac{{y}}{{a}} + \frac{{1-y}}{{1-a}} = \frac{{1}}{{1-{a}}} = {num(v['da'])}"
    lines = [
        rf"z = w\cdot x + b = {terms} + {factor(v['b'])} = {num(v['z'])}",
        rf"a = \sigma(z) = \sigma({num(v['z'])}) = {a}",
        loss,
        da,
        rf"dz = a - y = {a} - {y} = {num(v['dz'])}",
        *(rf"dw_{j + 1} = x_{j + 1} \times dz = {factor(x)} \times {factor(v['dz'])} = {num(g)}"
          for j, (x, g) in enumerate(zip(v["x"], v["dw"], strict=True))),
        rf"db = dz = {num(v['db'])}",
    ]
    return [block(line) for line in lines]


def chain_rule_mean_values(v: dict) -> list[Markup]:
    """The m-sample average at the same theta (app.lessons.chain_rule.maths.mean_gradient): what the update uses."""
    m = v["m"]
    dw = [rf"dw_{j + 1} = \frac{{1}}{{{m}}}\sum_{{i=1}}^{{{m}}} x_{j + 1}^{{(i)}}\,dz^{{(i)}} = {num(g)}"
          for j, g in enumerate(v["dw"])]
    return [block(line) for line in [*dw, rf"db = \frac{{1}}{{{m}}}\sum_{{i=1}}^{{{m}}} dz^{{(i)}} = {num(v['db'])}"]]
