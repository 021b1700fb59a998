"""The event outbox: events published in a transaction reach subscribers after COMMIT, in order,
and never after a ROLLBACK; a reset keeps subscribers and tells them; a failing subscriber doesn't
stop the others."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pytest

from conftest import World
from twitch_mock import MockTwitch
from twitch_mock.domain.outbox import Event, WorldReset


@dataclass(frozen=True, slots=True)
class Happened(Event):
    TYPE: ClassVar[str] = "test.happened"
    n: int


def test_events_arrive_after_commit_in_order(world: World) -> None:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    with world.store.transaction():
        world.services.publish(Happened(1))
        world.services.publish(Happened(2))
        assert heard == []  # not before the commit
    assert heard == [Happened(1), Happened(2)]


def test_a_rollback_drops_the_events(world: World) -> None:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    with pytest.raises(RuntimeError), world.store.transaction():
        world.services.publish(Happened(1))
        raise RuntimeError("the request failed")
    with world.store.transaction():
        world.services.publish(Happened(2))
    assert heard == [Happened(2)]


def test_outside_a_transaction_an_event_is_delivered_at_once(world: World) -> None:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    world.services.publish(Happened(3))
    assert heard == [Happened(3)]


def test_a_failing_subscriber_does_not_stop_the_others(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    heard: list[Event] = []

    def broken(event: Event) -> None:
        raise ValueError("boom")

    world.services.outbox.subscribe(broken)
    world.services.outbox.subscribe(heard.append)
    world.services.publish(Happened(4))
    assert heard == [Happened(4)]
    assert "an event subscriber failed on Happened" in caplog.text


def test_unsubscribe_stops_delivery(world: World) -> None:
    heard: list[Event] = []
    stop = world.services.outbox.subscribe(heard.append)
    stop()
    world.services.publish(Happened(5))
    assert heard == []


def test_a_helix_write_that_fails_publishes_nothing(world: World) -> None:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    r = world.http.patch(
        f"/helix/channels?broadcaster_id={world.users['alice']}",
        json={"title": "ok", "delay": 5},  # not a partner: refused after the title was checked
        headers=world.as_user("alice", "channel:manage:broadcast"),
    )
    assert r.status_code == 400 and heard == []


def test_reset_keeps_subscribers_and_tells_them(twitch_mock: MockTwitch) -> None:
    heard: list[Event] = []
    stop = twitch_mock.on_event(heard.append)
    try:
        twitch_mock.reset()
        assert heard == [WorldReset()]
        twitch_mock.services.publish(Happened(6))  # still subscribed after the reset
        assert heard[-1] == Happened(6)
    finally:
        stop()
