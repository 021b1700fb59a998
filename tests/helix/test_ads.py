"""Helix Ads: Get Ad Schedule and Snooze Next Ad on the mock's clock (breaks fall due each hour of
live time, snoozes are limited and come back one an hour), and Start Commercial's effect on both."""

from __future__ import annotations

from typing import Any

import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock.domain.streams import create_stream

READ, MANAGE, COMMERCIAL = "channel:read:ads", "channel:manage:ads", "channel:edit:commercial"


@pytest.fixture
def live(world: World) -> int:
    """alice is a live affiliate whose stream started now; the time, in epoch seconds."""
    with world.store.transaction():
        world.store.db.conn.execute("UPDATE users SET broadcaster_type = 'affiliate' WHERE login = 'alice'")
        create_stream(world.services, world.users["alice"])
    return int(world.clock.now())


def schedule(world: World, login: str = "alice") -> dict[str, Any]:
    r = world.http.get(
        "/helix/channels/ads",
        params={"broadcaster_id": world.users[login]},
        headers=world.as_user(login, READ),
    )
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"data"} and len(r.json()["data"]) == 1
    data: dict[str, Any] = r.json()["data"][0]
    return data


def snooze(world: World, login: str = "alice") -> Any:
    return world.http.post(
        "/helix/channels/ads/schedule/snooze",
        params={"broadcaster_id": world.users[login]},
        headers=world.as_user(login, MANAGE),
    )


def test_a_live_channel_has_a_break_an_hour_after_it_went_live(world: World, live: int) -> None:
    assert schedule(world) == {
        "snooze_count": 3,
        "snooze_refresh_at": 0,
        "next_ad_at": live + 3600,
        "duration": 60,
        "last_ad_at": 0,
        "preroll_free_time": 0,
    }


def test_an_offline_channel_has_nothing_scheduled(world: World) -> None:
    assert schedule(world, "bob") == {
        "snooze_count": 3,
        "snooze_refresh_at": 0,
        "next_ad_at": 0,
        "duration": 0,
        "last_ad_at": 0,
        "preroll_free_time": 0,
    }


def test_breaks_fall_due_on_the_clock(world: World, live: int) -> None:
    world.clock.advance(3600 + 10)
    got = schedule(world)
    assert (got["last_ad_at"], got["next_ad_at"]) == (live + 3600, live + 7200)
    assert got["preroll_free_time"] == 60 * 20 - 10
    world.clock.advance(2 * 3600)
    got = schedule(world)
    assert (got["last_ad_at"], got["next_ad_at"]) == (live + 3 * 3600, live + 4 * 3600)


def test_snoozes_push_the_break_back_and_come_back_one_an_hour(world: World, live: int) -> None:
    r = snooze(world)
    assert r.status_code == 200
    assert r.json() == {
        "data": [{"snooze_count": 2, "snooze_refresh_at": live + 3600, "next_ad_at": live + 3600 + 300}]
    }
    assert snooze(world).json()["data"][0]["next_ad_at"] == live + 3600 + 600
    world.clock.advance(60)
    assert snooze(world).json()["data"][0] == {
        "snooze_count": 0,
        "snooze_refresh_at": live + 3600,
        "next_ad_at": live + 3600 + 900,
    }
    assert_error(snooze(world), 429, "Channel has no snoozes left")
    got = schedule(world)  # persisted: a later GET shows the snoozes used and the later break
    assert (got["snooze_count"], got["next_ad_at"]) == (0, live + 3600 + 900)
    world.clock.advance(3600 - 60)
    got = schedule(world)
    assert (got["snooze_count"], got["snooze_refresh_at"]) == (1, live + 7200)
    world.clock.advance(2 * 3600)
    got = schedule(world)
    assert (got["snooze_count"], got["snooze_refresh_at"]) == (3, 0)


def test_start_commercial_moves_the_schedule(world: World, live: int) -> None:
    world.clock.advance(600)
    r = world.http.post(
        "/helix/channels/commercial",
        json={"broadcaster_id": world.users["alice"], "length": 90},
        headers=world.as_user("alice", COMMERCIAL),
    )
    assert r.status_code == 200, r.text
    got = schedule(world)
    assert (got["last_ad_at"], got["next_ad_at"]) == (live + 600, live + 600 + 3600)
    assert got["preroll_free_time"] == 90 * 20


def test_an_app_token_needs_the_broadcasters_grant(world: World, live: int) -> None:
    params = {"broadcaster_id": world.users["alice"]}
    r = world.http.get("/helix/channels/ads", params=params, headers=world.headers())
    assert_error(r, 401, "The user in broadcaster_id has not granted this app the channel:read:ads scope")
    world.user_token("alice", [READ])  # alice authorizes the app
    r = world.http.get("/helix/channels/ads", params=params, headers=world.headers())
    assert r.status_code == 200 and r.json()["data"][0]["next_ad_at"] == live + 3600


@pytest.mark.parametrize(
    ("login", "params", "scopes", "status", "message"),
    [
        pytest.param("alice", {}, (READ,), 400, 'Missing required parameter "broadcaster_id"', id="missing"),
        pytest.param("alice", {"broadcaster_id": "1001"}, (READ,), 401, "The ID in broadcaster_id must match the user ID in the user access token", id="not-own"),
        pytest.param("alice", {"broadcaster_id": "1000"}, (), 401, "Missing scope: channel:read:ads", id="scope"),
    ],
)  # fmt: skip
def test_get_ad_schedule_errors(
    world: World, login: str, params: dict[str, str], scopes: tuple[str, ...], status: int, message: str
) -> None:
    r = world.http.get("/helix/channels/ads", params=params, headers=world.as_user(login, *scopes))
    assert_error(r, status, message)


@pytest.mark.parametrize(
    ("login", "params", "scopes", "status", "message"),
    [
        pytest.param("alice", {}, (MANAGE,), 400, 'Missing required parameter "broadcaster_id"', id="missing"),
        pytest.param("alice", {"broadcaster_id": "1001"}, (MANAGE,), 401, "The ID in broadcaster_id must match the user ID in the user access token", id="not-own"),
        pytest.param("alice", {"broadcaster_id": "1000"}, (READ,), 401, "Missing scope: channel:manage:ads", id="scope"),
        pytest.param("bob", {"broadcaster_id": "1001"}, (MANAGE,), 400, "The channel is not currently live", id="offline"),
    ],
)  # fmt: skip
def test_snooze_errors(
    world: World,
    live: int,
    login: str,
    params: dict[str, str],
    scopes: tuple[str, ...],
    status: int,
    message: str,
) -> None:
    r = world.http.post(
        "/helix/channels/ads/schedule/snooze", params=params, headers=world.as_user(login, *scopes)
    )
    assert_error(r, status, message)
    assert schedule(world)["snooze_count"] == 3


def test_a_live_channel_that_runs_no_ads_has_no_break_to_snooze(world: World) -> None:
    with world.store.transaction():
        create_stream(world.services, world.users["bob"])  # bob is neither partner nor affiliate
    assert_error(snooze(world, "bob"), 400, "Channel does not have an upcoming scheduled ad break")


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /channels/ads": [
        lambda m: Call({"broadcaster_id": m.users[0].id}, as_user(m, 0, READ)),
    ],
    "POST /channels/ads/schedule/snooze": [
        lambda m: Call({"broadcaster_id": m.users[0].id}, as_user(m, 0, MANAGE)),
    ],
}
