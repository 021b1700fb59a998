"""Helix Extensions family: extension JWT auth, Get Extensions / Released, secrets, configuration
segments, required configuration, PubSub and chat messages, live channels, Bits products and
extension transactions."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import httpx
import jwt as pyjwt
import pytest
from reference_support import Call, Example

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.domain import (
    extension_messages,
    extension_products,
    extensions,
    streams,
    transactions,
    user_extensions,
)
from twitch_mock.domain.extensions import JWT_EXPIRED, JWT_INVALID, JWT_ROLE, sign
from twitch_mock.domain.outbox import Event
from twitch_mock.helix import HELIX
from twitch_mock.http.endpoint import Auth, Endpoint

HOUR = 3600


@dataclass
class Ext:
    id: str
    secret: str
    world: World

    def jwt(self, **claims: Any) -> str:
        base = {
            "exp": int(self.world.clock.now()) + HOUR,
            "user_id": self.world.users["alice"],
            "role": "external",
        }
        return sign(self.secret, {**base, **claims})

    def headers(self, **claims: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.jwt(**claims)}", "Client-Id": self.id}

    def app(self) -> dict[str, str]:
        from twitch_mock.oauth.tokens import issue_app_token

        with self.world.store.transaction():
            token = issue_app_token(self.world.services, self.id, ()).token
        return {"Authorization": f"Bearer {token}", "Client-Id": self.id}


@pytest.fixture
def ext(world: World) -> Ext:
    with world.store.transaction():
        row, secret = extensions.create_extension(
            world.services, world.users["alice"], "Test Ext", types=("panel", "overlay", "component"),
            bits_enabled=True, has_chat_support=True,
        )  # fmt: skip
    return Ext(row.id, secret, world)


def live_with(world: World, ext: Ext, login: str) -> None:
    """`login` goes live with the extension active in their first panel slot."""
    s = world.services
    with world.store.transaction():
        streams.create_stream(s, world.users[login], title=f"{login} live")
        user_extensions.install(s, world.users[login], ext.id, "1.0.0")
        user_extensions.update(
            s, world.users[login], {"panel": {"1": {"active": True, "id": ext.id, "version": "1.0.0"}}}
        )


# --- JWT auth ----------------------------------------------------------------------------------


def _forged(ext: Ext) -> dict[str, str]:
    token = pyjwt.encode(
        {"exp": int(ext.world.clock.now()) + HOUR, "role": "external"}, b"wrong" * 8, algorithm="HS256"
    )
    return {"Authorization": f"Bearer {token}", "Client-Id": ext.id}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(lambda e: {}, "OAuth token is missing", id="no-authorization"),
        pytest.param(
            lambda e: {"Authorization": f"Bearer {e.jwt()}"}, "Client ID is missing", id="no-client-id"
        ),
        pytest.param(_forged, JWT_INVALID, id="bad-signature"),
        pytest.param(lambda e: {**e.headers(), "Client-Id": "c" * 30}, JWT_INVALID, id="not-an-extension"),
        pytest.param(lambda e: e.headers(exp=int(e.world.clock.now()) - 1), JWT_EXPIRED, id="expired"),
        pytest.param(lambda e: e.headers(role="broadcaster"), JWT_ROLE, id="wrong-role"),
        pytest.param(lambda e: e.headers(exp="soon"), JWT_INVALID, id="exp-not-a-number"),
        pytest.param(
            lambda e: {"Authorization": f"Bearer {e.world.app_token}", "Client-Id": e.id},
            JWT_INVALID,
            id="oauth-token",
        ),
    ],
)
def test_extension_jwt_errors(ext: Ext, make: Any, message: str) -> None:
    r = ext.world.http.get(f"/helix/extensions?extension_id={ext.id}", headers=make(ext))
    assert_error(r, 401, message)


JWT_ENDPOINTS = [e for e in HELIX.endpoints if e.auth is Auth.EXTENSION]


@pytest.mark.parametrize("role", ["broadcaster", "moderator", "viewer", "", None])
@pytest.mark.parametrize("endpoint", JWT_ENDPOINTS, ids=lambda e: f"{e.method} {e.path}")
def test_every_jwt_endpoint_takes_only_the_external_role(ext: Ext, endpoint: Endpoint, role: Any) -> None:
    """Twitch's reference names `external` as the role of each of the 8 endpoints (a frontend's
    broadcaster, moderator or viewer JWT is Twitch's to sign, not the backend's): any other is 401."""
    url = f"/helix{endpoint.path}?extension_id={ext.id}&broadcaster_id={ext.world.users['alice']}"
    r = ext.world.http.request(endpoint.method, url, headers=ext.headers(role=role), json={})
    assert_error(r, 401, JWT_ROLE)
    r = ext.world.http.request(endpoint.method, url, headers=ext.headers(), json={})
    assert r.status_code != 401, r.text  # the same request with the external role gets past auth


def test_a_jwt_expires_on_the_mock_clock(ext: Ext) -> None:
    headers = ext.headers(exp=int(ext.world.clock.now()) + 60)
    assert ext.world.http.get(f"/helix/extensions?extension_id={ext.id}", headers=headers).status_code == 200
    ext.world.clock.advance(61)
    assert_error(
        ext.world.http.get(f"/helix/extensions?extension_id={ext.id}", headers=headers), 401, JWT_EXPIRED
    )


# --- Get Extensions / Get Released Extensions --------------------------------------------------


def test_get_extensions_shape(ext: Ext) -> None:
    r = ext.world.http.get(f"/helix/extensions?extension_id={ext.id}", headers=ext.headers())
    assert r.status_code == 200, r.text
    (item,) = r.json()["data"]
    assert {k: item[k] for k in ("id", "version", "name", "author_name", "state", "bits_enabled")} == {
        "id": ext.id, "version": "1.0.0", "name": "Test Ext", "author_name": "Alice", "state": "Released",
        "bits_enabled": True,
    }  # fmt: skip
    assert set(item["views"]) == {"mobile", "panel", "video_overlay", "component", "config"}
    assert set(item["icon_urls"]) == {"100x100", "24x24", "300x200"}


def test_versions_newest_and_released(ext: Ext) -> None:
    w = ext.world
    with w.store.transaction():
        extensions.add_version(w.services, ext.id, "2.0.0", "InTest")
    newest = w.http.get(f"/helix/extensions?extension_id={ext.id}", headers=ext.headers()).json()["data"]
    assert [(e["version"], e["state"]) for e in newest] == [("2.0.0", "InTest")]
    old = w.http.get(
        f"/helix/extensions?extension_id={ext.id}&extension_version=1.0.0", headers=ext.headers()
    )
    assert old.json()["data"][0]["version"] == "1.0.0"
    released = w.http.get(f"/helix/extensions/released?extension_id={ext.id}", headers=w.headers()).json()[
        "data"
    ]
    assert [(e["version"], e["state"]) for e in released] == [("1.0.0", "Released")]
    r = w.http.get(
        f"/helix/extensions/released?extension_id={ext.id}&extension_version=2.0.0", headers=w.headers()
    )
    assert_error(r, 404, "The extension was not found or is not released")


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        pytest.param("", 400, 'Missing required parameter "extension_id"', id="no-id"),
        pytest.param("extension_id={other}", 401, "The ID in extension_id must match the extension ID in the Client-Id header", id="other"),
        pytest.param("extension_id={id}&extension_version=9.9", 404, "The extension was not found", id="no-version"),
    ],
)  # fmt: skip
def test_get_extensions_errors(ext: Ext, query: str, status: int, message: str) -> None:
    r = ext.world.http.get(
        f"/helix/extensions?{query.format(id=ext.id, other='z' * 30)}", headers=ext.headers()
    )
    assert_error(r, status, message)


def test_get_released_extensions_unknown(world: World) -> None:
    r = world.http.get("/helix/extensions/released?extension_id=nope", headers=world.headers())
    assert_error(r, 404, "The extension was not found or is not released")


# --- secrets -----------------------------------------------------------------------------------


def test_secrets_rotate_with_their_delay(ext: Ext) -> None:
    w = ext.world
    got = w.http.get("/helix/extensions/jwt/secrets", headers=ext.headers())
    assert got.status_code == 200
    (item,) = got.json()["data"]
    assert item["format_version"] == 1 and [s["content"] for s in item["secrets"]] == [ext.secret]
    r = w.http.post(f"/helix/extensions/jwt/secrets?extension_id={ext.id}&delay=600", headers=ext.headers())
    assert r.status_code == 200, r.text
    secrets = r.json()["data"][0]["secrets"]
    assert len(secrets) == 2 and secrets[0]["content"] == ext.secret
    assert secrets[0]["expires_at"] == secrets[1]["active_at"] == w.clock.rfc3339(600)
    base64.b64decode(secrets[1]["content"], validate=True)
    new = Ext(ext.id, secrets[1]["content"], w)
    assert_error(w.http.get("/helix/extensions/jwt/secrets", headers=new.headers()), 401, JWT_INVALID)
    w.clock.advance(601)
    old = w.http.get("/helix/extensions/jwt/secrets", headers=ext.headers())
    assert_error(old, 401, JWT_INVALID)
    now = w.http.get("/helix/extensions/jwt/secrets", headers=new.headers())
    assert [s["content"] for s in now.json()["data"][0]["secrets"]] == [new.secret]


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        pytest.param("", 400, 'Missing required parameter "extension_id"', id="no-id"),
        pytest.param("extension_id={id}&delay=299", 400, "The delay must be at least 300 seconds", id="short"),
        pytest.param("extension_id={id}&delay=x", 400, 'The parameter "delay" was malformed: the value must be an integer', id="nan"),
        pytest.param("extension_id={other}", 401, "The ID in extension_id must match the extension ID in the Client-Id header", id="other"),
    ],
)  # fmt: skip
def test_create_secret_errors(ext: Ext, query: str, status: int, message: str) -> None:
    url = f"/helix/extensions/jwt/secrets?{query.format(id=ext.id, other='z' * 30)}"
    assert_error(ext.world.http.post(url, headers=ext.headers()), status, message)
    assert len(extensions.secrets(ext.world.store.db.conn, ext.id, ext.world.clock.now()).secrets) == 1


# --- configuration -----------------------------------------------------------------------------


def test_configuration_segments_persist(ext: Ext) -> None:
    w, alice = ext.world, ext.world.users["alice"]
    for body in (
        {"extension_id": ext.id, "segment": "global", "content": '{"a":1}', "version": "1"},
        {
            "extension_id": ext.id,
            "segment": "broadcaster",
            "broadcaster_id": alice,
            "content": "b",
            "version": "2",
        },
    ):
        r = w.http.put("/helix/extensions/configurations", json=body, headers=ext.headers())
        assert r.status_code == 204, r.text
    url = f"/helix/extensions/configurations?extension_id={ext.id}&segment=global&segment=broadcaster&segment=developer"
    r = w.http.get(f"{url}&broadcaster_id={alice}", headers=ext.headers())
    assert r.status_code == 200, r.text
    assert r.json() == {
        "data": [
            {"segment": "global", "content": '{"a":1}', "version": "1"},
            {"segment": "broadcaster", "content": "b", "version": "2", "broadcaster_id": alice},
        ]
    }


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        pytest.param({"segment": "global"}, 400, 'Missing required parameter "extension_id"', id="no-id"),
        pytest.param({"extension_id": "{id}"}, 400, 'Missing required parameter "segment"', id="no-segment"),
        pytest.param({"extension_id": "{id}", "segment": "x"}, 400, 'The parameter "segment" was malformed: the value must be one of broadcaster, developer, global', id="bad-segment"),
        pytest.param({"extension_id": "{id}", "segment": "developer"}, 400, 'Missing required parameter "broadcaster_id" (required for the developer segment)', id="no-broadcaster"),
        pytest.param({"extension_id": "{id}", "segment": "broadcaster", "broadcaster_id": "999"}, 400, 'The user in "broadcaster_id" does not exist: 999', id="unknown-broadcaster"),
        pytest.param({"extension_id": "{id}", "segment": "global", "content": "x" * 5121}, 400, 'The parameter "content" was malformed: the segment may hold at most 5120 bytes', id="too-big"),
        pytest.param({"extension_id": "z", "segment": "global"}, 401, "The ID in extension_id must match the extension ID in the Client-Id header", id="other"),
    ],
)  # fmt: skip
def test_set_configuration_errors(ext: Ext, body: dict[str, Any], status: int, message: str) -> None:
    body = {k: v.format(id=ext.id) if isinstance(v, str) else v for k, v in body.items()}
    r = ext.world.http.put("/helix/extensions/configurations", json=body, headers=ext.headers())
    assert_error(r, status, message)
    got = extensions.segments(ext.world.store.db.conn, ext.id, ["global"], None)
    assert got == []


def test_get_configuration_errors(ext: Ext) -> None:
    url = f"/helix/extensions/configurations?extension_id={ext.id}"
    assert_error(ext.world.http.get(url, headers=ext.headers()), 400, 'Missing required parameter "segment"')
    r = ext.world.http.get(url + "&segment=broadcaster", headers=ext.headers())
    assert_error(r, 400, 'Missing required parameter "broadcaster_id" (required for the broadcaster segment)')


def test_required_configuration(ext: Ext) -> None:
    w, alice = ext.world, ext.world.users["alice"]
    body = {"extension_id": ext.id, "extension_version": "1.0.0", "required_configuration": "v2"}
    r = w.http.put(
        f"/helix/extensions/required_configuration?broadcaster_id={alice}", json=body, headers=ext.headers()
    )
    assert r.status_code == 204, r.text
    assert extensions.required_configuration(w.store.db.conn, ext.id, "1.0.0", alice) == "v2"


@pytest.mark.parametrize(
    ("query", "body", "status", "message"),
    [
        pytest.param("", {}, 400, 'Missing required parameter "broadcaster_id"', id="no-broadcaster"),
        pytest.param("broadcaster_id={b}", {"extension_version": "1.0.0", "required_configuration": "x"}, 400, 'Missing required parameter "extension_id"', id="no-id"),
        pytest.param("broadcaster_id={b}", {"extension_id": "{id}", "required_configuration": "x"}, 400, 'Missing required parameter "extension_version"', id="no-version"),
        pytest.param("broadcaster_id={b}", {"extension_id": "{id}", "extension_version": "1.0.0"}, 400, 'Missing required parameter "required_configuration"', id="no-config"),
        pytest.param("broadcaster_id={b}", {"extension_id": "{id}", "extension_version": "3", "required_configuration": "x"}, 404, "The extension version was not found", id="unknown-version"),
        pytest.param("broadcaster_id=999", {"extension_id": "{id}", "extension_version": "1.0.0", "required_configuration": "x"}, 400, 'The user in "broadcaster_id" does not exist: 999', id="unknown-broadcaster"),
    ],
)  # fmt: skip
def test_required_configuration_errors(
    ext: Ext, query: str, body: dict[str, Any], status: int, message: str
) -> None:
    alice = ext.world.users["alice"]
    body = {k: v.format(id=ext.id) for k, v in body.items()}
    url = f"/helix/extensions/required_configuration?{query.format(b=alice)}"
    assert_error(ext.world.http.put(url, json=body, headers=ext.headers()), status, message)


# --- PubSub and chat ---------------------------------------------------------------------------


def test_pubsub_messages_are_recorded(ext: Ext) -> None:
    w, alice = ext.world, ext.world.users["alice"]
    headers = ext.headers(channel_id=alice, pubsub_perms={"send": ["broadcast", "global"]})
    body: dict[str, Any] = {"target": ["broadcast"], "broadcaster_id": alice, "message": "hello"}
    assert w.http.post("/helix/extensions/pubsub", json=body, headers=headers).status_code == 204
    w.clock.advance(1)
    body = {"target": ["global"], "is_global_broadcast": True, "message": "all"}
    assert w.http.post("/helix/extensions/pubsub", json=body, headers=headers).status_code == 204
    sent = extension_messages.pubsub_messages(w.store.db.conn, ext.id)
    assert [(m.broadcaster_id, m.targets, m.message, m.is_global_broadcast) for m in sent] == [
        (alice, '["broadcast"]', "hello", False),
        ("", '["global"]', "all", True),
    ]


@pytest.mark.parametrize(
    ("body", "claims", "status", "message"),
    [
        pytest.param({"broadcaster_id": "{b}", "message": "m"}, {}, 400, 'Missing required parameter "target"', id="no-target"),
        pytest.param({"target": ["broadcast"], "broadcaster_id": "{b}"}, {}, 400, 'Missing required parameter "message"', id="no-message"),
        pytest.param({"target": ["broadcast"], "message": "m"}, {}, 400, 'Missing required parameter "broadcaster_id"', id="no-broadcaster"),
        pytest.param({"target": ["global"], "is_global_broadcast": True, "broadcaster_id": "{b}", "message": "m"}, {}, 400, "The broadcaster_id field may only be set if is_global_broadcast is false", id="global-with-broadcaster"),
        pytest.param({"target": ["broadcast"], "broadcaster_id": "1001", "message": "m"}, {}, 401, "The ID in broadcaster_id must match the channel_id claim in the JWT", id="other-channel"),
        pytest.param({"target": ["whisper-1001"], "broadcaster_id": "{b}", "message": "m"}, {}, 401, 'The JWT token\'s pubsub_perms do not allow sending to "whisper-1001"', id="not-permitted"),
        pytest.param({"target": ["nowhere"], "broadcaster_id": "{b}", "message": "m"}, {}, 400, 'The parameter "target" was malformed: each target is "broadcast", "global" or "whisper-<user-id>", not \'nowhere\'', id="bad-target"),
        pytest.param({"target": ["broadcast"], "broadcaster_id": "{b}", "message": "x" * 5121}, {}, 422, "The message is too large", id="too-large"),
    ],
)  # fmt: skip
def test_pubsub_errors(
    ext: Ext, body: dict[str, Any], claims: dict[str, Any], status: int, message: str
) -> None:
    alice = ext.world.users["alice"]
    body = {k: v.format(b=alice) if isinstance(v, str) else v for k, v in body.items()}
    headers = ext.headers(channel_id=alice, pubsub_perms={"send": ["broadcast"]}, **claims)
    assert_error(ext.world.http.post("/helix/extensions/pubsub", json=body, headers=headers), status, message)
    assert extension_messages.pubsub_messages(ext.world.store.db.conn, ext.id) == []


def test_chat_messages_are_recorded(ext: Ext) -> None:
    w, alice = ext.world, ext.world.users["alice"]
    body = {"text": "Hi chat", "extension_id": ext.id, "extension_version": "1.0.0"}
    r = w.http.post(
        f"/helix/extensions/chat?broadcaster_id={alice}", json=body, headers=ext.headers(channel_id=alice)
    )
    assert r.status_code == 204, r.text
    sent = extension_messages.chat_messages(w.store.db.conn, ext.id)
    assert [(m.broadcaster_id, m.text, m.extension_version) for m in sent] == [(alice, "Hi chat", "1.0.0")]


@pytest.mark.parametrize(
    ("query", "body", "status", "message"),
    [
        pytest.param("", {"text": "t", "extension_id": "{id}", "extension_version": "1.0.0"}, 400, 'Missing required parameter "broadcaster_id"', id="no-broadcaster"),
        pytest.param("broadcaster_id={b}", {"extension_id": "{id}", "extension_version": "1.0.0"}, 400, 'Missing required parameter "text"', id="no-text"),
        pytest.param("broadcaster_id={b}", {"text": "t", "extension_version": "1.0.0"}, 400, 'Missing required parameter "extension_id"', id="no-id"),
        pytest.param("broadcaster_id={b}", {"text": "t", "extension_id": "{id}"}, 400, 'Missing required parameter "extension_version"', id="no-version"),
        pytest.param("broadcaster_id={b}", {"text": "x" * 281, "extension_id": "{id}", "extension_version": "1.0.0"}, 400, "The message is too long", id="too-long"),
        pytest.param("broadcaster_id={b}", {"text": "t", "extension_id": "{id}", "extension_version": "7"}, 404, "The extension version was not found", id="unknown-version"),
        pytest.param("broadcaster_id=1001", {"text": "t", "extension_id": "{id}", "extension_version": "1.0.0"}, 401, "The ID in the broadcaster_id query parameter must match the channel_id claim in the JWT", id="other-channel"),
    ],
)  # fmt: skip
def test_chat_errors(ext: Ext, query: str, body: dict[str, Any], status: int, message: str) -> None:
    alice = ext.world.users["alice"]
    body = {k: v.format(id=ext.id) for k, v in body.items()}
    url = f"/helix/extensions/chat?{query.format(b=alice)}"
    assert_error(ext.world.http.post(url, json=body, headers=ext.headers(channel_id=alice)), status, message)
    assert extension_messages.chat_messages(ext.world.store.db.conn, ext.id) == []


def test_chat_allows_12_messages_a_minute_per_channel(ext: Ext) -> None:
    w, alice = ext.world, ext.world.users["alice"]
    body = {"text": "t", "extension_id": ext.id, "extension_version": "1.0.0"}
    url, headers = f"/helix/extensions/chat?broadcaster_id={alice}", ext.headers(channel_id=alice)
    for n in range(12):
        assert w.http.post(url, json=body, headers=headers).status_code == 204, n
        w.clock.advance(1)
    message = "The app exceeded the number of requests that it may make per minute: 12 extension chat messages per channel"
    assert_error(w.http.post(url, json=body, headers=headers), 429, message)
    w.clock.advance(60 - 12 + 1)  # the first message is now more than a minute old
    assert w.http.post(url, json=body, headers=headers).status_code == 204
    assert len(extension_messages.chat_messages(w.store.db.conn, ext.id)) == 13


def test_pubsub_allows_100_messages_a_minute_per_channel(ext: Ext) -> None:
    w, alice = ext.world, ext.world.users["alice"]
    headers = ext.headers(channel_id=alice, pubsub_perms={"send": ["broadcast"]})
    body = {"target": ["broadcast"], "broadcaster_id": alice, "message": "m"}
    for _ in range(100):
        assert w.http.post("/helix/extensions/pubsub", json=body, headers=headers).status_code == 204
    r = w.http.post("/helix/extensions/pubsub", json=body, headers=headers)
    assert_error(
        r,
        429,
        "The app exceeded the number of requests that it may make per minute: 100 PubSub messages per channel",
    )
    w.clock.advance(61)
    assert w.http.post("/helix/extensions/pubsub", json=body, headers=headers).status_code == 204


def test_chat_needs_chat_support(world: World) -> None:
    alice = world.users["alice"]
    with world.store.transaction():
        row, secret = extensions.create_extension(world.services, alice, "Quiet")
    e = Ext(row.id, secret, world)
    body = {"text": "t", "extension_id": e.id, "extension_version": "1.0.0"}
    r = world.http.post(
        f"/helix/extensions/chat?broadcaster_id={alice}", json=body, headers=e.headers(channel_id=alice)
    )
    assert_error(r, 400, "The extension does not support chat")


# --- live channels -----------------------------------------------------------------------------


def test_live_channels_pages(ext: Ext) -> None:
    w = ext.world
    for login in ("alice", "bob", "carol"):
        live_with(w, ext, login)
    with w.store.transaction():  # installed and active, but not live
        user_extensions.install(w.services, w.users["dave"], ext.id, "1.0.0")
    r = w.http.get(f"/helix/extensions/live?extension_id={ext.id}&first=2", headers=w.headers())
    assert r.status_code == 200, r.text
    body = r.json()
    assert [c["broadcaster_id"] for c in body["data"]] == [w.users["alice"], w.users["bob"]]
    assert body["data"][0] == {
        "broadcaster_id": w.users["alice"], "broadcaster_name": "Alice", "game_name": "", "game_id": "",
        "title": "alice live",
    }  # fmt: skip
    assert isinstance(body["pagination"], str) and body["pagination"]
    r = w.http.get(
        f"/helix/extensions/live?extension_id={ext.id}&first=2&after={body['pagination']}",
        headers=w.headers(),
    )
    assert r.json() == {"data": [r.json()["data"][0]], "pagination": ""}
    assert r.json()["data"][0]["broadcaster_id"] == w.users["carol"]


def test_live_channels_errors(ext: Ext) -> None:
    w = ext.world
    assert_error(
        w.http.get("/helix/extensions/live", headers=w.headers()),
        400,
        'Missing required parameter "extension_id"',
    )
    r = w.http.get("/helix/extensions/live?extension_id=nope", headers=w.headers())
    assert_error(r, 404, "The extension was not found")
    r = w.http.get(f"/helix/extensions/live?extension_id={ext.id}&after=bad", headers=w.headers())
    assert_error(r, 400, "invalid cursor")


# --- Bits products -----------------------------------------------------------------------------


def test_bits_products_update_and_list(ext: Ext) -> None:
    w = ext.world
    headers = ext.app()
    body = {
        "sku": "boost.1",
        "cost": {"amount": 100, "type": "bits"},
        "display_name": "Boost",
        "is_broadcast": True,
    }
    r = w.http.put("/helix/bits/extensions", json=body, headers=headers)
    assert r.status_code == 200, r.text
    boost = {"sku": "boost.1", "cost": {"amount": 100, "type": "bits"}, "in_development": False,
             "display_name": "Boost", "expiration": "", "is_broadcast": True}  # fmt: skip
    assert r.json() == {"data": [boost]}
    dev = {**body, "sku": "dev", "in_development": True}
    assert w.http.put("/helix/bits/extensions", json=dev, headers=headers).status_code == 200
    gone = {**body, "sku": "old", "expiration": "2000-01-01T00:00:00Z"}
    assert w.http.put("/helix/bits/extensions", json=gone, headers=headers).status_code == 200
    listed = w.http.get("/helix/bits/extensions", headers=headers).json()["data"]
    assert listed == [boost]
    every = w.http.get("/helix/bits/extensions?should_include_all=true", headers=headers).json()["data"]
    assert [p["sku"] for p in every] == ["boost.1", "dev", "old"]
    changed = {**body, "display_name": "Boost!", "cost": {"amount": 200, "type": "bits"}}
    assert (
        w.http.put("/helix/bits/extensions", json=changed, headers=headers).json()["data"][0]["cost"][
            "amount"
        ]
        == 200
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param({"cost": {"amount": 1, "type": "bits"}, "display_name": "x"}, 'Missing required parameter "sku"', id="no-sku"),
        pytest.param({"sku": "a b", "cost": {"amount": 1, "type": "bits"}, "display_name": "x"}, "The value in the sku field is not valid. The SKU may contain only alphanumeric characters, dashes (-), underscores (_), and periods (.)", id="bad-sku"),
        pytest.param({"sku": "a", "display_name": "x"}, 'Missing required parameter "cost"', id="no-cost"),
        pytest.param({"sku": "a", "cost": {"type": "bits"}, "display_name": "x"}, 'Missing required parameter "cost.amount"', id="no-amount"),
        pytest.param({"sku": "a", "cost": {"amount": 0, "type": "bits"}, "display_name": "x"}, 'The parameter "cost.amount" was malformed: the value must be from 1 to 10000', id="zero"),
        pytest.param({"sku": "a", "cost": {"amount": 1, "type": "coins"}, "display_name": "x"}, 'The parameter "cost.type" was malformed: the value must be one of bits', id="coins"),
        pytest.param({"sku": "a", "cost": {"amount": 1, "type": "bits"}}, 'Missing required parameter "display_name"', id="no-name"),
        pytest.param({"sku": "a", "cost": {"amount": 1, "type": "bits"}, "display_name": "x", "expiration": "soon"}, 'The parameter "expiration" was malformed: the value must be an RFC3339 timestamp', id="bad-expiration"),
    ],
)  # fmt: skip
def test_update_bits_product_errors(ext: Ext, body: dict[str, Any], message: str) -> None:
    assert_error(ext.world.http.put("/helix/bits/extensions", json=body, headers=ext.app()), 400, message)
    assert extension_products.products(ext.world.store.db.conn, ext.id, True, ext.world.clock.now()) == []


def test_bits_products_need_an_extensions_app_token(ext: Ext) -> None:
    w = ext.world
    assert_error(
        w.http.get("/helix/bits/extensions", headers=w.headers()),
        400,
        "The ID in the Client-Id header must belong to an extension",
    )
    r = w.http.get("/helix/bits/extensions", headers=w.as_user("alice"))
    assert_error(r, 401, "Invalid OAuth token: this endpoint requires an app access token")


# --- transactions ------------------------------------------------------------------------------


def test_transactions_page_and_filter(ext: Ext) -> None:
    w = ext.world
    body = {"sku": "boost", "cost": {"amount": 100, "type": "bits"}, "display_name": "Boost"}
    assert w.http.put("/helix/bits/extensions", json=body, headers=ext.app()).status_code == 200
    product = extension_products.product(w.store.db.conn, ext.id, "boost")
    assert product is not None
    made = []
    heard: list[Event] = []
    w.services.outbox.subscribe(heard.append)
    for login in ("bob", "carol", "dave"):
        with w.store.transaction():
            made.append(transactions.buy(w.services, product, w.users["alice"], w.users[login]))
        w.clock.advance(1)
    assert heard[0] == transactions.BitsTransactionCreate(
        made[0].id, ext.id, w.users["alice"], "alice", "Alice", w.users["bob"], "bob", "Bob",
        transactions.Product("Boost", 100, "boost", False),
    )  # fmt: skip
    assert [type(e) for e in heard] == [transactions.BitsTransactionCreate] * 3
    headers = ext.app()
    r = w.http.get(f"/helix/extensions/transactions?extension_id={ext.id}&first=2", headers=headers)
    assert r.status_code == 200, r.text
    body1 = r.json()
    assert [t["user_login"] for t in body1["data"]] == ["dave", "carol"]
    assert body1["data"][0] == {
        "id": made[2].id, "timestamp": made[2].timestamp, "broadcaster_id": w.users["alice"],
        "broadcaster_login": "alice", "broadcaster_name": "Alice", "user_id": w.users["dave"], "user_login": "dave",
        "user_name": "Dave", "product_type": "BITS_IN_EXTENSION",
        "product_data": {"sku": "boost", "domain": f"twitch.ext.{ext.id}", "cost": {"amount": 100, "type": "bits"},
                         "inDevelopment": False, "displayName": "Boost", "expiration": "", "broadcast": False},
    }  # fmt: skip
    cursor = body1["pagination"]["cursor"]
    r = w.http.get(
        f"/helix/extensions/transactions?extension_id={ext.id}&first=2&after={cursor}", headers=headers
    )
    assert [t["user_login"] for t in r.json()["data"]] == ["bob"] and r.json()["pagination"] == {}
    r = w.http.get(f"/helix/extensions/transactions?extension_id={ext.id}&id={made[0].id}", headers=headers)
    assert [t["id"] for t in r.json()["data"]] == [made[0].id]
    r = w.http.get(
        f"/helix/extensions/transactions?extension_id={ext.id}&id={made[0].id}&id=nope", headers=headers
    )
    assert_error(r, 404, transactions.NOT_FOUND)


def test_a_failed_purchase_publishes_nothing(ext: Ext) -> None:
    w = ext.world
    heard: list[Event] = []
    w.services.outbox.subscribe(heard.append)
    product = extension_products.BitsProductRow(ext.id, "boost", 100, "Boost", False, "", False)
    with pytest.raises(Exception, match="must be different users"), w.store.transaction():
        transactions.buy(w.services, product, w.users["alice"], w.users["alice"])
    assert heard == []


def test_transactions_errors(ext: Ext) -> None:
    w = ext.world
    r = w.http.get("/helix/extensions/transactions", headers=ext.app())
    assert_error(r, 400, 'Missing required parameter "extension_id"')
    r = w.http.get(f"/helix/extensions/transactions?extension_id={ext.id}", headers=w.headers())
    assert_error(
        r, 401, "The ID in the extension_id query parameter must match the client ID in the access token"
    )
    many = "&".join(f"id={n}" for n in range(101))
    r = w.http.get(f"/helix/extensions/transactions?extension_id={ext.id}&{many}", headers=ext.app())
    assert_error(
        r, 400, 'The parameter "id" was malformed: the number of items must be less than or equal to 100'
    )


# --- the seeded world --------------------------------------------------------------------------


def _seeded(m: MockTwitch) -> tuple[str, str]:
    """An extension the all-units user installed that has Bits products and chat support (the
    generated overlay, active and in a live channel), and its secret."""
    conn = m.store.db.conn

    def rich(extension_id: str) -> bool:
        found = extensions.row(conn, extension_id)
        return found is not None and found.bits_enabled and found.has_chat_support

    ids = m._call(extensions.installed_by, conn, m.all_units_user_id)
    chosen = next(i for i in ids if m._call(rich, i))
    return chosen, m._call(extensions.secrets, conn, chosen, m.clock.now()).secrets[0].content


def _jwt_call(
    m: MockTwitch, params: dict[str, str], body: dict[str, Any] | None = None, **claims: Any
) -> Call:
    extension_id, secret = _seeded(m)
    params = {
        k: v.replace("EXT", extension_id).replace("STAR", m.all_units_user_id) for k, v in params.items()
    }
    if body is not None:
        body = {k: v.replace("EXT", extension_id).replace("STAR", m.all_units_user_id) if isinstance(v, str) else v for k, v in body.items()}  # fmt: skip
    token = sign(secret, {"exp": int(m.clock.now()) + HOUR, "role": "external", "user_id": m.all_units_user_id,
                          "channel_id": m.all_units_user_id, "pubsub_perms": {"send": ["broadcast"]}, **claims})  # fmt: skip
    return Call(params, token, body, client_id=extension_id)


def _app_call(m: MockTwitch, params: dict[str, str], body: dict[str, Any] | None = None) -> Call:
    extension_id, _ = _seeded(m)
    params = {k: v.replace("EXT", extension_id) for k, v in params.items()}
    return Call(params, m.app_token(client_id=extension_id), body, client_id=extension_id)


def test_the_seeded_world_has_extensions(twitch_mock: MockTwitch) -> None:
    call = _jwt_call(twitch_mock, {"extension_id": "EXT", "segment": "global"})
    r = httpx.get(
        twitch_mock.helix_url + "extensions/configurations",
        params=call.params,
        headers={"Authorization": f"Bearer {call.token}", "Client-Id": call.client_id or ""},
    )
    assert r.status_code == 200 and r.json()["data"][0]["segment"] == "global"


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /extensions/configurations": [lambda m: _jwt_call(m, {"extension_id": "EXT", "segment": "broadcaster", "broadcaster_id": "STAR"})],
    "PUT /extensions/configurations": [lambda m: _jwt_call(m, {}, {"extension_id": "EXT", "segment": "global", "content": "{}", "version": "2"})],
    "PUT /extensions/required_configuration": [lambda m: _jwt_call(m, {"broadcaster_id": "STAR"}, {"extension_id": "EXT", "extension_version": "1.0.0", "required_configuration": "v1"})],
    "POST /extensions/pubsub": [lambda m: _jwt_call(m, {}, {"target": ["broadcast"], "broadcaster_id": "STAR", "message": "hello"})],
    "GET /extensions/live": [lambda m: Call({"extension_id": _seeded(m)[0]}, m.app_token())],
    "GET /extensions/jwt/secrets": [lambda m: _jwt_call(m, {})],
    "POST /extensions/jwt/secrets": [lambda m: _jwt_call(m, {"extension_id": "EXT"})],
    "POST /extensions/chat": [lambda m: _jwt_call(m, {"broadcaster_id": "STAR"}, {"text": "hi", "extension_id": "EXT", "extension_version": "1.0.0"})],
    "GET /extensions": [lambda m: _jwt_call(m, {"extension_id": "EXT"})],
    "GET /extensions/released": [lambda m: Call({"extension_id": _seeded(m)[0]}, m.app_token())],
    "GET /bits/extensions": [lambda m: _app_call(m, {})],
    "PUT /bits/extensions": [lambda m: _app_call(m, {}, {"sku": "new_one", "cost": {"amount": 50, "type": "bits"}, "display_name": "New"})],
    "GET /extensions/transactions": [lambda m: _app_call(m, {"extension_id": "EXT"})],
}  # fmt: skip
