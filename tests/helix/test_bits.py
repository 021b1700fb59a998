"""Helix Bits family: Get Bits Leaderboard (summed from stored cheers), Get Cheermotes, and the
`channel.cheer` event a cheer publishes."""

from __future__ import annotations

from typing import Any

import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import bits
from twitch_mock.domain.bits import ChannelCheer
from twitch_mock.domain.outbox import Event

READ = "bits:read"


def partner(world: World, login: str = "alice") -> None:
    with world.store.transaction():
        world.store.db.conn.execute("UPDATE users SET broadcaster_type = 'partner' WHERE login = ?", (login,))


def cheer(
    world: World, user: str, amount: int, at: str, channel: str = "alice", anonymous: bool = False
) -> None:
    with world.store.transaction():
        bits.cheer(world.services, world.users[user], world.users[channel], amount, "Cheer", anonymous=anonymous,
                   created_at=at)  # fmt: skip


@pytest.fixture
def cheers(world: World) -> World:
    """Cheers to alice. In January 2024 (PST): bob 100 + 50, carol 500, dave 10; in the week of
    Monday 2024-02-05: erin 1000, bob 5; an anonymous 9999 (counts for nobody). One to carol's
    channel, which must not count for alice."""
    partner(world)
    partner(world, "carol")
    cheer(world, "bob", 100, "2024-01-10T12:00:00Z")
    cheer(world, "bob", 50, "2024-01-11T12:00:00Z")
    cheer(world, "carol", 500, "2024-01-12T12:00:00Z")
    cheer(world, "dave", 10, "2024-01-31T12:00:00Z")
    cheer(world, "erin", 1000, "2024-02-06T12:00:00Z")
    cheer(world, "bob", 5, "2024-02-07T12:00:00Z")
    cheer(world, "dave", 9999, "2024-02-07T13:00:00Z", anonymous=True)
    cheer(world, "bob", 7777, "2024-02-07T13:00:00Z", channel="carol")
    return world


def board(world: World, query: str = "", login: str = "alice") -> Any:
    r = world.http.get(f"/helix/bits/leaderboard{query}", headers=world.as_user(login, READ))
    assert r.status_code == 200, r.text
    return r.json()


def ranking(body: Any) -> list[tuple[str, int, int]]:
    return [(e["user_login"], e["rank"], e["score"]) for e in body["data"]]


def test_all_time_leaderboard_shape(cheers: World) -> None:
    body = board(cheers)
    assert set(body) == {"data", "date_range", "total"}
    assert body["date_range"] == {"started_at": "", "ended_at": ""} and body["total"] == 4
    assert ranking(body) == [("erin", 1, 1000), ("carol", 2, 500), ("bob", 3, 155), ("dave", 4, 10)]
    assert body["data"][0] == {
        "user_id": cheers.users["erin"],
        "user_login": "erin",
        "user_name": "Erin",
        "rank": 1,
        "score": 1000,
    }


@pytest.mark.parametrize(
    ("query", "window", "expected"),
    [
        pytest.param("?period=month&started_at=2024-01-15T00:00:00Z", ("2024-01-01T08:00:00Z", "2024-02-01T08:00:00Z"),
                     [("carol", 1, 500), ("bob", 2, 150), ("dave", 3, 10)], id="month"),
        # 2024-02-01T07:00Z is still January 31st in PST
        pytest.param("?period=month&started_at=2024-02-01T07:00:00Z", ("2024-01-01T08:00:00Z", "2024-02-01T08:00:00Z"),
                     [("carol", 1, 500), ("bob", 2, 150), ("dave", 3, 10)], id="month-pst"),
        pytest.param("?period=week&started_at=2024-02-08T00:00:00-08:00", ("2024-02-05T08:00:00Z", "2024-02-12T08:00:00Z"),
                     [("erin", 1, 1000), ("bob", 2, 5)], id="week"),
        pytest.param("?period=day&started_at=2024-01-12T10:00:00Z", ("2024-01-12T08:00:00Z", "2024-01-13T08:00:00Z"),
                     [("carol", 1, 500)], id="day"),
        pytest.param("?period=year&started_at=2024-06-01T00:00:00Z", ("2024-01-01T08:00:00Z", "2025-01-01T08:00:00Z"),
                     [("erin", 1, 1000), ("carol", 2, 500), ("bob", 3, 155), ("dave", 4, 10)], id="year"),
        pytest.param("?period=day&started_at=2023-01-01T12:00:00Z", ("2023-01-01T08:00:00Z", "2023-01-02T08:00:00Z"),
                     [], id="nothing"),
        pytest.param("?period=all&started_at=2024-01-12T10:00:00Z", ("", ""),
                     [("erin", 1, 1000), ("carol", 2, 500), ("bob", 3, 155), ("dave", 4, 10)], id="all-ignores-start"),
    ],
)  # fmt: skip
def test_periods(
    cheers: World, query: str, window: tuple[str, str], expected: list[tuple[str, int, int]]
) -> None:
    body = board(cheers, query)
    assert (body["date_range"]["started_at"], body["date_range"]["ended_at"]) == window
    assert ranking(body) == expected and body["total"] == len(expected)


def test_count_and_user_id(cheers: World) -> None:
    assert ranking(board(cheers, "?count=2")) == [("erin", 1, 1000), ("carol", 2, 500)]
    assert ranking(board(cheers, f"?count=1&user_id={cheers.users['bob']}")) == [("bob", 3, 155)]
    # around the user: those ranked above and below
    assert [e[0] for e in ranking(board(cheers, f"?count=3&user_id={cheers.users['bob']}"))] == [
        "carol",
        "bob",
        "dave",
    ]
    assert [e[0] for e in ranking(board(cheers, f"?count=3&user_id={cheers.users['dave']}"))] == [
        "carol",
        "bob",
        "dave",
    ]
    assert [e[0] for e in ranking(board(cheers, f"?count=2&user_id={cheers.users['erin']}"))] == [
        "erin",
        "carol",
    ]
    assert board(cheers, "?user_id=999") == {
        "data": [],
        "date_range": {"started_at": "", "ended_at": ""},
        "total": 0,
    }


def test_a_channel_without_cheers_has_an_empty_board(cheers: World) -> None:
    assert board(cheers, login="erin")["data"] == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        pytest.param("?count=0", 'The parameter "count" was malformed: the value must be greater than or equal to 1', id="count-low"),
        pytest.param("?count=101", 'The parameter "count" was malformed: the value must be less than or equal to 100', id="count-high"),
        pytest.param("?count=ten", 'The parameter "count" was malformed: the value must be an integer', id="count-text"),
        pytest.param("?period=decade", 'The parameter "period" was malformed: the value must be one of day, week, month, year, all', id="period"),
        pytest.param("?period=day", "The started_at query parameter is required if period is not set to all", id="no-start"),
        pytest.param("?period=day&started_at=yesterday", 'The parameter "started_at" was malformed: the value must be an RFC3339 timestamp', id="bad-start"),
    ],
)  # fmt: skip
def test_leaderboard_bad_input(cheers: World, query: str, message: str) -> None:
    r = cheers.http.get(f"/helix/bits/leaderboard{query}", headers=cheers.as_user("alice", READ))
    assert_error(r, 400, message)


def test_leaderboard_needs_a_user_token_with_bits_read(cheers: World) -> None:
    assert_error(
        cheers.http.get("/helix/bits/leaderboard", headers=cheers.headers()), 401, "Missing User OAUTH Token"
    )
    r = cheers.http.get("/helix/bits/leaderboard", headers=cheers.as_user("alice"))
    assert_error(r, 401, "Missing scope: bits:read")


def test_a_cheer_publishes_channel_cheer_and_a_failure_nothing(world: World) -> None:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    with pytest.raises(BadRequest):
        cheer(world, "bob", 100, "2024-01-01T00:00:00Z")  # alice takes no Bits yet
    partner(world)
    with pytest.raises(BadRequest):
        cheer(world, "bob", 0, "2024-01-01T00:00:00Z")
    assert heard == []
    cheer(world, "bob", 100, "2024-01-01T00:00:00Z")
    cheer(world, "carol", 5, "2024-01-01T00:00:00Z", anonymous=True)
    alice = (world.users["alice"], "alice", "Alice")
    assert heard == [
        ChannelCheer(False, world.users["bob"], "bob", "Bob", *alice, "Cheer", 100),
        ChannelCheer(True, None, None, None, *alice, "Cheer", 5),
    ]


# --- Get Cheermotes -----------------------------------------------------------------------------


def test_cheermotes_are_a_stable_catalogue(world: World) -> None:
    r = world.http.get("/helix/bits/cheermotes", headers=world.headers())
    assert r.status_code == 200
    data = r.json()["data"]
    assert data == world.http.get("/helix/bits/cheermotes", headers=world.headers()).json()["data"]
    assert [c["order"] for c in data] == list(range(1, len(data) + 1))
    cheer_mote = data[0]
    assert (cheer_mote["prefix"], cheer_mote["type"], cheer_mote["is_charitable"]) == (
        "Cheer",
        "global_first_party",
        False,
    )
    assert [t["min_bits"] for t in cheer_mote["tiers"]] == [1, 100, 1000, 5000, 10000]
    tier = cheer_mote["tiers"][1]
    assert (tier["id"], tier["color"], tier["can_cheer"], tier["show_in_bits_card"]) == (
        "100",
        "#9c3ee8",
        True,
        True,
    )
    assert set(tier["images"]) == {"dark", "light"}
    assert tier["images"]["dark"]["animated"] == {
        size: f"https://d3aqoihi2n8ty8.cloudfront.net/actions/cheer/dark/animated/100/{size}.gif"
        for size in ("1", "1.5", "2", "3", "4")
    }
    assert tier["images"]["light"]["static"]["4"].endswith("/actions/cheer/light/static/100/4.png")
    assert {c["type"] for c in data} == {"global_first_party", "global_third_party"}
    assert [c["prefix"] for c in data if c["is_charitable"]] == ["Charity"]


def test_a_partner_has_its_own_cheermote(world: World) -> None:
    plain = world.http.get(
        f"/helix/bits/cheermotes?broadcaster_id={world.users['alice']}", headers=world.headers()
    )
    assert all(c["type"] != "channel_custom" for c in plain.json()["data"])
    partner(world)
    data = world.http.get(
        f"/helix/bits/cheermotes?broadcaster_id={world.users['alice']}", headers=world.headers()
    ).json()["data"]
    assert (data[0]["prefix"], data[0]["type"]) == ("aliceCheer", "channel_custom")
    assert data[1:] == world.http.get("/helix/bits/cheermotes", headers=world.headers()).json()["data"]


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /bits/leaderboard": [
        lambda m: Call({"count": "5"}, as_user(m, 0, READ)),
        lambda m: Call({"period": "year", "started_at": m.services.now()}, as_user(m, 0, READ)),
    ],
    "GET /bits/cheermotes": [
        lambda m: Call({}, m.app_token()),
        lambda m: Call({"broadcaster_id": m.users[0].id}, as_user(m, 0)),
    ],
}
