"""Dispatch: a committed event reaches every matching enabled subscription exactly once, and no
other; the notification carries the subscription Create returned and the event's fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from eventsub_support import SUBS, FakeTransport, fake_session, frames, runtime, ws_body

from conftest import World
from twitch_mock.domain import moderators, roles
from twitch_mock.domain.outbox import INTERNAL, Event, event_json
from twitch_mock.domain.raids import ChannelRaid
from twitch_mock.eventsub.websocket import Session

BROADCAST = "channel:manage:broadcast"


def subscribe(
    world: World,
    session: Session,
    login: str,
    kind: str,
    version: str,
    condition: dict[str, str],
    *scopes: str,
) -> str:
    r = world.http.post(
        SUBS, json=ws_body(kind, version, condition, session.id), headers=world.as_user(login, *scopes)
    )
    assert r.status_code == 202, r.text
    sub_id: str = r.json()["data"][0]["id"]
    return sub_id


def publish(world: World, event: Event) -> None:
    with world.store.transaction():
        world.services.publish(event)


def test_a_helix_patch_notifies_the_matching_session_once_and_no_other(world: World) -> None:
    mine, other = fake_session(world), fake_session(world)
    alice, bob = world.users["alice"], world.users["bob"]
    sub_id = subscribe(world, mine, "alice", "channel.update", "2", {"broadcaster_user_id": alice})
    subscribe(world, other, "bob", "channel.update", "2", {"broadcaster_user_id": bob})
    frames(mine), frames(other)
    r = world.http.patch(
        f"/helix/channels?broadcaster_id={alice}",
        json={"title": "new title"},
        headers=world.as_user("alice", BROADCAST),
    )
    assert r.status_code == 204, r.text
    [message] = frames(mine)
    assert frames(other) == []
    metadata = message["metadata"]
    assert set(metadata) == {
        "message_id",
        "message_type",
        "message_timestamp",
        "subscription_type",
        "subscription_version",
    }
    assert (metadata["message_type"], metadata["subscription_type"], metadata["subscription_version"]) == (
        "notification",
        "channel.update",
        "2",
    )
    assert metadata["message_timestamp"].endswith("Z") and len(metadata["message_timestamp"]) == 30
    assert message["payload"]["subscription"] == {
        "id": sub_id,
        "status": "enabled",
        "type": "channel.update",
        "version": "2",
        "condition": {"broadcaster_user_id": alice},
        "created_at": world.services.now(),
        "transport": {"method": "websocket", "session_id": mine.id},
        "cost": 0,
    }
    event = message["payload"]["event"]
    assert event["broadcaster_user_id"] == alice and event["title"] == "new title"
    assert set(event) == {
        "broadcaster_user_id", "broadcaster_user_login", "broadcaster_user_name", "title", "language",
        "category_id", "category_name", "content_classification_labels",
    }  # fmt: skip


def test_a_failed_request_notifies_nobody(world: World) -> None:
    session = fake_session(world)
    alice = world.users["alice"]
    subscribe(world, session, "alice", "channel.update", "2", {"broadcaster_user_id": alice})
    frames(session)
    r = world.http.patch(
        f"/helix/channels?broadcaster_id={alice}",
        json={"title": ""},
        headers=world.as_user("alice", BROADCAST),
    )
    assert r.status_code == 400
    assert frames(session) == []


def test_a_raid_reaches_both_ends(world: World) -> None:
    out, into, bystander = fake_session(world), fake_session(world), fake_session(world)
    alice, bob, carol = world.users["alice"], world.users["bob"], world.users["carol"]
    subscribe(world, out, "alice", "channel.raid", "1", {"from_broadcaster_user_id": alice})
    subscribe(world, into, "bob", "channel.raid", "1", {"to_broadcaster_user_id": bob})
    subscribe(world, bystander, "carol", "channel.raid", "1", {"to_broadcaster_user_id": carol})
    for s in (out, into, bystander):
        frames(s)
    publish(world, ChannelRaid(alice, "alice", "Alice", bob, "bob", "Bob", 42))
    assert [f["payload"]["event"]["viewers"] for f in frames(out)] == [42]
    assert [f["payload"]["event"]["viewers"] for f in frames(into)] == [42]
    assert frames(bystander) == []


@dataclass(frozen=True, slots=True)
class Reward:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Redeemed(Event):
    TYPE: ClassVar[str] = "channel.channel_points_custom_reward_redemption.add"
    broadcaster_user_id: str
    reward: Reward
    secret_key: str = field(default="x", metadata={INTERNAL: True})


def test_an_optional_filter_narrows_the_match(world: World) -> None:
    every, only = fake_session(world), fake_session(world)
    alice = world.users["alice"]
    scope = "channel:read:redemptions"
    kind = Redeemed.TYPE
    subscribe(world, every, "alice", kind, "1", {"broadcaster_user_id": alice}, scope)
    subscribe(world, only, "alice", kind, "1", {"broadcaster_user_id": alice, "reward_id": "r-2"}, scope)
    frames(every), frames(only)
    publish(world, Redeemed(alice, Reward("r-1", "one")))
    [message] = frames(every)
    assert message["payload"]["event"] == {
        "broadcaster_user_id": alice,
        "reward": {"id": "r-1", "title": "one"},
    }
    assert frames(only) == []
    publish(world, Redeemed(alice, Reward("r-2", "two")))
    assert len(frames(every)) == 1
    assert [f["payload"]["event"]["reward"]["id"] for f in frames(only)] == ["r-2"]


def test_moderator_conditions_stop_and_revoke_when_the_role_goes(world: World) -> None:
    session = fake_session(world)
    alice, bob = world.users["alice"], world.users["bob"]
    with world.store.transaction():
        moderators.add_channel_moderator(world.services, alice, bob)
    sub_id = subscribe(
        world, session, "bob", "channel.shield_mode.begin", "1",
        {"broadcaster_user_id": alice, "moderator_user_id": bob}, "moderator:read:shield_mode",
    )  # fmt: skip
    frames(session)

    @dataclass(frozen=True, slots=True)
    class ShieldOn(Event):
        TYPE: ClassVar[str] = "channel.shield_mode.begin"
        broadcaster_user_id: str

    publish(world, ShieldOn(alice))
    assert [f["metadata"]["message_type"] for f in frames(session)] == ["notification"]
    with world.store.transaction():
        moderators.remove_moderator(world.services, alice, bob)
    [revoked] = frames(session)  # at once, when the role goes
    assert revoked["metadata"]["message_type"] == "revocation"
    assert revoked["payload"]["subscription"]["id"] == sub_id
    assert revoked["payload"]["subscription"]["status"] == "moderator_removed"
    publish(world, ShieldOn(alice))
    assert frames(session) == []
    # a role that goes without its event is noticed when the next event comes
    with world.store.transaction():
        moderators.add_channel_moderator(world.services, alice, bob)
    again = subscribe(
        world, session, "bob", "channel.shield_mode.begin", "1",
        {"broadcaster_user_id": alice, "moderator_user_id": bob}, "moderator:read:shield_mode",
    )  # fmt: skip
    with world.store.transaction():
        roles.drop_role(world.services.conn, "moderators", alice, bob)
    frames(session)
    publish(world, ShieldOn(alice))
    [revoked] = frames(session)
    assert (revoked["payload"]["subscription"]["id"], revoked["metadata"]["message_type"]) == (
        again,
        "revocation",
    )


def test_transports_by_method_and_the_event_json(world: World) -> None:
    conduits = FakeTransport("conduit")
    runtime(world).register(conduits)
    made = world.http.post("/helix/eventsub/conduits", json={"shard_count": 1}, headers=world.headers())
    conduit_id = made.json()["data"][0]["id"]
    body: dict[str, Any] = {
        "type": "stream.online",
        "version": "1",
        "condition": {"broadcaster_user_id": world.users["alice"]},
        "transport": {"method": "conduit", "conduit_id": conduit_id},
    }
    assert world.http.post(SUBS, json=body, headers=world.headers()).status_code == 202

    @dataclass(frozen=True, slots=True)
    class Online(Event):
        TYPE: ClassVar[str] = "stream.online"
        broadcaster_user_id: str
        type: str

    publish(world, Online(world.users["alice"], "live"))
    [(target, message)] = conduits.of_type("notification")
    assert (target.method, target.conduit_id) == ("conduit", conduit_id)
    assert message.body["subscription"]["transport"] == {"method": "conduit", "conduit_id": conduit_id}
    assert message.body["event"] == {"broadcaster_user_id": world.users["alice"], "type": "live"}
    assert event_json(Redeemed("1", Reward("r", "t"))) == {
        "broadcaster_user_id": "1",
        "reward": {"id": "r", "title": "t"},
    }


def test_world_reset_is_not_dispatched(world: World) -> None:
    hooks = FakeTransport("conduit")
    runtime(world).register(hooks)
    world.services.outbox.reset()
    assert hooks.delivered == []


def _user_update_email(world: World, *scopes: str) -> tuple[str, bool]:
    session = fake_session(world)
    alice = world.users["alice"]
    subscribe(world, session, "alice", "user.update", "1", {"user_id": alice}, *scopes)
    frames(session)
    r = world.http.put("/helix/users?description=Hello", headers=world.as_user("alice", "user:edit"))
    assert r.status_code == 200, r.text
    [message] = frames(session)
    event = message["payload"]["event"]
    return event["email"], event["email_verified"]


def test_user_update_shows_the_email_only_to_a_client_granted_user_read_email(world: World) -> None:
    email, _ = _user_update_email(world)
    assert email == ""


def test_user_update_shows_the_email_to_a_client_the_user_granted_it(world: World) -> None:
    email, _ = _user_update_email(world, "user:read:email")
    assert email and "@" in email


def _retitle(world: World, title: str) -> None:
    alice = world.users["alice"]
    r = world.http.patch(
        f"/helix/channels?broadcaster_id={alice}",
        json={"title": title},
        headers=world.as_user("alice", BROADCAST),
    )
    assert r.status_code == 204, r.text


def test_a_subscription_made_after_unheard_events_hears_the_next(world: World) -> None:
    """Dispatch skips its query for kinds nobody subscribed to; a new subscription, a deleted one
    and a restored snapshot are seen by the very next event."""
    _retitle(world, "nobody listens")  # no subscription of the kind: nothing to hear
    session = fake_session(world)
    sub_id = subscribe(
        world, session, "alice", "channel.update", "2", {"broadcaster_user_id": world.users["alice"]}
    )
    frames(session)
    snapshot = world.store.db.snapshot()
    _retitle(world, "first")
    assert [m["payload"]["event"]["title"] for m in frames(session)] == ["first"]
    r = world.http.delete(f"{SUBS}?id={sub_id}", headers=world.as_user("alice"))
    assert r.status_code == 204, r.text
    _retitle(world, "second")
    assert frames(session) == []
    world.store.db.restore(snapshot)  # the subscription is back, enabled
    _retitle(world, "third")
    assert [m["payload"]["event"]["title"] for m in frames(session)] == ["third"]


def test_the_subscribers_of_a_heard_event_are_read_again_after_any_change(world: World) -> None:
    """Dispatch remembers who hears an event key; a subscription made, disabled or given a new
    status after that is seen by the very next event."""
    alice = world.users["alice"]
    first, second = fake_session(world), fake_session(world)
    first_id = subscribe(world, first, "alice", "channel.update", "2", {"broadcaster_user_id": alice})
    frames(first)
    _retitle(world, "one")
    assert [m["payload"]["event"]["title"] for m in frames(first)] == ["one"]
    subscribe(world, second, "bob", "channel.update", "2", {"broadcaster_user_id": alice})
    frames(second)
    _retitle(world, "two")
    assert [m["payload"]["event"]["title"] for m in frames(first)] == ["two"]
    assert [m["payload"]["event"]["title"] for m in frames(second)] == ["two"]
    r = world.http.post(
        "/_mock/eventsub/subscription", json={"subscription_id": first_id, "status": "authorization_revoked"}
    )
    assert r.status_code == 200, r.text
    assert [m["metadata"]["message_type"] for m in frames(first)] == ["revocation"]
    _retitle(world, "three")
    assert frames(first) == []
    assert [m["payload"]["event"]["title"] for m in frames(second)] == ["three"]
