"""`POST /_mock/events/trigger` (the route behind `twitch-mock event trigger` and
`MockTwitch.trigger`): every twitch-cli name makes its change happen, publishes the event it names
(schema-valid, like everything else it publishes), and the answer lists exactly what was published."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.domain.outbox import Event, event_json
from twitch_mock.domain.trigger_kinds import KINDS
from twitch_mock.domain.triggers import NAMES

SCHEMAS: dict[str, Any] = json.loads((Path(__file__).parent / "payload_schemas.json").read_text())


@pytest.fixture
def star(world: World) -> World:
    with world.store.transaction():
        conn = world.store.db.conn
        conn.execute("UPDATE users SET broadcaster_type = 'partner' WHERE login = 'alice'")
        conn.execute("INSERT INTO categories (id, name, box_art_url) VALUES ('509658', 'Just Chatting', '')")
    return world


def trigger(world: World, **body: Any) -> Any:
    r = world.http.post("/_mock/events/trigger", json={"to_user_id": "alice", **body})
    assert r.status_code == 200, r.text
    return r.json()["data"][0]


@pytest.mark.parametrize("name", [n for n in KINDS if n != "transaction"])
def test_every_alias_makes_its_event_happen(star: World, name: str) -> None:
    heard: list[Event] = []
    star.services.outbox.subscribe(heard.append)
    answer = trigger(star, event=name)
    assert answer["event"] == KINDS[name][0]
    assert [p["type"] for p in answer["published"]] == [e.TYPE for e in heard]
    assert [p["event"] for p in answer["published"]] == [event_json(e) for e in heard]
    assert answer["event"] in [e.TYPE for e in heard]
    for published in answer["published"]:
        key = f"{published['type']} v{published['version']}"
        if key in SCHEMAS:
            jsonschema.validate(published["event"], SCHEMAS[key])


def test_event_types_name_the_same_changes_as_aliases(star: World) -> None:
    assert NAMES["channel.follow"] == "follow"
    assert NAMES["channel.subscribe"] == "subscribe"  # `gift` is a gifted channel.subscribe
    assert NAMES["channel.subscription.gift"] == "channel-gift"
    assert NAMES["add-update"] == "update-redemption"  # twitch-cli's docs spell it so
    answer = trigger(star, event="channel.subscription.message", from_user_id="bob", description="Hey")
    assert [p["type"] for p in answer["published"]] == ["channel.subscribe", "channel.subscription.message"]
    assert answer["published"][1]["event"]["message"] == {"text": "Hey", "emotes": []}


def test_the_change_is_stored(star: World) -> None:
    trigger(star, event="follow", from_user_id="carol", count=1)
    trigger(star, event="gift", from_user_id="dave", gifter_id="erin", tier="2000")
    headers = star.as_user("alice", "moderator:read:followers", "channel:read:subscriptions")
    params = {"broadcaster_id": star.users["alice"]}
    followers = star.http.get("/helix/channels/followers", params=params, headers=headers).json()["data"]
    assert [f["user_login"] for f in followers] == ["carol"]
    subs = star.http.get("/helix/subscriptions", params=params, headers=headers).json()["data"]
    assert [(s["user_login"], s["tier"], s["gifter_login"]) for s in subs] == [("dave", "2000", "erin")]


def test_count_repeats_with_new_viewers(star: World) -> None:
    answer = trigger(star, event="follow", count=3)
    follows = [p["event"]["user_id"] for p in answer["published"] if p["type"] == "channel.follow"]
    assert len(set(follows)) == 3


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        pytest.param(
            {"event": "nope"}, 400, "Unknown event: nope; expected an EventSub type or one of ", id="x"
        ),
        pytest.param({"event": "follow", "count": 0}, 400, "", id="count"),
        pytest.param({"event": "subscribe", "tier": "4000"}, 400, "Invalid tier provided", id="tier"),
        pytest.param({"event": "follow", "to_user_id": "nobody"}, 400, "", id="to-user"),
        pytest.param({"event": "follow", "from_user_id": "nobody"}, 400, "", id="from-user"),
        pytest.param(
            {"event": "subscribe", "to_user_id": "bob"}, 400, "Only affiliates and partners", id="not-partner"
        ),
        pytest.param({"event": "transaction"}, 400, "not simulated", id="transaction"),
        pytest.param({"event": "follow", "colour": "red"}, 400, 'Unknown field "colour"', id="field"),
    ],
)
def test_refusals_change_nothing(star: World, body: dict[str, Any], status: int, message: str) -> None:
    heard: list[Event] = []
    star.services.outbox.subscribe(heard.append)
    before = star.store.db.conn.execute("SELECT count(*) FROM users").fetchone()[0]
    r = star.http.post("/_mock/events/trigger", json={"to_user_id": "alice", **body})
    assert r.status_code == status, r.text
    assert message in r.json()["message"]
    assert heard == []
    assert star.store.db.conn.execute("SELECT count(*) FROM users").fetchone()[0] == before
    if message:
        assert_error(r, status, r.json()["message"])


def test_mocktwitch_trigger(twitch_mock: MockTwitch) -> None:
    heard: list[Event] = []
    stop = twitch_mock.on_event(heard.append)
    try:
        answer = twitch_mock.trigger("streamup", to_user_id=twitch_mock.users[1].id)
    finally:
        stop()
    assert answer.event == "stream.online"
    assert [p.type for p in answer.published] == [e.TYPE for e in heard]
    assert answer.published[-1].event["broadcaster_user_id"] == twitch_mock.users[1].id
