"""Shared fixtures: a small hand-made world in an in-memory store, served in-process through
Starlette's TestClient (no sockets), so HTTP-surface tests run in milliseconds."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, cast

import httpx
import pytest
from starlette.testclient import TestClient
from starlette.types import ASGIApp

from twitch_mock.app import App
from twitch_mock.core.clock import Clock
from twitch_mock.domain import users
from twitch_mock.domain.services import Services
from twitch_mock.domain.users import UserRecord
from twitch_mock.eventsub import callbacks
from twitch_mock.http.endpoint import Api
from twitch_mock.mock import MockTwitch
from twitch_mock.oauth.tokens import issue_app_token, issue_user_token
from twitch_mock.settings import Settings
from twitch_mock.store import Store
from twitch_mock.store.auth import Client

CLIENT_ID = "a" * 30
CLIENT_SECRET = "s" * 30
OTHER_CLIENT_ID = "b" * 30
PUBLIC_CLIENT_ID = "p" * 30


def make_user(n: int, login: str, **extra: Any) -> UserRecord:
    user = UserRecord(
        id=str(1000 + n),
        login=login.lower(),
        display_name=login,
        type="",
        broadcaster_type="",
        description=f"{login}'s channel",
        profile_image_url=f"https://static-cdn.jtvnw.net/jtv_user_pictures/{login}-profile_image-300x300.png",
        offline_image_url="",
        view_count=0,
        email=f"{login.lower()}@example.com",
        created_at="2020-01-02T03:04:05Z",
    )
    return replace(user, **extra)


def client(app: App) -> TestClient:
    """Starlette's TestClient over the app, in-process. App's ASGI aliases say `dict` where
    Starlette's say `MutableMapping` (what the server hands it is a dict either way)."""
    return TestClient(cast(ASGIApp, app), base_url="http://localhost")


@dataclass
class World:
    services: Services
    http: TestClient
    users: dict[str, str] = field(default_factory=dict)  # login -> id
    app_token: str = ""

    @property
    def store(self) -> Store:
        return self.services.store

    @property
    def clock(self) -> Clock:
        return self.services.clock

    def user_token(self, login: str, scopes: Sequence[str] = (), client_id: str = CLIENT_ID) -> str:
        with self.store.transaction():
            issued = issue_user_token(self.services, client_id, self.users[login], scopes)
        return issued.access.token

    def headers(self, token: str | None = None, client_id: str = CLIENT_ID) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.app_token}", "Client-Id": client_id}

    def as_user(self, login: str, *scopes: str) -> dict[str, str]:
        return self.headers(self.user_token(login, scopes))


def build_world(settings: Settings | None = None, apis: Sequence[Api] | None = None) -> World:
    settings = settings or Settings(db=":memory:")
    store = Store.open(":memory:")
    services = Services(settings, store, Clock(frozen=True))
    logins = ["Alice", "Bob", "Carol", "Dave", "Erin"]
    with store.transaction():
        users.insert(store.db.conn, (make_user(n, login) for n, login in enumerate(logins)))
        for cid, secret, public in (
            (CLIENT_ID, CLIENT_SECRET, False),
            (OTHER_CLIENT_ID, "o" * 30, False),
            (PUBLIC_CLIENT_ID, None, True),
        ):
            store.auth.add_client(
                Client(
                    cid,
                    secret,
                    f"client {cid[0]}",
                    public,
                    False,
                    "2020-01-01T00:00:00Z",
                    ("http://localhost:3000",),
                )
            )
        app_token = issue_app_token(services, CLIENT_ID, ()).token
    app = App(services) if apis is None else App(services, apis)
    world = World(services, client(app), app_token=app_token)
    world.users = {login.lower(): str(1000 + n) for n, login in enumerate(logins)}
    return world


class OffMachine(Exception):
    """An HTTP request to a host that is not this machine's loopback (no test may send one)."""


def _loopback(host: str) -> bool:
    host = host.lower().rstrip(".").strip("[]")
    if host in ("localhost", "testserver") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_traffic_off_the_machine(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every httpx request (sync or async, in any thread) and every webhook connection to a host
    that is not loopback is
    refused with `OffMachine` and fails the test, even when the code that sent it (a webhook
    worker) swallows the error."""
    refused: list[str] = []
    send_async = httpx.AsyncHTTPTransport.handle_async_request
    send_sync = httpx.HTTPTransport.handle_request

    def check(request: httpx.Request) -> None:
        if not _loopback(request.url.host):
            refused.append(str(request.url))
            raise OffMachine(f"a test sent a request off this machine: {request.method} {request.url}")

    async def guarded_async(self: httpx.AsyncHTTPTransport, request: httpx.Request) -> httpx.Response:
        check(request)
        return await send_async(self, request)

    def guarded_sync(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        check(request)
        return send_sync(self, request)

    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", guarded_async)
    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", guarded_sync)
    connect = callbacks.connect  # the webhook client's one way out (eventsub/callbacks.py)

    async def guarded_connect(host: str, port: int, tls: Any) -> Any:
        if not _loopback(host):
            refused.append(f"{host}:{port}")
            raise OffMachine(f"a test sent a webhook off this machine: {host}:{port}")
        return await connect(host, port, tls)

    monkeypatch.setattr(callbacks, "connect", guarded_connect)
    yield refused
    if refused:
        pytest.fail(f"requests off this machine: {refused}")


@pytest.fixture
def http(twitch_mock: MockTwitch) -> Iterator[httpx.Client]:
    """An httpx client on the `twitch_mock` fixture's server (the plugin's, over loopback)."""
    with httpx.Client(base_url=twitch_mock.url, timeout=10) as client:
        yield client


@pytest.fixture
def user(twitch_mock: MockTwitch) -> tuple[str, dict[str, str]]:
    """The `twitch_mock` fixture's all-units user and headers with a user token of theirs."""
    uid = twitch_mock.all_units_user_id
    token = twitch_mock.user_token(uid, ["channel:manage:broadcast"])
    return uid, {"Authorization": f"Bearer {token}", "Client-Id": twitch_mock.client_id}


@pytest.fixture
def world() -> Iterator[World]:
    w = build_world()
    yield w
    w.store.close()


# TestClient's responses are httpx.Response. (Starlette types TestClient over httpx2, which is not
# installed, so mypy sees them as Any: helpers that return one annotate a variable with the type.)
def assert_error(response: httpx.Response, status: int, message: str) -> None:
    """A Helix error: exact status, Twitch's envelope and message, exact Content-Type."""
    r = response
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert body == {"error": body["error"], "status": status, "message": message}
    assert body["error"] and isinstance(body["error"], str)
