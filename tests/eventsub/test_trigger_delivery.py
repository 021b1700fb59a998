"""The events of simulated viewers, triggers and the clock reach EventSub subscriptions like those
of Helix writes: a WebSocket session subscribed to the type hears each once, with the payload the
schema documents, and a session subscribed to another channel hears nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
from eventsub_support import SUBS, fake_session, frames, ws_body

from conftest import World
from twitch_mock.eventsub.websocket import Session

SCHEMAS: dict[str, Any] = json.loads((Path(__file__).parent / "payload_schemas.json").read_text())


def subscribe(world: World, session: Session, login: str, kind: str, version: str, *scopes: str) -> None:
    condition = {"broadcaster_user_id": world.users[login]}
    if kind == "channel.follow":
        condition["moderator_user_id"] = world.users[login]
    r = world.http.post(
        SUBS, json=ws_body(kind, version, condition, session.id), headers=world.as_user(login, *scopes)
    )
    assert r.status_code == 202, r.text
    frames(session)


def partner(world: World, *logins: str) -> None:
    with world.store.transaction():
        for login in logins:
            world.store.db.conn.execute(
                "UPDATE users SET broadcaster_type = 'partner' WHERE login = ?", (login,)
            )


def test_a_triggered_follow_reaches_the_channels_subscription_only(world: World) -> None:
    mine, other = fake_session(world), fake_session(world)
    subscribe(world, mine, "alice", "channel.follow", "2", "moderator:read:followers")
    subscribe(world, other, "bob", "channel.follow", "2", "moderator:read:followers")
    r = world.http.post(
        "/_mock/events/trigger", json={"event": "follow", "to_user_id": "alice", "from_user_id": "erin"}
    )
    assert r.status_code == 200, r.text
    [message] = frames(mine)
    assert frames(other) == []
    event = message["payload"]["event"]
    jsonschema.validate(event, SCHEMAS["channel.follow v2"])
    assert (event["user_login"], event["broadcaster_user_login"]) == ("erin", "alice")


def test_a_gift_reaches_gift_and_subscribe_subscriptions(world: World) -> None:
    partner(world, "alice")
    gifts, subs = fake_session(world), fake_session(world)
    subscribe(world, gifts, "alice", "channel.subscription.gift", "1", "channel:read:subscriptions")
    subscribe(world, subs, "alice", "channel.subscribe", "1", "channel:read:subscriptions")
    r = world.http.post(
        "/_mock/subscriptions/gifts", json={"gifter_id": "erin", "broadcaster_id": "alice", "count": 2}
    )
    assert r.status_code == 200, r.text
    assert [f["payload"]["event"]["total"] for f in frames(gifts)] == [2]
    assert [f["payload"]["event"]["is_gift"] for f in frames(subs)] == [True, True]


def test_a_poll_ending_on_the_clock_is_delivered_once(world: World) -> None:
    session = fake_session(world)
    subscribe(world, session, "alice", "channel.poll.end", "1", "channel:read:polls")
    body = {"broadcaster_id": world.users["alice"], "title": "Q", "duration": 15}
    r = world.http.post(
        "/helix/polls",
        json={**body, "choices": [{"title": "A"}, {"title": "B"}]},
        headers=world.as_user("alice", "channel:manage:polls"),
    )
    assert r.status_code == 200, r.text
    world.clock.advance(16)
    world.clock.advance(16)
    notes = [f for f in frames(session) if f["metadata"]["message_type"] == "notification"]
    [message] = notes  # (keepalives fall due on the same clock)
    event = message["payload"]["event"]
    jsonschema.validate(event, SCHEMAS["channel.poll.end v1"])
    assert (event["id"], event["status"]) == (r.json()["data"][0]["id"], "completed")
