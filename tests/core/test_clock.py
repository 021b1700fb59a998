"""The mock's clock: it only moves forward, and whoever runs on mock time hears every jump."""

from __future__ import annotations

import pytest

from twitch_mock.core.clock import Clock, parse_rfc3339, rfc3339


def test_advance_moves_now_and_tells_every_listener_the_jump() -> None:
    clock = Clock(frozen=True)
    start = clock.now()
    heard: list[tuple[str, float, float]] = []
    clock.listeners.append(lambda s: heard.append(("a", s, clock.now())))
    clock.listeners.append(lambda s: heard.append(("b", s, clock.now())))
    clock.advance(30)
    assert clock.now() == start + 30
    assert heard == [("a", 30, start + 30), ("b", 30, start + 30)]


def test_the_clock_never_goes_back_and_a_refused_jump_tells_nobody() -> None:
    clock = Clock(frozen=True)
    heard: list[float] = []
    clock.listeners.append(heard.append)
    with pytest.raises(ValueError):
        clock.advance(-1)
    assert heard == []


def test_rfc3339_round_trip() -> None:
    assert rfc3339(parse_rfc3339("2016-12-14T20:32:28Z")) == "2016-12-14T20:32:28Z"
    assert parse_rfc3339("2016-12-14T21:32:28+01:00") == parse_rfc3339("2016-12-14T20:32:28Z")
