"""Same-machine trust (issue 16, item 1): the Host guard, the control API's Origin / peer / media
type refusals and CORS, and the CSRF token of the consent and activation forms."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from conftest import CLIENT_ID, World, assert_error, build_world
from twitch_mock.http.guard import FOREIGN_ORIGIN, JSON_ONLY, REMOTE_PEER, Guard, is_local
from twitch_mock.mock import MockTwitch
from twitch_mock.oauth.pages import CSRF_FIELD, CSRF_REFUSED
from twitch_mock.settings import Settings

MISDIRECTED = (
    'Host "{}" is not served here: twitch-mock answers its own host, loopback names and names added '
    "with --allow-host"
)


@pytest.mark.parametrize(
    ("host", "served"),
    [
        ("localhost", True),
        ("localhost:8080", True),
        ("LOCALHOST.:8080", True),
        ("app.localhost:3000", True),
        ("127.0.0.1:8080", True),
        ("127.9.9.9", True),
        ("[::1]:8080", True),
        ("[::ffff:127.0.0.1]:8080", True),
        (None, True),
        ("evil.example", False),
        ("evil.example:8080", False),
        ("localhost.evil.example", False),
        ("192.168.1.5:8080", False),
        ("[fe80::1]:8080", False),
        ("", False),
    ],
)
def test_host_guard_names(host: str | None, served: bool) -> None:
    assert Guard(Settings(db=":memory:")).host_ok(host) is served


def test_allowed_hosts_and_wildcard_binds() -> None:
    named = Guard(Settings(db=":memory:", host="devbox.lan", allow_hosts=("Mock.Test",)))
    assert named.host_ok("devbox.lan:8080") and named.host_ok("mock.test") and named.host_ok("[::1]")
    assert not named.host_ok("192.168.1.5")
    wildcard = Guard(Settings(db=":memory:", host="0.0.0.0"))
    assert wildcard.host_ok("192.168.1.5:8080") and wildcard.host_ok("[fe80::1]:8080")
    assert not wildcard.host_ok("rebound.example:8080")


@pytest.mark.parametrize(
    "path", ["/helix/users", "/oauth2/validate", "/.well-known/openid-configuration", "/_mock/clock", "/x"]
)
def test_a_foreign_host_is_refused_everywhere(world: World, path: str) -> None:
    r = world.http.get(path, headers={"Host": "evil.example:8080"})
    message = MISDIRECTED.format("evil.example:8080")
    if path.startswith("/helix") or path.startswith("/_mock") or path == "/x":
        assert_error(r, 421, message)
    else:  # id.twitch.tv's shape
        assert r.status_code == 421 and r.json() == {"status": 421, "message": message}
    assert "evil.example" not in r.headers.get("access-control-allow-origin", "")


def test_discovery_never_names_a_foreign_host(world: World) -> None:
    r = world.http.get("/oauth2/.well-known/openid-configuration", headers={"Host": "rebind.example"})
    assert r.status_code == 421 and "authorization_endpoint" not in r.text
    ok = world.http.get("/oauth2/.well-known/openid-configuration", headers={"Host": "127.0.0.1:9"})
    assert ok.json()["issuer"] == "http://127.0.0.1:9/oauth2"


def test_allow_host_setting_serves_the_name() -> None:
    w = build_world(Settings(db=":memory:", allow_hosts=("mock.test",)))
    try:
        r = w.http.get("/oauth2/.well-known/openid-configuration", headers={"Host": "mock.test:8080"})
        assert r.json()["issuer"] == "http://mock.test:8080/oauth2"
    finally:
        w.store.close()


def test_helix_and_oauth_keep_twitchs_cors(world: World) -> None:
    r = world.http.get("/helix/users?id=1000", headers={**world.headers(), "Origin": "https://example.com"})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
    v = world.http.get("/oauth2/validate", headers={"Authorization": f"OAuth {world.app_token}"})
    assert v.headers["access-control-allow-origin"] == "*"


# --- the control API and /units (a live server: real sockets, real Host headers) ----------------


def test_a_foreign_page_cannot_reset_the_mock(twitch_mock: MockTwitch) -> None:
    """The issue's reproduction: a text/plain POST from another origin, no preflight."""
    twitch_mock.advance(60)
    r = httpx.post(
        twitch_mock.url + "/_mock/reset",
        content=b"{}",
        headers={"Origin": "http://evil.example", "Content-Type": "text/plain"},
    )
    assert_error(r, 403, FOREIGN_ORIGIN.format("http://evil.example"))
    assert "access-control-allow-origin" not in r.headers
    assert twitch_mock.clock.offset == 60  # not reset


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://localhost.evil.example:3000"])
@pytest.mark.parametrize(("method", "path"), [("GET", "/units/clients"), ("OPTIONS", "/_mock/reset")])
def test_foreign_origins_get_no_control_or_units(
    twitch_mock: MockTwitch, origin: str, method: str, path: str
) -> None:
    r = httpx.request(method, twitch_mock.url + path, headers={"Origin": origin})
    assert_error(r, 403, FOREIGN_ORIGIN.format(origin))
    assert not any(k.startswith("access-control-") for k in r.headers)


def test_a_loopback_page_may_use_the_control_api(twitch_mock: MockTwitch) -> None:
    origin = "http://localhost:3000"
    r = httpx.get(twitch_mock.url + "/units/clients", headers={"Origin": origin})
    assert r.status_code == 200 and r.json()["data"]
    assert r.headers["access-control-allow-origin"] == origin and r.headers["vary"] == "Origin"
    plain = httpx.get(twitch_mock.url + "/units/clients")
    assert plain.status_code == 200 and "access-control-allow-origin" not in plain.headers


@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded", None])
def test_control_bodies_only_as_json(twitch_mock: MockTwitch, ctype: str | None) -> None:
    headers = {"Content-Type": ctype} if ctype else {}
    r = httpx.post(twitch_mock.url + "/_mock/clock/advance", content=b'{"seconds": 5}', headers=headers)
    assert_error(r, 415, JSON_ONLY)
    assert twitch_mock.clock.offset == 0
    ok = httpx.post(twitch_mock.url + "/_mock/clock/advance", json={"seconds": 5})
    assert ok.status_code == 200 and twitch_mock.clock.offset == 5


def _peer(world: World, address: str) -> TestClient:
    return TestClient(world.http.app, base_url="http://localhost", client=(address, 5000))


@pytest.mark.parametrize("path", ["/_mock/clock", "/units/clients"])
def test_remote_peers_cannot_drive_the_mock(world: World, path: str) -> None:
    assert_error(_peer(world, "192.168.1.9").get(path), 403, REMOTE_PEER.format("192.168.1.9"))
    assert _peer(world, "::1").get(path).status_code == 200
    assert _peer(world, "192.168.1.9").get("/helix/users?id=1000", headers=world.headers()).status_code == 200


def test_allow_remote_control_lets_them() -> None:
    w = build_world(Settings(db=":memory:", allow_remote_control=True))
    try:
        assert _peer(w, "192.168.1.9").get("/_mock/clock").status_code == 200
    finally:
        w.store.close()


# --- CSRF on the consent and activation forms ----------------------------------------------------


class Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "input" and a.get("name"):
            self.fields[a["name"] or ""] = a.get("value") or ""


def _form(page: Any) -> dict[str, str]:
    """The page's input fields (hidden ones included), as a browser would submit them."""
    reader = Inputs()
    reader.feed(page.text)
    return reader.fields


def _consent_page(world: World) -> Any:
    query = {
        "client_id": CLIENT_ID,
        "redirect_uri": "http://localhost:3000",
        "response_type": "code",
        "scope": "user:read:email",
        "state": "s1",
    }
    return world.http.get("/oauth2/authorize", params=query)


def test_consent_page_is_not_readable_cross_origin(world: World) -> None:
    page = _consent_page(world)
    assert page.status_code == 200 and CSRF_FIELD in _form(page)
    assert "access-control-allow-origin" not in page.headers


@pytest.mark.parametrize("token", [None, "", "abc.def", "forged"])
def test_consent_without_the_pages_token_is_refused(world: World, token: str | None) -> None:
    fields = _form(_consent_page(world))
    if token is None:
        del fields[CSRF_FIELD]
    else:
        fields[CSRF_FIELD] = token
    r = world.http.post(
        "/oauth2/consent",
        data={**fields, "user_id": world.users["alice"], "decision": "authorize"},
        headers={"Origin": "http://evil.example"},
        follow_redirects=False,
    )
    assert r.status_code == 403 and CSRF_REFUSED in r.text and "location" not in r.headers


def test_a_token_is_bound_to_its_page(world: World) -> None:
    """A token from one consent page does not approve another request (other scopes)."""
    fields = _form(_consent_page(world))
    fields["scope"] = "user:read:email moderator:manage:banned_users"
    r = world.http.post(
        "/oauth2/consent",
        data={**fields, "user_id": world.users["alice"], "decision": "authorize"},
        follow_redirects=False,
    )
    assert r.status_code == 403
    good = _form(_consent_page(world))
    ok = world.http.post(
        "/oauth2/consent",
        data={**good, "user_id": world.users["alice"], "decision": "authorize"},
        follow_redirects=False,
    )
    assert ok.status_code == 302 and "code=" in ok.headers["location"]


def test_activation_without_the_pages_token_is_refused(world: World) -> None:
    start = world.http.post("/oauth2/device", data={"client_id": CLIENT_ID, "scopes": ""}).json()
    r = world.http.post(
        "/oauth2/activate",
        data={"user_code": start["user_code"], "login": "bob", "decision": "authorize"},
        headers={"Origin": "http://evil.example"},
    )
    assert r.status_code == 403 and CSRF_REFUSED in r.text
    page = world.http.get("/oauth2/activate")
    assert "access-control-allow-origin" not in page.headers
    ok = world.http.post(
        "/oauth2/activate",
        data={**_form(page), "user_code": start["user_code"], "login": "bob", "decision": "authorize"},
    )
    assert ok.status_code == 200 and "Device connected" in ok.text


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWITCH_MOCK_ALLOW_HOSTS", "a.test, b.test")
    monkeypatch.setenv("TWITCH_MOCK_ALLOW_REMOTE_CONTROL", "1")
    s = Settings.from_env()
    assert s.allow_hosts == ("a.test", "b.test") and s.allow_remote_control
    assert replace(s, allow_hosts=()).allow_hosts == ()


def test_a_websocket_from_a_foreign_host_is_refused_before_the_handshake(world: World) -> None:
    with (
        pytest.raises(WebSocketDisconnect),
        world.http.websocket_connect("/ws", headers={"Host": "evil.example"}),
    ):
        pass
    with world.http.websocket_connect("/ws") as ws:  # loopback: the handshake completes
        assert ws.receive()["type"] in ("websocket.send", "websocket.close")


def test_a_host_naming_the_address_the_connection_came_in_on_is_served() -> None:
    guard = Guard(Settings(db=":memory:"))
    assert guard.host_ok("192.168.1.5:8080", "192.168.1.5")
    assert guard.host_ok("[fe80::2]:8080", "fe80::2")
    assert not guard.host_ok("evil.example:8080", "192.168.1.5")


@pytest.mark.parametrize(
    ("path", "local"),
    [
        ("/_mock", True),
        ("/_mock/eventsub/x", True),
        ("/units/clients", True),
        ("/_mockery", False),
        ("/helix/x", False),
    ],
)
def test_every_namespace_under_mock_and_units_is_local(path: str, local: bool) -> None:
    assert is_local(path) is local
