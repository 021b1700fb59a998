"""Fault injection: `/_mock/faults` over HTTP, `MockTwitch.fault(...)`, and real clients through it."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from twitchAPI.helper import first
from twitchAPI.twitch import Twitch
from twitchAPI.type import AuthScope

from conftest import assert_error
from twitch_mock import MockTwitch
from twitch_mock.http.faults import Faults


def faults_url(mock: MockTwitch) -> str:
    return mock.url + "/_mock/faults"


def add(mock: MockTwitch, **rule: Any) -> dict[str, Any]:
    r = httpx.post(faults_url(mock), json=rule)
    assert r.status_code == 200, r.text
    (found,) = r.json()["data"]
    return dict(found)


def get_users(mock: MockTwitch, token: str | None = None, client_id: str | None = None) -> httpx.Response:
    token = token or mock.app_token()
    headers = {"Authorization": f"Bearer {token}", "Client-Id": client_id or mock.client_id}
    return httpx.get(mock.helix_url + "users", params={"id": mock.users[0].id}, headers=headers)


def test_a_rule_fires_exactly_n_times_then_stops(twitch_mock: MockTwitch) -> None:
    rule = add(twitch_mock, method="GET", path="/helix/users", times=2, status=503)
    assert rule == {
        "id": rule["id"],
        "method": "GET",
        "path": "/helix/users",
        "client_id": None,
        "user_id": None,
        "times": 2,
        "probability": None,
        "status": 503,
        "message": None,
        "delay_ms": None,
        "action": None,
        "fired": 0,
        "remaining": 2,
    }
    token = twitch_mock.app_token()
    statuses = [get_users(twitch_mock, token).status_code for _ in range(4)]
    assert statuses == [503, 503, 200, 200]
    (listed,) = httpx.get(faults_url(twitch_mock)).json()["data"]
    assert listed["fired"] == 2 and listed["remaining"] == 0
    assert [r.fault for r in twitch_mock.requests()] == [rule["id"], rule["id"], None, None]
    assert [r.status for r in twitch_mock.requests()] == [503, 503, 200, 200]


def test_error_bodies_are_twitch_shaped(twitch_mock: MockTwitch) -> None:
    add(twitch_mock, path="/helix/users", status=503, times=1)
    assert_error(get_users(twitch_mock), 503, "")
    add(twitch_mock, path="/helix/users", status=401, times=1)
    assert_error(get_users(twitch_mock), 401, "Invalid OAuth token")
    add(
        twitch_mock,
        path="/helix/users",
        status=400,
        message="Invalid login names, emails or IDs in request",
        times=1,
    )
    assert_error(get_users(twitch_mock), 400, "Invalid login names, emails or IDs in request")
    add(twitch_mock, path="/oauth2/token", status=503, message="try later", times=1)
    r = httpx.post(twitch_mock.auth_url + "token", data={"grant_type": "client_credentials"})
    assert r.status_code == 503 and r.json() == {
        "status": 503,
        "message": "try later",
    }  # id.twitch.tv's shape


def test_429_carries_ratelimit_headers(twitch_mock: MockTwitch) -> None:
    add(twitch_mock, path="/helix/*", status=429, times=1)
    before = time.time() + twitch_mock.clock.offset
    r = get_users(twitch_mock)
    assert_error(r, 429, "Request limit exceeded")
    assert r.headers["ratelimit-limit"] == "800" and r.headers["ratelimit-remaining"] == "0"
    assert before < int(r.headers["ratelimit-reset"]) <= before + 3
    assert get_users(twitch_mock).status_code == 200


def test_matching_by_client_user_and_method(twitch_mock: MockTwitch) -> None:
    alice, bob = twitch_mock.users[0], twitch_mock.users[1]
    add(twitch_mock, user_id=alice.id, status=500)
    add(twitch_mock, method="POST", path="/helix/users*", status=502)
    other = twitch_mock.create_client(name="Other")
    assert get_users(twitch_mock, twitch_mock.user_token(alice.id)).status_code == 500
    assert get_users(twitch_mock, twitch_mock.user_token(bob.id)).status_code == 200
    add(twitch_mock, client_id=other.id, status=504)
    assert get_users(twitch_mock, twitch_mock.app_token(client_id=other.id), other.id).status_code == 504
    assert get_users(twitch_mock).status_code == 200
    # no token at all: the Client-Id header names the client
    r = httpx.get(twitch_mock.helix_url + "users", headers={"Client-Id": other.id})
    assert r.status_code == 504


def test_probability(twitch_mock: MockTwitch) -> None:
    twitch_mock.powers.faults.random.seed(17)
    rule = add(twitch_mock, path="/helix/users", probability=0.5, status=500)
    token = twitch_mock.app_token()
    statuses = [get_users(twitch_mock, token).status_code for _ in range(40)]
    failed = statuses.count(500)
    assert 8 < failed < 32 and statuses.count(200) == 40 - failed
    assert twitch_mock.faults()[0].fired == failed and twitch_mock.faults()[0].id == rule["id"]


def test_delay_drop_and_malformed(twitch_mock: MockTwitch) -> None:
    token = twitch_mock.app_token()
    add(twitch_mock, path="/helix/users", delay_ms=300, times=1)
    started = time.perf_counter()
    assert get_users(twitch_mock, token).status_code == 200
    assert time.perf_counter() - started >= 0.3
    add(twitch_mock, path="/helix/users", delay_ms=100, status=503, times=1)
    assert get_users(twitch_mock, token).status_code == 503
    add(twitch_mock, path="/helix/users", action="drop", times=1)
    with pytest.raises(httpx.RemoteProtocolError):
        get_users(twitch_mock, token)
    add(twitch_mock, path="/helix/users", action="malformed", times=1)
    r = get_users(twitch_mock, token)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    with pytest.raises(ValueError):
        r.json()
    assert get_users(twitch_mock, token).json()["data"][0]["id"] == twitch_mock.users[0].id
    assert [r.status for r in twitch_mock.requests()] == [200, 503, None, 200, 200]


def test_delete_one_and_all(twitch_mock: MockTwitch) -> None:
    first_rule = add(twitch_mock, path="/helix/users", status=500)
    second = add(twitch_mock, path="/helix/streams", status=500)
    assert first_rule["id"] != second["id"]
    assert httpx.delete(f"{faults_url(twitch_mock)}/{first_rule['id']}").status_code == 204
    assert [r["id"] for r in httpx.get(faults_url(twitch_mock)).json()["data"]] == [second["id"]]
    assert get_users(twitch_mock).status_code == 200
    assert_error(
        httpx.delete(f"{faults_url(twitch_mock)}/{first_rule['id']}"),
        404,
        f"No fault rule with id {first_rule['id']}",
    )
    assert httpx.delete(faults_url(twitch_mock)).status_code == 204
    assert httpx.get(faults_url(twitch_mock)).json() == {"data": []}


def test_the_control_api_is_never_faulted(twitch_mock: MockTwitch) -> None:
    add(twitch_mock, status=500)  # every request
    assert httpx.get(twitch_mock.url + "/_mock/info").status_code == 200
    assert get_users(twitch_mock).status_code == 500
    assert httpx.delete(faults_url(twitch_mock)).status_code == 204


def test_context_manager_and_reset(twitch_mock: MockTwitch) -> None:
    token = twitch_mock.app_token()
    with twitch_mock.fault(path="/helix/users", status=503) as rule:
        assert get_users(twitch_mock, token).status_code == 503
        assert [r.id for r in twitch_mock.faults()] == [rule.id]
    assert twitch_mock.faults() == []
    assert get_users(twitch_mock, token).status_code == 200
    twitch_mock.add_fault(path="/helix/users", status=503)
    twitch_mock.reset()
    assert twitch_mock.faults() == [] and get_users(twitch_mock).status_code == 200


ANY_STATUS = "the value must be an HTTP error status from 400 to 599"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        pytest.param({"path": "/helix/users"}, 'Missing required parameter "status", "delay_ms" or "action": what the fault does', id="no-effect"),
        pytest.param({"status": 200}, f'The parameter "status" was malformed: {ANY_STATUS}', id="status-2xx"),
        pytest.param({"status": "x"}, f'The parameter "status" was malformed: {ANY_STATUS}', id="status-text"),
        pytest.param({"status": 500, "action": "drop"}, 'The parameters "status" and "action" cannot be used together', id="status-and-action"),
        pytest.param({"status": 500, "times": 1, "probability": 0.5}, 'The parameters "times" and "probability" cannot be used together', id="times-and-probability"),
        pytest.param({"status": 500, "times": 0}, 'The parameter "times" was malformed: the value must be an integer from 1 to 1000000', id="times-zero"),
        pytest.param({"status": 500, "probability": 1.5}, 'The parameter "probability" was malformed: the value must be a number greater than 0 and at most 1', id="probability"),
        pytest.param({"action": "explode"}, 'The parameter "action" was malformed: the value must be one of: drop, malformed, stop_keepalives, session_reconnect', id="action"),
        pytest.param({"delay_ms": -1}, 'The parameter "delay_ms" was malformed: the value must be an integer from 0 to 600000', id="delay"),
        pytest.param({"delay_ms": 10, "message": "x"}, 'The parameter "message" needs a "status"', id="message-alone"),
        pytest.param({"status": 500, "path": 3}, 'The parameter "path" was malformed: the value must be a non-empty string', id="path"),
        pytest.param({"status": 500, "when": "now"}, 'Unknown field "when"; expected some of: method, path, client_id, user_id, times, probability, status, message, delay_ms, action', id="unknown"),
    ],
)  # fmt: skip
def test_bad_rules(twitch_mock: MockTwitch, rule: dict[str, Any], message: str) -> None:
    assert_error(httpx.post(faults_url(twitch_mock), json=rule), 400, message)
    assert httpx.get(faults_url(twitch_mock)).json() == {"data": []}


def test_websocket_rules_wait_for_the_transport_hook() -> None:
    faults = Faults()
    http = faults.add({"path": "/ws", "status": 500})
    reconnect = faults.add({"path": "/ws", "action": "session_reconnect", "times": 1})
    drop = faults.add({"path": "/ws*", "action": "drop", "times": 1})
    nobody = lambda: (None, None)  # noqa: E731
    # HTTP requests never get a WebSocket-only rule; WebSocket sessions never get a status rule
    assert faults.take("GET", "/ws", nobody) is http
    assert faults.websocket("/ws") is reconnect
    assert faults.websocket("/ws") is drop
    assert faults.websocket("/ws") is None
    assert faults.websocket("/eventsub") is None


# --- real clients through injected faults -------------------------------------------------------


async def test_pytwitchapi_retries_once_through_an_injected_503(twitch_mock: MockTwitch) -> None:
    twitch = await Twitch(
        twitch_mock.client_id,
        twitch_mock.client_secret,
        base_url=twitch_mock.helix_url,
        auth_base_url=twitch_mock.auth_url,
    )
    with twitch_mock.fault(path="/helix/users", status=503, times=1) as rule:
        user = await first(twitch.get_users(user_ids=[twitch_mock.users[0].id]))
    assert user is not None and user.id == twitch_mock.users[0].id
    assert [r.status for r in twitch_mock.requests(path="/helix/users")] == [503, 200]
    assert rule.fired == 1
    await twitch.close()


async def test_pytwitchapi_refreshes_through_an_injected_401(twitch_mock: MockTwitch) -> None:
    user = twitch_mock.users[0]
    issued = twitch_mock.issue_token(user.id, ["user:read:email"])
    twitch = await Twitch(
        twitch_mock.client_id,
        twitch_mock.client_secret,
        base_url=twitch_mock.helix_url,
        auth_base_url=twitch_mock.auth_url,
    )
    await twitch.set_user_authentication(
        issued.access_token, [AuthScope.USER_READ_EMAIL], issued.refresh_token
    )
    twitch_mock.clear_requests()
    with twitch_mock.fault(path="/helix/users", user_id=user.id, status=401, times=1):
        me = await first(twitch.get_users())
    assert me is not None and me.id == user.id and me.email == user.email
    assert twitch.get_user_auth_token() != issued.access_token  # it refreshed
    calls = [(r.method, r.path, r.status) for r in twitch_mock.requests()]
    assert calls == [
        ("GET", "/helix/users", 401),
        ("POST", "/oauth2/token", 200),
        ("GET", "/helix/users", 200),
    ]
    twitch_mock.assert_requested("POST", "/oauth2/token", times=1, body={"grant_type": "refresh_token"})
    await twitch.close()


async def test_pytwitchapi_waits_for_the_reset_of_an_injected_429(twitch_mock: MockTwitch) -> None:
    """pyTwitchAPI (4.x) answers a 429 by sleeping until Ratelimit-Reset; the next call goes through.
    (It does not resend the refused request: a list it was reading ends early.)"""
    twitch = await Twitch(
        twitch_mock.client_id,
        twitch_mock.client_secret,
        base_url=twitch_mock.helix_url,
        auth_base_url=twitch_mock.auth_url,
    )
    logins = [u.login for u in twitch_mock.users[:3]]
    with twitch_mock.fault(path="/helix/users", status=429, times=1):
        started = time.time()
        refused = [u async for u in twitch.get_users(logins=logins)]
        waited = time.time() - started
    (entry,) = twitch_mock.requests(path="/helix/users", status=429)
    assert refused == [] and 0.1 < waited < 3  # it slept until the reset (0-1 s ahead) + 0.1 s
    users = [u async for u in twitch.get_users(logins=logins)]
    assert sorted(u.login for u in users) == sorted(logins)
    assert entry.fault is not None
    await twitch.close()
