"""The mock's clock. Everything that depends on time reads it from here, so tests can move time
forward (`advance`) instead of sleeping. Twitch formats times as RFC3339 UTC (`2016-12-14T20:32:28Z`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime


class Clock:
    """Wall-clock time plus an offset that only ever grows. A frozen clock (`frozen=True`) stands
    still except when advanced, for tests that compare exact durations.

    `listeners` hear every jump (with its size, after it happened), on the thread that advanced:
    what runs on the mock's time (a poll that ends, an EventSub keepalive that falls due) wakes up
    then instead of waiting for the wall clock."""

    def __init__(self, offset: float = 0.0, frozen: bool = False) -> None:
        self.offset = offset
        self.frozen_at = time.time() if frozen else None
        self.listeners: list[Callable[[float], None]] = []

    def now(self) -> float:
        return (self.frozen_at if self.frozen_at is not None else time.time()) + self.offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        self.offset += seconds
        for listener in list(self.listeners):
            listener(seconds)

    def rfc3339(self, delta: float = 0.0) -> str:
        return rfc3339(self.now() + delta)


# whole seconds already formatted: a request asks for the same few seconds many times (now, a
# poll's end, the start of the 90 days kept)
_formatted: dict[int, str] = {}
FORMATTED_MAX = 4096


def rfc3339(ts: float) -> str:
    """Seconds since the epoch as Twitch's RFC3339 UTC text, whole seconds."""
    second = int(ts)
    text = _formatted.get(second)
    if text is None:
        if len(_formatted) >= FORMATTED_MAX:
            _formatted.clear()
        text = _formatted[second] = datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return text


def parse_rfc3339(text: str) -> float:
    """RFC3339 text (any offset, optional fraction) to epoch seconds; ValueError when malformed."""
    if not text or "T" not in text.upper():
        raise ValueError(text)
    value = datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(text)
    return value.timestamp()
