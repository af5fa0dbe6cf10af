"""/docs in a real Chromium: Swagger UI drawn from local files, nothing fetched elsewhere."""

from urllib.parse import urlparse

from tests.web.helpers import wait_for
from tests.web.layout import AXE_JS


def test_openapi_docs_render_offline(page, live_server, artifacts):
    errors, foreign = [], []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: foreign.append(req.url)
            if urlparse(req.url).hostname not in ("127.0.0.1", None) and not req.url.startswith("data:")
            else None)
    page.goto(live_server + "/docs")
    page.get_by_text("/api/train").first.wait_for(timeout=15_000)
    for path in ("/api/datasets", "/api/surface", "/api/gradient", "/api/gradcheck"):
        assert page.get_by_text(path, exact=True).count() >= 1
    page.screenshot(path=str(artifacts / "docs.png"), full_page=False)
    assert foreign == []
    assert errors == []



def test_every_kind_of_operation_opened_axe_finds_nothing_at_any_impact(guarded, live_server):
    """Opened, an operation shows its parameters, body and responses: named menus, readable
    "(query)" labels, headings one level under their tag, and responses regions each named
    after its operation. The datasets, runs and training tags' operations hold every kind Swagger
    UI draws here (query, path and enum parameters, a file upload, JSON bodies, every method);
    opening all 41 only took longer."""
    guarded.goto(live_server + "/docs")
    wait_for(guarded, "document.querySelector('#swagger-ui .opblock') && document.querySelector('#swagger-ui .models')")
    # a DOM click each: Playwright's click waits for a button to stop moving, and each opened
    # operation moves every button below it
    count = guarded.evaluate("""[...document.querySelectorAll(
        '#operations-tag-datasets, #operations-tag-runs, #operations-tag-training')]
        .flatMap(tag => [...tag.closest('.opblock-tag-section').querySelectorAll('.opblock-summary-control')])
        .map(b => b.click()).length""")
    assert count >= 12
    wait_for(guarded, f"document.querySelectorAll('table.responses-table[aria-label]').length === {count}")
    guarded.evaluate(AXE_JS)
    result = guarded.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]] == []


def test_try_it_out_on_post_api_train_sends_its_example_and_gets_200(guarded, live_server, artifacts):
    """The issue's case: /docs' own "Try it out", as a visitor clicks it, on the schema's example."""
    guarded.goto(live_server + "/docs")
    wait_for(guarded, "document.querySelector('#swagger-ui .opblock-post')")
    block = guarded.locator(".opblock-post", has=guarded.locator(".opblock-summary-path", has_text="/api/train"))
    block.first.locator(".opblock-summary-control").click()
    block.first.get_by_role("button", name="Try it out").click()
    body = block.first.locator("textarea.body-param__text").input_value()
    assert '"moons"' in body and '"step": 100' in body  # the example, not Swagger's sample
    block.first.get_by_role("button", name="Execute").click()
    status = block.first.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=30_000)
    assert status.inner_text().strip().startswith("200")
    guarded.screenshot(path=str(artifacts / "docs-try-it-out.png"))
