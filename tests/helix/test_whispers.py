"""Helix Whispers family: Send Whisper stores the whisper and publishes `user.whisper.message`."""

from __future__ import annotations

from typing import Any

import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock.domain import users, whispers
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.whispers import UserWhisperMessage, WhisperText

WHISPERS = "user:manage:whispers"


@pytest.fixture
def events(world: World) -> list[Event]:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    return heard


def send(world: World, body: Any, sender: str = "alice", to: str | None = "bob", query: str = "") -> Any:
    to_part = "" if to is None else f"&to_user_id={world.users.get(to, to)}"
    return world.http.post(
        f"/helix/whispers?from_user_id={world.users[sender]}{to_part}{query}",
        json=body,
        headers=world.as_user(sender, WHISPERS),
    )


def received(world: World, login: str) -> list[str]:
    return [w.text for w in whispers.received(world.store.db.conn, world.users[login])]


def test_send_whisper_stores_it_and_publishes(world: World, events: list[Event]) -> None:
    r = send(world, {"message": "hello"})
    assert r.status_code == 204 and r.content == b""
    stored = whispers.received(world.store.db.conn, world.users["bob"])
    assert [(w.from_user_id, w.text, w.created_at) for w in stored] == [
        (world.users["alice"], "hello", world.services.now())
    ]
    assert events == [
        UserWhisperMessage(
            world.users["alice"],
            "alice",
            "Alice",
            world.users["bob"],
            "bob",
            "Bob",
            stored[0].id,
            WhisperText("hello"),
        )
    ]


def test_a_stranger_gets_500_characters_a_contact_10000(world: World) -> None:
    assert send(world, {"message": "x" * 600}).status_code == 204
    assert [len(t) for t in received(world, "bob")] == [500]  # cut, as Twitch does
    assert send(world, {"message": "y" * 600}).status_code == 204
    assert [len(t) for t in received(world, "bob")] == [500, 500]  # alice whispering more changes nothing
    assert send(world, {"message": "hi"}, sender="bob", to="alice").status_code == 204
    assert send(world, {"message": "z" * 12_000}).status_code == 204  # bob has whispered alice now
    assert [len(t) for t in received(world, "bob")] == [500, 500, 10_000]


@pytest.mark.parametrize(
    ("body", "to", "status", "message"),
    [
        pytest.param({"message": "hi"}, None, 400, 'Missing required parameter "to_user_id"', id="no-recipient"),
        pytest.param({"message": "hi"}, "alice", 400,
                     "The ID in the from_user_id and to_user_id query parameters must be different", id="self"),
        pytest.param({"message": "hi"}, "999", 404, "The ID in to_user_id was not found", id="unknown"),
        pytest.param({"message": "hi"}, "bobby", 400, "The ID in the to_user_id query parameter is not valid", id="not-an-id"),
        pytest.param({"message": ""}, "bob", 400, "The message field must not contain an empty string", id="empty"),
        pytest.param({}, "bob", 400, 'Missing required parameter "message"', id="no-message"),
        pytest.param({"message": 5}, "bob", 400, 'The parameter "message" was malformed: the value must be a string',
                     id="not-text"),
    ],
)  # fmt: skip
def test_send_whisper_bad_input(
    world: World, events: list[Event], body: Any, to: str | None, status: int, message: str
) -> None:
    assert_error(send(world, body, to=to), status, message)
    assert events == [] and received(world, "bob") == []


def test_a_recipient_who_blocked_the_sender_refuses(world: World, events: list[Event]) -> None:
    with world.store.transaction():
        users.block(world.services, world.users["bob"], world.users["alice"])
    assert_error(
        send(world, {"message": "hi"}),
        403,
        "The user in to_user_id doesn't allow whisper messages from the user in from_user_id",
    )
    assert events == [] and received(world, "bob") == []
    assert send(world, {"message": "hi"}, sender="bob", to="alice").status_code == 204  # the blocker may


def test_send_whisper_auth(world: World) -> None:
    r = world.http.post(
        f"/helix/whispers?from_user_id={world.users['bob']}&to_user_id={world.users['carol']}",
        json={"message": "hi"},
        headers=world.as_user("alice", WHISPERS),
    )
    assert_error(r, 401, "The ID in from_user_id must match the user ID in the user access token")
    r = world.http.post(
        f"/helix/whispers?from_user_id={world.users['alice']}&to_user_id={world.users['carol']}",
        json={"message": "hi"},
        headers=world.as_user("alice"),
    )
    assert_error(r, 401, "Missing scope: user:manage:whispers")
    r = world.http.post(
        f"/helix/whispers?from_user_id={world.users['alice']}&to_user_id={world.users['carol']}",
        headers=world.as_user("alice", WHISPERS),
    )
    assert_error(r, 400, "The request body is missing")


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "POST /whispers": [
        lambda m: Call(
            {"from_user_id": m.users[0].id, "to_user_id": m.users[1].id},
            as_user(m, 0, WHISPERS),
            {"message": "hi"},
        )
    ],
}


def test_at_most_40_new_recipients_a_day(world: World) -> None:
    with world.store.transaction():
        others = [users.create_user(world.services).id for _ in range(41)]
        for to in others[:40]:
            whispers.send_whisper(world.services, world.users["alice"], to, "hi")
    over = send(world, {"message": "hi"}, to=others[40])
    assert_error(over, 429, "The sending user exceeded the number of whisper requests that they may make")
    assert send(world, {"message": "again"}, to=others[0]).status_code == 204  # someone already whispered
    world.clock.advance(24 * 3600)
    assert send(world, {"message": "hi"}, to=others[40]).status_code == 204  # a day later
