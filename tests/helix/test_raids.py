"""Helix Raids family: Start a raid and Cancel a raid, with `channel.raid` published and Twitch's
limit of 10 requests per 10 minutes on the mock's clock."""

from __future__ import annotations

import httpx
import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.domain import streams, users
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.raids import ChannelRaid

MANAGE = "channel:manage:raids"


@pytest.fixture
def events(world: World) -> list[Event]:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    return heard


def start(world: World, target: str = "bob", login: str = "alice") -> httpx.Response:
    r: httpx.Response = world.http.post(
        f"/helix/raids?from_broadcaster_id={world.users[login]}&to_broadcaster_id={world.users.get(target, target)}",
        headers=world.as_user(login, MANAGE),
    )
    return r


def cancel(world: World, login: str = "alice") -> httpx.Response:
    r: httpx.Response = world.http.delete(
        f"/helix/raids?broadcaster_id={world.users[login]}", headers=world.as_user(login, MANAGE)
    )
    return r


def test_start_a_raid_answers_and_publishes_channel_raid(world: World, events: list[Event]) -> None:
    with world.store.transaction():
        streams.create_stream(world.services, world.users["alice"], viewer_count=42)
    events.clear()
    r = start(world)
    assert r.status_code == 200, r.text
    assert r.json() == {"data": [{"created_at": world.clock.rfc3339(), "is_mature": False}]}
    world.clock.advance(89)
    assert events == []  # channel.raid marks the raid happening: at the end of the countdown
    world.clock.advance(1)
    assert events == [
        ChannelRaid(world.users["alice"], "alice", "Alice", world.users["bob"], "bob", "Bob", 42)
    ]


def test_a_pending_raid_conflicts_until_the_countdown_ends(world: World, events: list[Event]) -> None:
    assert start(world).status_code == 200
    assert_error(
        start(world, "carol"), 409, "The broadcaster is already in the process of raiding another channel"
    )
    world.clock.advance(89)
    assert_error(
        start(world, "carol"), 409, "The broadcaster is already in the process of raiding another channel"
    )
    world.clock.advance(1)  # 90 s: the raid has happened
    assert start(world, "carol").status_code == 200
    assert [e.to_broadcaster_user_login for e in events if isinstance(e, ChannelRaid)] == ["bob"]
    world.clock.advance(90)
    assert [e.to_broadcaster_user_login for e in events if isinstance(e, ChannelRaid)] == ["bob", "carol"]


def test_cancel_a_raid(world: World, events: list[Event]) -> None:
    assert_error(cancel(world), 404, "The broadcaster doesn't have a pending raid to cancel")
    assert start(world).status_code == 200
    r = cancel(world)
    assert r.status_code == 204 and r.content == b""
    assert_error(cancel(world), 404, "The broadcaster doesn't have a pending raid to cancel")
    assert start(world, "carol").status_code == 200  # no longer raiding: a new raid may start
    world.clock.advance(90)
    assert_error(cancel(world), 404, "The broadcaster doesn't have a pending raid to cancel")  # it happened
    assert [e.to_broadcaster_user_login for e in events if isinstance(e, ChannelRaid)] == ["carol"]


def test_ten_requests_per_ten_minutes(world: World) -> None:
    for _ in range(5):
        assert start(world).status_code == 200
        assert cancel(world).status_code == 204
    message = (
        "The broadcaster exceeded the number of raid requests that they may make. "
        "The limit is 10 requests within a 10-minute window."
    )
    assert_error(start(world), 429, message)
    world.clock.advance(600)
    assert start(world).status_code == 200


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        pytest.param("from_broadcaster_id={alice}", 400, 'Missing required parameter "to_broadcaster_id"', id="no-target"),
        pytest.param("from_broadcaster_id={alice}&to_broadcaster_id={alice}", 400, "The IDs in from_broadcaster_id and to_broadcaster_id cannot be the same ID", id="self"),
        pytest.param("from_broadcaster_id={alice}&to_broadcaster_id=424242", 404, "The targeted channel was not found", id="unknown"),
        pytest.param("from_broadcaster_id={bob}&to_broadcaster_id={carol}", 401, "The ID in from_broadcaster_id must match the user ID in the user access token", id="not-owner"),
        pytest.param("to_broadcaster_id={bob}", 400, 'Missing required parameter "from_broadcaster_id"', id="no-from"),
    ],
)  # fmt: skip
def test_start_errors(world: World, events: list[Event], query: str, status: int, message: str) -> None:
    url = "/helix/raids?" + query.format(**world.users)
    assert_error(world.http.post(url, headers=world.as_user("alice", MANAGE)), status, message)
    assert events == []
    assert_error(cancel(world), 404, "The broadcaster doesn't have a pending raid to cancel")


def test_a_blocked_raider_cannot_raid(world: World, events: list[Event]) -> None:
    with world.store.transaction():
        users.block(world.services, world.users["bob"], world.users["alice"])
    events.clear()
    assert_error(start(world), 400, "The raiding broadcaster is blocked from the targeted channel")
    assert events == []


def test_cancel_needs_the_owner(world: World) -> None:
    r = world.http.delete(
        f"/helix/raids?broadcaster_id={world.users['bob']}", headers=world.as_user("alice", MANAGE)
    )
    assert_error(r, 401, "The ID in broadcaster_id must match the user ID in the user access token")


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "POST /raids": [
        lambda m: Call(
            {"from_broadcaster_id": m.users[0].id, "to_broadcaster_id": m.users[1].id}, as_user(m, 0, MANAGE)
        )
    ],
    "DELETE /raids": [lambda m: _with_a_pending_raid(m)],
}


def _with_a_pending_raid(m: MockTwitch) -> Call:
    token = as_user(m, 0, MANAGE)
    httpx.post(
        m.helix_url + "raids",
        params={"from_broadcaster_id": m.users[0].id, "to_broadcaster_id": m.users[1].id},
        headers={"Authorization": f"Bearer {token}", "Client-Id": m.client_id},
    ).raise_for_status()
    return Call({"broadcaster_id": m.users[0].id}, token)


def test_cancel_on_the_seeded_mock(twitch_mock: MockTwitch) -> None:
    call = REFERENCE_EXAMPLES["POST /raids"][0](twitch_mock)
    headers = {"Authorization": f"Bearer {call.token}", "Client-Id": twitch_mock.client_id}
    assert httpx.post(twitch_mock.helix_url + "raids", params=call.params, headers=headers).status_code == 200
    r = httpx.delete(
        twitch_mock.helix_url + "raids", params={"broadcaster_id": twitch_mock.users[0].id}, headers=headers
    )
    assert r.status_code == 204
