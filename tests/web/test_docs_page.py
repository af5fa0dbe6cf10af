"""/docs in a real Chromium: Swagger UI drawn from local files, nothing fetched elsewhere."""

from urllib.parse import urlparse


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

