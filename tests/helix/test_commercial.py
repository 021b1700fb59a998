"""Helix Start Commercial (served by the Channels module): the body or the query, live partners and
affiliates only, Twitch's lengths, a stored cooldown read from the mock's clock, and
`channel.ad_break.begin`."""

from __future__ import annotations

from typing import Any

import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock.domain.ads import AdBreakBegin
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.streams import create_stream

COMMERCIAL = "channel:edit:commercial"
COOLDOWN = "The broadcaster may not run another commercial until the cooldown period expires"


@pytest.fixture
def live(world: World) -> list[Event]:
    """alice is a live affiliate; the events published from here on."""
    with world.store.transaction():
        world.store.db.conn.execute("UPDATE users SET broadcaster_type = 'affiliate' WHERE login = 'alice'")
        create_stream(world.services, world.users["alice"])
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    return heard


def start(world: World, body: Any = None, login: str = "alice", **params: Any) -> Any:
    return world.http.post(
        "/helix/channels/commercial", params=params, json=body, headers=world.as_user(login, COMMERCIAL)
    )


def test_start_commercial_answers_and_publishes(world: World, live: list[Event]) -> None:
    r = start(world, {"broadcaster_id": world.users["alice"], "length": 60})
    assert r.status_code == 200
    assert r.json() == {"data": [{"length": 60, "message": "", "retry_after": 480}]}
    assert live == [
        AdBreakBegin(60, world.clock.rfc3339(), False, *(world.users["alice"], "alice", "Alice") * 2)
    ]


@pytest.mark.parametrize(("asked", "served"), [(1, 30), (30, 30), (31, 60), (100, 120), ("180", 180)])
def test_lengths_are_rounded_up_to_twitchs(world: World, live: list[Event], asked: Any, served: int) -> None:
    r = start(world, {"broadcaster_id": world.users["alice"], "length": asked})
    assert r.json()["data"][0]["length"] == served


def test_the_query_works_as_some_clients_send_it(world: World, live: list[Event]) -> None:
    r = start(world, None, broadcaster_id=world.users["alice"], length="90")
    assert r.json() == {"data": [{"length": 90, "message": "", "retry_after": 480}]}


def test_a_second_commercial_waits_for_the_cooldown(world: World, live: list[Event]) -> None:
    body = {"broadcaster_id": world.users["alice"], "length": 30}
    assert start(world, body).status_code == 200
    world.clock.advance(479)
    assert_error(start(world, body), 429, COOLDOWN)
    assert len(live) == 1
    world.clock.advance(1)
    assert start(world, body).json()["data"] == [{"length": 30, "message": "", "retry_after": 480}]
    assert len(live) == 2


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        pytest.param({"length": 30}, 400, 'Missing required parameter "broadcaster_id"', id="no-broadcaster"),
        pytest.param({"broadcaster_id": "1000"}, 400, 'Missing required parameter "length"', id="no-length"),
        pytest.param({"broadcaster_id": "1000", "length": 181}, 400, 'The parameter "length" was malformed: the value must be less than or equal to 180', id="too-long"),
        pytest.param({"broadcaster_id": "1000", "length": 0}, 400, 'The parameter "length" was malformed: the value must be greater than or equal to 1', id="zero"),
        pytest.param({"broadcaster_id": "1000", "length": "long"}, 400, 'The parameter "length" was malformed: the value must be an integer', id="not-a-number"),
        pytest.param({"broadcaster_id": "1001", "length": 30}, 401, "The ID in broadcaster_id must match the user ID in the user access token", id="not-own"),
    ],
)  # fmt: skip
def test_start_commercial_bad_input(
    world: World, live: list[Event], body: dict[str, Any], status: int, message: str
) -> None:
    assert_error(start(world, body), status, message)
    assert live == []


def test_only_live_partners_and_affiliates(world: World, live: list[Event]) -> None:
    r = start(world, {"broadcaster_id": world.users["bob"], "length": 30}, login="bob")
    assert_error(r, 400, "The broadcaster must be a partner or an affiliate to run commercials")
    with world.store.transaction():
        world.store.db.conn.execute("UPDATE users SET broadcaster_type = 'partner' WHERE login = 'bob'")
    r = start(world, {"broadcaster_id": world.users["bob"], "length": 30}, login="bob")
    assert_error(r, 400, "To start a commercial, the broadcaster must be streaming live")
    assert live == []
    r = world.http.post(
        "/helix/channels/commercial",
        json={"broadcaster_id": world.users["alice"], "length": 30},
        headers=world.as_user("alice"),
    )
    assert_error(r, 401, "Missing scope: channel:edit:commercial")


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "POST /channels/commercial": [
        lambda m: Call({}, as_user(m, 0, COMMERCIAL), {"broadcaster_id": m.users[0].id, "length": 60}),
    ],
}
