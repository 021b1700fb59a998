"""Helix Guest Star (BETA): channel settings, one session per channel with the host in slot "0",
invites for real users, slots that hold one guest each, slot settings; the channel.guest_star_*
events."""

from __future__ import annotations

from typing import Any

import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.domain import guest_star_slots, moderators
from twitch_mock.domain.guest_star_events import (
    GuestStarGuestUpdate,
    GuestStarSessionBegin,
    GuestStarSessionEnd,
    GuestStarSettingsUpdate,
)
from twitch_mock.domain.outbox import Event

HOST, MOD, READ = "channel:manage:guest_star", "moderator:manage:guest_star", "moderator:read:guest_star"
ON = {"is_host_enabled": True, "is_guest_enabled": True, "is_available": True}


@pytest.fixture
def events(world: World) -> list[Event]:
    """bob moderates alice's channel; the events published from here on."""
    with world.store.transaction():
        moderators.add_moderator(world.services, world.users["bob"], world.users["alice"])
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    return heard


def call(world: World, method: str, path: str, login: str = "alice", scope: str = HOST, **params: Any) -> Any:
    sent = {"broadcaster_id": world.users["alice"], "moderator_id": world.users[login]} | params
    sent = {k: v for k, v in sent.items() if v is not None}
    return world.http.request(
        method, f"/helix/guest_star/{path}", params=sent, headers=world.as_user(login, scope)
    )


def start(world: World) -> str:
    r = call(world, "POST", "session")
    assert r.status_code == 200, r.text
    session_id: str = r.json()["data"][0]["id"]
    return session_id


def ready(world: World, session_id: str, login: str, by: str = "bob") -> None:
    """`login` is invited by `by` and gets ready to join (what they do in Twitch's UI)."""
    r = call(world, "POST", "invites", by, MOD, session_id=session_id, guest_id=world.users[login])
    assert r.status_code == 204, r.text
    with world.store.transaction():
        guest_star_slots.answer_invite(world.services, world.users["alice"], world.users[login], "READY")


def session(world: World, login: str = "bob") -> list[dict[str, Any]]:
    r = call(world, "GET", "session", login, READ)
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()["data"]
    return data


def test_settings_defaults_and_updates(world: World, events: list[Event]) -> None:
    r = call(world, "GET", "channel_settings", "bob", READ)
    assert r.status_code == 200
    got = r.json()["data"][0]
    token = got.pop("browser_source_token")
    assert len(token) == 22
    assert got == {
        "is_moderator_send_live_enabled": True,
        "slot_count": 4,
        "is_browser_source_audio_enabled": True,
        "group_layout": "TILED_LAYOUT",
    }
    r = world.http.put(
        "/helix/guest_star/channel_settings",
        params={"broadcaster_id": world.users["alice"], "slot_count": "6"},  # the query, as Twitch's examples
        json={"group_layout": "SCREENSHARE_LAYOUT", "is_moderator_send_live_enabled": False},
        headers=world.as_user("alice", HOST),
    )
    assert r.status_code == 204, r.text
    got = call(world, "GET", "channel_settings", "alice", HOST).json()["data"][0]
    assert (got["slot_count"], got["group_layout"], got["is_moderator_send_live_enabled"]) == (
        6,
        "SCREENSHARE_LAYOUT",
        False,
    )
    assert got["browser_source_token"] == token
    assert events == [
        GuestStarSettingsUpdate(world.users["alice"], "alice", "Alice", False, 6, True, "SCREENSHARE_LAYOUT")
    ]
    call(world, "PUT", "channel_settings", regenerate_browser_sources="true", moderator_id=None)
    assert call(world, "GET", "channel_settings").json()["data"][0]["browser_source_token"] != token


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        pytest.param({"slot_count": "7"}, 400, "Invalid slot_count", id="too-many-slots"),
        pytest.param({"slot_count": "0"}, 400, "Invalid slot_count", id="no-slots"),
        pytest.param({"slot_count": "x"}, 400, 'The parameter "slot_count" was malformed: the value must be an integer', id="slots-type"),
        pytest.param({"group_layout": "GRID"}, 400, "Invalid group_layout", id="layout"),
        pytest.param({"broadcaster_id": None}, 400, 'Missing required parameter "broadcaster_id"', id="no-broadcaster"),
        pytest.param({"broadcaster_id": "1001"}, 401, "The ID in broadcaster_id must match the user ID in the user access token", id="not-own"),
    ],
)  # fmt: skip
def test_update_settings_errors(
    world: World, events: list[Event], params: dict[str, Any], status: int, message: str
) -> None:
    assert_error(call(world, "PUT", "channel_settings", moderator_id=None, **params), status, message)
    assert events == []


def test_a_session_with_the_host_in_slot_zero(world: World, events: list[Event]) -> None:
    assert session(world) == []
    r = call(world, "POST", "session")
    assert r.status_code == 200
    (made,) = r.json()["data"]
    now = world.services.now()
    host = {
        "slot_id": "0",
        "is_live": True,
        "user_id": world.users["alice"],
        "user_display_name": "Alice",
        "user_login": "alice",
        "volume": 100,
        "assigned_at": now,
        "audio_settings": ON,
        "video_settings": ON,
    }
    assert made == {"id": made["id"], "guests": [host]} and len(made["id"]) == 27
    assert session(world) == [made]
    assert_error(call(world, "POST", "session"), 400, "Session limit reached (1 active call)")
    alice = (world.users["alice"], "alice", "Alice")
    assert events == [GuestStarSessionBegin(*alice, made["id"], now, *alice)]
    world.clock.advance(60)
    r = call(world, "DELETE", "session", session_id=made["id"], moderator_id=None)
    assert r.status_code == 200 and r.json() == {"data": [made]}
    assert events[1:] == [GuestStarSessionEnd(*alice, made["id"], now, world.services.now(), *alice)]
    assert session(world) == []
    r = call(world, "DELETE", "session", session_id=made["id"], moderator_id=None)
    assert_error(r, 400, "Session has already been ended")
    assert_error(
        call(world, "DELETE", "session", session_id="nope", moderator_id=None), 400, "Invalid session_id"
    )
    assert start(world) != made["id"]  # a new session once the last one ended


def test_invites_slots_and_settings(world: World, events: list[Event]) -> None:
    sid = start(world)
    carol, dave = world.users["carol"], world.users["dave"]
    ready(world, sid, "carol")
    assert call(world, "POST", "invites", "bob", MOD, session_id=sid, guest_id=dave).status_code == 204
    r = call(world, "GET", "invites", "bob", READ, session_id=sid)
    assert r.status_code == 200
    statuses = [(i["user_id"], i["status"]) for i in r.json()["data"]]
    assert statuses == [(carol, "READY"), (dave, "INVITED")]
    assert set(r.json()["data"][0]) == {
        "user_id", "invited_at", "status", "is_video_enabled", "is_audio_enabled", "is_video_available",
        "is_audio_available",
    }  # fmt: skip
    r = call(world, "POST", "slot", "bob", MOD, session_id=sid, guest_id=carol, slot_id="2")
    assert r.status_code == 204, r.text
    guests = session(world)[0]["guests"]
    assert [(g["slot_id"], g["user_login"], g["is_live"]) for g in guests] == [
        ("0", "alice", True),
        ("2", "carol", False),
    ]
    assert [i["user_id"] for i in call(world, "GET", "invites", session_id=sid).json()["data"]] == [dave]
    r = call(world, "PATCH", "slot_settings", "bob", MOD, session_id=sid, slot_id="2", is_live="true", volume="40", is_audio_enabled="false")  # fmt: skip
    assert r.status_code == 204, r.text
    carol_slot = session(world)[0]["guests"][1]
    assert (carol_slot["is_live"], carol_slot["volume"], carol_slot["audio_settings"]["is_host_enabled"]) == (
        True,
        40,
        False,
    )
    assert call(world, "PATCH", "slot", "bob", MOD, session_id=sid, source_slot_id="2", destination_slot_id="1").status_code == 204  # fmt: skip
    assert [g["slot_id"] for g in session(world)[0]["guests"]] == ["0", "1"]
    r = call(world, "DELETE", "slot", "bob", MOD, session_id=sid, guest_id=carol, slot_id="1", should_reinvite_guest="true")  # fmt: skip
    assert r.status_code == 204
    assert [g["slot_id"] for g in session(world)[0]["guests"]] == ["0"]
    invites = call(world, "GET", "invites", session_id=sid).json()["data"]
    assert sorted((i["user_id"], i["status"]) for i in invites) == sorted(
        [(dave, "INVITED"), (carol, "INVITED")]
    )
    assert call(world, "DELETE", "invites", "bob", MOD, session_id=sid, guest_id=dave).status_code == 204
    states = [(e.guest_user_login, e.state, e.slot_id) for e in events if isinstance(e, GuestStarGuestUpdate)]
    assert states == [
        ("carol", "invited", None), ("carol", "ready", None), ("dave", "invited", None),
        ("carol", "backstage", "2"), ("carol", "live", "2"), ("carol", "live", "1"), ("carol", "invited", None),
        ("dave", "removed", None),
    ]  # fmt: skip
    update = next(e for e in events if isinstance(e, GuestStarGuestUpdate) and e.state == "live")
    assert (update.moderator_user_login, update.host_audio_enabled, update.host_volume) == ("bob", False, 40)


def test_moving_onto_a_taken_slot_swaps_the_guests(world: World, events: list[Event]) -> None:
    sid = start(world)
    ready(world, sid, "carol")
    ready(world, sid, "dave")
    for login, slot in (("carol", "1"), ("dave", "2")):
        call(world, "POST", "slot", session_id=sid, guest_id=world.users[login], slot_id=slot)
    r = call(world, "PATCH", "slot", session_id=sid, source_slot_id="1", destination_slot_id="2")
    assert r.status_code == 204
    assert [(g["slot_id"], g["user_login"]) for g in session(world)[0]["guests"]] == [
        ("0", "alice"),
        ("1", "dave"),
        ("2", "carol"),
    ]


@pytest.fixture
def seated(world: World, events: list[Event]) -> str:
    """alice's session: carol in slot 1, dave invited (not ready); the session id."""
    sid = start(world)
    ready(world, sid, "carol")
    call(world, "POST", "slot", session_id=sid, guest_id=world.users["carol"], slot_id="1")
    call(world, "POST", "invites", session_id=sid, guest_id=world.users["dave"])
    events.clear()
    return sid


S = "{sid}"


@pytest.mark.parametrize(
    ("method", "path", "params", "status", "message"),
    [
        pytest.param("POST", "invites", {"guest_id": "9999"}, 400, "Invalid guest_id", id="invite-unknown-user"),
        pytest.param("POST", "invites", {"guest_id": "1000"}, 403, "Unauthorized guest invited", id="invite-host"),
        pytest.param("POST", "invites", {"guest_id": "1003"}, 403, "Guest already invited", id="invite-twice"),
        pytest.param("POST", "invites", {"guest_id": "1002"}, 403, "Guest already invited", id="invite-seated"),
        pytest.param("POST", "invites", {"guest_id": "1004", "session_id": "x"}, 400, "Invalid session_id", id="invite-bad-session"),
        pytest.param("POST", "invites", {"guest_id": None}, 400, 'Missing required parameter "guest_id"', id="invite-no-guest"),
        pytest.param("DELETE", "invites", {"guest_id": "1004"}, 404, "No invite exists for specified guest_id", id="uninvite-none"),
        pytest.param("GET", "invites", {"session_id": None}, 400, 'Missing required parameter "session_id"', id="invites-no-session"),
        pytest.param("POST", "slot", {"guest_id": "1003", "slot_id": "2"}, 403, "Guest is not ready to join", id="assign-not-ready"),
        pytest.param("POST", "slot", {"guest_id": "1004", "slot_id": "2"}, 403, "Guest not invited to session", id="assign-not-invited"),
        pytest.param("POST", "slot", {"guest_id": "1002", "slot_id": "2"}, 403, "Guest already assigned to slot", id="assign-seated"),
        pytest.param("POST", "slot", {"guest_id": "1003", "slot_id": "0"}, 403, "Cannot assign host slot", id="assign-host-slot"),
        pytest.param("POST", "slot", {"guest_id": "1003", "slot_id": "5"}, 400, "Invalid slot_id", id="assign-beyond-count"),
        pytest.param("POST", "slot", {"guest_id": "1003", "slot_id": "one"}, 400, "Invalid slot_id", id="assign-not-numeric"),
        pytest.param("PATCH", "slot", {"source_slot_id": "2"}, 400, "Invalid source_slot_id", id="move-empty"),
        pytest.param("PATCH", "slot", {"source_slot_id": "0", "destination_slot_id": "1"}, 403, "The request is attempting to modify a restricted slot", id="move-host"),
        pytest.param("PATCH", "slot", {"source_slot_id": "1", "destination_slot_id": "9"}, 400, "Invalid destination_slot_id", id="move-beyond"),
        pytest.param("DELETE", "slot", {"guest_id": "1003", "slot_id": "1"}, 404, "guest_id or slot_id not found", id="remove-wrong-guest"),
        pytest.param("DELETE", "slot", {"guest_id": "1000", "slot_id": "0"}, 403, "The request is attempting to modify a restricted slot", id="remove-host"),
        pytest.param("PATCH", "slot_settings", {"slot_id": "1"}, 400, "At least one of is_audio_enabled, is_video_enabled, is_live or volume must be specified", id="settings-nothing"),
        pytest.param("PATCH", "slot_settings", {"slot_id": "1", "volume": "101"}, 400, "Invalid volume", id="settings-volume"),
        pytest.param("PATCH", "slot_settings", {"slot_id": "3", "volume": "10"}, 400, "Invalid slot_id", id="settings-empty-slot"),
        pytest.param("PATCH", "slot_settings", {"slot_id": "1", "is_live": "maybe"}, 400, 'The parameter "is_live" was malformed: the value must be a boolean', id="settings-bool"),
    ],
)  # fmt: skip
def test_invite_and_slot_errors(
    world: World,
    events: list[Event],
    seated: str,
    method: str,
    path: str,
    params: dict[str, Any],
    status: int,
    message: str,
) -> None:
    sent = {"session_id": seated} | params
    assert_error(call(world, method, path, "bob", MOD, **sent), status, message)
    assert events == []


def test_moderators_may_send_live_only_where_the_channel_lets_them(world: World, seated: str) -> None:
    call(world, "PUT", "channel_settings", moderator_id=None, is_moderator_send_live_enabled="false")
    r = call(world, "PATCH", "slot_settings", "bob", MOD, session_id=seated, slot_id="1", is_live="true")
    assert_error(r, 403, "The request is attempting to modify a restricted slot")
    r = call(world, "PATCH", "slot_settings", session_id=seated, slot_id="1", is_live="true")
    assert r.status_code == 204  # the host may


@pytest.mark.parametrize(
    ("method", "path", "login", "scope", "status", "message"),
    [
        pytest.param("GET", "session", "carol", READ, 403, "The user in moderator_id is not one of the broadcaster's moderators", id="not-a-moderator"),
        pytest.param("GET", "channel_settings", "bob", "chat:read", 401, "Missing scope: channel:read:guest_star", id="read-scope"),
        pytest.param("POST", "invites", "bob", READ, 401, "Missing scope: channel:manage:guest_star", id="manage-scope"),
        pytest.param("POST", "session", "bob", HOST, 401, "The ID in broadcaster_id must match the user ID in the user access token", id="host-only"),
    ],
)  # fmt: skip
def test_who_may_call(
    world: World,
    events: list[Event],
    method: str,
    path: str,
    login: str,
    scope: str,
    status: int,
    message: str,
) -> None:
    r = call(world, method, path, login, scope, session_id="x", guest_id=world.users["dave"])
    assert_error(r, status, message)


@pytest.mark.parametrize("login", ["carol", "dave"])  # seated in slot 1; invited
def test_the_sessions_guests_may_read_it(world: World, seated: str, login: str) -> None:
    [got] = session(world, login)
    assert got["id"] == seated
    assert [(g["slot_id"], g["user_login"]) for g in got["guests"]] == [("0", "alice"), ("1", "carol")]
    for scope in ("channel:read:guest_star", "moderator:manage:guest_star"):
        assert call(world, "GET", "session", login, scope).status_code == 200
    r = call(world, "GET", "session", login, READ, moderator_id=world.users["alice"])
    assert_error(r, 401, "The ID in moderator_id must match the user ID in the user access token")


def test_who_is_not_a_guest_or_moderator_may_not_read_the_session(world: World, seated: str) -> None:
    not_yours = "The user in moderator_id is not one of the broadcaster's moderators"
    assert_error(call(world, "GET", "session", "erin", READ), 403, not_yours)
    assert call(world, "DELETE", "session", session_id=seated).status_code == 200
    assert_error(call(world, "GET", "session", "carol", READ), 403, not_yours)  # the session is over
    assert session(world, "bob") == []


def test_get_session_requires_moderator_id(world: World) -> None:
    r = call(world, "GET", "session", moderator_id=None)
    assert_error(r, 400, 'Missing required parameter "moderator_id"')


def test_answer_invite_needs_an_invite(world: World, seated: str) -> None:
    from twitch_mock.core.errors import NotFound

    with pytest.raises(NotFound), world.store.transaction():
        guest_star_slots.answer_invite(world.services, world.users["alice"], world.users["erin"], "READY")


# --- the seeded world: users[0] runs a session with a guest in slot 1, one guest ready to join and
# one invited (generator/guest_star.py)


def _seeded(m: MockTwitch) -> tuple[str, list[str], list[str]]:
    """users[0]'s session id, the seated guests' ids (by slot) and the invited ids (READY first)."""
    conn = m.store.db.conn

    def read() -> tuple[str, list[str], list[str]]:
        sid = conn.execute(
            "SELECT id FROM guest_star_sessions WHERE broadcaster_id = ? AND ended_at IS NULL",
            (m.users[0].id,),
        ).fetchone()[0]
        seated = [r[0] for r in conn.execute("SELECT user_id FROM guest_star_slots WHERE session_id = ? AND slot_id != '0' ORDER BY slot_id", (sid,))]  # fmt: skip
        invited = [r[0] for r in conn.execute("SELECT user_id FROM guest_star_invites WHERE session_id = ? ORDER BY status DESC", (sid,))]  # fmt: skip
        return sid, seated, invited

    return m._call(read)


def _on(m: MockTwitch, scope: str = HOST, **params: str) -> Call:
    base = {"broadcaster_id": m.users[0].id, "moderator_id": m.users[0].id}
    return Call(base | params, as_user(m, 0, scope))


def _stranger(m: MockTwitch) -> str:
    _, seated, invited = _seeded(m)
    return next(u.id for u in m.users[1:] if u.id not in seated + invited)


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /guest_star/channel_settings": [lambda m: _on(m, READ)],
    "PUT /guest_star/channel_settings": [lambda m: Call({"broadcaster_id": m.users[0].id}, as_user(m, 0, HOST), {"slot_count": 5})],
    "GET /guest_star/session": [lambda m: _on(m, READ)],
    "POST /guest_star/session": [lambda m: Call({"broadcaster_id": m.users[1].id}, as_user(m, 1, HOST))],
    "DELETE /guest_star/session": [lambda m: Call({"broadcaster_id": m.users[0].id, "session_id": _seeded(m)[0]}, as_user(m, 0, HOST))],
    "GET /guest_star/invites": [lambda m: _on(m, READ, session_id=_seeded(m)[0])],
    "POST /guest_star/invites": [lambda m: _on(m, session_id=_seeded(m)[0], guest_id=_stranger(m))],
    "DELETE /guest_star/invites": [lambda m: _on(m, session_id=_seeded(m)[0], guest_id=_seeded(m)[2][-1])],
    "POST /guest_star/slot": [lambda m: _on(m, session_id=_seeded(m)[0], guest_id=_seeded(m)[2][0], slot_id="2")],
    "PATCH /guest_star/slot": [lambda m: _on(m, session_id=_seeded(m)[0], source_slot_id="1", destination_slot_id="3")],
    "DELETE /guest_star/slot": [lambda m: _on(m, session_id=_seeded(m)[0], guest_id=_seeded(m)[1][0], slot_id="1")],
    "PATCH /guest_star/slot_settings": [lambda m: _on(m, session_id=_seeded(m)[0], slot_id="1", is_audio_enabled="false")],
}  # fmt: skip
