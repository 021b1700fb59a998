"""Helix Moderation family, AutoMod: Check AutoMod Status (the mock's documented rule) and Manage
Held AutoMod Messages, with the held-message builder and its events."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import httpx
import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import automod, automod_settings, chat_messages, moderators
from twitch_mock.domain.automod import AutoModMessageHold, AutoModMessageUpdate, Fragment, HeldText
from twitch_mock.domain.chat_messages import ChatMessage
from twitch_mock.domain.outbox import Event

T = TypeVar("T")
READ = "moderation:read"
MANAGE = "moderator:manage:automod"


def run(world: World, fn: Callable[..., T], *args: Any) -> T:
    with world.store.transaction():
        return fn(world.services, *args)


@pytest.fixture
def events(world: World) -> list[Event]:
    """Bob moderates alice's channel; then every event from here on."""
    run(world, moderators.add_moderator, world.users["bob"], world.users["alice"])
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    return heard


def triple(world: World, login: str) -> tuple[str, str, str]:
    return world.users[login], login, login.capitalize()


def check(world: World, body: Any, login: str = "alice") -> httpx.Response:
    r: httpx.Response = world.http.post(
        f"/helix/moderation/enforcements/status?broadcaster_id={world.users['alice']}",
        json=body,
        headers=world.as_user(login, READ),
    )
    return r


def manage(world: World, body: Any, login: str = "bob") -> httpx.Response:
    r: httpx.Response = world.http.post(
        "/helix/moderation/automod/message", json=body, headers=world.as_user(login, MANAGE)
    )
    return r


# --- Check AutoMod Status -------------------------------------------------------------------------


def test_check_automod_status_answers_each_message_in_order(world: World) -> None:
    """At overall level 4 every listed word is caught (domain/automod_settings.py); off, none is."""
    assert check(world, {"data": [{"msg_id": "1", "msg_text": "what a SCAM"}]}).json() == {
        "data": [{"msg_id": "1", "is_permitted": True}]
    }
    run(world, automod_settings.update, world.users["alice"], world.users["alice"], 4, {})
    sent = [
        {"msg_id": "3", "msg_text": "Hello World!"},
        {"msg_id": "1", "msg_text": "what a SCAM"},
        {"msg_id": "2", "msg_text": "Baaaadword!!"},  # repeated letters collapse
        {"msg_id": "1", "msg_text": "scampi for dinner"},  # whole words only; ids are the caller's
        {"msg_id": "4", "msg_text": ""},
    ]
    r = check(world, {"data": sent})
    assert r.status_code == 200
    assert r.json() == {
        "data": [
            {"msg_id": "3", "is_permitted": True},
            {"msg_id": "1", "is_permitted": False},
            {"msg_id": "2", "is_permitted": False},
            {"msg_id": "1", "is_permitted": True},
            {"msg_id": "4", "is_permitted": True},
        ]
    }


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        pytest.param({}, 400, 'Missing required parameter "data"', id="no-data"),
        pytest.param({"data": []}, 400, 'The parameter "data" was malformed: the number of items must be greater than or equal to 1', id="empty"),
        pytest.param({"data": [{"msg_id": str(n), "msg_text": "x"} for n in range(101)]}, 400, 'The parameter "data" was malformed: the number of items must be less than or equal to 100', id="too-many"),
        pytest.param({"data": [{"msg_text": "x"}]}, 400, 'Missing required parameter "data.msg_id"', id="no-id"),
        pytest.param({"data": [{"msg_id": "1"}]}, 400, 'Missing required parameter "data.msg_text"', id="no-text"),
        pytest.param({"data": [{"msg_id": 1, "msg_text": "x"}]}, 400, 'The parameter "data.msg_id" was malformed: the value must be a string', id="id-type"),
        pytest.param({"data": {"msg_id": "1", "msg_text": "x"}}, 400, 'The parameter "data" was malformed: the value must be an array', id="not-a-list"),
    ],
)  # fmt: skip
def test_check_automod_status_bad_input(world: World, body: Any, status: int, message: str) -> None:
    assert_error(check(world, body), status, message)


def test_check_automod_status_is_the_broadcasters(world: World) -> None:
    r = check(world, {"data": [{"msg_id": "1", "msg_text": "x"}]}, login="bob")
    assert_error(r, 401, "The ID in broadcaster_id must match the user ID in the user access token")


# --- held messages ------------------------------------------------------------------------------


def hold(world: World, text: str = "you idiot", login: str = "carol") -> str:
    return run(world, automod.hold_message, world.users["alice"], world.users[login], text).id


def test_hold_message_builder(world: World, events: list[Event]) -> None:
    row = run(world, automod.hold_message, world.users["alice"], world.users["carol"], "you IDIOT", "h-1")
    now = world.clock.rfc3339()
    assert (row.id, row.category, row.level, row.status, row.held_at) == (
        "h-1",
        "bullying",
        2,
        "PENDING",
        now,
    )
    text = HeldText("you IDIOT", [Fragment("text", "you IDIOT")])
    assert events == [
        AutoModMessageHold(*triple(world, "alice"), *triple(world, "carol"), "h-1", text, "bullying", 2, now)
    ]
    assert (
        run(world, automod.hold_message, world.users["alice"], world.users["carol"], "fine").category
        == "swearing"
    )
    with pytest.raises(BadRequest, match="exists already"):
        run(world, automod.hold_message, world.users["alice"], world.users["carol"], "again", "h-1")
    with pytest.raises(BadRequest, match="does not exist"):
        run(world, automod.hold_message, world.users["alice"], "424242", "x")
    with pytest.raises(BadRequest, match="1 to 500 characters"):
        run(world, automod.hold_message, world.users["alice"], world.users["carol"], "")


def test_allow_a_held_message_releases_it_to_chat(world: World, events: list[Event]) -> None:
    held = hold(world)
    events.clear()
    r = manage(world, {"user_id": world.users["bob"], "msg_id": held, "action": "ALLOW"})
    assert r.status_code == 204 and r.content == b""
    found = automod.held(world.store.db.conn, held)
    assert found is not None and (found.status, found.moderator_id) == ("ALLOWED", world.users["bob"])
    posted = chat_messages.message(world.store.db.conn, held)
    assert posted is not None and (posted.user_id, posted.text) == (world.users["carol"], "you idiot")
    text = HeldText("you idiot", [Fragment("text", "you idiot")])
    assert [type(e) for e in events] == [ChatMessage, AutoModMessageUpdate]  # released to chat
    assert isinstance(events[0], ChatMessage) and events[0].message_id == held
    assert events[1:] == [
        AutoModMessageUpdate(
            *triple(world, "alice"), *triple(world, "carol"), *triple(world, "bob"),
            held, text, "bullying", 2, "Approved", found.held_at,
        )
    ]  # fmt: skip
    again = manage(world, {"user_id": world.users["bob"], "msg_id": held, "action": "DENY"})
    assert_error(again, 404, "The message specified in the msg_id field was not found")


def test_deny_a_held_message(world: World, events: list[Event]) -> None:
    held = hold(world)
    events.clear()
    assert (
        manage(
            world, {"user_id": world.users["alice"], "msg_id": held, "action": "DENY"}, "alice"
        ).status_code
        == 204
    )
    found = automod.held(world.store.db.conn, held)
    assert found is not None and found.status == "DENIED"
    assert chat_messages.message(world.store.db.conn, held) is None
    assert [e.status for e in events if isinstance(e, AutoModMessageUpdate)] == ["Denied"]


@pytest.mark.parametrize(
    ("body", "login", "status", "message"),
    [
        pytest.param({"user_id": "bob", "msg_id": "nope", "action": "ALLOW"}, "bob", 404, "The message specified in the msg_id field was not found", id="unknown"),
        pytest.param({"user_id": "dave", "msg_id": "HELD", "action": "ALLOW"}, "dave", 403, "The user in user_id is not one of the broadcaster's moderators", id="not-a-mod"),
        pytest.param({"user_id": "alice", "msg_id": "HELD", "action": "ALLOW"}, "bob", 401, "The ID in user_id must match the user ID in the user access token", id="not-the-token-user"),
        pytest.param({"user_id": "bob", "msg_id": "HELD", "action": "allow"}, "bob", 400, 'The parameter "action" was malformed: the value must be one of ALLOW, DENY', id="action"),
        pytest.param({"user_id": "bob", "msg_id": "HELD"}, "bob", 400, 'Missing required parameter "action"', id="no-action"),
        pytest.param({"user_id": "bob", "action": "DENY"}, "bob", 400, 'Missing required parameter "msg_id"', id="no-msg-id"),
        pytest.param({"msg_id": "HELD", "action": "DENY"}, "bob", 400, 'Missing required parameter "user_id"', id="no-user"),
    ],
)  # fmt: skip
def test_manage_held_message_errors(
    world: World, events: list[Event], body: dict[str, str], login: str, status: int, message: str
) -> None:
    held = hold(world)
    events.clear()
    if "user_id" in body:
        body["user_id"] = world.users[body["user_id"]]
    if body.get("msg_id") == "HELD":
        body["msg_id"] = held
    assert_error(manage(world, body, login), status, message)
    assert events == []
    found = automod.held(world.store.db.conn, held)
    assert found is not None and found.status == "PENDING"


# --- AutoMod settings -----------------------------------------------------------------------------

SETTINGS_READ, SETTINGS_MANAGE = "moderator:read:automod_settings", "moderator:manage:automod_settings"
OFF = dict.fromkeys(automod_settings.CATEGORIES, 0)


def settings_url(world: World, moderator: str = "bob") -> str:
    return (
        f"/helix/moderation/automod/settings?broadcaster_id={world.users['alice']}"
        f"&moderator_id={world.users[moderator]}"
    )


def put_settings(world: World, body: Any, login: str = "bob") -> httpx.Response:
    r: httpx.Response = world.http.put(
        settings_url(world, login), json=body, headers=world.as_user(login, SETTINGS_MANAGE)
    )
    return r


def test_automod_settings_start_off(world: World, events: list[Event]) -> None:
    r = world.http.get(settings_url(world), headers=world.as_user("bob", SETTINGS_READ))
    assert r.status_code == 200
    ids = {"broadcaster_id": world.users["alice"], "moderator_id": world.users["bob"]}
    assert r.json() == {"data": [ids | {"overall_level": None} | OFF]}


def test_overall_level_sets_every_category(world: World, events: list[Event]) -> None:
    r = put_settings(world, {"overall_level": 3})
    assert r.status_code == 200
    levels = dict.fromkeys(automod_settings.CATEGORIES, 3) | {"bullying": 2, "swearing": 0}
    ids = {"broadcaster_id": world.users["alice"], "moderator_id": world.users["bob"]}
    assert r.json() == {"data": [ids | {"overall_level": 3} | levels]}
    got = world.http.get(settings_url(world, "alice"), headers=world.as_user("alice", SETTINGS_READ))
    assert got.json()["data"][0] == {
        **ids,
        "moderator_id": world.users["alice"],
        "overall_level": 3,
        **levels,
    }
    assert events == [
        automod_settings.AutoModSettingsUpdate(
            *triple(world, "alice"), *triple(world, "bob"), 2, 3, 3, 3, 3, 3, 3, 3, 0
        )
    ]
    # individual settings replace the overall level; the ones not sent become 0 (Twitch's example 2)
    r = put_settings(world, {"swearing": "2"})
    assert r.json()["data"][0] == {**ids, "overall_level": None, **OFF, "swearing": 2}


def test_settings_decide_what_automod_holds(world: World, events: list[Event]) -> None:
    def permitted(text: str) -> bool:
        answer: bool = check(world, {"data": [{"msg_id": "1", "msg_text": text}]}).json()["data"][0][
            "is_permitted"
        ]
        return answer

    assert permitted("you idiot") and permitted("badword")
    put_settings(world, {"bullying": 3})  # idiot is bullying, severity 2: caught from level 3
    assert not permitted("you idiot") and permitted("what a stupid play") and permitted("badword")
    put_settings(world, {"bullying": 2})
    assert permitted("you idiot")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param({}, automod_settings.REQUIRED, id="nothing"),
        pytest.param({"overall_level": 2, "swearing": 1}, automod_settings.EXCLUSIVE, id="both"),
        pytest.param({"overall_level": 5}, 'The parameter "overall_level" was malformed: the value must be less than or equal to 4', id="too-high"),
        pytest.param({"aggression": -1}, 'The parameter "aggression" was malformed: the value must be greater than or equal to 0', id="negative"),
        pytest.param({"misogyny": "high"}, 'The parameter "misogyny" was malformed: the value must be an integer', id="type"),
    ],
)  # fmt: skip
def test_update_automod_settings_bad_input(
    world: World, events: list[Event], body: Any, message: str
) -> None:
    assert_error(put_settings(world, body), 400, message)
    assert events == []


def test_automod_settings_are_for_moderators(world: World, events: list[Event]) -> None:
    r = world.http.get(settings_url(world, "carol"), headers=world.as_user("carol", SETTINGS_READ))
    assert_error(r, 403, "The user in moderator_id is not one of the broadcaster's moderators")
    r = world.http.get(settings_url(world, "bob"), headers=world.as_user("carol", SETTINGS_READ))
    assert_error(r, 401, "The ID in moderator_id must match the user ID in the user access token")
    r = world.http.put(
        settings_url(world), json={"overall_level": 1}, headers=world.as_user("bob", SETTINGS_READ)
    )
    assert_error(r, 401, f"Missing scope: {SETTINGS_MANAGE}")


# --- the reference contract -----------------------------------------------------------------------


def _held(m: MockTwitch) -> Call:
    caster = m.users[0].id
    row = m._write(automod.hold_message, m.services, caster, m.create_user().id, "a scam")
    return Call({}, as_user(m, 0, MANAGE), {"user_id": caster, "msg_id": row.id, "action": "DENY"})


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "POST /moderation/enforcements/status": [
        lambda m: Call(
            {"broadcaster_id": m.users[0].id},
            as_user(m, 0, READ),
            {"data": [{"msg_id": "1", "msg_text": "Hello World!"}, {"msg_id": "2", "msg_text": "scam"}]},
        )
    ],
    "POST /moderation/automod/message": [_held],
    "GET /moderation/automod/settings": [
        lambda m: Call(
            {"broadcaster_id": m.users[0].id, "moderator_id": m.users[0].id}, as_user(m, 0, SETTINGS_READ)
        )
    ],
    "PUT /moderation/automod/settings": [
        lambda m: Call(
            {"broadcaster_id": m.users[0].id, "moderator_id": m.users[0].id},
            as_user(m, 0, SETTINGS_MANAGE),
            {"overall_level": 2},
        )
    ],
}
