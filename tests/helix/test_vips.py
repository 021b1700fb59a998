"""Helix VIPs: Get VIPs, Add Channel VIP, Remove Channel VIP, with channel.vip.add / channel.vip.remove."""

from __future__ import annotations

from typing import Any

import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error, make_user
from twitch_mock import MockTwitch
from twitch_mock.domain import bans, moderators, users, vips
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.vips import ChannelVipAdd, ChannelVipRemove

READ = "channel:read:vips"
MANAGE = "channel:manage:vips"


@pytest.fixture
def events(world: World) -> list[Event]:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    return heard


def call(
    world: World, method: str, login: str = "alice", scopes: tuple[str, ...] = (MANAGE,), **params: Any
) -> Any:
    return world.http.request(
        method, "/helix/channels/vips", params=params, headers=world.as_user(login, *scopes)
    )


def add(world: World, user: str, broadcaster: str = "alice") -> Any:
    return call(
        world, "POST", broadcaster, broadcaster_id=world.users[broadcaster], user_id=world.users[user]
    )


def listed(world: World, broadcaster: str = "alice", **params: Any) -> Any:
    r = call(world, "GET", broadcaster, (READ,), broadcaster_id=world.users[broadcaster], **params)
    assert r.status_code == 200, r.text
    return r.json()


def more_users(world: World, n: int) -> list[str]:
    made = [make_user(10 + i, f"extra{i}") for i in range(n)]
    with world.store.transaction():
        users.insert(world.store.db.conn, made)
    for user in made:
        world.users[user.login] = user.id
    return [u.login for u in made]


def test_add_lists_and_publishes(world: World, events: list[Event]) -> None:
    r = add(world, "bob")
    assert r.status_code == 204 and r.content == b""
    world.clock.advance(1)
    assert add(world, "carol").status_code == 204
    assert listed(world) == {
        "data": [
            {"user_id": world.users["carol"], "user_name": "Carol", "user_login": "carol"},
            {"user_id": world.users["bob"], "user_name": "Bob", "user_login": "bob"},
        ],
        "pagination": {},
    }
    alice = (world.users["alice"], "alice", "Alice")
    assert events == [
        ChannelVipAdd(world.users["bob"], "bob", "Bob", *alice),
        ChannelVipAdd(world.users["carol"], "carol", "Carol", *alice),
    ]


def test_get_vips_filters_and_pages(world: World) -> None:
    for login in ("bob", "carol", "dave"):
        assert add(world, login).status_code == 204
        world.clock.advance(1)
    body = listed(world, user_id=[world.users["bob"], world.users["erin"], world.users["dave"]])
    assert [v["user_login"] for v in body["data"]] == ["dave", "bob"]
    page = listed(world, first=2)
    assert [v["user_login"] for v in page["data"]] == ["dave", "carol"]
    page = listed(world, first=2, after=page["pagination"]["cursor"])
    assert [v["user_login"] for v in page["data"]] == ["bob"] and page["pagination"] == {}
    r = call(world, "GET", "alice", (MANAGE,), broadcaster_id=world.users["alice"])
    assert r.status_code == 200  # channel:manage:vips is accepted instead of channel:read:vips
    assert listed(world, "bob") == {"data": [], "pagination": {}}


@pytest.mark.parametrize(
    ("params", "scopes", "status", "message"),
    [
        pytest.param({}, (READ,), 400, 'Missing required parameter "broadcaster_id"', id="missing"),
        pytest.param({"broadcaster_id": "1001"}, (READ,), 401, "The ID in broadcaster_id must match the user ID in the user access token", id="not-own"),
        pytest.param({"broadcaster_id": "1000"}, (), 401, "Missing scope: channel:read:vips", id="scope"),
        pytest.param({"broadcaster_id": "1000", "user_id": [str(n) for n in range(101)]}, (READ,), 400, 'The parameter "user_id" was malformed: the number of items must be less than or equal to 100', id="too-many"),
        pytest.param({"broadcaster_id": "1000", "first": "0"}, (READ,), 400, 'The parameter "first" was malformed: the value must be greater than or equal to 1', id="first"),
    ],
)  # fmt: skip
def test_get_vips_errors(
    world: World, params: dict[str, Any], scopes: tuple[str, ...], status: int, message: str
) -> None:
    assert_error(call(world, "GET", "alice", scopes, **params), status, message)


def setup_roles(world: World) -> None:
    """bob is already a VIP, carol a moderator, dave banned (all on alice's channel)."""
    assert add(world, "bob").status_code == 204
    s, alice = world.services, world.users["alice"]
    with world.store.transaction():
        moderators.add_moderator(s, world.users["carol"], alice)
        bans.ban(s, world.users["dave"], alice)


@pytest.mark.parametrize(
    ("params", "scopes", "status", "message"),
    [
        pytest.param({"broadcaster_id": "1000"}, (MANAGE,), 400, 'Missing required parameter "user_id"', id="no-user"),
        pytest.param({"broadcaster_id": "1000", "user_id": "424242"}, (MANAGE,), 404, "The ID in user_id was not found", id="unknown-user"),
        pytest.param({"broadcaster_id": "1000", "user_id": "1000"}, (MANAGE,), 400, "The ID in user_id is not valid: the broadcaster can't be their own VIP", id="self"),
        pytest.param({"broadcaster_id": "1000", "user_id": "1001"}, (MANAGE,), 422, "The user in user_id is already a VIP", id="already"),
        pytest.param({"broadcaster_id": "1000", "user_id": "1002"}, (MANAGE,), 422, "The user in user_id is a moderator. To make them a VIP, you must first remove them as a moderator", id="moderator"),
        pytest.param({"broadcaster_id": "1000", "user_id": "1003"}, (MANAGE,), 400, "The user in user_id is banned from the broadcaster's channel", id="banned"),
        pytest.param({"broadcaster_id": "1001", "user_id": "1004"}, (MANAGE,), 401, "The ID in broadcaster_id must match the user ID in the user access token", id="not-own"),
        pytest.param({"broadcaster_id": "1000", "user_id": "1004"}, (READ,), 401, "Missing scope: channel:manage:vips", id="scope"),
    ],
)  # fmt: skip
def test_add_vip_errors(
    world: World,
    events: list[Event],
    params: dict[str, str],
    scopes: tuple[str, ...],
    status: int,
    message: str,
) -> None:
    setup_roles(world)
    events.clear()
    assert_error(call(world, "POST", "alice", scopes, **params), status, message)
    assert events == []
    assert [v["user_login"] for v in listed(world)["data"]] == ["bob"]


def test_vip_slots_and_the_ten_second_window(world: World) -> None:
    extras = more_users(world, 11)
    for login in extras[:10]:
        assert add(world, login).status_code == 204
    assert_error(add(world, extras[10]), 409, "The broadcaster doesn't have available VIP slots")
    r = call(world, "DELETE", broadcaster_id=world.users["alice"], user_id=world.users[extras[0]])
    assert r.status_code == 204
    # a slot is free, but ten VIPs were added within 10 seconds
    assert_error(
        add(world, extras[10]),
        429,
        "The broadcaster exceeded the number of VIPs that they may add within a 10-second window",
    )
    world.clock.advance(10)
    assert add(world, extras[10]).status_code == 204


def test_removals_are_limited_too(world: World) -> None:
    extras = more_users(world, 10)
    with world.store.transaction():  # VIPs made outside Helix don't count towards the add limit
        for login in [*extras, "bob"]:
            vips.add_vip(world.services, world.users[login], world.users["alice"])
    for login in extras:
        r = call(world, "DELETE", broadcaster_id=world.users["alice"], user_id=world.users[login])
        assert r.status_code == 204
    r = call(world, "DELETE", broadcaster_id=world.users["alice"], user_id=world.users["bob"])
    assert_error(
        r, 429, "The broadcaster exceeded the number of VIPs that they may remove within a 10-second window"
    )


def test_remove_by_the_broadcaster_or_the_vip(world: World, events: list[Event]) -> None:
    assert add(world, "bob").status_code == 204 and add(world, "carol").status_code == 204
    events.clear()
    r = call(world, "DELETE", broadcaster_id=world.users["alice"], user_id=world.users["bob"])
    assert r.status_code == 204 and r.content == b""
    r = call(world, "DELETE", "carol", broadcaster_id=world.users["alice"], user_id=world.users["carol"])
    assert r.status_code == 204
    assert listed(world)["data"] == []
    alice = (world.users["alice"], "alice", "Alice")
    assert events == [
        ChannelVipRemove(world.users["bob"], "bob", "Bob", *alice),
        ChannelVipRemove(world.users["carol"], "carol", "Carol", *alice),
    ]


@pytest.mark.parametrize(
    ("login", "params", "scopes", "status", "message"),
    [
        pytest.param("alice", {"broadcaster_id": "1000", "user_id": "1002"}, (MANAGE,), 422, "The user in user_id is not a VIP in the broadcaster's channel", id="not-vip"),
        pytest.param("alice", {"broadcaster_id": "1000", "user_id": "424242"}, (MANAGE,), 404, "The ID in user_id was not found", id="unknown-user"),
        pytest.param("bob", {"broadcaster_id": "424242", "user_id": "1001"}, (MANAGE,), 404, "The ID in broadcaster_id was not found", id="unknown-broadcaster"),
        pytest.param("carol", {"broadcaster_id": "1000", "user_id": "1001"}, (MANAGE,), 401, "The ID in broadcaster_id must match the user ID in the user access token", id="third-party"),
        pytest.param("alice", {"broadcaster_id": "1000"}, (MANAGE,), 400, 'Missing required parameter "user_id"', id="no-user"),
        pytest.param("alice", {"broadcaster_id": "1000", "user_id": "1001"}, (READ,), 401, "Missing scope: channel:manage:vips", id="scope"),
    ],
)  # fmt: skip
def test_remove_vip_errors(
    world: World,
    events: list[Event],
    login: str,
    params: dict[str, str],
    scopes: tuple[str, ...],
    status: int,
    message: str,
) -> None:
    assert add(world, "bob").status_code == 204
    events.clear()
    assert_error(call(world, "DELETE", login, scopes, **params), status, message)
    assert events == [] and [v["user_login"] for v in listed(world)["data"]] == ["bob"]


def _new_vip(m: MockTwitch, made: bool) -> Call:
    """A fresh user (no role in the all-units channel yet), made a VIP there when `made`."""
    caster, fan = m.users[0].id, m.create_user().id
    if made:
        m.add_vip(fan, caster)
    return Call({"broadcaster_id": caster, "user_id": fan}, as_user(m, 0, MANAGE))


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /channels/vips": [lambda m: Call({"broadcaster_id": m.users[0].id}, as_user(m, 0, READ))],
    "POST /channels/vips": [lambda m: _new_vip(m, made=False)],
    "DELETE /channels/vips": [lambda m: _new_vip(m, made=True)],
}


def test_vips_made_outside_helix_publish_once(world: World, events: list[Event]) -> None:
    with world.store.transaction():
        first = vips.add_vip(world.services, world.users["bob"], world.users["alice"])
    world.clock.advance(5)
    with world.store.transaction():
        again = vips.add_vip(world.services, world.users["bob"], world.users["alice"])
    assert again == first  # adding again keeps the VIP as they were
    assert events == [ChannelVipAdd(world.users["bob"], "bob", "Bob", world.users["alice"], "alice", "Alice")]
