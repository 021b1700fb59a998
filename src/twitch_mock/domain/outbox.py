"""The event outbox: domain code publishes typed events ("channel updated", "user banned") into the
current transaction; after COMMIT they are handed to every subscriber, and a ROLLBACK drops them,
so no subscriber ever hears of a change that did not happen.

Subscribers (EventSub's transports, chat) run on the thread that owns the connection, the server's
event loop when one is serving, right after the COMMIT and in publication order. They must not
block: async work (a WebSocket send) is scheduled with `loop.create_task`. An exception in one
subscriber is logged and does not stop the others.

Reset (`MockTwitch.reset()`, `POST /_mock/reset`) keeps the subscribers (they are live
connections, not world state), drops events not yet delivered, and then delivers `WorldReset`, so
a transport can forget what referred to the old world (EventSub closes sessions whose
subscriptions no longer exist)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, ClassVar

from twitch_mock.core.omit import OMIT

log = logging.getLogger("twitch_mock")


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened in the world. `TYPE` is the EventSub subscription type that carries
    it (`channel.update`), `VERSION` the type's version; fields are what the payload is built from."""

    TYPE: ClassVar[str] = ""
    VERSION: ClassVar[str] = "1"


@dataclass(frozen=True, slots=True)
class WorldReset(Event):
    """The world went back to its seeded state; everything else published before it is history."""

    TYPE: ClassVar[str] = "mock.reset"


Subscriber = Callable[[Event], None]


INTERNAL = "eventsub_internal"  # field metadata: a key dispatch reads that the payload leaves out


def event_json(event: Event) -> dict[str, Any]:
    """The EventSub payload's `event` object for `event`: its fields by name, nested dataclasses as
    objects and lists as arrays, fields that are `OMIT` or marked `INTERNAL` left out (what
    EventSub's dispatch sends, and what `event trigger` prints)."""
    out = _json(event)
    assert isinstance(out, dict)
    return out


def _json(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _json(v)
            for f in fields(value)
            if not f.metadata.get(INTERNAL) and (v := getattr(value, f.name)) is not OMIT
        }
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items() if v is not OMIT}
    return value


class Outbox:
    __slots__ = ("_in_transaction", "pending", "subscribers")

    def __init__(self, in_transaction: Callable[[], bool]) -> None:
        self._in_transaction = in_transaction
        self.pending: list[Event] = []
        self.subscribers: list[Subscriber] = []

    def publish(self, event: Event) -> None:
        """Deliver `event` after the current transaction commits (at once, outside one)."""
        self.pending.append(event)
        if not self._in_transaction():
            self.committed()

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Hear every committed event from now on; returns the function that stops it."""
        self.subscribers.append(subscriber)

        def unsubscribe() -> None:
            if subscriber in self.subscribers:
                self.subscribers.remove(subscriber)

        return unsubscribe

    def committed(self) -> None:
        while self.pending:
            events, self.pending = self.pending, []
            for event in events:
                self._deliver(event)

    def rolled_back(self) -> None:
        self.pending.clear()

    def reset(self) -> None:
        self.pending.clear()
        self._deliver(WorldReset())

    def _deliver(self, event: Event) -> None:
        for subscriber in list(self.subscribers):
            try:
                subscriber(event)
            except Exception:
                log.exception("an event subscriber failed on %s", type(event).__name__)
