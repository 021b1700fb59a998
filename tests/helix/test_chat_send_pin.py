"""Send Chat Message's `pin` (2026-05-15): the sent message is pinned until the stream ends, with
Pin Chat Message's rules; a pin that lasts until the stream ends is cleared by `stream.offline`,
whichever path ends the stream."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from test_chat_messages import run

from conftest import World, assert_error
from twitch_mock.domain import chat_messages, chat_warnings, moderators, streams
from twitch_mock.domain.outbox import Event

WRITE, READ, MANAGE = "user:write:chat", "moderator:read:chat_messages", "moderator:manage:chat_messages"


@pytest.fixture
def events(world: World) -> list[Event]:
    """Alice is live and bob moderates her channel; then every event from here on."""
    run(world, streams.create_stream, world.users["alice"])
    run(world, moderators.add_moderator, world.users["bob"], world.users["alice"])
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    return heard


def send(world: World, login: str, headers: dict[str, str] | None = None, **extra: Any) -> httpx.Response:
    body = {"broadcaster_id": world.users["alice"], "sender_id": world.users[login], "message": "read me"}
    r: httpx.Response = world.http.post(
        "/helix/chat/messages", json=body | extra, headers=headers or world.as_user(login, WRITE, MANAGE)
    )
    return r


def pins(world: World) -> list[dict[str, Any]]:
    query = f"broadcaster_id={world.users['alice']}&moderator_id={world.users['alice']}"
    r = world.http.get(f"/helix/chat/pins?{query}", headers=world.as_user("alice", READ))
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()["data"]
    return data


def stored(world: World) -> int:
    count: int = world.store.db.conn.execute("SELECT COUNT(*) FROM chat_messages").fetchone()[0]
    return count


@pytest.mark.parametrize("login", ["bob", "alice"])
def test_a_moderator_or_the_broadcaster_sends_and_pins(world: World, events: list[Event], login: str) -> None:
    r = send(world, login, pin=True)
    assert r.status_code == 200, r.text
    item = r.json()["data"][0]
    assert item["is_sent"] is True
    [pinned] = pins(world)
    assert pinned["message_id"] == item["message_id"]
    assert (pinned["sender_user_id"], pinned["pinned_by_user_id"]) == (world.users[login],) * 2
    assert pinned["message"]["text"] == "read me"
    assert (pinned["starts_at"], pinned["ends_at"]) == (world.clock.rfc3339(), None)
    assert [e.TYPE for e in events] == ["channel.chat.message"]  # pins publish nothing


def test_pin_false_or_absent_pins_nothing(world: World, events: list[Event]) -> None:
    assert send(world, "bob", pin=False).json()["data"][0]["is_sent"]
    assert send(world, "bob", message="again").json()["data"][0]["is_sent"]
    assert pins(world) == []


def test_a_pin_replaces_the_channels_pin(world: World, events: list[Event]) -> None:
    first = send(world, "bob", pin=True).json()["data"][0]["message_id"]
    second = send(world, "alice", message="newer", pin=True).json()["data"][0]["message_id"]
    assert first != second
    assert [p["message_id"] for p in pins(world)] == [second]


def test_only_moderators_may_pin_and_nothing_is_sent_then(world: World, events: list[Event]) -> None:
    before = stored(world)
    r = send(world, "carol", pin=True)
    assert_error(r, 403, "The user in sender_id is not one of the broadcaster's moderators")
    assert (stored(world), events, pins(world)) == (before, [], [])
    assert send(world, "carol").json()["data"][0]["is_sent"]  # without pin carol may chat


def test_pinning_needs_the_manage_scope(world: World, events: list[Event]) -> None:
    r = send(world, "bob", world.as_user("bob", WRITE), pin=True)
    assert_error(r, 401, f"Missing scope: {MANAGE}")
    assert (events, pins(world)) == ([], [])


def test_an_app_token_needs_the_senders_manage_grant(world: World, events: list[Event]) -> None:
    app = world.headers()
    world.user_token("bob", ["user:bot"])
    r = send(world, "bob", app, pin=True)
    assert_error(r, 401, f"The user in sender_id has not authorized this client with the {MANAGE} scope")
    world.user_token("bob", ["user:bot", MANAGE])
    item = send(world, "bob", app, pin=True).json()["data"][0]
    assert [p["message_id"] for p in pins(world)] == [item["message_id"]]


def test_a_dropped_message_is_not_pinned(world: World, events: list[Event]) -> None:
    run(world, chat_warnings.warn, world.users["alice"], world.users["alice"], world.users["dave"], "calm")
    run(world, moderators.add_moderator, world.users["dave"], world.users["alice"])  # warned, then made one
    item = send(world, "dave", pin=True).json()["data"][0]
    assert (item["is_sent"], item["drop_reason"]["code"]) == (False, "msg_warned")
    assert pins(world) == []


def end_by_control(world: World) -> None:
    assert world.http.post("/_mock/streams/end", json={"user_id": "alice"}).status_code == 200


def end_by_trigger(world: World) -> None:
    r = world.http.post("/_mock/events/trigger", json={"to_user_id": "alice", "event": "streamdown"})
    assert r.status_code == 200, r.text


def end_by_going_live_again(world: World) -> None:
    assert world.http.post("/_mock/streams", json={"user_id": "alice"}).status_code == 200


@pytest.mark.parametrize("end", [end_by_control, end_by_trigger, end_by_going_live_again])
def test_a_pin_until_the_stream_ends_is_cleared_by_stream_offline(
    world: World, events: list[Event], end: Callable[[World], None]
) -> None:
    send(world, "bob", pin=True)
    assert len(pins(world)) == 1
    end(world)
    assert "stream.offline" in [e.TYPE for e in events]
    assert pins(world) == []
    assert world.store.db.conn.execute("SELECT COUNT(*) FROM pinned_chat_messages").fetchone()[0] == 0


def test_a_pin_with_a_duration_outlives_the_stream(world: World, events: list[Event]) -> None:
    message = run(world, chat_messages.add_message, world.users["alice"], world.users["carol"], "timed").id
    query = (
        f"broadcaster_id={world.users['alice']}&moderator_id={world.users['bob']}"
        f"&message_id={message}&duration_seconds=600"
    )
    r = world.http.put(f"/helix/chat/pins?{query}", headers=world.as_user("bob", MANAGE))
    assert r.status_code == 204, r.text
    end_by_control(world)
    assert [p["message_id"] for p in pins(world)] == [message]
    world.clock.advance(601)
    assert pins(world) == []
