"""The network builder and its live diagram, in Chromium: build a three-layer network with the + and
− buttons, train it, and watch every unit's map change and the gradient reach each layer."""

import json

from tests.web.helpers import wait_for

UNITS = "[...document.querySelectorAll('#net-body canvas.neuron')]"
PIXELS = (f"{UNITS}.map(c => Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data)"
          ".filter((_, k) => k % 4 === 0).slice(0, 400).join(','))")


def test_build_a_three_layer_network_train_it_and_watch_it(playground, artifacts):
    # played at 300 steps/s: the test waits for steps, not for the pace
    page = playground("?dataset=spiral&model=mlp&hidden=6&hidden2=5&hidden3=4&optimizer=adam&lr=0.03"
                      "&activation=tanh&speed=300")
    assert page.locator("#network-panel").is_visible() and page.locator("#net-layers").inner_text() in (
        "hidden layers", "1 hidden layer")
    page.click("#net-layer-plus")
    page.click("#net-layer-plus")  # two quick clicks: one restart, with three hidden layers
    wait_for(page, "window.gdviz.runs[0].config && window.gdviz.runs[0].config.model.layers === 3")
    assert "layers=3" in page.url
    wait_for(page, f"{UNITS}.length === 2 + 6 + 5 + 4 + 1")  # inputs, three hidden layers, the output
    assert page.locator("#net-layers").inner_text() == "3 hidden layers"
    page.click("button[aria-label='Add a unit in layer 3']")
    wait_for(page, f"window.gdviz.runs[0].config.model.hidden3 === 5 && {UNITS}.length === 2 + 6 + 5 + 5 + 1")
    page.click("button[aria-label='Remove a unit in layer 1']")
    wait_for(page, f"window.gdviz.runs[0].config.model.hidden === 5 && {UNITS}.length === 2 + 5 + 5 + 5 + 1")
    assert page.locator("#hidden").input_value() == "5"  # the sidebar's slider follows the builder
    edges = page.evaluate("document.querySelectorAll('#net-body svg line').length")
    assert edges == 2 * 5 + 5 * 5 + 5 * 5 + 5 * 1  # one per weight
    wait_for(page, "document.querySelector('#net-body canvas.neuron').width === 20")  # the maps are painted
    before = page.evaluate(PIXELS)
    widths_before = page.evaluate("[...document.querySelectorAll('#net-body svg line')]"
                                  ".map(l => l.getAttribute('stroke-width'))")
    page.click("#play")
    wait_for(page, "window.gdviz.runs[0].last.step >= 150", timeout=40_000)
    # every hidden unit's map has changed as the weights moved, and so have the edges
    wait_for(page, f"(() => {{ const now = {PIXELS}, old = {before!r}; "
                   "return now.slice(2, -1).every((p, k) => p !== old[k + 2]); })()", timeout=20_000)
    assert page.evaluate("[...document.querySelectorAll('#net-body svg line')]"
                         ".map(l => l.getAttribute('stroke-width'))") != widths_before
    # the gradient reaching each layer: on the diagram and plotted against iteration
    # (beside the map the diagram is narrow: a label is the number, its title names it)
    labels = page.evaluate("[...document.querySelectorAll('.net-grad')].map(e => [e.title, e.textContent])")
    assert len(labels) == 4 and all(title.startswith(f"‖∂J/∂W{k + 1}‖") and text for k, (title, text)
                                    in enumerate(labels))
    page.locator("#layer-grad-plot").scroll_into_view_if_needed()  # a plot off screen waits to be seen
    wait_for(page, "document.getElementById('layer-grad-plot').data.length === 4 && "
                   "document.getElementById('layer-grad-plot').data.every(t => t.y.length > 20)")
    page.locator("#net-body").scroll_into_view_if_needed()  # back to the diagram, which redraws only in view
    # hovering a unit shows its incoming weights and bias
    page.hover("#net-body canvas.neuron[data-layer='2'][data-unit='1']")
    tip = page.locator("#net-tip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert text.startswith("layer 2, unit 2 (tanh)") and "bias b = " in text
    assert "weights in (from layer 1): " in text and text.split(": ")[-1].count(",") == 4  # 5 weights in
    page.locator("#net-activation").select_option("relu")
    wait_for(page, "window.gdviz.runs[0].config.model.activation === 'relu'")
    assert page.locator("#activation").input_value() == "relu"
    assert page.locator("#play").inner_text() == "Pause"  # a restart keeps playing
    wait_for(page, "window.gdviz.runs[0].last.step >= 60", timeout=40_000)
    wait_for(page, "document.querySelector('#net-body canvas.neuron').width === 20")
    page.mouse.move(0, 0)
    page.locator("#network-panel").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "playground-network-builder.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#net-body").scroll_into_view_if_needed()  # the stacked phone layout moved it
    wait_for(page, "document.getElementById('net-body').clientWidth < 390 && "  # laid out again for the phone
                   f"{UNITS}.every(c => c.offsetLeft + c.offsetWidth <= "
                   "document.getElementById('net-body').clientWidth)")
    page.locator("#network-panel").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "playground-network-builder-phone.png"))


def test_a_regression_network_draws_each_units_curve(playground):
    page = playground("?dataset=sine&model=mlp&layers=2&hidden=4&hidden2=3")
    wait_for(page, f"{UNITS}.length === 1 + 4 + 3 + 1 && "
                   "document.querySelector('#net-body canvas.neuron').width === 40")  # a curve per unit
    page.locator("#model").select_option("linear")
    wait_for(page, "window.gdviz.runs[0].config.model.kind === 'linear'")
    assert page.locator("#network-panel").is_hidden()


def test_the_diagram_follows_run_one_in_a_race_and_the_export_carries_the_network(playground):
    page = playground("?dataset=xor&model=mlp&layers=2&hidden=4&hidden2=3&optimizer=adam&lr=0.03&race=gd:0.3")
    assert page.evaluate("window.gdviz.runs.length") == 2
    page.click("#step10")
    wait_for(page, "window.gdviz.runs.every(r => r.last.step >= 10)")
    wait_for(page, f"{UNITS}.length === 2 + 4 + 3 + 1 && "
                   "document.querySelector('#net-body canvas.neuron').width === 20")
    with page.expect_download() as download:
        page.click("#export-json")
    runs = json.loads(download.value.path().read_text())["runs"]
    assert [r["spec"]["model"]["layers"] for r in runs] == [2, 2] and runs[1]["spec"]["optimizer"]["name"] == "gd"
    assert all(len(r["history"][-1]["layer_grads"]) == 3 for r in runs)


def test_a_wide_input_draws_its_first_units_and_says_why_there_are_no_maps(playground):
    page = playground("?dataset=digits&model=mlp&hidden=16")
    wait_for(page, f"{UNITS}.length === 32 + 16 + 10")  # 64 inputs: the first 32 drawn
    assert "(first 32 of 64)" in page.locator(".net-col-head").first.inner_text()
    assert page.locator("#net-note").is_visible() and "has 64" in page.locator("#net-note").inner_text()
    assert page.evaluate("document.querySelectorAll('#net-body svg line').length") == 32 * 16 + 16 * 10


def test_the_largest_network_on_a_big_set_still_gets_its_surface(playground):
    page = playground("?dataset=moons&n=10000&model=mlp&layers=4&hidden=32&hidden2=32&hidden3=32&hidden4=32")
    page.click("#step10")
    wait_for(page, "window.gdviz.surface && window.gdviz.surface.xs.length === 41", timeout=60_000)
    assert "1,000-row sample" in page.evaluate("window.gdviz.surface.title")
    assert page.locator("#banner").is_hidden()  # no error: the detail grid fits the work cap


STARTS = """(() => { window.starts = 0; const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (text) { if (JSON.parse(text).type === "start") window.starts += 1;
    return send.call(this, text); }; })()"""


def test_the_diagram_sits_beside_the_map_and_a_run_of_clicks_reshapes_it_at_once(playground, artifacts):
    from tests.web.layout import PLOTS_SETTLED, SIZES, outside_first_screen, plot_collisions

    page = playground("?dataset=moons&model=mlp&hidden=4")
    page.evaluate("document.querySelectorAll('details.group').forEach(d => d.open = false)")
    page.set_viewport_size(SIZES["desktop"])
    wait_for(page, "document.querySelector('#net-body canvas.neuron') && "
                   "document.querySelector('#net-body svg line').getAttribute('stroke')")
    assert outside_first_screen(page, ["#network-panel", "#boundary-plot"]) == []
    net, map_ = (page.locator(s).bounding_box() for s in ("#network-panel", "#boundary-plot"))
    assert net["x"] >= map_["x"] + map_["width"] - 2 and abs(net["y"] - map_["y"]) < 40  # beside it, one row
    page.evaluate(STARTS)
    # three clicks in one task: the diagram has its new shape when the clicks return, before any frame
    heads = page.evaluate("""(() => { for (let k = 0; k < 3; k += 1) document.getElementById('net-layer-plus').click();
      return document.querySelectorAll('#net-body .net-col-head').length; })()""")
    assert heads == 1 + 4 + 1 and page.evaluate("window.gdviz.state.layers") == 4
    assert page.evaluate("document.getElementById('net-layer-plus').disabled")  # 4 is the most: a 4th does nothing
    wait_for(page, "window.gdviz.runs[0].config && window.gdviz.runs[0].config.model.layers === 4")
    assert page.evaluate("window.starts") == 1  # one restart for the run of clicks
    strokes = page.evaluate("[...new Set([...document.querySelectorAll('#net-body svg line')]"
                            ".map(l => l.getAttribute('stroke')).filter(Boolean))]")
    assert set(strokes) <= {"#b2182b", "#2166ac"}  # the map's red and blue
    assert "as the map" in page.locator(".net-legend").inner_text()
    wait_for(page, PLOTS_SETTLED)  # resized to 1440 px
    assert plot_collisions(page) == []
    page.screenshot(path=str(artifacts / "network-beside-the-map-desktop.png"))
    page.set_viewport_size(SIZES["phone"])
    page.evaluate("document.getElementById('boundary-plot').scrollIntoView()")
    net, map_ = (page.locator(s).bounding_box() for s in ("#network-panel", "#boundary-plot"))
    assert net["y"] > map_["y"] and net["y"] - (map_["y"] + map_["height"]) < 40  # right under the map
    page.screenshot(path=str(artifacts / "network-under-the-map-phone.png"))
