"""Helix Moderation family: bans and timeouts, chat message deletion, moderators and Shield Mode,
with their events."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import httpx
import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error, make_user
from twitch_mock import MockTwitch
from twitch_mock.domain import bans, chat_messages, moderators, shield_mode, users, vips
from twitch_mock.domain.bans import BanRow, ChannelBan, ChannelUnban
from twitch_mock.domain.chat_messages import ChatClear, ChatClearUserMessages, ChatMessage, ChatMessageDelete
from twitch_mock.domain.moderators import ChannelModeratorAdd, ChannelModeratorRemove
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.shield_mode import ShieldModeBegin, ShieldModeEnd
from twitch_mock.domain.vips import ChannelVipRemove
from twitch_mock.store.rows import insert_rows

P = ParamSpec("P")
T = TypeVar("T")
BANNED_USERS = "moderator:manage:banned_users"
READ = "moderation:read"
MANAGE_MODS = "channel:manage:moderators"
CHAT = "moderator:manage:chat_messages"
SHIELD = "moderator:manage:shield_mode"


def run(world: World, fn: Callable[..., T], *args: Any) -> T:
    with world.store.transaction():
        return fn(world.services, *args)


@pytest.fixture
def events(world: World) -> list[Event]:
    """Alice's channel: bob moderates it; then every event from here on, but the
    `channel.chat.message` of the messages tests send (test_chat_messages.py covers those)."""
    run(world, moderators.add_moderator, world.users["bob"], world.users["alice"])
    heard: list[Event] = []
    world.services.outbox.subscribe(lambda e: None if isinstance(e, ChatMessage) else heard.append(e))
    return heard


def triple(world: World, login: str) -> tuple[str, str, str]:
    return world.users[login], login, login.capitalize()


def ban(world: World, body: Any, by: str = "alice", channel: str = "alice") -> httpx.Response:
    query = f"broadcaster_id={world.users[channel]}&moderator_id={world.users[by]}"
    r: httpx.Response = world.http.post(
        f"/helix/moderation/bans?{query}", json=body, headers=world.as_user(by, BANNED_USERS)
    )
    return r


def unban(world: World, user: str, by: str = "alice") -> httpx.Response:
    query = f"broadcaster_id={world.users['alice']}&moderator_id={world.users[by]}&user_id={user}"
    r: httpx.Response = world.http.delete(
        f"/helix/moderation/bans?{query}", headers=world.as_user(by, BANNED_USERS)
    )
    return r


def banned(world: World, query: str = "") -> dict[str, Any]:
    r = world.http.get(
        f"/helix/moderation/banned?broadcaster_id={world.users['alice']}{query}",
        headers=world.as_user("alice", READ),
    )
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


# --- Ban User, Unban User, Get Banned Users -------------------------------------------------------


def test_ban_user_shape_persistence_and_events(world: World, events: list[Event]) -> None:
    now = world.clock.rfc3339()
    r = ban(world, {"data": {"user_id": world.users["carol"], "reason": "spam"}}, by="bob")
    assert r.status_code == 200, r.text
    assert r.json() == {
        "data": [
            {
                "broadcaster_id": world.users["alice"],
                "moderator_id": world.users["bob"],
                "user_id": world.users["carol"],
                "created_at": now,
                "end_time": None,
            }
        ]
    }
    assert banned(world) == {
        "data": [
            {
                "user_id": world.users["carol"],
                "user_login": "carol",
                "user_name": "Carol",
                "expires_at": "",
                "created_at": now,
                "reason": "spam",
                "moderator_id": world.users["bob"],
                "moderator_login": "bob",
                "moderator_name": "Bob",
            }
        ],
        "pagination": {},
    }
    assert events == [
        ChatClearUserMessages(*triple(world, "alice"), *triple(world, "carol")),
        ChannelBan(
            *triple(world, "carol"), *triple(world, "alice"), *triple(world, "bob"), "spam", now, None, True
        ),
    ]
    assert_error(ban(world, {"data": {"user_id": world.users["carol"]}}), 400, "user is already banned")


def test_a_ban_ends_the_moderator_and_vip_roles(world: World, events: list[Event]) -> None:
    run(world, vips.add_vip, world.users["erin"], world.users["alice"])
    events.clear()
    assert ban(world, {"data": {"user_id": world.users["erin"]}}).status_code == 200
    assert ban(world, {"data": {"user_id": world.users["bob"], "duration": 60}}).status_code == 200
    assert [type(e) for e in events] == [
        ChannelVipRemove, ChatClearUserMessages, ChannelBan,
        ChannelModeratorRemove, ChatClearUserMessages, ChannelBan,
    ]  # fmt: skip
    assert events[0] == ChannelVipRemove(*triple(world, "erin"), *triple(world, "alice"))
    assert events[3] == ChannelModeratorRemove(*triple(world, "alice"), *triple(world, "bob"))
    conn = world.store.db.conn
    assert not moderators.is_moderator(conn, world.users["alice"], world.users["bob"])
    assert not world.services.conn.execute(
        "SELECT 1 FROM vips WHERE user_id = ?", (world.users["erin"],)
    ).fetchone()


def test_a_timeout_ends_on_its_own_and_can_be_changed(world: World, events: list[Event]) -> None:
    carol = world.users["carol"]
    r = ban(world, {"data": {"user_id": carol, "duration": "300"}})  # a numeric string, as clients send
    end = world.clock.rfc3339(300)
    assert r.json()["data"][0]["end_time"] == end
    assert banned(world)["data"][0]["expires_at"] == end
    assert events[-1] == ChannelBan(
        *triple(world, "carol"),
        *triple(world, "alice"),
        *triple(world, "alice"),
        "",
        world.clock.rfc3339(),
        end,
        False,
    )
    # a timeout of a timed-out user replaces it
    r = ban(world, {"data": {"user_id": carol, "duration": 60}})
    assert r.status_code == 200 and r.json()["data"][0]["end_time"] == world.clock.rfc3339(60)
    world.clock.advance(61)
    assert banned(world)["data"] == [] and not bans.is_banned(world.services, world.users["alice"], carol)
    assert_error(unban(world, carol), 400, "The user specified in the user_id field is not banned")
    # a timeout becomes a ban; a ban never becomes a timeout
    assert ban(world, {"data": {"user_id": carol, "duration": 60}}).status_code == 200
    assert ban(world, {"data": {"user_id": carol}}).json()["data"][0]["end_time"] is None
    assert_error(ban(world, {"data": {"user_id": carol, "duration": 60}}), 400, "user is already banned")
    world.clock.advance(10_000)
    assert banned(world)["data"][0]["expires_at"] == ""


def test_the_ban_builder_publishes_too_and_replaces(world: World, events: list[Event]) -> None:
    """The control API and MockTwitch ban through the same write path: same events; a ban made
    again replaces the one in place (Helix refuses that with "user is already banned")."""
    run(world, bans.ban, world.users["carol"], world.users["alice"])
    row = run(world, bans.ban, world.users["carol"], world.users["alice"], world.users["bob"], "again", 30)
    assert row.expires_at == world.clock.rfc3339(30)
    assert [e.is_permanent for e in events if isinstance(e, ChannelBan)] == [True, False]
    assert banned(world)["data"][0]["reason"] == "again"


def test_unban_user(world: World, events: list[Event]) -> None:
    carol = world.users["carol"]
    assert ban(world, {"data": {"user_id": carol}}).status_code == 200
    events.clear()
    r = unban(world, carol, by="bob")
    assert r.status_code == 204 and r.content == b""
    assert events == [ChannelUnban(*triple(world, "carol"), *triple(world, "alice"), *triple(world, "bob"))]
    assert banned(world)["data"] == []
    assert_error(unban(world, carol), 400, "The user specified in the user_id field is not banned")
    query = f"broadcaster_id={world.users['alice']}&moderator_id={world.users['alice']}"
    r = world.http.delete(f"/helix/moderation/bans?{query}", headers=world.as_user("alice", BANNED_USERS))
    assert_error(r, 400, 'Missing required parameter "user_id"')


@pytest.mark.parametrize(
    ("by", "body", "status", "message"),
    [
        pytest.param("alice", None, 400, "The request body is missing", id="no-body"),
        pytest.param("alice", {}, 400, 'Missing required parameter "data"', id="no-data"),
        pytest.param("alice", {"data": {}}, 400, 'Missing required parameter "data.user_id"', id="no-user"),
        pytest.param("alice", {"data": {"user_id": ""}}, 400, 'Missing required parameter "data.user_id"', id="empty-user"),
        pytest.param("alice", {"data": {"user_id": "carol", "duration": 0}}, 400, 'The parameter "data.duration" was malformed: the value must be greater than or equal to 1', id="zero"),
        pytest.param("alice", {"data": {"user_id": "carol", "duration": 1_209_601}}, 400, 'The parameter "data.duration" was malformed: the value must be less than or equal to 1209600', id="too-long"),
        pytest.param("alice", {"data": {"user_id": "carol", "duration": "soon"}}, 400, 'The parameter "data.duration" was malformed: the value must be an integer', id="duration-type"),
        pytest.param("alice", {"data": {"user_id": "carol", "reason": "x" * 501}}, 400, 'The parameter "data.reason" was malformed: the length must be less than or equal to 500', id="reason"),
        pytest.param("alice", {"data": {"user_id": "424242"}}, 400, "The ID in user_id was not found", id="unknown-user"),
        pytest.param("alice", {"data": {"user_id": "alice"}}, 400, "The user specified in the user_id field may not be banned", id="the-broadcaster"),
        pytest.param("bob", {"data": {"user_id": "alice", "duration": 5}}, 400, "The user specified in the user_id field may not be put in a timeout", id="mod-times-out-broadcaster"),
        pytest.param("bob", {"data": {"user_id": "bob"}}, 400, "The user specified in the user_id field may not be banned", id="self"),
        pytest.param("bob", {"data": {"user_id": "dave"}}, 400, "The user specified in the user_id field may not be banned", id="mod-bans-mod"),
        pytest.param("carol", {"data": {"user_id": "erin"}}, 403, "The user in moderator_id is not one of the broadcaster's moderators", id="not-a-mod"),
    ],
)  # fmt: skip
def test_ban_user_errors(
    world: World, events: list[Event], by: str, body: Any, status: int, message: str
) -> None:
    run(world, moderators.add_moderator, world.users["dave"], world.users["alice"])
    events.clear()
    if body and isinstance(body.get("data", {}).get("user_id"), str):
        body["data"]["user_id"] = world.users.get(body["data"]["user_id"], body["data"]["user_id"])
    assert_error(ban(world, body, by=by), status, message)
    assert events == [] and banned(world)["data"] == []


def test_ban_user_moderator_must_be_the_token_user(world: World, events: list[Event]) -> None:
    query = f"broadcaster_id={world.users['alice']}&moderator_id={world.users['bob']}"
    r = world.http.post(
        f"/helix/moderation/bans?{query}",
        json={"data": {"user_id": world.users["carol"]}},
        headers=world.as_user("alice", BANNED_USERS),
    )
    assert_error(r, 401, "The ID in moderator_id must match the user ID in the user access token")
    r = ban(world, {"data": {"user_id": world.users["carol"]}})
    assert r.status_code == 200  # the scope was there; without it:
    r = world.http.post(
        f"/helix/moderation/bans?broadcaster_id={world.users['alice']}&moderator_id={world.users['alice']}",
        json={"data": {"user_id": world.users["dave"]}},
        headers=world.as_user("alice", READ),
    )
    assert_error(r, 401, f"Missing scope: {BANNED_USERS}")


def many_bans(world: World, count: int) -> list[str]:
    """`count` users banned in alice's channel, ids in ascending order."""
    alice, now = world.users["alice"], world.clock.rfc3339()
    ids = [str(2_000_000 + n) for n in range(count)]
    with world.store.transaction():
        users.insert(
            world.store.db.conn, (make_user(9000 + n, f"banned{n}", id=i) for n, i in enumerate(ids))
        )
        insert_rows(world.store.db.conn, "INSERT", [BanRow(alice, i, alice, "", now, None) for i in ids])
    return ids


def test_get_banned_users_pages_both_ways_and_filters(world: World) -> None:
    ids = many_bans(world, 5)
    page1 = banned(world, "&first=2")
    assert [b["user_id"] for b in page1["data"]] == ids[:2]
    page2 = banned(world, f"&first=2&after={page1['pagination']['cursor']}")
    assert [b["user_id"] for b in page2["data"]] == ids[2:4]
    page3 = banned(world, f"&first=2&after={page2['pagination']['cursor']}")
    assert [b["user_id"] for b in page3["data"]] == ids[4:] and page3["pagination"] == {}
    back = banned(world, f"&first=2&before={page2['pagination']['cursor']}")
    assert [b["user_id"] for b in back["data"]] == ids[:2]
    chosen = banned(world, f"&user_id={ids[3]}&user_id={world.users['bob']}&user_id={ids[0]}")
    assert [b["user_id"] for b in chosen["data"]] == [ids[3], ids[0]]
    query = "&".join(f"user_id={n}" for n in range(101))
    r = world.http.get(
        f"/helix/moderation/banned?broadcaster_id={world.users['alice']}&{query}",
        headers=world.as_user("alice", READ),
    )
    assert_error(
        r, 400, 'The parameter "user_id" was malformed: the number of items must be less than or equal to 100'
    )
    r = world.http.get(
        f"/helix/moderation/banned?broadcaster_id={world.users['alice']}", headers=world.as_user("bob", READ)
    )
    assert_error(r, 401, "The ID in broadcaster_id must match the user ID in the user access token")


def test_get_banned_users_pages_10000_bans_to_the_end_quickly(world: World) -> None:
    ids = many_bans(world, 10_000)
    seen: list[str] = []
    cursor, started = "", time.perf_counter()
    headers = world.as_user("alice", BANNED_USERS)
    while True:
        after = f"&after={cursor}" if cursor else ""
        r = world.http.get(
            f"/helix/moderation/banned?broadcaster_id={world.users['alice']}&first=100{after}",
            headers=headers,
        )
        body = r.json()
        seen += [b["user_id"] for b in body["data"]]
        cursor = body["pagination"].get("cursor", "")
        if not cursor:
            break
    assert seen == ids
    assert time.perf_counter() - started < 10


# --- Delete Chat Messages -------------------------------------------------------------------------


def delete(world: World, message: str | None = None, by: str = "bob") -> httpx.Response:
    query = f"broadcaster_id={world.users['alice']}&moderator_id={world.users[by]}"
    if message is not None:
        query += f"&message_id={message}"
    r: httpx.Response = world.http.delete(f"/helix/moderation/chat?{query}", headers=world.as_user(by, CHAT))
    return r


def say(world: World, login: str, text: str = "hello", channel: str = "alice") -> str:
    row = run(world, chat_messages.add_message, world.users[channel], world.users[login], text)
    return row.id


def is_deleted(world: World, message_id: str) -> bool:
    found = chat_messages.message(world.store.db.conn, message_id)
    assert found is not None
    return found.deleted


def test_delete_one_chat_message(world: World, events: list[Event]) -> None:
    first, second = say(world, "carol"), say(world, "carol", "again")
    r = delete(world, first)
    assert r.status_code == 204 and r.content == b""
    assert is_deleted(world, first) and not is_deleted(world, second)
    assert events == [ChatMessageDelete(*triple(world, "alice"), *triple(world, "carol"), first)]
    assert_error(delete(world, first), 404, "The ID in message_id was not found")


def test_delete_all_chat_messages(world: World, events: list[Event]) -> None:
    mine, theirs = say(world, "carol"), say(world, "dave", channel="erin")
    assert delete(world).status_code == 204
    assert is_deleted(world, mine) and not is_deleted(world, theirs)
    assert events == [ChatClear(*triple(world, "alice"))]


def test_a_ban_deletes_the_users_messages(world: World) -> None:
    carol, dave = say(world, "carol"), say(world, "dave")
    assert ban(world, {"data": {"user_id": world.users["carol"], "duration": 10}}).status_code == 200
    assert is_deleted(world, carol) and not is_deleted(world, dave)


def test_delete_chat_message_errors(world: World, events: list[Event]) -> None:
    run(world, moderators.add_moderator, world.users["dave"], world.users["alice"])
    old = say(world, "carol")
    world.clock.advance(6 * 3600 + 1)
    cases = [
        ("nope", 404, "The ID in message_id was not found"),
        (say(world, "carol", channel="erin"), 404, "The ID in message_id was not found"),
        (old, 404, "The specified message was created more than 6 hours ago"),
        (say(world, "alice"), 400, "You may not delete the broadcaster's messages"),
        (say(world, "dave"), 400, "You may not delete another moderator's messages"),
    ]
    events.clear()
    for message, status, text in cases:
        assert_error(delete(world, message), status, text)
    assert events == []
    assert_error(
        delete(world, by="carol"), 403, "The user in moderator_id is not one of the broadcaster's moderators"
    )
    assert delete(world, say(world, "bob")).status_code == 204  # a moderator's own message


def test_add_message_builder(world: World) -> None:
    row = run(world, chat_messages.add_message, world.users["alice"], world.users["bob"], "hi", "m-1")
    assert (row.id, row.text, row.sent_at, row.deleted) == ("m-1", "hi", world.clock.rfc3339(), False)
    with pytest.raises(Exception, match="exists already"):
        run(world, chat_messages.add_message, world.users["alice"], world.users["bob"], "hi", "m-1")
    with pytest.raises(Exception, match="does not exist"):
        run(world, chat_messages.add_message, "424242", world.users["bob"], "hi")
    with pytest.raises(Exception, match="1 to 500 characters"):
        run(world, chat_messages.add_message, world.users["alice"], world.users["bob"], " ")


# --- Get Moderators, Add / Remove Channel Moderator -----------------------------------------------


def mods(world: World, query: str = "") -> dict[str, Any]:
    r = world.http.get(
        f"/helix/moderation/moderators?broadcaster_id={world.users['alice']}{query}",
        headers=world.as_user("alice", MANAGE_MODS),
    )
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def change_mod(world: World, method: str, login: str) -> httpx.Response:
    user = world.users.get(login, login)
    r: httpx.Response = world.http.request(
        method,
        f"/helix/moderation/moderators?broadcaster_id={world.users['alice']}&user_id={user}",
        headers=world.as_user("alice", MANAGE_MODS),
    )
    return r


def test_add_get_and_remove_moderators(world: World, events: list[Event]) -> None:
    for login in ("carol", "dave", "erin"):
        world.clock.advance(1)
        r = change_mod(world, "POST", login)
        assert r.status_code == 204 and r.content == b""
    assert events == [
        ChannelModeratorAdd(*triple(world, "alice"), *triple(world, u)) for u in ("carol", "dave", "erin")
    ]
    page1 = mods(world, "&first=3")
    assert page1["data"][0] == {"user_id": world.users["erin"], "user_login": "erin", "user_name": "Erin"}
    assert [m["user_login"] for m in page1["data"]] == ["erin", "dave", "carol"]  # newest first
    page2 = mods(world, f"&first=3&after={page1['pagination']['cursor']}")
    assert [m["user_login"] for m in page2["data"]] == ["bob"] and page2["pagination"] == {}
    chosen = mods(world, f"&user_id={world.users['carol']}&user_id=424242&user_id={world.users['bob']}")
    assert [m["user_login"] for m in chosen["data"]] == ["carol", "bob"]
    events.clear()
    assert change_mod(world, "DELETE", "dave").status_code == 204
    assert events == [ChannelModeratorRemove(*triple(world, "alice"), *triple(world, "dave"))]
    assert [m["user_login"] for m in mods(world)["data"]] == ["erin", "carol", "bob"]


@pytest.mark.parametrize(
    ("method", "login", "status", "message"),
    [
        pytest.param("POST", "bob", 400, "The user in user_id is already a moderator in the broadcaster's chat room", id="already"),
        pytest.param("POST", "alice", 400, "The user in user_id is already a moderator in the broadcaster's chat room", id="broadcaster"),
        pytest.param("POST", "424242", 400, "The ID in user_id was not found", id="unknown"),
        pytest.param("POST", "carol", 400, "The user in user_id cannot become a moderator because they're banned from the channel", id="banned"),
        pytest.param("POST", "erin", 422, "The user in user_id is a VIP. To make them a moderator, you must first remove them as a VIP", id="vip"),
        pytest.param("DELETE", "dave", 400, "The user in user_id is not a moderator in the broadcaster's chat room", id="not-a-mod"),
        pytest.param("DELETE", "alice", 400, "The user in user_id is not a moderator in the broadcaster's chat room", id="remove-broadcaster"),
        pytest.param("DELETE", "424242", 400, "The ID in user_id was not found", id="remove-unknown"),
    ],
)  # fmt: skip
def test_moderator_changes_refused(
    world: World, events: list[Event], method: str, login: str, status: int, message: str
) -> None:
    run(world, bans.ban, world.users["carol"], world.users["alice"])
    run(world, vips.add_vip, world.users["erin"], world.users["alice"])
    events.clear()
    assert_error(change_mod(world, method, login), status, message)
    assert events == []


def test_moderator_endpoints_are_the_broadcasters(world: World) -> None:
    for method in ("GET", "POST", "DELETE"):
        r = world.http.request(
            method,
            f"/helix/moderation/moderators?broadcaster_id={world.users['alice']}&user_id={world.users['carol']}",
            headers=world.as_user("bob", MANAGE_MODS),
        )
        assert_error(r, 401, "The ID in broadcaster_id must match the user ID in the user access token")
    r = world.http.post(
        f"/helix/moderation/moderators?broadcaster_id={world.users['alice']}",
        headers=world.as_user("alice", MANAGE_MODS),
    )
    assert_error(r, 400, 'Missing required parameter "user_id"')


# --- Get / Update Shield Mode Status --------------------------------------------------------------


def shield(world: World, by: str = "bob", body: Any = None, scope: str = SHIELD) -> httpx.Response:
    query = f"broadcaster_id={world.users['alice']}&moderator_id={world.users[by]}"
    method = "GET" if body is None else "PUT"
    r: httpx.Response = world.http.request(
        method, f"/helix/moderation/shield_mode?{query}", json=body, headers=world.as_user(by, scope)
    )
    return r


def test_shield_mode(world: World, events: list[Event]) -> None:
    never = {
        "is_active": False,
        "moderator_id": "",
        "moderator_login": "",
        "moderator_name": "",
        "last_activated_at": "",
    }
    assert shield(world, scope="moderator:read:shield_mode").json() == {"data": [never]}
    assert shield(world, body={"is_active": False}).json() == {"data": [never]} and events == []
    on_at = world.clock.rfc3339()
    active = {
        "is_active": True,
        "moderator_id": world.users["bob"],
        "moderator_login": "bob",
        "moderator_name": "Bob",
        "last_activated_at": on_at,
    }
    r = shield(world, body={"is_active": True})
    assert r.status_code == 200 and r.json() == {"data": [active]}
    assert events == [ShieldModeBegin(*triple(world, "alice"), *triple(world, "bob"), on_at)]
    world.clock.advance(30)
    assert shield(world, by="alice", body={"is_active": True}).json() == {"data": [active]}  # already on
    assert shield(world, by="alice", body={"is_active": "false"}).json() == {
        "data": [{**active, "is_active": False}]
    }
    assert events[1:] == [
        ShieldModeEnd(*triple(world, "alice"), *triple(world, "alice"), world.clock.rfc3339())
    ]
    assert shield(world, by="alice").json() == {"data": [{**active, "is_active": False}]}


def test_shield_mode_errors(world: World, events: list[Event]) -> None:
    assert_error(shield(world, body={}), 400, 'Missing required parameter "is_active"')
    assert_error(
        shield(world, body={"is_active": "on"}),
        400,
        'The parameter "is_active" was malformed: the value must be a boolean',
    )
    assert_error(
        shield(world, by="carol"), 403, "The user in moderator_id is not one of the broadcaster's moderators"
    )
    assert_error(
        shield(world, body={"is_active": True}, scope="moderator:read:shield_mode"),
        401,
        f"Missing scope: {SHIELD}",
    )
    assert events == []


# --- the reference contract -----------------------------------------------------------------------


def _stranger(m: MockTwitch) -> str:
    """A new user with no role anywhere."""
    return m.create_user().id


def _banned_user(m: MockTwitch) -> Call:
    caster = m.users[0].id
    user = _stranger(m)
    m.ban(user, caster, reason="reference")
    query = {"broadcaster_id": caster, "moderator_id": caster, "user_id": user}
    return Call(query, as_user(m, 0, BANNED_USERS))


def _write(m: MockTwitch, fn: Callable[..., T], *args: Any) -> T:
    return m._write(fn, m.services, *args)


def _chat_message(m: MockTwitch) -> Call:
    caster = m.users[0].id
    row = _write(m, chat_messages.add_message, caster, _stranger(m), "delete me")
    return Call({"broadcaster_id": caster, "moderator_id": caster, "message_id": row.id}, as_user(m, 0, CHAT))


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /moderation/banned": [lambda m: Call({"broadcaster_id": m.users[0].id}, as_user(m, 0, READ))],
    "POST /moderation/bans": [
        lambda m: Call(
            {"broadcaster_id": m.users[0].id, "moderator_id": m.users[0].id},
            as_user(m, 0, BANNED_USERS),
            {"data": {"user_id": _stranger(m), "duration": 600, "reason": "reference"}},
        ),
        lambda m: Call(
            {"broadcaster_id": m.users[0].id, "moderator_id": m.users[0].id},
            as_user(m, 0, BANNED_USERS),
            {"data": {"user_id": _stranger(m)}},
        ),
    ],
    "DELETE /moderation/bans": [_banned_user],
    "DELETE /moderation/chat": [
        _chat_message,
        lambda m: Call({"broadcaster_id": m.users[0].id, "moderator_id": m.users[0].id}, as_user(m, 0, CHAT)),
    ],
    "GET /moderation/moderators": [lambda m: Call({"broadcaster_id": m.users[0].id}, as_user(m, 0, READ))],
    "POST /moderation/moderators": [
        lambda m: Call({"broadcaster_id": m.users[0].id, "user_id": _stranger(m)}, as_user(m, 0, MANAGE_MODS))
    ],
    "DELETE /moderation/moderators": [
        lambda m: Call(
            {
                "broadcaster_id": m.users[0].id,
                "user_id": m.add_moderator(_stranger(m), m.users[0].id).user_id,
            },
            as_user(m, 0, MANAGE_MODS),
        )
    ],
    "GET /moderation/shield_mode": [
        lambda m: Call(
            {"broadcaster_id": m.users[0].id, "moderator_id": m.users[0].id},
            as_user(m, 0, "moderator:read:shield_mode"),
        )
    ],
    "PUT /moderation/shield_mode": [
        lambda m: Call(
            {"broadcaster_id": m.users[0].id, "moderator_id": m.users[0].id},
            as_user(m, 0, SHIELD),
            {"is_active": True},
        )
    ],
}


def test_the_seeded_all_units_channel_has_moderation_data(twitch_mock: MockTwitch) -> None:
    caster = twitch_mock.users[0].id

    def count(table: str) -> int:
        sql = f"SELECT count(*) FROM {table} WHERE broadcaster_id = ?"
        found: int = twitch_mock.store.db.conn.execute(sql, (caster,)).fetchone()[0]
        return found

    for table in ("bans", "moderators", "chat_messages", "automod_held_messages", "shield_mode"):
        assert twitch_mock._call(count, table) > 0, table
    status = twitch_mock._call(shield_mode.status, twitch_mock.store.db.conn, caster)
    assert (status.is_active, status.moderator_id) == (False, caster) and status.last_activated_at


def test_ban_events_reach_a_mock_subscriber(twitch_mock: MockTwitch) -> None:
    heard: list[Event] = []
    stop = twitch_mock.on_event(heard.append)
    try:
        call = REFERENCE_EXAMPLES["POST /moderation/bans"][1](twitch_mock)
        r = httpx.post(
            twitch_mock.helix_url + "moderation/bans",
            params=call.params,
            json=call.body,
            headers={"Authorization": f"Bearer {call.token}", "Client-Id": twitch_mock.client_id},
        )
        assert r.status_code == 200, r.text
        assert [type(e) for e in heard] == [ChatClearUserMessages, ChannelBan]
    finally:
        stop()
