"""The EventSub WebSocket transport over a real socket (the `twitch_mock` fixture, loopback):
welcome, keepalive on the mock's clock, notifications, reconnect, every close code, the controls."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from twitch_mock import MockTwitch

SUBS = "/helix/eventsub/subscriptions"
QUIET = 0.4  # seconds of real time in which nothing must arrive


def ws_url(mock: MockTwitch, query: str = "") -> str:
    return f"ws://127.0.0.1:{mock.port}/ws{query}"


def recv(ws: ClientConnection, timeout: float = 5) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(ws.recv(timeout=timeout))
    return frame


def quiet(ws: ClientConnection) -> bool:
    try:
        ws.recv(timeout=QUIET)
    except TimeoutError:
        return True
    return False


def closed_with(ws: ClientConnection) -> tuple[int, str]:
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            ws.recv(timeout=5)
    frame = closed.value.rcvd
    assert frame is not None
    return frame.code, frame.reason


def subscribe(
    http: httpx.Client, headers: dict[str, str], session_id: str, uid: str, kind: str = "channel.update"
) -> str:
    body = {
        "type": kind,
        "version": "2" if kind == "channel.update" else "1",
        "condition": {"broadcaster_user_id": uid},
        "transport": {"method": "websocket", "session_id": session_id},
    }
    r = http.post(SUBS, json=body, headers=headers)
    assert r.status_code == 202, r.text
    sub_id: str = r.json()["data"][0]["id"]
    return sub_id


def change_title(http: httpx.Client, headers: dict[str, str], uid: str, title: str) -> None:
    r = http.patch(f"/helix/channels?broadcaster_id={uid}", json={"title": title}, headers=headers)
    assert r.status_code == 204, r.text


def statuses(http: httpx.Client, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in http.get(SUBS, headers=headers).json()["data"]}


def test_welcome_then_a_helix_change_arrives_once(
    twitch_mock: MockTwitch, http: httpx.Client, user: Any
) -> None:
    uid, headers = user
    with connect(ws_url(twitch_mock)) as ws, connect(ws_url(twitch_mock)) as other:
        welcome = recv(ws)
        assert welcome["metadata"]["message_type"] == "session_welcome"
        assert set(welcome["metadata"]) == {"message_id", "message_type", "message_timestamp"}
        session = welcome["payload"]["session"]
        assert session == {
            "id": session["id"],
            "status": "connected",
            "connected_at": session["connected_at"],
            "keepalive_timeout_seconds": 10,
            "reconnect_url": None,
            "recovery_url": None,
        }
        other_session = recv(other)["payload"]["session"]["id"]
        other_user = next(u.id for u in twitch_mock.users if u.id != uid)
        other_token = twitch_mock.user_token(other_user)
        other_headers = {"Authorization": f"Bearer {other_token}", "Client-Id": twitch_mock.client_id}
        subscribe(http, other_headers, other_session, other_user)
        sub_id = subscribe(http, headers, session["id"], uid)
        sub = statuses(http, headers)[sub_id]
        assert sub["transport"] == {
            "method": "websocket",
            "session_id": session["id"],
            "connected_at": session["connected_at"],
        }
        change_title(http, headers, uid, "over the socket")
        note = recv(ws)
        assert note["metadata"]["message_type"] == "notification"
        assert note["payload"]["subscription"]["id"] == sub_id
        assert note["payload"]["event"]["title"] == "over the socket"
        assert quiet(ws) and quiet(other)


@pytest.mark.parametrize(("query", "expected"), [("", 10), ("?keepalive_timeout_seconds=5", 10),
                                                 ("?keepalive_timeout_seconds=30", 30),
                                                 ("?keepalive_timeout_seconds=1000", 600),
                                                 ("?keepalive_timeout_seconds=soon", 10)])  # fmt: skip
def test_keepalive_timeout_is_clamped(twitch_mock: MockTwitch, query: str, expected: int) -> None:
    with connect(ws_url(twitch_mock, query)) as ws:
        assert recv(ws)["payload"]["session"]["keepalive_timeout_seconds"] == expected


def test_keepalive_only_when_nothing_else_was_sent(
    twitch_mock: MockTwitch, http: httpx.Client, user: Any
) -> None:
    uid, headers = user
    with connect(ws_url(twitch_mock)) as ws:
        session_id = recv(ws)["payload"]["session"]["id"]
        subscribe(http, headers, session_id, uid)
        twitch_mock.advance(6)
        assert quiet(ws)
        change_title(http, headers, uid, "fresh")
        assert recv(ws)["metadata"]["message_type"] == "notification"
        twitch_mock.advance(6)  # 12 s since the welcome, 6 since the notification
        assert quiet(ws)
        twitch_mock.advance(4)
        keepalive = recv(ws)
        assert keepalive["metadata"]["message_type"] == "session_keepalive"
        assert keepalive["payload"] == {}
        # the keepalive control stops them
        r = http.post(f"/_mock/eventsub/keepalive?session_id={session_id}&enabled=false")
        assert r.json() == {"session_id": session_id, "keepalive_enabled": False}
        twitch_mock.advance(30)
        assert quiet(ws)


def test_an_unused_connection_closes_4003(twitch_mock: MockTwitch) -> None:
    with connect(ws_url(twitch_mock)) as ws:
        recv(ws)
        twitch_mock.advance(10)
        assert closed_with(ws) == (4003, "connection unused")


def test_a_client_data_frame_closes_4001_but_a_ping_does_not(
    twitch_mock: MockTwitch, http: httpx.Client, user: Any
) -> None:
    uid, headers = user
    with connect(ws_url(twitch_mock)) as ws:
        session_id = recv(ws)["payload"]["session"]["id"]
        sub_id = subscribe(http, headers, session_id, uid)
        ws.ping().wait(5)
        assert quiet(ws)
        ws.send("hello")
        assert closed_with(ws) == (4001, "sent inbound traffic")
    sub = statuses(http, headers)[sub_id]
    assert sub["status"] == "websocket_received_inbound_traffic"
    assert sub["transport"]["disconnected_at"]


def test_a_client_close_disables_with_websocket_disconnected(
    twitch_mock: MockTwitch, http: httpx.Client, user: Any
) -> None:
    uid, headers = user
    with connect(ws_url(twitch_mock)) as ws:
        session_id = recv(ws)["payload"]["session"]["id"]
        sub_id = subscribe(http, headers, session_id, uid)
    for _ in range(50):
        if statuses(http, headers)[sub_id]["status"] != "enabled":
            break
        twitch_mock.advance(0)
    assert statuses(http, headers)[sub_id]["status"] == "websocket_disconnected"
    body = {
        "type": "stream.online",
        "version": "1",
        "condition": {"broadcaster_user_id": uid},
        "transport": {"method": "websocket", "session_id": session_id},
    }
    r = http.post(SUBS, json=body, headers=headers)
    assert r.status_code == 400
    assert r.json()["message"] == "websocket transport session does not exist or has already disconnected"


@pytest.mark.parametrize(("code", "status"), [(4000, "websocket_internal_error"), (4002, "websocket_failed_ping_pong"),
                                              (4005, "websocket_network_timeout"), (4006, "websocket_network_error")])  # fmt: skip
def test_the_close_control(
    twitch_mock: MockTwitch, http: httpx.Client, user: Any, code: int, status: str
) -> None:
    uid, headers = user
    with connect(ws_url(twitch_mock)) as ws:
        session_id = recv(ws)["payload"]["session"]["id"]
        sub_id = subscribe(http, headers, session_id, uid)
        r = http.post(f"/_mock/eventsub/close?session_id={session_id}&reason={code}")
        assert r.status_code == 200, r.text
        assert closed_with(ws)[0] == code
    assert statuses(http, headers)[sub_id]["status"] == status
    r = http.post("/_mock/eventsub/close?reason=4999")
    assert r.status_code == 404  # no session left
    assert r.json()["message"] == "No connected EventSub WebSocket session"


def test_reconnect_moves_the_subscriptions(twitch_mock: MockTwitch, http: httpx.Client, user: Any) -> None:
    uid, headers = user
    with connect(ws_url(twitch_mock)) as old:
        first = recv(old)["payload"]["session"]
        sub_id = subscribe(http, headers, first["id"], uid)
        r = http.post(f"/_mock/eventsub/reconnect?session_id={first['id']}")
        assert r.status_code == 200, r.text
        message = recv(old)
        assert message["metadata"]["message_type"] == "session_reconnect"
        refused = http.post(f"/_mock/eventsub/reconnect?session_id={first['id']}")  # one at a time
        assert refused.status_code == 409
        assert refused.json()["message"] == (
            f"EventSub WebSocket session {first['id']} is already reconnecting: connect to its reconnect_url"
        )
        session = message["payload"]["session"]
        assert session == {
            "id": first["id"],
            "status": "reconnecting",
            "connected_at": first["connected_at"],
            "keepalive_timeout_seconds": None,
            "reconnect_url": r.json()["reconnect_url"],
            "recovery_url": None,
        }
        url = session["reconnect_url"].replace("localhost", "127.0.0.1")
        with connect(url) as new:
            welcome = recv(new)["payload"]["session"]
            assert welcome["id"] != first["id"] and welcome["status"] == "connected"
            assert statuses(http, headers)[sub_id]["transport"]["session_id"] == welcome["id"]
            change_title(http, headers, uid, "moved")
            note = recv(new)
            assert note["payload"]["subscription"] == {**note["payload"]["subscription"], "id": sub_id,
                                                       "transport": {"method": "websocket", "session_id": welcome["id"]}}  # fmt: skip
            assert quiet(old)
            with connect(url) as again:
                assert closed_with(again) == (4007, "invalid reconnect attempt")
            twitch_mock.advance(30)
            assert closed_with(old) == (4004, "client reconnect grace time expired")
            assert statuses(http, headers)[sub_id]["status"] == "enabled"
            assert recv(new)["metadata"]["message_type"] == "session_keepalive"  # 30 s went by
            change_title(http, headers, uid, "still here")
            assert recv(new)["payload"]["event"]["title"] == "still here"


def test_a_reconnect_not_taken_fails_the_subscriptions(
    twitch_mock: MockTwitch, http: httpx.Client, user: Any
) -> None:
    uid, headers = user
    with connect(ws_url(twitch_mock)) as ws:
        session_id = recv(ws)["payload"]["session"]["id"]
        sub_id = subscribe(http, headers, session_id, uid)
        http.post(f"/_mock/eventsub/reconnect?session_id={session_id}")
        recv(ws)
        twitch_mock.advance(30)
        assert closed_with(ws)[0] == 4004
    assert statuses(http, headers)[sub_id]["status"] == "websocket_failed_to_reconnect"


def test_the_subscription_status_control_sends_a_revocation(
    twitch_mock: MockTwitch, http: httpx.Client, user: Any
) -> None:
    uid, headers = user
    with connect(ws_url(twitch_mock)) as ws:
        session_id = recv(ws)["payload"]["session"]["id"]
        sub_id = subscribe(http, headers, session_id, uid)
        r = http.post(f"/_mock/eventsub/subscription?id={sub_id}&status=version_removed")
        assert r.json() == {"id": sub_id, "status": "version_removed"}
        revocation = recv(ws)
        assert revocation["metadata"]["message_type"] == "revocation"
        assert revocation["metadata"]["subscription_type"] == "channel.update"
        assert revocation["payload"]["subscription"]["status"] == "version_removed"
        change_title(http, headers, uid, "unheard")
        assert quiet(ws)
    r = http.post(f"/_mock/eventsub/subscription?id={sub_id}&status=bored")
    assert r.status_code == 400
    assert http.post("/_mock/eventsub/subscription?id=nope&status=enabled").status_code == 404


def test_a_reset_closes_sessions_whose_subscriptions_are_gone(
    twitch_mock: MockTwitch, http: httpx.Client, user: Any
) -> None:
    uid, headers = user
    with connect(ws_url(twitch_mock)) as ws, connect(ws_url(twitch_mock)) as idle:
        session_id = recv(ws)["payload"]["session"]["id"]
        recv(idle)
        subscribe(http, headers, session_id, uid)
        twitch_mock.reset()
        assert closed_with(ws)[0] == 4000
        assert quiet(idle)
        sessions = http.get("/_mock/eventsub/sessions").json()["data"]
        assert len(sessions) == 1 and sessions[0]["user_id"] is None


def test_mocktwitch_waits_for_a_delivery(twitch_mock: MockTwitch, http: httpx.Client, user: Any) -> None:
    uid, headers = user
    with connect(ws_url(twitch_mock)) as ws:
        session_id = recv(ws)["payload"]["session"]["id"]
        sub_id = subscribe(http, headers, session_id, uid)
        change_title(http, headers, uid, "waited for")
        message = twitch_mock.wait_for_delivery("channel.update")
        assert message.type == "notification"
        assert message.body["subscription"]["id"] == sub_id
        assert message.body["event"]["title"] == "waited for"
        message.body["subscription"]["id"] = "changed by the test"  # the test's own copy
        change_title(http, headers, uid, "again")
        assert recv(ws)["payload"]["subscription"]["id"] == sub_id
        assert recv(ws)["payload"]["subscription"]["id"] == sub_id
        assert twitch_mock.wait_for_delivery("channel.update").body["subscription"]["id"] == sub_id
        with pytest.raises(TimeoutError, match=r"no EventSub notification for channel\.update"):
            twitch_mock.wait_for_delivery("channel.update", timeout=0.2)
        assert twitch_mock.eventsub.websocket.live(session_id) is not None


def test_revoking_the_refresh_token_revokes_what_needed_its_scope(
    twitch_mock: MockTwitch, http: httpx.Client
) -> None:
    uid = twitch_mock.all_units_user_id
    issued = twitch_mock.issue_token(uid, ["channel:moderate"])
    headers = {"Authorization": f"Bearer {issued.access_token}", "Client-Id": twitch_mock.client_id}
    with connect(ws_url(twitch_mock)) as ws:
        session_id = recv(ws)["payload"]["session"]["id"]
        banned = subscribe(http, headers, session_id, uid, "channel.ban")
        online = subscribe(http, headers, session_id, uid, "stream.online")
        assert issued.refresh_token is not None
        twitch_mock.revoke_token(issued.refresh_token)  # the whole grant goes
        revocation = recv(ws)
        assert revocation["metadata"]["message_type"] == "revocation"
        assert revocation["payload"]["subscription"]["id"] == banned
        assert revocation["payload"]["subscription"]["status"] == "authorization_revoked"
        assert quiet(ws)
        other = twitch_mock.user_token(uid)
        found = statuses(http, {"Authorization": f"Bearer {other}", "Client-Id": twitch_mock.client_id})
        assert (found[banned]["status"], found[online]["status"]) == ("authorization_revoked", "enabled")


def test_a_control_names_a_session_by_its_id_or_a_part_that_begins_or_ends_only_it(
    twitch_mock: MockTwitch, http: httpx.Client
) -> None:
    with connect(ws_url(twitch_mock)) as one, connect(ws_url(twitch_mock)) as two:
        first, second = (recv(ws)["payload"]["session"]["id"] for ws in (one, two))
        start = next(n for n in range(5, len(first)) if first[:n] != second[:n])
        for given in (first, first[: start + 1], first[-8:]):
            r = http.post(f"/_mock/eventsub/keepalive?session_id={given}&enabled=true")
            assert r.status_code == 200, r.text
            assert r.json()["session_id"] == first
        r = http.post("/_mock/eventsub/keepalive?session_id=AgoQ&enabled=true")  # every id begins so
        assert r.status_code == 400
        assert r.json()["message"] == "EventSub WebSocket session AgoQ is ambiguous: 2 sessions match"
        r = http.post("/_mock/eventsub/keepalive?session_id=nobody&enabled=true")
        assert r.status_code == 404
        assert r.json()["message"] == "No connected EventSub WebSocket session nobody"
        assert quiet(one) and quiet(two)


def test_control_errors(twitch_mock: MockTwitch, http: httpx.Client) -> None:
    with connect(ws_url(twitch_mock)) as ws:
        session_id = recv(ws)["payload"]["session"]["id"]
        r = http.post(f"/_mock/eventsub/close?session_id={session_id}&reason=4999")
        assert r.status_code == 400
        assert r.json()["message"] == 'The parameter "reason" was malformed: a close code from 4000 to 4007'
        r = http.post("/_mock/eventsub/reconnect?session_id=nope")
        assert r.status_code == 404
        assert r.json()["message"] == "No connected EventSub WebSocket session nope"
        r = http.post("/_mock/eventsub/subscription?status=enabled")
        assert r.status_code == 400
        assert r.json()["message"] == 'Missing required parameter "id"'
        assert quiet(ws)


def test_the_seams_for_conduit_shards(twitch_mock: MockTwitch) -> None:
    closed: list[tuple[str, str]] = []

    def heard(*args: str) -> None:
        closed.append(args)  # type: ignore[arg-type]

    twitch_mock.eventsub.websocket.session_closed.append(heard)
    try:
        with connect(ws_url(twitch_mock)) as ws:
            session = recv(ws)["payload"]["session"]
            assert twitch_mock.eventsub.session_connected_at(session["id"]) == session["connected_at"]
            assert twitch_mock.eventsub.session_connected_at("nope") is None
            twitch_mock.advance(10)  # a shard's session is in use: a keepalive, not 4003
            assert recv(ws)["metadata"]["message_type"] == "session_keepalive"
        for _ in range(50):
            if closed:
                break
            twitch_mock.advance(0)
        assert closed == [(session["id"], "websocket_disconnected")]
    finally:  # only this test's listener: the runtime's own (conduit shards) stays
        twitch_mock.eventsub.websocket.session_closed.remove(heard)


def test_a_conduit_shard_follows_its_session_through_a_reconnect(
    twitch_mock: MockTwitch, http: httpx.Client, user: Any
) -> None:
    uid, headers = user
    app = {"Authorization": f"Bearer {twitch_mock.app_token()}", "Client-Id": twitch_mock.client_id}
    r = http.post("/helix/eventsub/conduits", json={"shard_count": 1}, headers=app)
    conduit_id = r.json()["data"][0]["id"]
    body = {
        "type": "channel.update",
        "version": "2",
        "condition": {"broadcaster_user_id": uid},
        "transport": {"method": "conduit", "conduit_id": conduit_id},
    }
    r = http.post(SUBS, json=body, headers=app)
    assert r.status_code == 202, r.text
    shards = "/helix/eventsub/conduits/shards"
    with connect(ws_url(twitch_mock)) as old:
        first = recv(old)["payload"]["session"]
        update = {"conduit_id": conduit_id, "shards": [{"id": "0", "transport": {"method": "websocket", "session_id": first["id"]}}]}  # fmt: skip
        r = http.patch(shards, json=update, headers=app)
        assert r.status_code == 202 and r.json()["errors"] == [], r.text
        r = http.post(f"/_mock/eventsub/reconnect?session_id={first['id']}")
        url = r.json()["reconnect_url"].replace("localhost", "127.0.0.1")
        assert recv(old)["metadata"]["message_type"] == "session_reconnect"
        with connect(url) as new:
            welcome = recv(new)["payload"]["session"]
            [shard] = http.get(shards, params={"conduit_id": conduit_id}, headers=app).json()["data"]
            assert shard == {
                "id": "0",
                "status": "enabled",
                "transport": {
                    "method": "websocket",
                    "session_id": welcome["id"],
                    "connected_at": welcome["connected_at"],
                },
            }
            change_title(http, headers, uid, "through the conduit")
            note = recv(new)
            assert note["metadata"]["message_type"] == "notification"
            assert note["payload"]["event"]["title"] == "through the conduit"
            assert quiet(old)
            twitch_mock.advance(30)  # the old connection ends (4004): the shard is not disabled
            assert closed_with(old) == (4004, "client reconnect grace time expired")
            [shard] = http.get(shards, params={"conduit_id": conduit_id}, headers=app).json()["data"]
            assert (shard["status"], shard["transport"]["session_id"]) == ("enabled", welcome["id"])
        for _ in range(50):  # the new connection closes: now its shard is disabled
            [shard] = http.get(shards, params={"conduit_id": conduit_id}, headers=app).json()["data"]
            if shard["status"] != "enabled":
                break
            twitch_mock.advance(0)
        assert shard["status"] == "websocket_disconnected"
        assert shard["transport"]["session_id"] == welcome["id"] and "disconnected_at" in shard["transport"]
