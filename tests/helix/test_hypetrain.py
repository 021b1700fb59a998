"""Helix Hype Train family: Get Hype Train Status from stored trains; a train stops being current
when its expires_at passes on the mock's clock. Get Hype Train Events is decommissioned (410)."""

from __future__ import annotations

import httpx
import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import hypetrain
from twitch_mock.domain.hypetrain import (
    Contribution,
    ContributionRow,
    HypeTrainBegin,
    HypeTrainEnd,
    HypeTrainProgress,
    HypeTrainRow,
    ParticipantRow,
)
from twitch_mock.domain.outbox import Event
from twitch_mock.store.rows import insert_rows

READ = "channel:read:hype_train"


@pytest.fixture
def trains(world: World) -> World:
    """Alice: a current train, two past ones (one shared with Erin)."""
    alice = world.users["alice"]
    at = world.clock.rfc3339
    conn = world.store.db.conn
    with world.store.transaction():
        insert_rows(conn, "INSERT", [
            HypeTrainRow("t-now", alice, 2, 2100, 500, 2000, "golden_kappa", False, at(-300), at(240)),
            HypeTrainRow("t-old", alice, 4, 9000, 10, 3000, "regular", False, at(-9000), at(-8000)),
            HypeTrainRow("t-low", alice, 1, 100, 100, 1600, "regular", False, at(-7000), at(-6000)),
            HypeTrainRow("t-shared", alice, 3, 7000, 0, 2400, "treasure", True, at(-5000), at(-4000)),
        ])  # fmt: skip
        insert_rows(conn, "INSERT", [
            ContributionRow("t-now", world.users["bob"], "bits", 300),
            ContributionRow("t-now", world.users["carol"], "bits", 900),
            ContributionRow("t-now", world.users["dave"], "subscription", 1000),
            ContributionRow("t-old", world.users["dave"], "other", 50),
        ])  # fmt: skip
        insert_rows(conn, "INSERT", [ParticipantRow("t-shared", world.users["erin"])])
    return world


def get(world: World, login: str = "alice") -> httpx.Response:
    r: httpx.Response = world.http.get(
        f"/helix/hypetrain/status?broadcaster_id={world.users[login]}", headers=world.as_user(login, READ)
    )
    return r


def test_status_with_a_current_train_and_records(trains: World) -> None:
    at = trains.clock.rfc3339
    r = get(trains)
    assert r.status_code == 200
    assert r.json() == {
        "data": [
            {
                "current": {
                    "id": "t-now",
                    "broadcaster_user_id": trains.users["alice"],
                    "broadcaster_user_login": "alice",
                    "broadcaster_user_name": "Alice",
                    "level": 2,
                    "total": 2100,
                    "progress": 500,
                    "goal": 2000,
                    "top_contributions": [
                        {
                            "user_id": trains.users["dave"],
                            "user_login": "dave",
                            "user_name": "Dave",
                            "type": "subscription",
                            "total": 1000,
                        },
                        {
                            "user_id": trains.users["carol"],
                            "user_login": "carol",
                            "user_name": "Carol",
                            "type": "bits",
                            "total": 900,
                        },
                    ],
                    "shared_train_participants": None,
                    "started_at": at(-300),
                    "expires_at": at(240),
                    "type": "golden_kappa",
                    "is_shared_train": False,
                },
                "all_time_high": {"level": 4, "total": 9000, "achieved_at": at(-8000)},
                "shared_all_time_high": {"level": 3, "total": 7000, "achieved_at": at(-4000)},
            }
        ]
    }


def test_an_expired_train_is_not_current(trains: World) -> None:
    trains.clock.advance(240)
    status = get(trains).json()["data"][0]
    assert status["current"] is None
    assert status["all_time_high"]["level"] == 4  # the ended level-2 train is no record


def test_a_channel_without_trains(trains: World) -> None:
    assert get(trains, "bob").json() == {
        "data": [{"current": None, "all_time_high": None, "shared_all_time_high": None}]
    }


def test_a_shared_current_train_lists_its_participants(trains: World) -> None:
    with trains.store.transaction():
        trains.store.db.conn.execute("UPDATE hype_trains SET is_shared_train = 1 WHERE id = 't-now'")
        insert_rows(trains.store.db.conn, "INSERT", [ParticipantRow("t-now", trains.users["erin"])])
    current = get(trains).json()["data"][0]["current"]
    assert current["is_shared_train"] is True
    assert current["shared_train_participants"] == [
        {
            "broadcaster_user_id": trains.users["erin"],
            "broadcaster_user_login": "erin",
            "broadcaster_user_name": "Erin",
        }
    ]


@pytest.mark.parametrize(
    ("query", "scopes", "status", "message"),
    [
        pytest.param("", (READ,), 400, 'Missing required parameter "broadcaster_id"', id="missing"),
        pytest.param("?broadcaster_id=1001", (READ,), 401, "The ID in broadcaster_id must match the user ID in the user access token", id="not-owner"),
        pytest.param("?broadcaster_id=1000", (), 401, "Missing scope: channel:read:hype_train", id="scope"),
    ],
)  # fmt: skip
def test_errors(trains: World, query: str, scopes: tuple[str, ...], status: int, message: str) -> None:
    r = trains.http.get(f"/helix/hypetrain/status{query}", headers=trains.as_user("alice", *scopes))
    assert_error(r, status, message)


def test_hype_train_events_is_gone(trains: World) -> None:
    r = trains.http.get(
        f"/helix/hypetrain/events?broadcaster_id={trains.users['alice']}",
        headers=trains.as_user("alice", READ),
    )
    assert r.status_code == 410


def test_contributions_start_move_and_end_a_train(world: World) -> None:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    alice, at = world.users["alice"], world.clock.rfc3339
    with world.store.transaction():
        world.store.db.conn.execute("UPDATE users SET broadcaster_type = 'partner' WHERE login = 'alice'")
        started = hypetrain.contribute(world.services, alice, world.users["bob"], "bits", 1000)
    bob = Contribution(world.users["bob"], "bob", "Bob", "bits", 1000)
    assert heard == [
        HypeTrainBegin(started.id, alice, "alice", "Alice", 1000, 1000, 1600, [bob], 1, 0, 0, None, at(),
                       at(300), "regular", False)
    ]  # fmt: skip
    world.clock.advance(100)
    with world.store.transaction():
        train = hypetrain.contribute(world.services, alice, world.users["carol"], "subscription", 2500)
    assert (train.level, train.total, train.progress, train.goal) == (2, 3500, 1900, 2000)
    assert train.expires_at == at(300)  # a new level: five more minutes from now
    assert isinstance(heard[1], HypeTrainProgress) and heard[1].level == 2
    assert [c.user_login for c in heard[1].top_contributions] == ["carol", "bob"]
    assert get(world).json()["data"][0]["current"]["total"] == 3500
    with world.store.transaction():
        ended = hypetrain.end(world.services, alice)
    assert isinstance(heard[2], HypeTrainEnd) and heard[2] == ended
    assert (ended.ended_at, ended.cooldown_ends_at, ended.level) == (at(), at(3600), 2)
    status = get(world).json()["data"][0]
    assert status["current"] is None and status["all_time_high"] == {
        "level": 2,
        "total": 3500,
        "achieved_at": at(),
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(("alice", "bob", "bits", 100), "Only affiliates and partners have Hype Trains; the broadcaster is neither", id="not-affiliate"),
        pytest.param(("carol", "bob", "cheers", 100), "The value of \"type\" must be one of 'bits', 'subscription', 'other', not 'cheers'", id="type"),
        pytest.param(("carol", "bob", "bits", 0), 'The value of "total" must be an integer from 1 to 1000000', id="amount"),
        pytest.param(("carol", "carol", "bits", 10), '"user_id" and "broadcaster_id" must be different users', id="self"),
    ],
)  # fmt: skip
def test_a_bad_contribution_changes_nothing(
    world: World, args: tuple[str, str, str, int], message: str
) -> None:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    channel, user, kind, amount = args
    with world.store.transaction():
        world.store.db.conn.execute("UPDATE users SET broadcaster_type = 'partner' WHERE login = 'carol'")
    with pytest.raises(BadRequest) as raised, world.store.transaction():
        hypetrain.contribute(world.services, world.users[channel], world.users[user], kind, amount)
    assert raised.value.message == message and heard == []
    with pytest.raises(BadRequest, match="no Hype Train in progress"), world.store.transaction():
        hypetrain.end(world.services, world.users["carol"])


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /hypetrain/status": [lambda m: Call({"broadcaster_id": m.users[0].id}, as_user(m, 0, READ))],
}


def test_the_all_units_user_has_a_current_train(twitch_mock: MockTwitch) -> None:
    headers = {"Authorization": f"Bearer {as_user(twitch_mock, 0, READ)}", "Client-Id": twitch_mock.client_id}
    params = {"broadcaster_id": twitch_mock.users[0].id}
    status = httpx.get(twitch_mock.helix_url + "hypetrain/status", params=params, headers=headers).json()[
        "data"
    ][0]
    assert status["current"]["level"] == 3 and status["current"]["top_contributions"]
    assert status["all_time_high"]["level"] == 5 and status["shared_all_time_high"]["level"] == 4
    twitch_mock.advance(3600)
    headers["Authorization"] = f"Bearer {as_user(twitch_mock, 0, READ)}"
    later = httpx.get(twitch_mock.helix_url + "hypetrain/status", params=params, headers=headers).json()[
        "data"
    ][0]
    assert later["current"] is None
