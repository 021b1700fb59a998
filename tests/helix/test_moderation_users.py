"""Helix Moderation family beyond bans: Warn Chat User (and acknowledging, a builder), Add / Remove
Suspicious Status, Get / Resolve Unban Requests (a builder files them; approving unbans), and Get
Moderated Channels."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import httpx
import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.core.errors import BadRequest, NotFound
from twitch_mock.domain import bans, chat_warnings, moderators, unban_requests
from twitch_mock.domain.bans import ChannelUnban
from twitch_mock.domain.chat_warnings import WarningAcknowledge, WarningSend
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.suspicious_users import SuspiciousUserUpdate
from twitch_mock.domain.unban_requests import UnbanRequestCreate, UnbanRequestResolve

T = TypeVar("T")
WARN = "moderator:manage:warnings"
SUSPICIOUS = "moderator:manage:suspicious_users"
UNBAN_READ, UNBAN = "moderator:read:unban_requests", "moderator:manage:unban_requests"
MODERATED = "user:read:moderated_channels"


def run(world: World, fn: Callable[..., T], *args: Any) -> T:
    with world.store.transaction():
        return fn(world.services, *args)


def triple(world: World, login: str) -> tuple[str, str, str]:
    return world.users[login], login, login.capitalize()


@pytest.fixture
def events(world: World) -> list[Event]:
    """Bob moderates alice's channel; then every event from here on."""
    run(world, moderators.add_moderator, world.users["bob"], world.users["alice"])
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    return heard


def query(world: World, moderator: str = "bob", **extra: str) -> str:
    params = {"broadcaster_id": world.users["alice"], "moderator_id": world.users[moderator], **extra}
    return "&".join(f"{k}={v}" for k, v in params.items())


# --- Warn Chat User ----------------------------------------------------------------------------------


def warn(world: World, body: Any, login: str = "bob") -> httpx.Response:
    r: httpx.Response = world.http.post(
        f"/helix/moderation/warnings?{query(world, login)}", json=body, headers=world.as_user(login, WARN)
    )
    return r


def test_warn_until_acknowledged(world: World, events: list[Event]) -> None:
    r = warn(world, {"data": {"user_id": world.users["carol"], "reason": "stop doing that!"}})
    assert r.status_code == 200
    assert r.json() == {
        "data": [
            {
                "broadcaster_id": world.users["alice"],
                "user_id": world.users["carol"],
                "moderator_id": world.users["bob"],
                "reason": "stop doing that!",
            }
        ]
    }
    conn = world.store.db.conn
    assert chat_warnings.is_warned(conn, world.users["alice"], world.users["carol"])
    caster, mod, carol = (triple(world, u) for u in ("alice", "bob", "carol"))
    assert events == [WarningSend(*caster, *mod, *carol, "stop doing that!", None)]
    row = run(world, chat_warnings.acknowledge_warning, world.users["alice"], world.users["carol"])
    assert row.acknowledged_at == world.clock.rfc3339()
    assert not chat_warnings.is_warned(conn, world.users["alice"], world.users["carol"])
    assert events[-1] == WarningAcknowledge(*caster, *carol)
    with pytest.raises(NotFound, match="no warning"):
        run(world, chat_warnings.acknowledge_warning, world.users["alice"], world.users["carol"])


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        pytest.param({}, 400, 'Missing required parameter "data"', id="no-data"),
        pytest.param({"data": {"reason": "x"}}, 400, 'Missing required parameter "data.user_id"', id="no-user"),
        pytest.param({"data": {"user_id": "carol"}}, 400, 'Missing required parameter "data.reason"', id="no-reason"),
        pytest.param({"data": {"user_id": "carol", "reason": "x" * 501}}, 400, 'The parameter "data.reason" was malformed: the length must be less than or equal to 500', id="long"),
        pytest.param({"data": {"user_id": "424242", "reason": "x"}}, 400, "The ID in user_id was not found", id="unknown"),
        pytest.param({"data": {"user_id": "alice", "reason": "x"}}, 400, chat_warnings.MAY_NOT, id="broadcaster"),
        pytest.param({"data": {"user_id": "bob", "reason": "x"}}, 400, chat_warnings.MAY_NOT, id="self"),
    ],
)  # fmt: skip
def test_warn_bad_input(world: World, events: list[Event], body: Any, status: int, message: str) -> None:
    data = body.get("data", {})
    if data.get("user_id") in world.users:
        data["user_id"] = world.users[data["user_id"]]
    assert_error(warn(world, body), status, message)
    assert events == []


def test_warn_is_for_moderators(world: World, events: list[Event]) -> None:
    body = {"data": {"user_id": world.users["dave"], "reason": "x"}}
    assert_error(
        warn(world, body, "carol"), 403, "The user in moderator_id is not one of the broadcaster's moderators"
    )


# --- suspicious users ----------------------------------------------------------------------------


def flag(
    world: World, user: str, status: str | None, login: str = "bob", token: str | None = None
) -> httpx.Response:
    headers = world.headers(token) if token else world.as_user(login, SUSPICIOUS)
    if status is None:
        url = f"/helix/moderation/suspicious_users?{query(world, login, user_id=world.users.get(user, user))}"
        r: httpx.Response = world.http.delete(url, headers=headers)
        return r
    body = {"user_id": world.users.get(user, user), "status": status}
    r = world.http.post(
        f"/helix/moderation/suspicious_users?{query(world, login)}", json=body, headers=headers
    )
    return r


def test_mark_and_unmark_a_suspicious_user(world: World, events: list[Event]) -> None:
    r = flag(world, "carol", "RESTRICTED")
    assert r.status_code == 200
    assert r.json() == {
        "data": [
            {
                "user_id": world.users["carol"],
                "broadcaster_id": world.users["alice"],
                "moderator_id": world.users["bob"],
                "updated_at": world.clock.rfc3339(),
                "status": "RESTRICTED",
                "types": ["MANUALLY_ADDED"],
            }
        ]
    }
    assert flag(world, "carol", "RESTRICTED").status_code == 200  # again: no change, no event
    assert flag(world, "carol", None).json()["data"][0]["status"] == "NO_TREATMENT"
    caster, mod, carol = (triple(world, u) for u in ("alice", "bob", "carol"))
    assert events == [
        SuspiciousUserUpdate(*caster, *mod, *carol, "restricted"),
        SuspiciousUserUpdate(*caster, *mod, *carol, "none"),
    ]


@pytest.mark.parametrize(
    ("user", "status", "code", "message"),
    [
        pytest.param("carol", "WATCHED", 400, 'The parameter "status" was malformed: the value must be one of ACTIVE_MONITORING, RESTRICTED', id="status"),
        pytest.param("alice", "RESTRICTED", 400, "The status update is not allowed for this user", id="broadcaster"),
        pytest.param("bob", "RESTRICTED", 400, "The status update is not allowed for this user", id="moderator"),
        pytest.param("424242", "RESTRICTED", 400, "The status update is not allowed for this user", id="unknown"),
    ],
)  # fmt: skip
def test_suspicious_status_errors(
    world: World, events: list[Event], user: str, status: str, code: int, message: str
) -> None:
    assert_error(flag(world, user, status), code, message)
    assert events == []


def test_suspicious_status_with_an_app_token_needs_the_moderators_grant(
    world: World, events: list[Event]
) -> None:
    assert_error(
        flag(world, "carol", "ACTIVE_MONITORING", token=world.app_token),
        401,
        f"The user in moderator_id has not granted this client the {SUSPICIOUS} scope",
    )
    world.user_token("bob", [SUSPICIOUS])  # bob authorizes the app
    assert flag(world, "carol", "ACTIVE_MONITORING", token=world.app_token).status_code == 200
    world.user_token("dave", [SUSPICIOUS])
    assert_error(
        flag(world, "carol", None, "dave", token=world.app_token),
        403,
        "The user in the moderator_id query parameter is not one of the broadcaster's moderators",
    )


# --- unban requests --------------------------------------------------------------------------------


def request(world: World, login: str = "carol", text: str = "Please unban me") -> str:
    return run(world, unban_requests.request_unban, world.users["alice"], world.users[login], text).id


def test_only_banned_users_ask_once(world: World, events: list[Event]) -> None:
    with pytest.raises(BadRequest, match="Only a user banned"):
        request(world)
    run(world, bans.ban, world.users["carol"], world.users["alice"])
    events.clear()
    made = request(world)
    assert events == [
        UnbanRequestCreate(
            made, *triple(world, "alice"), *triple(world, "carol"), "Please unban me", world.clock.rfc3339()
        )
    ]
    with pytest.raises(BadRequest, match="pending"):
        request(world)


def get_requests(world: World, status: str = "pending", **extra: str) -> dict[str, Any]:
    url = f"/helix/moderation/unban_requests?{query(world, status=status, **extra)}"
    r = world.http.get(url, headers=world.as_user("bob", UNBAN_READ))
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def resolve(world: World, request_id: str, status: str, **extra: str) -> httpx.Response:
    url = f"/helix/moderation/unban_requests?{query(world, unban_request_id=request_id, status=status, **extra)}"
    r: httpx.Response = world.http.patch(url, headers=world.as_user("bob", UNBAN))
    return r


def test_approving_unbans(world: World, events: list[Event]) -> None:
    run(world, bans.ban, world.users["carol"], world.users["alice"])
    made = request(world)
    pending = get_requests(world)
    now = world.clock.rfc3339()
    item = {
        "id": made,
        "broadcaster_name": "Alice",
        "broadcaster_login": "alice",
        "broadcaster_id": world.users["alice"],
        "moderator_id": "",
        "moderator_login": "",
        "moderator_name": "",
        "user_id": world.users["carol"],
        "user_login": "carol",
        "user_name": "Carol",
        "text": "Please unban me",
        "status": "pending",
        "created_at": now,
        "resolved_at": None,
        "resolution_text": None,
    }
    assert pending == {"data": [item], "pagination": {}}
    events.clear()
    world.clock.advance(60)
    r = resolve(world, made, "approved", resolution_text="ok")
    assert r.status_code == 200
    resolved = item | {
        "moderator_id": world.users["bob"], "moderator_login": "bob", "moderator_name": "Bob",
        "status": "approved", "resolved_at": world.clock.rfc3339(), "resolution_text": "ok",
    }  # fmt: skip
    assert r.json() == {"data": [resolved]}
    assert not bans.is_banned(world.services, world.users["alice"], world.users["carol"])
    carol, caster, mod = (triple(world, u) for u in ("carol", "alice", "bob"))
    assert events == [
        ChannelUnban(*carol, *caster, *mod),
        UnbanRequestResolve(made, *caster, *mod, *carol, "ok", "approved"),
    ]
    assert get_requests(world)["data"] == [] and get_requests(world, "approved")["data"] == [resolved]
    assert_error(resolve(world, made, "denied"), 400, "Invalid requested update")


def test_denying_keeps_the_ban_and_pages(world: World, events: list[Event]) -> None:
    for login in ("carol", "dave", "erin"):
        run(world, bans.ban, world.users[login], world.users["alice"])
        request(world, login)
        world.clock.advance(1)
    first = get_requests(world, first="2")
    assert [r["user_login"] for r in first["data"]] == ["erin", "dave"]
    rest = get_requests(world, first="2", after=first["pagination"]["cursor"])
    assert [r["user_login"] for r in rest["data"]] == ["carol"] and rest["pagination"] == {}
    assert [r["user_login"] for r in get_requests(world, user_id=world.users["dave"])["data"]] == ["dave"]
    assert resolve(world, rest["data"][0]["id"], "denied").status_code == 200
    assert bans.is_banned(world.services, world.users["alice"], world.users["carol"])


@pytest.mark.parametrize(
    ("extra", "status", "message"),
    [
        pytest.param({"unban_request_id": "nope", "status": "approved"}, 404, "The unban request ID was not found", id="unknown"),
        pytest.param({"unban_request_id": "nope", "status": "pending"}, 400, 'The parameter "status" was malformed: the value must be one of approved, denied', id="status"),
        pytest.param({"status": "approved"}, 400, 'Missing required parameter "unban_request_id"', id="no-id"),
        pytest.param({"unban_request_id": "nope"}, 400, 'Missing required parameter "status"', id="no-status"),
        pytest.param({"unban_request_id": "nope", "status": "denied", "resolution_text": "x" * 501}, 400, 'The parameter "resolution_text" was malformed: the length must be less than or equal to 500', id="long-text"),
    ],
)  # fmt: skip
def test_resolve_errors(
    world: World, events: list[Event], extra: dict[str, str], status: int, message: str
) -> None:
    url = f"/helix/moderation/unban_requests?{query(world, **extra)}"
    assert_error(world.http.patch(url, headers=world.as_user("bob", UNBAN)), status, message)
    assert events == []


def test_get_unban_requests_errors(world: World, events: list[Event]) -> None:
    r = world.http.get(
        f"/helix/moderation/unban_requests?{query(world)}", headers=world.as_user("bob", UNBAN_READ)
    )
    assert_error(r, 400, 'Missing required parameter "status"')
    r = world.http.get(
        f"/helix/moderation/unban_requests?{query(world, status='open')}",
        headers=world.as_user("bob", UNBAN_READ),
    )
    assert_error(
        r,
        400,
        'The parameter "status" was malformed: the value must be one of pending, approved, denied, acknowledged, canceled',
    )


# --- Get Moderated Channels ------------------------------------------------------------------------


def test_moderated_channels_are_the_moderators_table_the_other_way(world: World) -> None:
    for caster in ("erin", "carol", "alice"):
        run(world, moderators.add_moderator, world.users["bob"], world.users[caster])

    def page(extra: str = "") -> dict[str, Any]:
        r = world.http.get(
            f"/helix/moderation/channels?user_id={world.users['bob']}{extra}",
            headers=world.as_user("bob", MODERATED),
        )
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body

    first = page("&first=2")
    assert first["data"] == [
        {"broadcaster_id": world.users["alice"], "broadcaster_login": "alice", "broadcaster_name": "Alice"},
        {"broadcaster_id": world.users["carol"], "broadcaster_login": "carol", "broadcaster_name": "Carol"},
    ]
    rest = page(f"&first=2&after={first['pagination']['cursor']}")
    assert [c["broadcaster_login"] for c in rest["data"]] == ["erin"] and rest["pagination"] == {}
    run(world, bans.ban, world.users["bob"], world.users["carol"])  # a ban ends the role
    assert [c["broadcaster_login"] for c in page()["data"]] == ["alice", "erin"]
    r = world.http.get(
        f"/helix/moderation/channels?user_id={world.users['alice']}", headers=world.as_user("bob", MODERATED)
    )
    assert_error(r, 401, "The ID in user_id must match the user ID in the user access token")


# --- the reference contract ------------------------------------------------------------------------


def _mod_params(m: MockTwitch) -> dict[str, str]:
    return {"broadcaster_id": m.users[0].id, "moderator_id": m.users[0].id}


def _banned_request(m: MockTwitch) -> str:
    viewer = m.create_user().id
    m.ban(viewer, m.users[0].id)
    return m.request_unban(m.users[0].id, viewer, "sorry!").id


def _pending(m: MockTwitch) -> Call:
    _banned_request(m)
    return Call(_mod_params(m) | {"status": "pending"}, as_user(m, 0, UNBAN_READ))


def _moderated(m: MockTwitch) -> Call:
    mod = m.create_user().id
    m.add_moderator(mod, m.users[0].id)
    return Call({"user_id": mod}, m.user_token(mod, [MODERATED]))


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "POST /moderation/warnings": [
        lambda m: Call(
            _mod_params(m), as_user(m, 0, WARN), {"data": {"user_id": m.create_user().id, "reason": "no"}}
        )
    ],
    "POST /moderation/suspicious_users": [
        lambda m: Call(
            _mod_params(m), as_user(m, 0, SUSPICIOUS), {"user_id": m.create_user().id, "status": "RESTRICTED"}
        )
    ],
    "DELETE /moderation/suspicious_users": [
        lambda m: Call(_mod_params(m) | {"user_id": m.create_user().id}, as_user(m, 0, SUSPICIOUS))
    ],
    "GET /moderation/unban_requests": [_pending],
    "PATCH /moderation/unban_requests": [
        lambda m: Call(
            _mod_params(m) | {"unban_request_id": _banned_request(m), "status": "denied"},
            as_user(m, 0, UNBAN),
        )
    ],
    "GET /moderation/channels": [_moderated],
}
