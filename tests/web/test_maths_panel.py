"""The playground's "maths being run" panel (templates/maths.html, app.web.mathml's run.* entries,
static/js/playground/maths.js): one case per model, output layer and loss the engine allows, each
formula true of the engine (its J and gradient recomputed here from the formula's own definition),
and the numbers the page fills in checked in a real browser."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

import numpy as np
import pytest

from app.engine.data.sets import REGISTRY as SETS
from app.engine.errors import UserError
from app.engine.training.losses import LOSSES, REGISTRY
from app.engine.training.registry import MODELS, make_model
from app.web.mathml import FORMULAS, formula
from app.web.pages import templates
from app.web.run_maths import RUN_CASES, RUN_OUTPUTS, RUN_PARTS

L2 = 0.3
MLP = {"layers": 2, "hidden": 4, "hidden2": 3, "activation": "tanh"}  # two hidden layers: dZ_l recurs
N_CLASSES = {"sigmoid": 2, "softmax": 3, "identity": 0}


def allowed_cases() -> set[tuple[str, str, str]]:
    """(model, output, loss) for every model the registry builds, on each kind of target it takes,
    with every loss the engine defines for that output layer."""
    cases = set()
    for kind in MODELS:
        for n_classes in N_CLASSES.values():
            try:
                output = make_model(kind, 2, n_classes).output
            except UserError:
                continue
            cases |= {(kind, output, loss) for loss, fits in LOSSES if fits == output}
    return cases


class Cases(HTMLParser):
    """The .maths-case blocks of the panel: their attributes and how many <math> each holds."""

    def __init__(self) -> None:
        super().__init__()
        self.cases: list[dict] = []
        self.depth = 0  # <div> nesting inside the current case
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "div" and "maths-case" in (attrs.get("class") or "").split():
            self.cases.append({**attrs, "maths": 0})
            self.depth = 1
        elif self.depth and tag == "div":
            self.depth += 1
        elif self.depth and tag == "math":
            self.cases[-1]["maths"] += 1

    def handle_endtag(self, tag):
        if self.depth and tag == "div":
            self.depth -= 1


@pytest.fixture(scope="module")
def panel() -> str:
    return str(templates.get_template("maths.html").module.maths_panel())


def parsed(html: str) -> Cases:
    parser = Cases()
    parser.feed(html)
    return parser


def test_one_hidden_case_per_model_and_loss_the_engine_allows(panel):
    cases = parsed(panel).cases
    found = [(c["data-model"], c["data-output"], c["data-loss"]) for c in cases]
    assert len(found) == len(set(found))
    assert set(found) == allowed_cases() == set(RUN_CASES)
    assert set(RUN_OUTPUTS) == set(MODELS)
    for case in cases:
        assert "hidden" in case
        assert case["maths"] == len(RUN_PARTS) + 1, case  # output, cost, gradient; the update
    assert {name for name in FORMULAS if name.startswith("run.")} == {
        f"run.{model}.{output}.{loss}.{part}" for model, output, loss in RUN_CASES for part in RUN_PARTS}


def test_every_built_in_set_states_its_rows_in_the_panel(panel):
    """A hidden block per data set, from its record's formula, plus one for an upload's rows."""
    blocks = re.findall(r'<div class="maths-set" data-dataset="(\w+)" hidden>(.*?)</div>\s*</div>', panel, re.S)
    assert [name for name, _ in blocks] == list(SETS)
    for name, block in blocks:
        assert f"The data: {escape(SETS[name].label)}<" in block
        assert block.count("<math") == 1 and FORMULAS[f"data.{name}"]
    assert panel.count('class="maths-set maths-set-own" hidden') == 1
    assert re.search(r'class="maths-data" hidden', panel)


OFFERED = """async () => {
  const c = await import('/static/js/catalogue.js'), out = [];
  for (const info of [{ task: 'classification', n_classes: 2 }, { task: 'classification', n_classes: 3 },
                      { task: 'regression', n_classes: 0 }]) {
    for (const model of c.fitting(null, info).models) {
      const output = c.outputOf(model, info);
      for (const loss of c.fitting(model, info).losses) out.push([info.n_classes, model, output, loss]);
    }
  }
  return out;
}"""


def test_every_model_and_loss_the_menus_offer_has_its_case_in_the_panel(page, live_server):
    """The playground's menus (catalogue.js fitting(): the models that do the data's task, the losses
    that fit the model's output) offer exactly the cases the panel writes out; logistic regression on
    three classes, which the page turns into softmax regression before it starts (controls.js
    fitToData), has none."""
    page.goto(live_server + "/")
    offered = {tuple(row) for row in page.evaluate(OFFERED)}
    refused = {row for row in offered if row[:2] == (3, "logistic")}
    assert refused and all(output == "softmax" for _, _, output, _ in refused)
    assert {row[1:] for row in offered - refused} == set(RUN_CASES)


def test_the_panel_imports_as_the_playground_will(panel):
    page = templates.env.from_string('{% from "maths.html" import maths_panel %}<main>{{ maths_panel() }}</main>')
    html = page.render()
    parser = parsed(html)
    assert parser.ids.count("maths-live") == 1
    assert len(parser.ids) == len(set(parser.ids))
    assert html.count('class="maths-values"') == 1
    assert "gradcheck" not in html  # the gradient check stays in playground.html


def cost(model: str, output: str, loss: str) -> str:
    return FORMULAS[f"run.{model}.{output}.{loss}.cost"]


@pytest.mark.parametrize("model, output, loss", RUN_CASES)
def test_each_formula_states_the_engines_constants(model, output, loss):
    j, grad = cost(model, output, loss), FORMULAS[f"run.{model}.{output}.{loss}.gradient"]
    assert j.count(r"\frac{\lambda}{2}") == 1  # L2 in J, once
    assert r"\lambda W" in grad or r"\lambda w_j" in grad
    form = LOSSES[(loss, output)]  # the loss's own terms, from its record
    assert f"J(\\theta) = {form.data_term}" in j and form.dz in grad
    assert (form.data_where or "") in j and (form.dz_where or "") in grad
    assert ("h^{(i)}" in j, "p_k^{(i)}" in j, r"\hat y^{(i)}" in j) == (
        output == "sigmoid", output == "softmax", output == "identity")


def test_mse_and_cross_entropy_are_different_costs():
    for model, output in (("logistic", "sigmoid"), ("softmax", "softmax"), ("mlp", "sigmoid")):
        ce = formula(f"run.{model}.{output}.cross_entropy.cost")
        mse = formula(f"run.{model}.{output}.mse.cost")
        assert ce != mse
        assert "log" in ce and "log" not in mse


# --- The formulas, computed as written, against the engine -------------------------------------------

def unpack_mlp(theta: np.ndarray, sizes: tuple[int, ...]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """theta = (W_1, ..., W_(L+1), b_1, ..., b_(L+1)), each W_l row-major (n_(l-1), n_l)."""
    Ws, at = [], 0
    for a, b in zip(sizes[:-1], sizes[1:], strict=True):
        Ws.append(theta[at:at + a * b].reshape(a, b))
        at += a * b
    bs = []
    for b in sizes[1:]:
        bs.append(theta[at:at + b])
        at += b
    assert at == len(theta)
    return Ws, bs


def squash(output: str, z: np.ndarray) -> np.ndarray:
    """h = 1 / (1 + e^-z); p_k = e^z_k / sum_c e^z_c; y-hat = z."""
    if output == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    if output == "softmax":
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)
    return z


def data_term(loss: str, output: str, a: np.ndarray, y: np.ndarray) -> float:
    """J's data term as the panel writes it (a = h, p or y-hat): the loss record's rows, as written."""
    return float(LOSSES[(loss, output)].as_written(a, y)[0].mean())


def row_error(loss: str, output: str, a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """m dJ/dz for each row, as the panel writes it."""
    return LOSSES[(loss, output)].as_written(a, y)[1]


def by_the_formulas(model, output: str, loss: str, theta: np.ndarray, X: np.ndarray,
                    y: np.ndarray) -> tuple[float, np.ndarray]:
    """J(theta) (with lambda/2 ||w||^2) and dJ/dtheta, each from the panel's formulas."""
    m, d = X.shape
    if model.kind in ("logistic", "linear"):
        w, b = theta[:d], theta[d]
        a = squash(output, X @ w + b)
        dz = row_error(loss, output, a, y)
        grad = np.concatenate([(dz @ X) / m + L2 * w, [dz.sum() / m]])
        return data_term(loss, output, a, y) + L2 / 2 * np.sum(w**2), grad
    if model.kind == "softmax":
        K = y.shape[1]
        W, b = theta[:d * K].reshape(d, K), theta[d * K:]
        a = squash(output, X @ W + b)
        dz = row_error(loss, output, a, y)
        grad = np.concatenate([(X.T @ dz / m + L2 * W).ravel(), dz.sum(axis=0) / m])
        return data_term(loss, output, a, y) + L2 / 2 * np.sum(W**2), grad
    n_out = y.shape[1] if output == "softmax" else 1
    sizes = (d, MLP["hidden"], MLP["hidden2"], n_out)
    Ws, bs = unpack_mlp(theta, sizes)
    As, Zs = [X], []
    for W, b in zip(Ws[:-1], bs[:-1], strict=True):  # Z_l = A_(l-1) W_l + b_l, A_l = g(Z_l)
        Zs.append(As[-1] @ W + b)
        As.append(np.tanh(Zs[-1]))
    z = As[-1] @ Ws[-1] + bs[-1]
    a = squash(output, z if n_out > 1 else z[:, 0])
    dZ = row_error(loss, output, a, y).reshape(m, n_out) / m  # dZ_(L+1) = dJ/dz
    dWs, dbs = [None] * len(Ws), [None] * len(Ws)
    for layer in range(len(Ws) - 1, -1, -1):  # W_(layer+1) in the formulas' numbering
        dWs[layer] = As[layer].T @ dZ + L2 * Ws[layer]
        dbs[layer] = dZ.sum(axis=0)
        if layer:
            dZ = (dZ @ Ws[layer].T) * (1 - np.tanh(Zs[layer - 1]) ** 2)  # g' of tanh
    penalty = L2 / 2 * sum(np.sum(W**2) for W in Ws)
    return data_term(loss, output, a, y) + penalty, np.concatenate([g.ravel() for g in dWs + dbs])


@pytest.mark.parametrize("model_kind, output, loss", RUN_CASES)
def test_each_formula_computes_what_the_engine_computes(model_kind, output, loss):
    rng = np.random.default_rng(14)
    m, d = 9, 3
    n_classes = N_CLASSES[output]
    model = make_model(model_kind, d, n_classes, **(MLP if model_kind == "mlp" else {}))
    assert model.output == output
    X = rng.normal(size=(m, d))
    labels = rng.permutation(np.arange(m) % n_classes) if n_classes else rng.normal(size=m) * 3.0
    y = model.encode_targets(labels)
    theta = rng.normal(size=model.n_params)
    value, grad = model.loss_gradient(theta, X, y, loss, L2)
    j, g = by_the_formulas(model, output, loss, theta, X, y)
    assert j == pytest.approx(value, rel=1e-12)
    np.testing.assert_allclose(g, grad, rtol=1e-10, atol=1e-13)
    if REGISTRY[loss].kink:  # both sides of the kink are exercised (Huber's |r| = 1, MAE's r = 0)
        r = model.predict_proba(theta, X) - y
        assert (r < 0).any() and (r > 0).any() and (np.abs(r) > 1).any() and (np.abs(r) < 1).any()


# --- The page's side --------------------------------------------------------------------------------

def test_the_module_and_stylesheet_are_served(client):
    js = client.get("/static/js/playground/maths.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert "export class MathsView" in js.text
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", js.text)
    css = client.get("/static/css/maths.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


HARNESS = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>The maths being run</title>
<link rel="stylesheet" href="/static/css/app.css"><link rel="stylesheet" href="/static/css/maths.css"></head>
<body><main><h1>Playground</h1><h2>Training</h2><details class="maths" open><summary>The maths being run</summary>
{panel}</details></main></body></html>"""


def shown(page) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('.maths-case')].filter(c => !c.hidden)"
                         ".map(c => [c.dataset.model, c.dataset.output, c.dataset.loss].join('/'))")


def data_shown(page) -> list[str]:
    return page.evaluate("document.querySelector('.maths-data').hidden ? [] : [...document.querySelectorAll"
                         "('.maths-set')].filter(s => !s.hidden).map(s => s.dataset.dataset || 'own')")


def values(page) -> str:
    return page.evaluate("document.querySelector('.maths-values').innerText")


def test_the_view_follows_the_run_and_plugs_in_its_numbers(page, live_server, panel, artifacts):
    from tests.web.layout import PHONE, serious_accessibility_violations, sideways_scroll

    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    url = live_server + "/maths-panel-harness"
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html",
                                                body=HARNESS.format(panel=panel)))
    page.set_viewport_size(PHONE)
    page.goto(url)
    page.evaluate("async () => { const m = await import('/static/js/playground/maths.js');"
                  " window.view = new m.MathsView(); }")
    show = lambda spec: page.evaluate("spec => window.view.show(spec)", spec)  # noqa: E731

    show({"model": "softmax", "loss": "mse"})
    assert shown(page) == ["softmax/softmax/mse"]
    assert "Start a run" in values(page)
    assert data_shown(page) == []  # no data set named: no data shown

    # the data set's rows: a built-in set's formula, an upload's in words, none when none is named
    show({"model": "mlp", "loss": "cross_entropy", "output": "sigmoid", "dataset": "checkerboard"})
    assert data_shown(page) == ["checkerboard"]
    block = page.locator(".maths-set[data-dataset=checkerboard]")
    assert block.locator("h3").inner_text() == "The data: Checkerboard" and block.locator("math").count() == 1
    assert "mod" in block.inner_text()  # y = (⌊u₁⌋ + ⌊u₂⌋) mod 2
    page.screenshot(path=str(artifacts / "maths-panel-checkerboard-phone.png"), full_page=True)
    show({"model": "logistic", "loss": "cross_entropy", "dataset": "u_" + "0" * 32})
    assert data_shown(page) == ["own"] and "your table" in page.locator(".maths-data").inner_text()
    for name in SETS:
        show({"model": "logistic", "loss": "cross_entropy", "dataset": name})
        assert data_shown(page) == [name]
        assert sideways_scroll(page) == [], name

    # logistic regression with cross-entropy at a real theta: the engine's J and gradient
    model = make_model("logistic", 2, 2)
    rng = np.random.default_rng(3)
    X, labels = rng.normal(size=(20, 2)), rng.permutation(np.arange(20) % 2)
    theta = np.array([0.5, -0.25, 0.125])
    loss, grad = model.loss_gradient(theta, X, model.encode_targets(labels), "cross_entropy", 0.01)
    record = {"step": 7, "loss": loss, "grad_norm": float(np.linalg.norm(grad)), "params": theta.tolist(),
              "learning_rate": 0.1, "accuracy": 0.5}
    show({"model": "logistic", "loss": "cross_entropy", "l2": 0.01, "lr": 0.1, "record": record,
          "gradient": grad.tolist(), "paramNames": model.param_names})
    text = values(page)
    assert shown(page) == ["logistic/sigmoid/cross_entropy"]
    four = lambda v: f"{v:.4g}".replace("-", "−")  # noqa: E731
    assert f"J(θ) = {four(loss)}" in text
    assert f"= {four(np.linalg.norm(grad))}" in text.split("‖∇J‖")[1].splitlines()[0]
    assert f"w1 := w1 − α·∂J/∂w1 = 0.5 − 0.1·{four(grad[0])}" in text
    assert text.count(f"= {four(theta[0] - 0.1 * grad[0])}") >= 1
    assert page.locator(".maths-grad tbody tr:not([hidden])").count() == 3
    assert page.locator(".maths-grad caption").count() == 1
    assert page.locator(".maths-grad th[scope=row]").count() == 3

    # a network on a regression: its own case, the largest 12 of many entries, a non-finite entry
    names = [f"W1[1,{j}]" for j in range(1, 40)] + ["b2[1]"]
    gradient = [0.001 * j for j in range(40)]
    gradient[5] = None
    show({"model": "mlp", "loss": "mse", "output": "identity", "lr": 0.05, "activation": "relu",
          "record": {"step": 2, "loss": None, "params": [0.1] * 40, "r2": 0.2}, "gradient": gradient,
          "paramNames": names})
    text = values(page)
    assert shown(page) == ["mlp/identity/mse"]
    assert "J(θ) = not finite" in text and "g = relu" in text
    assert page.locator(".maths-grad tbody tr:not([hidden])").count() == 12
    assert "… and 28 more" in text and "not finite" in page.locator(".maths-grad").inner_text()
    assert "W1[1,39]" in text and "W1[1,2]" not in text  # the largest entries, in θ order

    # without an output the network's case follows the loss and the record
    show({"model": "mlp", "loss": "cross_entropy", "record": {"step": 0, "params": [0.0] * 3},
          "gradient": None, "paramNames": ["W1[1,1]", "b2[1]", "b2[2]"]})
    assert shown(page) == ["mlp/softmax/cross_entropy"]
    assert "first evaluated step" in values(page)

    for model, output, loss in RUN_CASES:  # every case fits a phone and passes axe
        show({"model": model, "loss": loss, "output": output, "record": record, "gradient": grad.tolist(),
              "paramNames": ["w1", "w2", "b"]})
        assert shown(page) == [f"{model}/{output}/{loss}"]
        assert sideways_scroll(page) == [], (model, output, loss)
        assert serious_accessibility_violations(page) == [], (model, output, loss)
    show({"model": "mlp", "loss": "huber", "output": "identity", "record": record, "gradient": grad.tolist(),
          "paramNames": ["w1", "w2", "b"]})
    page.screenshot(path=str(artifacts / "maths-panel-phone.png"), full_page=True)
    assert errors == []
