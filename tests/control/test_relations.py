"""The domain's consistency rules for units made by hand, on the small hand-made world (no server)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

import pytest

from conftest import World
from twitch_mock.core.errors import BadRequest, Conflict, TwitchError, Unprocessable
from twitch_mock.domain import bans, follows, moderators, subscriptions, users, vips
from twitch_mock.domain import roles as role_tables
from twitch_mock.domain.services import Services
from twitch_mock.domain.streams import create_stream
from twitch_mock.domain.users import create_user
from twitch_mock.oauth.clients import register_client

P = ParamSpec("P")
T = TypeVar("T")


def run(world: World, fn: Callable[Concatenate[Services, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
    with world.store.transaction():
        return fn(world.services, *args, **kwargs)


# The builders by name, as the parametrised cases below call them.
BUILDERS: dict[str, Callable[..., Any]] = {
    "follow": follows.follow,
    "subscribe": subscriptions.subscribe,
    "ban": bans.ban,
    "add_moderator": moderators.add_moderator,
    "add_vip": vips.add_vip,
}


def roles(world: World, table: str, broadcaster: str, user: str) -> bool:
    return role_tables.has_role(world.store.db.conn, table, world.users[broadcaster], world.users[user])


@pytest.fixture
def partner(world: World) -> str:
    made = run(world, create_user, login="Caster", broadcaster_type="partner")
    world.users["caster"] = made.id
    return str(made.id)


def test_ban_ends_moderator_and_vip_roles(world: World, partner: str) -> None:
    run(world, moderators.add_moderator, world.users["alice"], partner)
    run(world, vips.add_vip, world.users["bob"], partner)
    run(world, bans.ban, world.users["alice"], partner)
    run(world, bans.ban, world.users["bob"], partner, reason="spam", duration=600)
    assert not roles(world, "moderators", "caster", "alice")
    assert not roles(world, "vips", "caster", "bob")
    assert roles(world, "bans", "caster", "alice") and roles(world, "bans", "caster", "bob")


def test_making_a_relationship_again_replaces_it(world: World, partner: str) -> None:
    run(world, subscriptions.subscribe, world.users["alice"], partner, "1000")
    again = run(world, subscriptions.subscribe, world.users["alice"], partner, "2000", world.users["bob"])
    assert (again.tier, again.is_gift, again.gifter_id) == ("2000", True, world.users["bob"])
    count = world.store.db.conn.execute("SELECT count(*) FROM subscriptions").fetchone()[0]
    assert count == 1


@pytest.mark.parametrize(
    ("setup", "action", "error", "message"),
    [
        pytest.param((), ("follow", "alice", "alice"), BadRequest, "must be different", id="self-follow"),
        pytest.param((), ("follow", "alice", "nobody"), BadRequest, "does not exist", id="unknown-user"),
        pytest.param((), ("subscribe", "caster", "alice"), BadRequest, "affiliates and partners", id="plain"),
        pytest.param((("ban", "alice"),), ("add_moderator", "alice"), BadRequest, "banned", id="mod-banned"),
        pytest.param((("ban", "alice"),), ("add_vip", "alice"), BadRequest, "banned", id="vip-banned"),
        pytest.param((("add_vip", "alice"),), ("add_moderator", "alice"), Unprocessable, "VIP", id="mod-vip"),
        pytest.param(
            (("add_moderator", "alice"),), ("add_vip", "alice"), Unprocessable, "moderator", id="vip-mod"
        ),
    ],
)
def test_inconsistent_relationships_are_refused(
    world: World,
    partner: str,
    setup: tuple[tuple[str, str], ...],
    action: tuple[str, ...],
    error: type[TwitchError],
    message: str,
) -> None:
    for name, login in setup:
        run(world, BUILDERS[name], world.users[login], partner)
    name, *logins = action
    ids = [world.users.get(login, "999999") for login in logins] or []
    if len(ids) == 1:
        ids.append(partner)
    with pytest.raises(error, match=message):
        run(world, BUILDERS[name], *ids)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"moderator_id": "1001"}, "not one of the broadcaster's moderators", id="not-a-mod"),
        pytest.param({"duration": 0}, "from 1 to 1209600", id="zero"),
        pytest.param({"duration": 1_209_601}, "from 1 to 1209600", id="too-long"),
    ],
)
def test_bad_bans(world: World, partner: str, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(BadRequest, match=message):
        run(world, bans.ban, world.users["alice"], partner, **kwargs)


def test_a_refused_builder_writes_nothing(world: World) -> None:
    before = users.count(world.store.db.conn)
    with pytest.raises(BadRequest):
        run(world, create_user, login="fine", broadcaster_type="bogus")
    assert users.count(world.store.db.conn) == before


def test_stream_updates_the_channel(world: World) -> None:
    alice = world.users["alice"]
    row = run(world, create_stream, alice, title="Live now", language="de")
    record = users.record(world.store.db.conn, alice)
    assert record is not None and (record.title, record.broadcaster_language) == ("Live now", "de")
    again = run(world, create_stream, alice, id="123", viewer_count=5)
    assert again.id == "123" and row.id != again.id
    assert world.store.db.conn.execute("SELECT count(*) FROM streams").fetchone()[0] == 1


def test_clients(world: World) -> None:
    public = run(world, register_client, "Public app", ["http://localhost:1/cb"], True)
    assert public.secret is None and public.is_public
    with pytest.raises(Conflict):
        run(world, register_client, "Again", client_id=public.id)
    with pytest.raises(BadRequest, match="absolute http\\(s\\) URLs"):
        run(world, register_client, "Bad", ["not a url"])
    with pytest.raises(BadRequest, match="name"):
        run(world, register_client, " ")


def test_a_timeout_bars_roles_only_until_it_ends(world: World, partner: str) -> None:
    run(world, bans.ban, world.users["alice"], partner, duration=60)
    with pytest.raises(BadRequest, match="banned"):
        run(world, vips.add_vip, world.users["alice"], partner)
    world.clock.advance(58)
    with pytest.raises(BadRequest, match="banned"):
        run(world, vips.add_vip, world.users["alice"], partner)
    world.clock.advance(3)
    assert run(world, vips.add_vip, world.users["alice"], partner).user_id == world.users["alice"]
