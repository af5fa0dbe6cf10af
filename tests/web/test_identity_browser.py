"""Two students in two unrelated browsers (Chromium contexts, live server, real cookies), as the
issue measured them: A uploads a CSV of marks and saves "homework 1"; B sees neither, cannot
train on A's upload from A's link, and opens A's run link read-only; nobody deletes anybody's
work. Then the page "You": a name, a token shown once and revoked, and a one-time link that
carries A's identity to a third browser, whose runs page then lists A's run."""

from __future__ import annotations

from tests.conftest import Person, person_in
from tests.web.helpers import wait_for
from tests.web.layout import SIZES, serious_accessibility_violations, sideways_scroll

MARKS = b"hours,quiz,passed\n" + b"".join(b"%d,%d,%s\n" % (i % 9, (5 * i) % 11, b"yes" if i % 3 else b"no")
                                          for i in range(40))
RUN = {"dataset": {"name": "moons", "seed": 1}, "max_steps": 30, "record_every": 10}


def saved(person: Person, name: str) -> str:
    run_id = person.post("/api/runs", json={**RUN, "name": name}).json()["id"]
    wait = person.stream("GET", f"/api/runs/{run_id}/progress")
    with wait as stream:
        for _ in stream.iter_lines():
            pass
    assert person.get(f"/api/runs/{run_id}").json()["state"] == "saved"
    return run_id


def test_two_students_each_see_only_their_own_work(browser, live_server, artifacts):
    a_context, b_context = browser.new_context(), browser.new_context()
    try:
        a, b = person_in(a_context, live_server), person_in(b_context, live_server)
        upload = a.post("/api/datasets", files={"file": ("marks.csv", MARKS, "text/csv")}).json()["name"]
        run_id = saved(a, "homework 1")
        saved(b, "b's own")

        page = b_context.new_page()
        page.set_viewport_size(SIZES["desktop"])
        page.goto(live_server + "/runs")
        wait_for(page, "document.getElementById('runs-table').textContent.includes(\"b's own\")")
        assert "homework 1" not in page.locator("#runs-table").inner_text()
        assert "only your own" in page.locator("main .lead").inner_text()
        options = page.evaluate("[...document.querySelectorAll('#f-dataset option')].map(o => o.value)")
        assert upload not in options

        page.goto(f"{live_server}/?dataset={upload}")  # A's link with A's upload: not B's to train on
        wait_for(page, "document.getElementById('banner').textContent.includes('is not one of yours')")
        assert page.evaluate("window.gdviz.state.dataset") == "blobs"

        page.goto(f"{live_server}/?run={run_id}")  # A's saved run by its link: B reads it
        wait_for(page, "window.gdviz && !document.getElementById('saved-note').hidden")
        assert "homework 1" in page.locator("#saved-note").inner_text()
        deleted = page.evaluate("""async (id) => {
            const { send } = await import('/static/js/kit.js');
            return (await send(`/api/runs/${id}`, { method: 'DELETE' })).status; }""", run_id)
        assert deleted == 403  # B's own page, B's CSRF token: still not B's to delete
        page.expected_console_errors = ["403"]
        assert a.get(f"/api/runs/{run_id}").json()["name"] == "homework 1"
        assert a.get(f"/api/datasets/{upload}").status_code == 200
        page.close()
    finally:
        a_context.close()
        b_context.close()


def test_the_page_you_names_makes_and_revokes_tokens_and_carries_the_identity(browser, live_server, artifacts):
    a_context, c_context = browser.new_context(), browser.new_context()
    try:
        a = person_in(a_context, live_server)
        saved(a, "carried over")
        page = a_context.new_page()
        for size in ("desktop", "phone"):
            page.set_viewport_size(SIZES[size])
            page.goto(live_server + "/me")
            wait_for(page, "document.getElementById('me-who').textContent !== '…'")
            if size == "desktop":
                page.fill("#me-name", "Ada")
                page.click("#name-form button[type=submit]")
                wait_for(page, "document.getElementById('me-who').textContent === 'Ada'")
                page.fill("#token-name", "my laptop")
                page.click("#token-form button[type=submit]")
                wait_for(page, "!document.getElementById('token-new').hidden")
            assert page.locator("#token-secret").inner_text().startswith("gdviz_") or size == "phone"
            assert sideways_scroll(page) == [], size
            page.screenshot(path=str(artifacts / f"me-{size}.png"), full_page=True)
        page.set_viewport_size(SIZES["desktop"])
        assert serious_accessibility_violations(page) == []
        page.goto(live_server + "/me")
        wait_for(page, "document.querySelectorAll('#tokens tbody tr').length === 1")
        page.click("#tokens tbody button")
        wait_for(page, "!document.getElementById('tokens-empty').hidden")

        page.click("#transfer-make")
        wait_for(page, "document.getElementById('transfer-url').value.includes('/claim/')")
        link = page.locator("#transfer-url").input_value()
        other = c_context.new_page()
        other.goto(link)
        other.click("#claim")
        wait_for(other, "!document.getElementById('claimed').hidden")
        assert other.locator("#claimed-who").inner_text() == "Ada"
        other.screenshot(path=str(artifacts / "claim-desktop.png"))
        other.goto(live_server + "/runs")
        wait_for(other, "document.getElementById('runs-table').textContent.includes('carried over')")
    finally:
        a_context.close()
        c_context.close()
