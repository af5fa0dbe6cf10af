"""Every scenario loads from its menu, writes itself into the URL, says what to watch, and shows
its effect: the runs are stepped a fixed number of steps (no clock), then their numbers checked."""

from __future__ import annotations

import pytest

from tests.web.helpers import wait_for

SCENARIOS = ["rate-too-large", "rate-too-small", "mse-stuck", "zigzag", "sgd-noise", "momentum", "circles",
             "vanishing"]


def choose(page, name: str, steps: int):
    page.select_option("#scenario", name)
    wait_for(page, f"window.gdviz.state.scenario === '{name}' && window.gdviz.runs.length && "
                   "window.gdviz.runs.every(r => r.last && r.last.step === 0 && r.paramNames.length)")
    assert f"scenario={name}" in page.url
    assert page.locator("#scenario-note").is_visible() and len(page.locator("#scenario-text").inner_text()) > 40
    if steps:
        page.evaluate(f"window.gdviz.runs.forEach(r => r.step({steps}))")
        wait_for(page, f"window.gdviz.runs.every(r => r.state === 'stopped' || r.last.step === {steps})")
    return page.evaluate("""window.gdviz.runs.map(r => ({state: r.state, stop: r.stopReason, history: r.history
        .map(h => ({step: h.step, loss: h.loss, batch_loss: h.batch_loss, params: h.params, accuracy: h.accuracy,
                    layer_grads: h.layer_grads}))}))""")


def evaluated(run):
    return [h for h in run["history"] if h["loss"] is not None]


def test_the_menu_lists_every_scenario(playground):
    page = playground()
    names = page.evaluate("[...document.querySelectorAll('#scenario option')].map(o => o.value).filter(Boolean)")
    assert names == SCENARIOS


def test_too_large_a_rate_oscillates_then_diverges(playground, artifacts):
    runs = choose(playground(), "rate-too-large", 60)
    (run,) = runs
    assert run["stop"] == "diverged"
    w = [h["params"][0] for h in run["history"][:12]]
    steps = [b - a for a, b in zip(w, w[1:], strict=False)]
    assert all(s1 * s2 < 0 for s1, s2 in zip(steps, steps[1:], strict=False))  # it oscillates ...
    losses = [h["loss"] for h in evaluated(run)]
    assert losses[-1] > 100 * losses[0]  # ... and grows


def test_too_small_a_rate_crawls_beside_a_good_one(playground):
    small, good = choose(playground(), "rate-too-small", 40)
    assert evaluated(small)[-1]["loss"] > 0.85 * evaluated(small)[0]["loss"]
    assert evaluated(good)[-1]["loss"] < 0.2 * evaluated(good)[0]["loss"]


def test_mse_is_stuck_where_cross_entropy_recovers(playground):
    mse, ce = choose(playground(), "mse-stuck", 100)
    assert mse["history"][0]["params"] == [-4, -4, 0] == ce["history"][0]["params"]
    assert evaluated(mse)[-1]["loss"] > 0.97 * evaluated(mse)[0]["loss"] and evaluated(mse)[-1]["accuracy"] < 0.5
    assert evaluated(ce)[-1]["accuracy"] > 0.9


def test_unscaled_features_zig_zag_where_standardised_ones_go_straight(playground):
    raw, scaled = choose(playground(), "zigzag", 30)
    w = [h["params"][0] for h in raw["history"][:10]]
    turns = sum((b - a) * (c - b) < 0 for a, b, c in zip(w, w[1:], w[2:], strict=False))
    assert turns >= 6  # raw: w overshoots back and forth across the valley
    ws = [h["params"][0] for h in scaled["history"][:10]]
    assert all(b >= a for a, b in zip(ws, ws[1:], strict=False))  # standardised: straight down


def test_sgd_is_noisy_where_the_full_batch_is_smooth(playground):
    full, sgd = choose(playground(), "sgd-noise", 60)
    def ups(run):
        b = [h["batch_loss"] for h in run["history"] if h["batch_loss"] is not None]
        return sum(y > x for x, y in zip(b, b[1:], strict=False))
    assert ups(full) == 0 and ups(sgd) >= 10


def test_momentum_overshoots_the_valley_floor(playground):
    plain, momentum = choose(playground(), "momentum", 60)
    def swings(run):
        w = [h["params"][0] for h in run["history"]]
        return sum((b - a) * (c - b) < 0 for a, b, c in zip(w, w[1:], w[2:], strict=False))
    runs = {"plain": plain, "momentum": momentum}
    peak = {name: max(h["params"][0] for h in run["history"]) for name, run in runs.items()}
    assert swings(momentum) >= 2 and peak["momentum"] > 2.0  # w* is about 1.5: momentum flies past it and back
    assert peak["plain"] < 1.7


def test_circles_need_the_network(playground):
    logistic, network = choose(playground(), "circles", 300)
    assert evaluated(logistic)[-1]["accuracy"] < 0.7
    assert evaluated(network)[-1]["accuracy"] > 0.9


def test_deep_sigmoid_gradients_vanish_toward_the_input(playground):
    (run,) = choose(playground(), "vanishing", 0)
    grads = run["history"][0]["layer_grads"]
    assert len(grads) == 5 and grads[0] < grads[-1] / 20


def test_a_short_link_sets_the_scenario_up(playground):
    page = playground("?scenario=vanishing")
    assert page.evaluate("[window.gdviz.state.model, window.gdviz.state.activation, window.gdviz.state.layers]") == [
        "mlp", "sigmoid", 4]
    assert "activation=sigmoid" in page.url and page.locator("#scenario-note").is_visible()


@pytest.mark.parametrize("name", ["mse-stuck", "zigzag"])
def test_a_scenario_link_reproduces_it(playground, name):
    page = playground()
    page.select_option("#scenario", name)
    wait_for(page, f"window.gdviz.state.scenario === '{name}'")
    url = page.url
    page.goto(url)
    wait_for(page, "window.gdviz && window.gdviz.runs.length === 2 && window.gdviz.runs.every(r => r.last)")
    assert page.evaluate("window.gdviz.state.scenario") == name
    assert page.locator("#scenario-note").is_visible()


def test_the_page_starts_the_runs_each_scenario_declares(playground):
    """The runs the tests check the sentences on (app/engine/scenarios.py, Scenario.requests) are
    the runs the page starts, field for field."""
    from app.engine.scenarios import SCENARIOS as DECLARED

    page = playground()
    keys = ["dataset", "model", "loss", "optimizer", "batch_size", "init", "seed"]
    for scenario in DECLARED:
        choose(page, scenario.name, 0)
        specs = page.evaluate("window.gdviz.runs.map(r => r.spec)")
        declared = scenario.requests()
        assert len(specs) == len(declared)
        for spec, body in zip(specs, declared, strict=True):
            mine = {k: spec[k] for k in keys}
            theirs = {k: body[k] for k in keys}
            for part in ("dataset", "model", "optimizer"):  # the page also sends the catalogue's other defaults
                mine[part] = {k: v for k, v in mine[part].items() if k in theirs[part]}
            assert mine == theirs, scenario.name


def test_a_short_scenario_link_is_drawn_as_the_scenario_from_the_first_paint(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/?scenario=vanishing")
    menus = "['scenario', 'dataset', 'model', 'net-activation'].map(id => document.getElementById(id).value)"
    assert page.evaluate(menus) == ["vanishing", "moons", "mlp", "sigmoid"]
    context.close()
