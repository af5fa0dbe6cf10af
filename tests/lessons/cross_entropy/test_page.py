"""Cross-entropy pitfalls in Chromium: the epsilon cap read out at a very negative z, the units toggle,
H(p, p) reaching 0 only at a one-hot p, and the derivative checks."""

from tests.lessons.facade import Lesson


def open_page(page, live_server) -> Lesson:
    """The page once the ε readout and plots, H(p, p)'s table and heatmap and the checks are drawn."""
    lesson = Lesson.open(page, live_server, "cross-entropy")
    for name in ("epsilon", "epsilon-curves", "information", "simplex", "checks"):
        lesson.fact(name)
    assert lesson.plot("simplex-plot", "p => p.data.length") == 3
    return lesson


def test_epsilon_cap_against_the_stable_loss_and_the_units(guarded, live_server, artifacts):
    page = guarded
    lesson = open_page(page, live_server)
    page.fill("#z", "-35")  # a range input: fill sets its value and fires input
    lesson.fact("epsilon", "e => e.point.z === -35")
    assert page.inner_text("#capped") == "16.118 nats"  # -ln 1e-7
    assert page.inner_text("#stable") == "35.000 nats"
    assert page.inner_text("#stable-dz") == "-1.000"
    assert abs(float(page.inner_text("#capped-dz"))) < 1e-6
    page.screenshot(path=str(artifacts / "cross-entropy-nats.png"), full_page=True)

    page.select_option("#unit", "bits")
    lesson.fact("information", "i => i.unit === 'bits'")
    assert lesson.fact("epsilon")["unit"] == "bits"
    assert page.inner_text("#capped") == "23.253 bits"  # 16.118 / ln 2
    assert page.inner_text("#h-pp").endswith("bits")
    page.select_option("#unit", "nats")
    lesson.fact("information", "i => i.unit === 'nats'")


def test_self_cross_entropy_is_zero_only_for_one_hot_and_the_checks(guarded, live_server):
    page = guarded
    lesson = open_page(page, live_server)
    assert page.inner_text("#h-pp") == page.inner_text("#h-p") != "0.0000 nats"
    for i, value in enumerate(["10", "0", "0"]):
        page.fill(f"#w-{i}", value)
    lesson.fact("information", "i => i.entropy === 0")
    assert page.inner_text("#p-norm") == "(1.00, 0.00, 0.00)" and page.inner_text("#h-pp") == "0.0000 nats"
    code = page.inner_text("#check-code")
    assert "✗ no" in code and "✓ yes" in code and "= the article's" in code
    page.fill("#a1", "4")
    lesson.fact("checks", "c => c.a[1] === 4")
