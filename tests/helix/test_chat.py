"""Helix Chat family: Send Chat Announcement, Get Chatters, Get / Update User Chat Color, Get / Update
Chat Settings, Send a Shoutout; rate limits on the mock clock and the events they publish."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from reference_support import Call, Example, as_user

import twitch_mock
from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.domain import bans, chat, streams, users
from twitch_mock.domain.chat import ChatSettingsUpdate
from twitch_mock.domain.chat_notices import (
    AnnouncementNotice,
    ChatBadge,
    ChatNotification,
    Fragment,
    NoticeMessage,
    ShoutoutCreate,
    ShoutoutReceive,
)
from twitch_mock.domain.moderators import ModeratorRow
from twitch_mock.domain.outbox import Event
from twitch_mock.store.rows import insert_rows

ANNOUNCE = "moderator:manage:announcements"
CHATTERS = "moderator:read:chatters"
COLOR = "user:manage:chat_color"
SETTINGS = "moderator:manage:chat_settings"
READ_SETTINGS = "moderator:read:chat_settings"
SHOUTOUTS = "moderator:manage:shoutouts"
NOT_A_MODERATOR = "The user in moderator_id is not one of the broadcaster's moderators"
MODERATOR_MISMATCH = "The ID in moderator_id must match the user ID in the user access token"


@pytest.fixture
def events(world: World) -> list[Event]:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    return heard


def setup(
    world: World, *, live: str | None = None, viewers: int = 5, mods: tuple[tuple[str, str], ...] = ()
) -> None:
    """`live`: the login that goes live; `mods`: (moderator, channel) pairs (written as rows, so the
    set-up publishes no events of its own)."""
    with world.store.transaction():
        for moderator, channel in mods:
            row = ModeratorRow(world.users[channel], world.users[moderator], world.clock.rfc3339())
            insert_rows(world.store.db.conn, "INSERT", [row])
        if live:
            stream = streams.StreamRow(
                f"9{world.users[live]}", world.users[live], "live", viewers, world.clock.rfc3339(), False
            )
            insert_rows(world.store.db.conn, "INSERT", [stream])


def announce(world: World, body: Any, login: str = "alice", channel: str = "alice", *scopes: str) -> Any:
    params = {"broadcaster_id": world.users[channel], "moderator_id": world.users[login]}
    return world.http.post(
        "/helix/chat/announcements",
        params=params,
        json=body,
        headers=world.as_user(login, *(scopes or (ANNOUNCE,))),
    )


# --- Send Chat Announcement ----------------------------------------------------------------------


def test_announcement_is_stored_and_published(world: World, events: list[Event]) -> None:
    setup(world, mods=(("bob", "alice"),))
    with world.store.transaction():
        chat.set_chat_color(world.services, world.users["bob"], "hot_pink")
    r = announce(world, {"message": "Hello chat!", "color": "purple"}, "bob")
    assert r.status_code == 204 and r.content == b""
    row = world.store.db.conn.execute(
        "SELECT id, broadcaster_id, moderator_id, message, color FROM chat_announcements"
    ).fetchone()
    assert tuple(row[1:]) == (world.users["alice"], world.users["bob"], "Hello chat!", "purple")
    assert events == [
        ChatNotification(
            world.users["alice"],
            "alice",
            "Alice",
            world.users["bob"],
            "bob",
            "Bob",
            chatter_is_anonymous=False,
            color="#FF69B4",
            badges=[ChatBadge("moderator", "1", "")],
            system_message="",
            message_id=row[0],
            message=NoticeMessage("Hello chat!", [Fragment("text", "Hello chat!")]),
            notice_type="announcement",
            announcement=AnnouncementNotice("PURPLE"),
        )
    ]


def test_announcement_defaults_and_truncation(world: World, events: list[Event]) -> None:
    assert announce(world, {"message": "x" * 600, "color": ""}).status_code == 204
    assert isinstance(events[0], ChatNotification)
    assert events[0].badges == [ChatBadge("broadcaster", "1", "")]
    assert events[0].announcement == AnnouncementNotice("PRIMARY") and events[0].message.text == "x" * 500


def test_announcements_are_rate_limited_per_sender_and_channel(world: World, events: list[Event]) -> None:
    setup(world, mods=(("bob", "alice"),))
    assert announce(world, {"message": "one"}).status_code == 204
    world.clock.advance(1.5)
    r = announce(world, {"message": "two"})
    assert_error(
        r,
        429,
        "The sender has exceeded the number of announcements they may send to this "
        "broadcaster_id within a given window",
    )
    assert announce(world, {"message": "from bob"}, "bob").status_code == 204  # another sender
    world.clock.advance(0.5)
    assert announce(world, {"message": "three"}).status_code == 204
    assert [e.message.text for e in events if isinstance(e, ChatNotification)] == ["one", "from bob", "three"]


@pytest.mark.parametrize(
    ("body", "login", "status", "message"),
    [
        pytest.param({}, "alice", 400, 'Missing required parameter "message"', id="no-message"),
        pytest.param({"message": ""}, "alice", 400, 'Missing required parameter "message"', id="empty"),
        pytest.param(
            {"message": "hi", "color": "PINK"},
            "alice",
            400,
            'The parameter "color" was malformed: the value must be one of blue, green, orange, purple, primary',
            id="color",
        ),
        pytest.param(
            {"message": 5},
            "alice",
            400,
            'The parameter "message" was malformed: the value must be a string',
            id="type",
        ),
        pytest.param({"message": "hi"}, "carol", 403, NOT_A_MODERATOR, id="not-a-moderator"),
    ],
)
def test_announcement_errors(
    world: World, events: list[Event], body: Any, login: str, status: int, message: str
) -> None:
    assert_error(announce(world, body, login), status, message)
    assert events == []


def test_announcement_auth(world: World) -> None:
    params = {"broadcaster_id": world.users["alice"], "moderator_id": world.users["bob"]}
    r = world.http.post(
        "/helix/chat/announcements",
        params=params,
        json={"message": "hi"},
        headers=world.as_user("alice", ANNOUNCE),
    )
    assert_error(r, 401, MODERATOR_MISMATCH)
    assert_error(
        announce(world, {"message": "hi"}, "alice", "alice", "chat:read"), 401, f"Missing scope: {ANNOUNCE}"
    )


def test_an_app_token_acts_on_the_moderators_grant(world: World, events: list[Event]) -> None:
    app = world.headers()
    params = {"broadcaster_id": world.users["alice"], "moderator_id": world.users["alice"]}
    r = world.http.post("/helix/chat/announcements", params=params, json={"message": "hi"}, headers=app)
    assert_error(r, 401, f"The user in moderator_id has not granted this app the {ANNOUNCE} scope")
    world.user_token("alice", [ANNOUNCE])
    r = world.http.post("/helix/chat/announcements", params=params, json={"message": "hi"}, headers=app)
    assert r.status_code == 204
    world.user_token("carol", [ANNOUNCE])
    params["moderator_id"] = world.users["carol"]
    r = world.http.post("/helix/chat/announcements", params=params, json={"message": "hi"}, headers=app)
    assert_error(r, 403, NOT_A_MODERATOR)
    assert len(events) == 1


# --- Get Chatters --------------------------------------------------------------------------------


def chatters(world: World, login: str = "alice", channel: str = "alice", **params: Any) -> Any:
    query = {"broadcaster_id": world.users[channel], "moderator_id": world.users[login], **params}
    return world.http.get("/helix/chat/chatters", params=query, headers=world.as_user(login, CHATTERS))


def test_an_offline_channel_has_no_chatters(world: World) -> None:
    with world.store.transaction():
        chat.join_chat(world.services, world.users["alice"], world.users["carol"])
    r = chatters(world)
    assert r.status_code == 200 and r.json() == {"data": [], "pagination": {}, "total": 0}


def test_chatters_of_a_live_channel_page_by_page(world: World) -> None:
    setup(world, live="alice", mods=(("bob", "alice"),))
    with world.store.transaction():
        for login in ("carol", "dave", "erin"):
            chat.join_chat(world.services, world.users["alice"], world.users[login])
        chat.join_chat(world.services, world.users["bob"], world.users["erin"])  # another channel
        bans.ban(world.services, world.users["dave"], world.users["alice"])
    first = chatters(world, first=2).json()
    assert first["total"] == 4 and "cursor" in first["pagination"]
    assert first["data"][0] == {"user_id": "1000", "user_login": "alice", "user_name": "Alice"}
    rest = chatters(world, first=2, after=first["pagination"]["cursor"]).json()
    assert rest["pagination"] == {} and rest["total"] == 4
    assert [c["user_login"] for c in first["data"] + rest["data"]] == ["alice", "bob", "carol", "erin"]
    # a moderator may ask too; viewers who leave are gone
    with world.store.transaction():
        assert chat.leave_chat(world.services, world.users["alice"], world.users["erin"])
    assert chatters(world, "bob").json()["total"] == 3
    with world.store.transaction():  # the stream ends: nobody is in chat, until it goes live again
        world.store.db.conn.execute("DELETE FROM streams WHERE user_id = ?", (world.users["alice"],))
    assert chatters(world).json() == {"data": [], "pagination": {}, "total": 0}


def test_chat_modules_import_on_their_own() -> None:
    """domain/users.py imports domain/chat.py (ChatSettingsRow): no import cycle back to it."""
    for module in ("domain.chat", "domain.chat_notices", "domain.emotes", "helix.chat", "helix.emotes"):
        code = f"import twitch_mock.{module}"
        env = {**os.environ, "PYTHONPATH": str(Path(twitch_mock.__file__).parent.parent)}
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env
        )
        assert done.returncode == 0, done.stderr


def test_chatters_errors(world: World) -> None:
    assert_error(chatters(world, "carol"), 403, NOT_A_MODERATOR)
    r = world.http.get(
        "/helix/chat/chatters",
        params={"broadcaster_id": "1000", "moderator_id": "1001"},
        headers=world.as_user("alice", CHATTERS),
    )
    assert_error(r, 401, MODERATOR_MISMATCH)
    assert_error(
        chatters(world, first=1001),
        400,
        'The parameter "first" was malformed: the value must be less than or equal to 1000',
    )
    r = world.http.get(
        "/helix/chat/chatters",
        params={"broadcaster_id": "1000", "moderator_id": "1000"},
        headers=world.headers(),
    )
    assert_error(r, 401, "Missing User OAUTH Token")


# --- Get / Update User Chat Color ----------------------------------------------------------------


def put_color(world: World, color: str, login: str = "alice", user: str | None = None) -> Any:
    params = {"user_id": user or world.users[login], "color": color}
    return world.http.put("/helix/chat/color", params=params, headers=world.as_user(login, COLOR))


def colors(world: World, *ids: str) -> list[dict[str, str]]:
    r = world.http.get("/helix/chat/color", params=[("user_id", i) for i in ids], headers=world.headers())
    assert r.status_code == 200, r.text
    data: list[dict[str, str]] = r.json()["data"]
    return data


def test_chat_colors_round_trip(world: World) -> None:
    alice, bob = world.users["alice"], world.users["bob"]
    assert colors(world, bob, "999", alice, bob) == [
        {"user_id": bob, "user_login": "bob", "user_name": "Bob", "color": ""},
        {"user_id": alice, "user_login": "alice", "user_name": "Alice", "color": ""},
    ]
    assert put_color(world, "blue_violet").status_code == 204
    assert colors(world, alice)[0]["color"] == "#8A2BE2"  # stored as the hex code Twitch reports
    assert put_color(world, "Sea_Green").status_code == 204
    assert colors(world, alice)[0]["color"] == "#2E8B57"


def test_hex_colors_need_turbo_or_prime(world: World) -> None:
    r = put_color(world, "#9146FF")
    assert_error(r, 400, "To specify a Hex color code, the user must be a Turbo or Prime user")
    with world.store.transaction():
        chat.set_premium(world.services, world.users["alice"], "prime")
    assert (
        world.http.put(
            "/helix/chat/color?user_id=1000&color=%239146ff", headers=world.as_user("alice", COLOR)
        ).status_code
        == 204
    )  # URL-encoded, as the docs ask
    assert colors(world, world.users["alice"])[0]["color"] == "#9146FF"
    with world.store.transaction():
        chat.set_premium(world.services, world.users["alice"], None)
    assert_error(
        put_color(world, "#000000"),
        400,
        "To specify a Hex color code, the user must be a Turbo or Prime user",
    )


@pytest.mark.parametrize(
    ("color", "user", "status", "message"),
    [
        pytest.param(
            "pink", None, 400, "The named color in the color query parameter is not valid", id="named"
        ),
        pytest.param(
            "#12345", None, 400, "The named color in the color query parameter is not valid", id="short-hex"
        ),
        pytest.param("", None, 400, 'Missing required parameter "color"', id="no-color"),
        pytest.param(
            "red",
            "1001",
            401,
            "The ID in user_id must match the user ID in the user access token",
            id="owner",
        ),
    ],
)
def test_update_chat_color_errors(
    world: World, color: str, user: str | None, status: int, message: str
) -> None:
    assert_error(put_color(world, color, user=user), status, message)
    assert colors(world, world.users["alice"])[0]["color"] == ""


def test_get_chat_color_errors(world: World) -> None:
    r = world.http.get("/helix/chat/color", headers=world.headers())
    assert_error(r, 400, 'Missing required parameter "user_id"')
    r = world.http.get(
        "/helix/chat/color", params=[("user_id", str(n)) for n in range(101)], headers=world.headers()
    )
    assert_error(
        r, 400, 'The parameter "user_id" was malformed: the number of items must be less than or equal to 100'
    )


# --- Get / Update Chat Settings ------------------------------------------------------------------

DEFAULTS = {
    "slow_mode": False,
    "slow_mode_wait_time": None,
    "follower_mode": False,
    "follower_mode_duration": None,
    "subscriber_mode": False,
    "emote_mode": False,
    "unique_chat_mode": False,
}


def settings(world: World, headers: dict[str, str] | None = None, **params: str) -> Any:
    query = {"broadcaster_id": world.users["alice"], **params}
    return world.http.get("/helix/chat/settings", params=query, headers=headers or world.headers())


def patch(world: World, body: Any, login: str = "alice") -> Any:
    params = {"broadcaster_id": world.users["alice"], "moderator_id": world.users[login]}
    return world.http.patch(
        "/helix/chat/settings", params=params, json=body, headers=world.as_user(login, SETTINGS)
    )


def patched(world: World, body: Any) -> dict[str, Any]:
    r = patch(world, body)
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()["data"][0]
    return data


def test_get_chat_settings_shows_the_delay_to_moderators_only(world: World) -> None:
    setup(world, mods=(("bob", "alice"),))
    alice = world.users["alice"]
    assert settings(world).json() == {"data": [{"broadcaster_id": alice, **DEFAULTS}]}
    moderator = {
        "moderator_id": world.users["bob"],
        "non_moderator_chat_delay": False,
        "non_moderator_chat_delay_duration": None,
    }
    r = settings(world, world.as_user("bob", READ_SETTINGS), moderator_id=world.users["bob"])
    assert r.json() == {"data": [{"broadcaster_id": alice, **DEFAULTS, **moderator}]}
    # no chat-settings scope, or not a moderator: the delay stays hidden
    r = settings(world, world.as_user("bob"), moderator_id=world.users["bob"])
    assert r.json() == {"data": [{"broadcaster_id": alice, **DEFAULTS}]}
    r = settings(world, world.as_user("carol", READ_SETTINGS), moderator_id=world.users["carol"])
    assert r.json() == {"data": [{"broadcaster_id": alice, **DEFAULTS}]}


def test_get_chat_settings_errors(world: World) -> None:
    r = world.http.get("/helix/chat/settings", headers=world.headers())
    assert_error(r, 400, 'Missing required parameter "broadcaster_id"')
    assert_error(settings(world, broadcaster_id="999"), 400, "The ID in broadcaster_id was not found")
    assert_error(settings(world, moderator_id=world.users["bob"]), 401, MODERATOR_MISMATCH)  # app token
    r = settings(world, world.as_user("carol", READ_SETTINGS), moderator_id=world.users["bob"])
    assert_error(r, 401, MODERATOR_MISMATCH)


def test_update_chat_settings_round_trips_and_publishes(world: World, events: list[Event]) -> None:
    setup(world, mods=(("bob", "alice"),))
    r = patch(
        world,
        {
            "slow_mode": True,
            "slow_mode_wait_time": 10,
            "emote_mode": True,
            "non_moderator_chat_delay": True,
            "non_moderator_chat_delay_duration": 4,
        },
        "bob",
    )
    assert r.status_code == 200
    assert r.json() == {
        "data": [
            {
                "broadcaster_id": world.users["alice"],
                **DEFAULTS,
                "slow_mode": True,
                "slow_mode_wait_time": 10,
                "emote_mode": True,
                "moderator_id": world.users["bob"],
                "non_moderator_chat_delay": True,
                "non_moderator_chat_delay_duration": 4,
            }
        ]
    }
    assert events == [
        ChatSettingsUpdate(world.users["alice"], "alice", "Alice", True, False, None, True, 10, False, False)
    ]
    # partial: only what is sent changes; a mode turned on alone takes Twitch's default value
    got = patched(world, {"follower_mode": True, "subscriber_mode": True, "unique_chat_mode": True})
    assert (got["follower_mode"], got["follower_mode_duration"], got["slow_mode_wait_time"]) == (True, 0, 10)
    assert got["subscriber_mode"] and got["unique_chat_mode"] and got["moderator_id"] == world.users["alice"]
    got = patched(world, {"slow_mode": True, "follower_mode": True, "follower_mode_duration": 129600})
    assert (got["slow_mode_wait_time"], got["follower_mode_duration"]) == (30, 129600)
    got = patched(world, {"slow_mode": False, "non_moderator_chat_delay": False, "emote_mode": False})
    assert (got["slow_mode"], got["slow_mode_wait_time"], got["non_moderator_chat_delay_duration"]) == (
        False,
        None,
        None,
    )
    shown = settings(world).json()["data"][0]
    assert shown == {
        "broadcaster_id": world.users["alice"],
        **DEFAULTS,
        "follower_mode": True,
        "follower_mode_duration": 129600,
        "subscriber_mode": True,
        "unique_chat_mode": True,
    }
    assert len(events) == 4
    assert patch(world, {"subscriber_mode": True}).status_code == 200 and len(events) == 4  # nothing new


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            {"slow_mode": True, "slow_mode_wait_time": 2},
            'The parameter "slow_mode_wait_time" was malformed: the value must be greater than or equal to 3',
            id="wait-low",
        ),
        pytest.param(
            {"slow_mode": True, "slow_mode_wait_time": 121},
            'The parameter "slow_mode_wait_time" was malformed: the value must be less than or equal to 120',
            id="wait-high",
        ),
        pytest.param(
            {"slow_mode_wait_time": 10},
            "To set slow_mode_wait_time, the request must also set slow_mode to true",
            id="wait-alone",
        ),
        pytest.param(
            {"slow_mode": False, "slow_mode_wait_time": 10},
            "To set slow_mode_wait_time, the request must also set slow_mode to true",
            id="wait-off",
        ),
        pytest.param(
            {"follower_mode": True, "follower_mode_duration": 129601},
            'The parameter "follower_mode_duration" was malformed: the value must be less than or equal to 129600',
            id="follower-high",
        ),
        pytest.param(
            {"follower_mode": True, "follower_mode_duration": -1},
            'The parameter "follower_mode_duration" was malformed: the value must be greater than or equal to 0',
            id="follower-low",
        ),
        pytest.param(
            {"non_moderator_chat_delay": True, "non_moderator_chat_delay_duration": 3},
            'The parameter "non_moderator_chat_delay_duration" was malformed: the value must be one of 2, 4, 6',
            id="delay",
        ),
        pytest.param(
            {"non_moderator_chat_delay": True},
            "If non_moderator_chat_delay is true, the non_moderator_chat_delay_duration field must be set to a valid value",
            id="delay-missing",
        ),
        pytest.param(
            {"emote_mode": "yes"},
            'The parameter "emote_mode" was malformed: the value must be a boolean',
            id="bool",
        ),
        pytest.param(
            {"subscriber_mode": True, "slow_mode_wait_time": 5},
            "To set slow_mode_wait_time, the request must also set slow_mode to true",
            id="all-or-none",
        ),
    ],
)
def test_update_chat_settings_errors(world: World, events: list[Event], body: Any, message: str) -> None:
    assert_error(patch(world, body), 400, message)
    assert settings(world).json()["data"][0] == {"broadcaster_id": world.users["alice"], **DEFAULTS}
    assert events == []


def test_update_chat_settings_needs_a_moderator(world: World) -> None:
    assert_error(patch(world, {"emote_mode": True}, "carol"), 403, NOT_A_MODERATOR)
    params = {"broadcaster_id": world.users["alice"], "moderator_id": world.users["bob"]}
    r = world.http.patch(
        "/helix/chat/settings", params=params, json={}, headers=world.as_user("alice", SETTINGS)
    )
    assert_error(r, 401, MODERATOR_MISMATCH)
    r = world.http.patch(
        "/helix/chat/settings",
        params={"broadcaster_id": world.users["alice"]},
        json={},
        headers=world.as_user("alice", SETTINGS),
    )
    assert_error(r, 400, 'Missing required parameter "moderator_id"')


# --- Send a Shoutout -----------------------------------------------------------------------------


def shoutout(world: World, to: str, login: str = "alice", sender: str = "alice") -> Any:
    params = {
        "from_broadcaster_id": world.users[sender],
        "to_broadcaster_id": world.users.get(to, to),
        "moderator_id": world.users[login],
    }
    return world.http.post("/helix/chat/shoutouts", params=params, headers=world.as_user(login, SHOUTOUTS))


def test_shoutout_is_stored_and_published(world: World, events: list[Event]) -> None:
    setup(world, live="alice", viewers=42, mods=(("bob", "alice"),))
    r = shoutout(world, "carol", "bob")
    assert r.status_code == 204 and r.content == b""
    now = world.clock.rfc3339()
    stored = world.store.db.conn.execute(
        "SELECT from_broadcaster_id, to_broadcaster_id, moderator_id, viewer_count, started_at FROM shoutouts"
    ).fetchall()
    assert [tuple(row) for row in stored] == [("1000", "1002", "1001", 42, now)]
    assert events == [
        ShoutoutCreate(
            "1000",
            "alice",
            "Alice",
            "1002",
            "carol",
            "Carol",
            "1001",
            "bob",
            "Bob",
            42,
            now,
            world.clock.rfc3339(120),
            world.clock.rfc3339(3600),
        ),
        ShoutoutReceive("1002", "carol", "Carol", "1000", "alice", "Alice", 42, now),
    ]


def test_shoutout_cooldowns_on_the_mock_clock(world: World, events: list[Event]) -> None:
    setup(world, live="alice")
    assert shoutout(world, "carol").status_code == 204
    world.clock.advance(119)
    assert_error(
        shoutout(world, "dave"),
        429,
        "The broadcaster exceeded the number of Shoutouts they may send "
        "within a given window. See the endpoint's Rate Limits.",
    )
    world.clock.advance(1)
    assert_error(
        shoutout(world, "carol"),
        429,
        "The broadcaster exceeded the number of Shoutouts they may send "
        "the same broadcaster within a given window. See the endpoint's Rate Limits.",
    )
    assert shoutout(world, "dave").status_code == 204
    world.clock.advance(3600 - 120)
    assert shoutout(world, "carol").status_code == 204
    assert len(events) == 6


@pytest.mark.parametrize(
    ("to", "live", "viewers", "status", "message"),
    [
        pytest.param(
            "alice", "alice", 5, 400, "The broadcaster may not give themselves a Shoutout", id="self"
        ),
        pytest.param(
            "carol",
            None,
            5,
            400,
            "The broadcaster is not streaming live or does not have one or more viewers",
            id="offline",
        ),
        pytest.param(
            "carol",
            "alice",
            0,
            400,
            "The broadcaster is not streaming live or does not have one or more viewers",
            id="no-viewers",
        ),
        pytest.param("999", "alice", 5, 400, "The ID in to_broadcaster_id is not valid", id="unknown"),
        pytest.param(
            "erin",
            "alice",
            5,
            403,
            "The broadcaster may not send the specified broadcaster a Shoutout",
            id="blocked",
        ),
    ],
)
def test_shoutout_errors(
    world: World, events: list[Event], to: str, live: str | None, viewers: int, status: int, message: str
) -> None:
    setup(world, live=live, viewers=viewers)
    with world.store.transaction():
        users.block(world.services, world.users["erin"], world.users["alice"])
    assert_error(shoutout(world, to), status, message)
    assert events == [] and world.store.db.conn.execute("SELECT count(*) FROM shoutouts").fetchone()[0] == 0


def test_shoutout_needs_a_moderator(world: World) -> None:
    setup(world, live="alice")
    assert_error(shoutout(world, "carol", "bob"), 403, NOT_A_MODERATOR)
    params = {"from_broadcaster_id": "1000", "moderator_id": "1000"}
    r = world.http.post("/helix/chat/shoutouts", params=params, headers=world.as_user("alice", SHOUTOUTS))
    assert_error(r, 400, 'Missing required parameter "to_broadcaster_id"')
    params = {"from_broadcaster_id": "1000", "to_broadcaster_id": "1002", "moderator_id": "1001"}
    r = world.http.post("/helix/chat/shoutouts", params=params, headers=world.as_user("alice", SHOUTOUTS))
    assert_error(r, 401, MODERATOR_MISMATCH)


# --- against the seeded world --------------------------------------------------------------------


def _live_other(m: MockTwitch) -> str:
    """A user other than the all-units one (who is live in the seeded world)."""
    return m.users[1].id


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "POST /chat/announcements": [
        lambda m: Call(
            {"broadcaster_id": m.users[0].id, "moderator_id": m.users[0].id},
            as_user(m, 0, ANNOUNCE),
            {"message": "Hello chat!", "color": "purple"},
        ),
    ],
    "GET /chat/chatters": [
        lambda m: Call(
            {"broadcaster_id": m.users[0].id, "moderator_id": m.users[0].id, "first": "3"},
            as_user(m, 0, CHATTERS),
        ),
    ],
    "GET /chat/color": [lambda m: Call({"user_id": m.all_units_user_id}, m.app_token())],
    "PUT /chat/color": [lambda m: Call({"user_id": m.users[0].id, "color": "#9146FF"}, as_user(m, 0, COLOR))],
    "GET /chat/settings": [
        lambda m: Call({"broadcaster_id": m.all_units_user_id}, m.app_token()),
        lambda m: Call(
            {"broadcaster_id": m.users[0].id, "moderator_id": m.users[0].id}, as_user(m, 0, READ_SETTINGS)
        ),
    ],
    "PATCH /chat/settings": [
        lambda m: Call(
            {"broadcaster_id": m.users[0].id, "moderator_id": m.users[0].id},
            as_user(m, 0, SETTINGS),
            {"slow_mode": True, "slow_mode_wait_time": 10},
        ),
    ],
    "POST /chat/shoutouts": [
        lambda m: Call(
            {
                "from_broadcaster_id": m.users[0].id,
                "to_broadcaster_id": _live_other(m),
                "moderator_id": m.users[0].id,
            },
            as_user(m, 0, SHOUTOUTS),
        ),
    ],
}


def test_the_seeded_world_has_chat(twitch_mock: MockTwitch) -> None:
    star = twitch_mock.users[0].id
    headers = {
        "Authorization": f"Bearer {as_user(twitch_mock, 0, CHATTERS)}",
        "Client-Id": twitch_mock.client_id,
    }
    r = httpx.get(
        twitch_mock.helix_url + "chat/chatters",
        params={"broadcaster_id": star, "moderator_id": star},
        headers=headers,
    )
    body = r.json()
    assert body["total"] > 10 and star in {
        c["user_id"] for c in body["data"]
    }  # the broadcaster, mods, viewers
    assert body["total"] < len(twitch_mock.users)
    # the all-units user has Turbo: a hex colour is accepted and read back
    color = {"Authorization": f"Bearer {as_user(twitch_mock, 0, COLOR)}", "Client-Id": twitch_mock.client_id}
    r = httpx.put(
        twitch_mock.helix_url + "chat/color", params={"user_id": star, "color": "#00AAFF"}, headers=color
    )
    assert r.status_code == 204
    r = httpx.get(twitch_mock.helix_url + "chat/color", params={"user_id": star}, headers=color)
    assert r.json()["data"][0]["color"] == "#00AAFF"
