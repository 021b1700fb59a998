"""WebSocket fault rules (`POST /_mock/faults` with `drop`, `stop_keepalives`, `session_reconnect`)
on EventSub's `/ws`, over a real socket (the `twitch_mock` fixture: uvicorn, loopback): asked when
a session connects and after each message it sends, counted by `times` / `probability`."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from test_eventsub_websocket import SUBS, change_title, quiet, recv, subscribe, ws_url
from websockets.exceptions import ConnectionClosed, ConnectionClosedError
from websockets.sync.client import ClientConnection, connect

from twitch_mock import MockTwitch

FAULTS = "/_mock/faults"


def user_headers(mock: MockTwitch, uid: str) -> dict[str, str]:
    token = mock.user_token(uid, ["channel:manage:broadcast"])
    return {"Authorization": f"Bearer {token}", "Client-Id": mock.client_id}


Who = tuple[str, dict[str, str]]  # a user's id and headers with a user token of theirs


@pytest.fixture
def two(twitch_mock: MockTwitch) -> tuple[Who, Who]:
    """The all-units user (whose channel the sessions watch) and another user."""
    uid = twitch_mock.all_units_user_id
    other = next(u.id for u in twitch_mock.users if u.id != uid)
    return (uid, user_headers(twitch_mock, uid)), (other, user_headers(twitch_mock, other))


def add(http: httpx.Client, **rule: Any) -> dict[str, Any]:
    r = http.post(FAULTS, json=rule)
    assert r.status_code == 200, r.text
    (found,) = r.json()["data"]
    return dict(found)


def fired(http: httpx.Client) -> list[tuple[int, int | None]]:
    return [(r["fired"], r["remaining"]) for r in http.get(FAULTS).json()["data"]]


def dropped(ws: ClientConnection) -> ConnectionClosedError:
    """The connection ends with no close frame either way: an abnormal closure (1006)."""
    with pytest.raises(ConnectionClosedError) as closed:
        while True:
            ws.recv(timeout=5)
    assert closed.value.rcvd is None and closed.value.sent is None
    assert ws.close_code == 1006
    return closed.value


def status_of(http: httpx.Client, headers: dict[str, str], sub_id: str, wanted: str) -> str:
    """The subscription's status once the server has ended the session (a few ms of real time)."""
    deadline = time.monotonic() + 5
    while True:
        found: dict[str, str] = {s["id"]: s["status"] for s in http.get(SUBS, headers=headers).json()["data"]}
        if found[sub_id] == wanted or time.monotonic() > deadline:
            return found[sub_id]
        time.sleep(0.02)


def test_a_drop_at_connect_ends_the_connection_before_the_welcome(
    twitch_mock: MockTwitch, http: httpx.Client
) -> None:
    add(http, path="/ws", action="drop", times=1)
    with connect(ws_url(twitch_mock)) as ws:
        dropped(ws)
    assert fired(http) == [(1, 0)]
    with connect(ws_url(twitch_mock)) as ws:  # the rule is spent
        assert recv(ws)["metadata"]["message_type"] == "session_welcome"
        assert quiet(ws)


def test_a_drop_after_a_notification_disables_the_subscriptions(
    twitch_mock: MockTwitch, http: httpx.Client
) -> None:
    uid = twitch_mock.all_units_user_id
    headers = user_headers(twitch_mock, uid)
    with connect(ws_url(twitch_mock)) as ws:
        session_id = recv(ws)["payload"]["session"]["id"]
        sub_id = subscribe(http, headers, session_id, uid)
        add(http, path="/ws", action="drop", times=1)
        change_title(http, headers, uid, "the last one")
        note = recv(ws)
        assert note["metadata"]["message_type"] == "notification"
        assert note["payload"]["event"]["title"] == "the last one"
        dropped(ws)
    assert status_of(http, headers, sub_id, "websocket_network_error") == "websocket_network_error"
    assert fired(http) == [(1, 0)]


def test_stop_keepalives_silences_one_session_and_the_clients_timeout_fires(
    twitch_mock: MockTwitch, http: httpx.Client, two: tuple[Who, Who]
) -> None:
    (uid, headers), (_, other_headers) = two
    add(http, path="/ws", action="stop_keepalives", times=1)
    with connect(ws_url(twitch_mock)) as silent, connect(ws_url(twitch_mock)) as other:
        subscribe(http, headers, recv(silent)["payload"]["session"]["id"], uid)
        subscribe(http, other_headers, recv(other)["payload"]["session"]["id"], uid)
        twitch_mock.advance(10)
        assert recv(other)["metadata"]["message_type"] == "session_keepalive"
        with pytest.raises(TimeoutError):  # the client's own keepalive timeout
            silent.recv(timeout=0.5)
        twitch_mock.advance(30)
        assert recv(other)["metadata"]["message_type"] == "session_keepalive"
        assert quiet(silent)
        change_title(http, headers, uid, "still delivered")
        assert recv(silent)["payload"]["event"]["title"] == "still delivered"
        assert recv(other)["payload"]["event"]["title"] == "still delivered"
    assert fired(http) == [(1, 0)]


def test_session_reconnect_at_connect_follows_the_welcome_and_its_url_works(
    twitch_mock: MockTwitch, http: httpx.Client
) -> None:
    add(http, path="/ws", action="session_reconnect", times=1)
    with connect(ws_url(twitch_mock)) as ws:
        welcome = recv(ws)["payload"]["session"]
        reconnect = recv(ws)
        assert reconnect["metadata"]["message_type"] == "session_reconnect"
        session = reconnect["payload"]["session"]
        assert session["id"] == welcome["id"] and session["status"] == "reconnecting"
        assert session["reconnect_url"].startswith(f"ws://127.0.0.1:{twitch_mock.port}/ws?reconnect_id=")
        assert quiet(ws)  # asked once at connect, not again after the message it sent
        with connect(session["reconnect_url"]) as new:
            moved = recv(new)
            assert moved["metadata"]["message_type"] == "session_welcome"
            assert moved["payload"]["session"]["id"] != welcome["id"]
            assert quiet(new)
    assert fired(http) == [(1, 0)]


def test_a_rule_for_one_user_reconnects_only_their_session(
    twitch_mock: MockTwitch, http: httpx.Client, two: tuple[Who, Who]
) -> None:
    (uid, headers), (other_uid, other_headers) = two
    with connect(ws_url(twitch_mock)) as ws, connect(ws_url(twitch_mock)) as other:
        subscribe(http, headers, recv(ws)["payload"]["session"]["id"], uid)
        subscribe(http, other_headers, recv(other)["payload"]["session"]["id"], uid)
        add(http, path="/ws", user_id=other_uid, action="session_reconnect", times=1)
        change_title(http, headers, uid, "both hear it")
        assert recv(ws)["metadata"]["message_type"] == "notification"
        assert recv(other)["metadata"]["message_type"] == "notification"
        assert recv(other)["metadata"]["message_type"] == "session_reconnect"
        assert quiet(ws) and quiet(other)
    assert fired(http) == [(1, 0)]


def test_probability_one_fires_on_every_session_and_http_paths_never_match(
    twitch_mock: MockTwitch, http: httpx.Client
) -> None:
    add(http, path="/helix/*", action="drop")
    add(http, path="/ws", action="drop", probability=1)
    for _ in range(2):
        with connect(ws_url(twitch_mock)) as ws:
            dropped(ws)
    assert fired(http) == [(0, None), (2, None)]
    r = http.delete(FAULTS)
    assert r.status_code == 204
    with connect(ws_url(twitch_mock)) as ws:
        assert recv(ws)["metadata"]["message_type"] == "session_welcome"


def test_the_control_api_still_closes_a_session_that_a_rule_left_alone(
    twitch_mock: MockTwitch, http: httpx.Client
) -> None:
    add(http, path="/ws", action="stop_keepalives", user_id="no-such-user")
    with connect(ws_url(twitch_mock)) as ws:
        session_id = recv(ws)["payload"]["session"]["id"]
        r = http.post("/_mock/eventsub/close", json={"session_id": session_id, "reason": 4006})
        assert r.status_code == 200, r.text
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4006
    assert fired(http) == [(0, None)]
