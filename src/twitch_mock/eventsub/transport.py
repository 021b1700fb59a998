"""The seam between EventSub's dispatch (which subscription hears which event, and the message it
gets) and the transports that carry messages (a WebSocket session, a webhook callback, a conduit's
shards). Dispatch builds Twitch's message bodies; a transport only carries them.

Every method is called on the event loop's thread (or the connection's thread when no server
runs) and must return at once: a transport queues the work (a send, an HTTP POST with its
retries) and does it in its own tasks, so a slow or dead receiver never slows a Helix request or
another delivery."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol

import orjson

from twitch_mock.core.clock import rfc3339

# the `Twitch-Eventsub-Message-Type` / `metadata.message_type` of what dispatch hands a transport
MessageType = Literal["notification", "revocation", "webhook_callback_verification"]


@dataclass(frozen=True, slots=True)
class Target:
    """Where one subscription's messages go: its transport as stored (secrets included, which the
    subscription JSON never shows)."""

    subscription_id: str
    method: Literal["websocket", "webhook", "conduit"]
    session_id: str | None = None  # websocket
    callback: str | None = None  # webhook
    secret: str | None = None  # webhook
    conduit_id: str | None = None  # conduit
    # set by the conduit transport when it hands a message to one of the conduit's shards: the
    # shard's own transport then reports outcomes on the shard, not on the subscription
    shard_id: str | None = None


@dataclass(frozen=True, slots=True)
class Message:
    """One message for one subscription: `body` is the JSON Twitch sends (for a webhook the POST
    body `{"subscription": ..., "event": ...}` or `{"subscription": ..., "challenge": ...}`; a
    WebSocket wraps it as `payload` with its `metadata`). `message_id` is unique per message and
    kept across retries; `timestamp` is RFC3339 on the mock's clock. `raw`: the body's JSON when
    its maker already has it (dispatch splices each subscription's JSON into the event's, made
    once), so no transport serializes it again. A body is read-only: the messages of one event
    share the event's dict, and a subscription's messages its subscription's."""

    type: MessageType
    message_id: str
    timestamp: str
    subscription_type: str
    subscription_version: str
    body: dict[str, Any]
    raw: bytes = b""

    def json(self) -> bytes:
        """The body as sent."""
        return self.raw or orjson.dumps(self.body)


class Transport(Protocol):
    """One transport method. Dispatch calls `deliver` for every message of a subscription whose
    target has this method."""

    method: str

    def deliver(self, target: Target, message: Message) -> None: ...


def timestamp(epoch: float) -> str:
    """RFC3339 with nanoseconds, as Twitch stamps EventSub messages (`2019-11-16T10:11:12.634234626Z`)."""
    whole = int(epoch)
    nanos = round((epoch - whole) * 1e9)
    if nanos >= 1_000_000_000:
        whole, nanos = whole + 1, nanos - 1_000_000_000
    return f"{rfc3339(whole)[:-1]}.{nanos:09d}Z"  # the second's text, remembered (core/clock.py)
