"""The request journal: `GET/DELETE /_mock/requests`, `MockTwitch.requests` and `assert_requested`."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.http.journal import Journal, mask


def helix(mock: MockTwitch, path: str, token: str, **params: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}", "Client-Id": mock.client_id}
    return httpx.get(mock.helix_url + path, params=params, headers=headers)


def journal(mock: MockTwitch, **params: Any) -> list[dict[str, Any]]:
    r = httpx.get(mock.url + "/_mock/requests", params=params)
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()["data"]
    return data


def test_a_helix_request_is_recorded_with_its_token(twitch_mock: MockTwitch) -> None:
    user = twitch_mock.users[0]
    token = twitch_mock.user_token(user.id, ["user:read:email"])
    assert helix(twitch_mock, "users", token, id=user.id).status_code == 200
    (entry,) = journal(twitch_mock)
    assert entry["method"] == "GET" and entry["path"] == "/helix/users"
    assert entry["query"] == {"id": [user.id]} and entry["body"] is None
    assert entry["client_id"] == twitch_mock.client_id and entry["user_id"] == user.id
    assert entry["scopes"] == ["user:read:email"] and entry["status"] == 200
    assert entry["duration_ms"] >= 0 and entry["fault"] is None
    assert entry["time"].endswith("Z") and entry["time"][:19] <= twitch_mock.info().now[:19]
    assert token not in str(entry) and entry["headers"]["authorization"] == "Bearer " + mask(token)


def test_secrets_are_masked_in_forms_queries_and_json(twitch_mock: MockTwitch) -> None:
    secret = twitch_mock.client_secret
    form = {"client_id": twitch_mock.client_id, "client_secret": secret, "grant_type": "client_credentials"}
    r = httpx.post(twitch_mock.auth_url + "token", data=form)
    assert r.status_code == 200
    issued = r.json()["access_token"]
    httpx.post(twitch_mock.auth_url + "token", params=form)  # pyTwitchAPI sends them in the query
    httpx.post(twitch_mock.auth_url + "revoke", data={"client_id": twitch_mock.client_id, "token": issued})
    body = {
        "type": "x",
        "transport": {"method": "webhook", "callback": "https://x", "secret": "s3cretvalue123"},
    }
    httpx.post(twitch_mock.helix_url + "eventsub/subscriptions", json=body)
    entries = journal(twitch_mock)
    text = str(entries)
    assert secret not in text and issued not in text and "s3cretvalue123" not in text
    assert entries[0]["body"]["client_secret"] == [mask(secret)]
    assert entries[0]["body"]["grant_type"] == ["client_credentials"]
    assert entries[0]["client_id"] == twitch_mock.client_id
    assert entries[1]["query"]["client_secret"] == [mask(secret)]
    assert entries[2]["body"]["token"] == [mask(issued)]
    assert entries[3]["body"]["transport"]["secret"] == mask("s3cretvalue123")
    assert entries[3]["body"]["transport"]["callback"] == "https://x"


def test_filters(twitch_mock: MockTwitch) -> None:
    alice, bob = twitch_mock.users[0], twitch_mock.users[1]
    ta, tb = twitch_mock.user_token(alice.id), twitch_mock.user_token(bob.id)
    helix(twitch_mock, "users", ta)
    helix(twitch_mock, "channels", tb, broadcaster_id=bob.id)
    helix(twitch_mock, "channels", tb)  # 400: no broadcaster_id
    twitch_mock.advance(60)
    since = twitch_mock.info().now
    helix(twitch_mock, "streams", ta)
    assert [e["path"] for e in journal(twitch_mock)] == [
        "/helix/users",
        "/helix/channels",
        "/helix/channels",
        "/helix/streams",
    ]  # oldest first, newest last
    assert len(journal(twitch_mock, path="/helix/channel*")) == 2
    assert len(journal(twitch_mock, path="/helix/channels", status=400)) == 1
    assert len(journal(twitch_mock, status="2xx")) == 3
    assert [e["path"] for e in journal(twitch_mock, user_id=alice.id)] == ["/helix/users", "/helix/streams"]
    assert len(journal(twitch_mock, client_id=twitch_mock.client_id)) == 4
    assert len(journal(twitch_mock, client_id="nobody")) == 0
    assert len(journal(twitch_mock, method="post")) == 0
    assert [e["path"] for e in journal(twitch_mock, since=since)] == ["/helix/streams"]
    assert [r.path for r in twitch_mock.requests(path="/helix/channels", status="4xx")] == ["/helix/channels"]
    assert len(twitch_mock.requests("GET", user_id=bob.id)) == 2


@pytest.mark.parametrize(
    ("params", "message"),
    [
        pytest.param({"status": "abc"}, 'The parameter "status" was malformed: the value must be an HTTP status (200) or a class of them (4xx)', id="status"),
        pytest.param({"status": "2000"}, 'The parameter "status" was malformed: the value must be an HTTP status (200) or a class of them (4xx)', id="status-long"),
        pytest.param({"since": "yesterday"}, 'The parameter "since" was malformed: the value must be an RFC3339 time', id="since"),
        pytest.param({"login": "x"}, 'Unknown parameter "login"; expected some of: method, path, status, user_id, client_id, since', id="unknown"),
    ],
)  # fmt: skip
def test_bad_filters(twitch_mock: MockTwitch, params: dict[str, str], message: str) -> None:
    assert_error(httpx.get(twitch_mock.url + "/_mock/requests", params=params), 400, message)


def test_control_api_is_not_journaled_and_delete_clears(twitch_mock: MockTwitch) -> None:
    httpx.get(twitch_mock.url + "/_mock/info")
    httpx.get(twitch_mock.url + "/units/users")
    assert [e["path"] for e in journal(twitch_mock)] == ["/units/users"]
    assert httpx.delete(twitch_mock.url + "/_mock/requests").status_code == 204
    assert journal(twitch_mock) == []


def test_reset_clears_the_journal(twitch_mock: MockTwitch) -> None:
    httpx.get(twitch_mock.helix_url + "users")
    assert len(twitch_mock.requests()) == 1
    twitch_mock.reset()
    assert twitch_mock.requests() == []


def test_assert_requested(twitch_mock: MockTwitch) -> None:
    user = twitch_mock.users[0]
    token = twitch_mock.user_token(user.id)
    helix(twitch_mock, "users", token, login=user.login)
    helix(twitch_mock, "users", token, login=user.login)
    helix(twitch_mock, "streams", token)
    found = twitch_mock.assert_requested(
        "GET", "/helix/users", times=2, user_id=user.id, query={"login": user.login}
    )
    assert len(found) == 2
    twitch_mock.assert_requested("GET", "/helix/*", times=3, status=200)
    twitch_mock.assert_requested("get", "/helix/streams")
    twitch_mock.assert_requested("GET", "/helix/videos", times=0)
    with pytest.raises(AssertionError) as failed:
        twitch_mock.assert_requested("GET", "/helix/user", times=1)
    message = str(failed.value)
    assert message.startswith(
        "expected GET /helix/user 1 time, but it arrived 0 times\nclosest requests received:"
    )
    assert f"  GET /helix/users?login={user.login} -> 200 user {user.id}" in message
    with pytest.raises(AssertionError, match="arrived 2 times"):
        twitch_mock.assert_requested("GET", "/helix/users", times=1)
    with pytest.raises(AssertionError, match="arrived 0 times"):
        twitch_mock.assert_requested("GET", "/helix/users", query={"login": "someone_else"})
    twitch_mock.clear_requests()
    with pytest.raises(AssertionError, match="the journal is empty"):
        twitch_mock.assert_requested("GET", "/helix/users")


def test_a_ring_of_n() -> None:
    ring = Journal(3)
    for n in range(5):
        ring.append(float(n), "GET", f"/p{n}", b"", [], b"", None, 200, 0.0)
    assert [r.path for r in ring.read()] == ["/p2", "/p3", "/p4"]
    assert [r.id for r in ring.read()] == [3, 4, 5]
    off = Journal(0)
    assert not off.enabled


def test_journal_size_zero_records_nothing() -> None:
    with MockTwitch(users=3, journal_size=0) as mock:
        httpx.get(mock.helix_url + "users")
        assert mock.requests() == [] and journal(mock) == []
        with pytest.raises(AssertionError, match=r"the journal is empty \(it is off\)"):
            mock.assert_requested("GET", "/helix/users")


def test_websocket_connects_are_journaled() -> None:
    from starlette.testclient import TestClient
    from starlette.websockets import WebSocket

    async def echo(ws: WebSocket) -> None:
        await ws.accept()
        await ws.send_text(await ws.receive_text())
        await ws.close()

    with MockTwitch(users=3) as mock:
        mock.app.websockets["/ws"] = echo
        token = mock.app_token()
        with TestClient(mock.app).websocket_connect(  # type: ignore[arg-type]
            "/ws?keepalive_timeout_seconds=10", headers={"Authorization": f"Bearer {token}"}
        ) as ws:
            ws.send_text("hi")
            assert ws.receive_text() == "hi"
        (entry,) = mock.requests(path="/ws")
        assert (
            entry.method == "GET"
            and entry.status == 101
            and entry.query == {"keepalive_timeout_seconds": ["10"]}
        )
        assert entry.client_id == mock.client_id and token not in str(entry)


def test_an_app_without_an_instance_has_no_journal(world: World) -> None:
    message = "The control API is served only by a MockTwitch instance"
    assert_error(world.http.get("/_mock/requests"), 404, message)
    assert_error(world.http.post("/_mock/faults", json={"status": 500}), 404, message)
