"""Real clients against a real loopback server: pyTwitchAPI's UserAuthenticator (code flow, then an
auto-refresh after the token expires) and CodeFlow (device flow), and the consent page driven in
headless Chromium through Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from oauth_support import free_port, params_of

from twitch_mock.domain import users
from twitch_mock.mock import MockTwitch
from twitch_mock.oauth.clients import register_client
from twitch_mock.store.auth import Client

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Live:
    mock: MockTwitch
    client: Client
    public: Client
    callback: str

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.mock.port}"

    def user(self, n: int) -> tuple[str, str]:
        """(id, login) of the n-th user."""
        user = users.find(self.mock.services.conn, ids=users.ids(self.mock.services.conn, n + 1))[n]
        return user.id, user.login


@pytest.fixture(scope="module")
def live() -> Iterator[Live]:
    mock = MockTwitch(seed=11, users=3)
    callback = f"http://127.0.0.1:{free_port()}"
    client = register_client(
        mock.services, "Live test app", [callback]
    )  # before the server thread owns the DB
    public = register_client(mock.services, "Live device app", [], public=True)
    mock.start()
    try:
        yield Live(mock, client, public, callback)
    finally:
        mock.close()


async def test_pytwitchapi_user_authenticator_and_auto_refresh(live: Live) -> None:
    from twitchAPI.helper import first
    from twitchAPI.oauth import UserAuthenticator
    from twitchAPI.twitch import Twitch
    from twitchAPI.type import AuthScope

    auth_base = live.base + "/oauth2/"
    twitch = await Twitch(
        live.client.id, live.client.secret, base_url=live.base + "/helix/", auth_base_url=auth_base
    )
    user_id, login = live.user(1)
    port = int(live.callback.rsplit(":", 1)[1])
    auth = UserAuthenticator(
        twitch, [AuthScope.USER_EDIT], url=live.callback, host="127.0.0.1", port=port, auth_base_url=auth_base
    )

    async def browser(url: str) -> None:  # what a browser does with auto-approve: follow one redirect
        async with httpx.AsyncClient(follow_redirects=True, timeout=10) as http:
            r = await http.get(url + "&" + urlencode({"mock_login": login}))
            assert r.status_code == 200

    token, refresh = await auth.authenticate(use_browser=False, auth_url_callback=browser)
    await twitch.set_user_authentication(token, [AuthScope.USER_EDIT], refresh)
    me = await first(twitch.get_users())
    assert me is not None and me.id == user_id
    live.mock.services.clock.advance(live.mock.services.settings.lifetimes.user_token + 1)
    again = await first(twitch.get_users())  # Helix 401 -> refresh -> retry, inside pyTwitchAPI
    assert again is not None and again.login == login
    assert twitch.get_user_auth_token() not in (None, token)
    await twitch.close()


async def test_pytwitchapi_code_flow(live: Live) -> None:
    from twitchAPI.oauth import CodeFlow
    from twitchAPI.twitch import Twitch
    from twitchAPI.type import AuthScope

    auth_base = live.base + "/oauth2/"
    twitch = await Twitch(
        live.public.id, authenticate_app=False, base_url=live.base + "/helix/", auth_base_url=auth_base
    )
    flow = CodeFlow(twitch, [AuthScope.CHAT_READ], auth_base_url=auth_base)
    user_code, url = await flow.get_code()
    assert url.endswith(user_code)
    assert url.startswith(live.base + "/oauth2/activate?device-code=")
    async with httpx.AsyncClient(timeout=10) as http:
        page = await http.get(url + "&mock_login=" + live.user(0)[1])
        assert "Device connected" in page.text
    token, refresh = await flow.wait_for_auth_complete()
    assert token and refresh
    await twitch.close()


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Chromium is not installed at {CHROMIUM}")
def test_consent_page_in_headless_chromium(live: Live) -> None:
    from playwright.sync_api import Route, sync_playwright

    user_id, login = live.user(2)
    query = {"client_id": live.client.id, "redirect_uri": live.callback, "response_type": "code"}
    url = f"{live.base}/oauth2/authorize?" + urlencode(
        {**query, "scope": "user:edit bits:read", "state": "s1"}
    )
    landed: list[str] = []

    def callback(route: Route) -> None:  # the app's redirect target: record it, answer a tiny page
        landed.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<p id=done>signed in</p>")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route(live.callback + "/**", callback)
            page.goto(url)
            assert "Live test app" in page.inner_text("h1")
            assert page.inner_text("#scopes").split() == ["user:edit", "bits:read"]
            page.select_option("#user_id", user_id)
            page.click("button.authorize")
            page.wait_for_selector("#done")
        finally:
            browser.close()
    back = params_of(landed[0])
    assert back["state"] == "s1" and back["scope"] == "user:edit bits:read"
    token = httpx.post(
        f"{live.base}/oauth2/token",
        params={
            "client_id": live.client.id,
            "client_secret": live.client.secret,
            "code": back["code"],
            "grant_type": "authorization_code",
            "redirect_uri": live.callback,
        },
    ).json()
    info = httpx.get(
        f"{live.base}/oauth2/validate", headers={"Authorization": f"OAuth {token['access_token']}"}
    )
    assert info.json()["login"] == login
