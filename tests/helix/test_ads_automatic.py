"""Automatic ad breaks on the mock's clock: as time passes a live partner's or affiliate's
scheduled break, `channel.ad_break.begin` is published with `is_automatic: true`, once per break,
and Get Ad Schedule shows it as the last ad; snoozes and commercials move the next one."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from test_ads import COMMERCIAL, READ, live, schedule, snooze

from conftest import World
from twitch_mock import MockTwitch
from twitch_mock.core.clock import rfc3339
from twitch_mock.domain.ads import AdBreakBegin
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.streams import create_stream, end_stream

__all__ = ["live"]  # the fixture, shared with test_ads.py
HOUR = 3600


@pytest.fixture
def breaks(world: World, live: int) -> list[AdBreakBegin]:
    """The ad breaks published from here on."""
    heard: list[AdBreakBegin] = []

    def hear(event: Event) -> None:
        if isinstance(event, AdBreakBegin):
            heard.append(event)

    world.services.outbox.subscribe(hear)
    return heard


def automatic(world: World, at: int) -> AdBreakBegin:
    alice = (world.users["alice"], "alice", "Alice")
    return AdBreakBegin(60, world.clock.rfc3339(at - world.clock.now()), True, *alice, *alice)


def test_a_break_runs_once_when_the_clock_passes_it(world: World, live: int, breaks: list[Any]) -> None:
    world.clock.advance(HOUR - 1)
    assert breaks == []
    world.clock.advance(1)
    assert breaks == [automatic(world, live + HOUR)]
    world.clock.advance(30)
    world.clock.advance(30)
    assert len(breaks) == 1
    got = schedule(world)
    assert (got["last_ad_at"], got["next_ad_at"]) == (live + HOUR, live + 2 * HOUR)
    world.clock.advance(HOUR)
    assert breaks[1:] == [automatic(world, live + 2 * HOUR)]


def test_a_jump_past_several_breaks_runs_each_once_in_order(
    world: World, live: int, breaks: list[Any]
) -> None:
    world.clock.advance(3 * HOUR + 10)
    assert breaks == [automatic(world, live + n * HOUR) for n in (1, 2, 3)]
    world.clock.advance(HOUR - 11)
    assert len(breaks) == 3
    got = schedule(world)
    assert (got["last_ad_at"], got["next_ad_at"]) == (live + 3 * HOUR, live + 4 * HOUR)


def test_a_snooze_moves_the_break(world: World, live: int, breaks: list[Any]) -> None:
    assert snooze(world).status_code == 200
    world.clock.advance(HOUR)
    assert breaks == []
    world.clock.advance(300)
    assert breaks == [automatic(world, live + HOUR + 300)]


def test_a_commercial_resets_the_interval(world: World, live: int, breaks: list[Any]) -> None:
    world.clock.advance(HOUR // 2)
    r = world.http.post(
        "/helix/channels/commercial",
        json={"broadcaster_id": world.users["alice"], "length": 30},
        headers=world.as_user("alice", COMMERCIAL),
    )
    assert r.status_code == 200, r.text
    assert [b.is_automatic for b in breaks] == [False]
    world.clock.advance(HOUR // 2)
    assert len(breaks) == 1  # the hour after the stream started is no break any more
    world.clock.advance(HOUR // 2)
    assert breaks[1:] == [automatic(world, live + HOUR // 2 + HOUR)]


def test_no_automatic_break_off_air_or_without_ads(world: World, live: int, breaks: list[Any]) -> None:
    with world.store.transaction():
        end_stream(world.services, world.users["alice"])
        create_stream(world.services, world.users["bob"])  # bob runs no ads
    world.clock.advance(5 * HOUR)
    assert breaks == []
    with world.store.transaction():
        create_stream(world.services, world.users["alice"])  # a new stream: a new first break
    world.clock.advance(HOUR)
    assert breaks == [automatic(world, live + 6 * HOUR)]


def test_a_generated_live_partner_gets_its_automatic_breaks(twitch_mock: MockTwitch) -> None:
    m, star = twitch_mock, twitch_mock.all_units_user_id
    token = m.user_token(star, [READ])
    r = httpx.get(
        m.helix_url + "channels/ads",
        params={"broadcaster_id": star},
        headers={"Authorization": f"Bearer {token}", "Client-Id": m.client_id},
    )
    next_ad_at = r.json()["data"][0]["next_ad_at"]
    assert next_ad_at > m.clock.now()
    heard: list[AdBreakBegin] = []
    stop = m.on_event(lambda e: heard.append(e) if isinstance(e, AdBreakBegin) else None)
    try:
        m.advance(next_ad_at - m.clock.now() - 1)
        assert [b for b in heard if b.broadcaster_user_id == star] == []
        m.advance(1 + HOUR)
    finally:
        stop()
    mine = [b for b in heard if b.broadcaster_user_id == star]
    assert [(b.started_at, b.is_automatic, b.requester_user_id) for b in mine] == [
        (rfc3339(next_ad_at), True, star),
        (rfc3339(next_ad_at + HOUR), True, star),
    ]
