"""Helix Chat family beyond twitch-cli: Get User Emotes (what a user may use: globals, their own
channel's, their subscriptions' up to their tier, follower emotes) and Get Shared Chat Session (with
the builders that start and end a session, and their events)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.core.errors import BadRequest, NotFound
from twitch_mock.domain import emotes, follows, shared_chat, subscriptions
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.shared_chat import EventParticipant, SharedChatBegin, SharedChatEnd

T = TypeVar("T")
READ_EMOTES = "user:read:emotes"


def run(world: World, fn: Callable[..., T], *args: Any) -> T:
    with world.store.transaction():
        return fn(world.services, *args)


def caster(world: World, login: str) -> None:
    with world.store.transaction():
        world.store.db.conn.execute("UPDATE users SET broadcaster_type = 'partner' WHERE login = ?", (login,))


def user_emotes(world: World, login: str = "carol", extra: str = "") -> Any:
    r = world.http.get(
        f"/helix/chat/emotes/user?user_id={world.users[login]}{extra}",
        headers=world.as_user(login, READ_EMOTES),
    )
    assert r.status_code == 200, r.text
    return r.json()


def test_user_emotes(world: World) -> None:
    for login in ("alice", "bob", "carol"):
        caster(world, login)
    alice, bob, carol = world.users["alice"], world.users["bob"], world.users["carol"]
    tier1 = run(world, emotes.add_emote, alice, "aliceHi", "subscriptions", "1000")
    run(world, emotes.add_emote, alice, "aliceRich", "subscriptions", "3000")
    fan = run(world, emotes.add_emote, alice, "aliceFan", "follower")
    run(world, emotes.add_emote, alice, "aliceBits", "bitstier")
    bobs = run(world, emotes.add_emote, bob, "bobFan", "follower")
    own = run(world, emotes.add_emote, carol, "carolBits", "bitstier")
    run(world, subscriptions.subscribe, carol, alice, "1000")
    body = user_emotes(world)
    assert set(body) == {"data", "template", "pagination"} and body["template"] == emotes.TEMPLATE
    assert body["pagination"] == {}  # one page
    globals_ = [e for e in body["data"] if e["emote_type"] == "globals"]
    assert len(globals_) == len(emotes.GLOBAL_EMOTES) and globals_[0] == {
        "id": "25", "name": "Kappa", "emote_type": "globals", "emote_set_id": "0", "owner_id": "0",
        "format": ["static"], "scale": ["1.0", "2.0", "3.0"], "theme_mode": ["light", "dark"],
    }  # fmt: skip
    others = [(e["id"], e["emote_type"], e["owner_id"]) for e in body["data"] if e["emote_type"] != "globals"]
    assert sorted(others) == sorted(
        [(tier1.id, "subscriptions", alice), (fan.id, "follower", alice), (own.id, "bitstier", carol)]
    )  # not the tier-3 emote, nor the other channel's bits emote
    assert bobs.id not in {e["id"] for e in user_emotes(world, extra=f"&broadcaster_id={bob}")["data"]}
    run(world, follows.follow, carol, bob)  # a follower gets the channel's follower emotes when asking
    assert bobs.id in {e["id"] for e in user_emotes(world, extra=f"&broadcaster_id={bob}")["data"]}
    assert bobs.id not in {e["id"] for e in user_emotes(world)["data"]}


def test_user_emotes_come_in_pages_continued_with_after(world: World) -> None:
    caster(world, "carol")
    carol = world.users["carol"]
    made = [run(world, emotes.add_emote, carol, f"carol{n}", "follower").id for n in range(120)]
    first = user_emotes(world)
    expected = [i for i, _ in emotes.GLOBAL_EMOTE_IDS] + made
    assert [e["id"] for e in first["data"]] == expected[: emotes.PAGE_SIZE]
    cursor = first["pagination"]["cursor"]
    late = run(world, emotes.add_emote, carol, "carolLate", "follower").id  # sorts last
    second = user_emotes(world, extra=f"&after={cursor}")
    assert [e["id"] for e in second["data"]] == [*expected[emotes.PAGE_SIZE :], late]
    assert second["pagination"] == {} and second["template"] == emotes.TEMPLATE
    r = world.http.get(
        f"/helix/chat/emotes/user?user_id={carol}&after=nonsense", headers=world.as_user("carol", READ_EMOTES)
    )
    assert_error(r, 400, "invalid cursor")


def test_user_emotes_are_the_token_users(world: World) -> None:
    r = world.http.get(
        f"/helix/chat/emotes/user?user_id={world.users['bob']}", headers=world.as_user("carol", READ_EMOTES)
    )
    assert_error(r, 401, "The ID in user_id must match the user ID in the user access token")
    r = world.http.get("/helix/chat/emotes/user", headers=world.as_user("carol", READ_EMOTES))
    assert_error(r, 400, 'Missing required parameter "user_id"')
    r = world.http.get(
        f"/helix/chat/emotes/user?user_id={world.users['carol']}", headers=world.as_user("carol")
    )
    assert_error(r, 401, f"Missing scope: {READ_EMOTES}")


# --- shared chat -----------------------------------------------------------------------------------


def session(world: World, login: str) -> Any:
    r = world.http.get(
        f"/helix/shared_chat/session?broadcaster_id={world.users[login]}", headers=world.headers()
    )
    assert r.status_code == 200, r.text
    return r.json()


def test_a_shared_chat_session_begins_and_ends(world: World) -> None:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    alice, bob, carol = world.users["alice"], world.users["bob"], world.users["carol"]
    made = run(world, shared_chat.start_shared_chat, alice, [bob, carol])
    now = world.clock.rfc3339()
    item = {
        "session_id": made.session_id,
        "host_broadcaster_id": alice,
        "participants": [{"broadcaster_id": alice}, {"broadcaster_id": bob}, {"broadcaster_id": carol}],
        "created_at": now,
        "updated_at": now,
    }
    assert session(world, "bob") == {"data": [item]} and session(world, "alice") == {"data": [item]}
    assert session(world, "dave") == {"data": []}
    people = [
        EventParticipant(u, login, login.capitalize())
        for u, login in ((alice, "alice"), (bob, "bob"), (carol, "carol"))
    ]
    host = (alice, "alice", "Alice")
    assert heard == [
        SharedChatBegin(
            made.session_id,
            *(p.broadcaster_user_id, p.broadcaster_user_login, p.broadcaster_user_name),
            *host,
            people,
        )
        for p in people
    ]
    with pytest.raises(BadRequest, match="in a shared chat session already"):
        run(world, shared_chat.start_shared_chat, world.users["dave"], [bob])
    heard.clear()
    run(world, shared_chat.end_shared_chat, alice)
    assert session(world, "bob") == {"data": []} and len(heard) == 3
    assert heard[1] == SharedChatEnd(made.session_id, bob, "bob", "Bob", *host)
    with pytest.raises(NotFound):
        run(world, shared_chat.end_shared_chat, alice)
    with pytest.raises(BadRequest, match="at least one other"):
        run(world, shared_chat.start_shared_chat, alice, [alice])


def test_get_shared_chat_session_errors(world: World) -> None:
    assert_error(
        world.http.get("/helix/shared_chat/session?broadcaster_id=424242", headers=world.headers()),
        400,
        "The ID in broadcaster_id is not valid",
    )
    assert_error(
        world.http.get("/helix/shared_chat/session", headers=world.headers()),
        400,
        'Missing required parameter "broadcaster_id"',
    )


def test_the_shared_chat_builders_through_the_control_api(twitch_mock: MockTwitch) -> None:
    import httpx

    host, guest = twitch_mock.users[1].id, twitch_mock.create_user().id
    r = httpx.post(
        twitch_mock.url + "/_mock/shared_chat/sessions",
        json={"host_broadcaster_id": host, "participant_ids": [guest]},
    )
    assert r.status_code == 200, r.text
    got = httpx.get(
        twitch_mock.helix_url + "shared_chat/session",
        params={"broadcaster_id": guest},
        headers={"Authorization": f"Bearer {twitch_mock.app_token()}", "Client-Id": twitch_mock.client_id},
    )
    assert got.json()["data"][0]["host_broadcaster_id"] == host
    assert (
        httpx.post(twitch_mock.url + "/_mock/shared_chat/end", json={"host_broadcaster_id": host}).status_code
        == 200
    )


def _shared(m: MockTwitch) -> Call:
    guest = m.create_user().id
    m.start_shared_chat(guest, [m.create_user().id])
    return Call({"broadcaster_id": guest}, m.app_token())


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /chat/emotes/user": [lambda m: Call({"user_id": m.users[0].id}, as_user(m, 0, READ_EMOTES))],
    "GET /shared_chat/session": [_shared],
}
