"""Helpers for the EventSub tests: a recording fake transport, a WebSocket session that exists
without a socket (for the subscriptions API through the in-process client), and request bodies."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from conftest import World
from twitch_mock.eventsub.runtime import EventSub
from twitch_mock.eventsub.transport import Message, Target
from twitch_mock.eventsub.websocket import Session

SUBS = "/helix/eventsub/subscriptions"
LOOP = asyncio.new_event_loop()  # the fake sessions' loop, run only to drain their queues


@dataclass
class FakeTransport:
    method: str
    delivered: list[tuple[Target, Message]] = field(default_factory=list)

    def deliver(self, target: Target, message: Message) -> None:
        self.delivered.append((target, message))

    def of_type(self, kind: str) -> list[tuple[Target, Message]]:
        return [(t, m) for t, m in self.delivered if m.type == kind]


def runtime(world: World) -> EventSub:
    return EventSub.of(world.services)


def fake_session(world: World, loop: asyncio.AbstractEventLoop | None = None) -> Session:
    """A connected session with no socket: its frames pile up in its queue."""
    rt = runtime(world)
    loop = loop or LOOP
    now = world.clock.now()
    session = Session(
        id=f"AgoQfake{len(rt.websocket.sessions):020d}",
        loop=loop,
        keepalive=10,
        connected_at="2020-01-01T00:00:00.000000000Z",
        started=now,
        host="localhost",
        last_sent=now,
    )
    rt.websocket.sessions[session.id] = session
    return session


def frames(session: Session) -> list[Any]:
    """What the session was sent (the queued frames), drained."""
    import orjson

    found: list[Any] = []
    session.loop.run_until_complete(asyncio.sleep(0))
    while not session.queue.empty():
        item = session.queue.get_nowait()
        if isinstance(item, tuple):  # a close
            found.append(item)
        else:  # a message's frame, or one of the session's own (welcome, keepalive, reconnect)
            found.append(orjson.loads(item if isinstance(item, str) else item.text))
    return found


def ws_body(kind: str, version: str, condition: dict[str, str], session_id: str) -> dict[str, Any]:
    return {
        "type": kind,
        "version": version,
        "condition": condition,
        "transport": {"method": "websocket", "session_id": session_id},
    }


def hook_body(
    kind: str, version: str, condition: dict[str, str], callback: str = "http://127.0.0.1:9/cb"
) -> dict[str, Any]:
    return {
        "type": kind,
        "version": version,
        "condition": condition,
        "transport": {"method": "webhook", "callback": callback, "secret": "s3cr3t-s3cr3t"},
    }
