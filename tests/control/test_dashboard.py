"""The dashboard at `/_mock/ui`: the page itself, and the page driven in headless Chromium."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from twitch_mock import MockTwitch
from twitch_mock.http.journal import mask

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]


def test_the_page_lists_the_world_with_tokens_masked(twitch_mock: MockTwitch) -> None:
    user = twitch_mock.create_user(login="dash_page", display_name="<b>Bold</b>")
    token = twitch_mock.user_token(user.id, ["user:read:email"])
    twitch_mock.create_stream(user.id, title="On the dashboard")
    twitch_mock.add_fault(path="/helix/clips", status=503, times=2)
    r = httpx.get(twitch_mock.url + "/_mock/ui")
    assert r.status_code == 200 and r.headers["content-type"] == "text/html; charset=utf-8"
    page = r.text
    assert "dash_page" in page and "&lt;b&gt;Bold&lt;/b&gt;" in page and "<b>Bold</b>" not in page
    assert token not in page and mask(token) in page
    assert twitch_mock.client_secret not in page and twitch_mock.client_id in page
    assert "/helix/clips" in page and "On the dashboard" in page  # the stream changed the channel title
    assert "None: this build serves no EventSub API yet." in page or "EventSub:" in page
    assert httpx.get(twitch_mock.url + "/_mock/requests").json() == {"data": []}  # the UI is not journaled


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Chromium is not installed at {CHROMIUM}")
def test_the_dashboard_in_headless_chromium(twitch_mock: MockTwitch, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    twitch_mock.create_user(login="dash_fresh")  # a moment before the page loads
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1800})
            page.goto(twitch_mock.url + "/_mock/ui")
            expect(page.locator("#users")).to_contain_text("dash_fresh")
            # the journal is live: a request made after the page loaded shows up
            httpx.get(twitch_mock.helix_url + "users", params={"login": "dash_fresh"})
            expect(page.locator("#journal")).to_contain_text("/helix/users?login=dash_fresh", timeout=5000)
            expect(page.locator("#journal")).to_contain_text("401")
            # actions: create a user, start their stream, add and remove a fault
            form = page.locator('form[data-path="/users"]')
            form.locator('input[name="login"]').fill("made_in_ui")
            form.locator("button").click()
            expect(page.locator("#users")).to_contain_text("made_in_ui")
            made = next(u for u in twitch_mock.requests() if u.path == "/helix/users")  # journal untouched
            assert made.status == 401
            form = page.locator('form[data-path="/streams"]')
            form.locator('input[name="user_id"]').fill("made_in_ui")
            form.locator('input[name="title"]').fill("Live from the UI")
            form.locator("button").click()
            expect(page.locator("#streams")).to_contain_text("live")
            form = page.locator('form[data-path="/faults"]')
            form.locator('input[name="path"]').fill("/helix/videos")
            form.locator('input[name="status"]').fill("503")
            form.locator("button").click()
            expect(page.locator("#faults")).to_contain_text("/helix/videos")
            page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
            assert [r.path for r in twitch_mock.faults()] == ["/helix/videos"]
            assert twitch_mock.faults()[0].status == 503
            page.locator("#faults button[data-delete]").click()
            expect(page.locator("#faults")).not_to_contain_text("/helix/videos")
            # a refused action says why
            form = page.locator('form[data-path="/streams"]')
            form.locator('input[name="user_id"]').fill("nobody_at_all")
            form.locator("button").click()
            expect(page.locator("#status")).to_contain_text("POST /_mock/streams:")
        finally:
            browser.close()
    assert (tmp_path / "dashboard.png").stat().st_size > 10_000
    logins = {
        u["login"] for u in httpx.get(twitch_mock.url + "/units/users", params={"first": 1000}).json()["data"]
    }
    assert {"dash_fresh", "made_in_ui"} <= logins
    assert twitch_mock.faults() == []
