"""Messages made from a triggered event for a receiver that did not subscribe to it: twitch-cli's
`event trigger -F <url>` (a webhook, built and POSTed by the CLI) and `-T websocket` (every
connected WebSocket session of the running server, or one; `POST /_mock/eventsub/forward`).

Both carry `{"subscription": ..., "event": ...}` (`events: [{id, data}]` for a batched type; no
event at all when the status is not `enabled`: a `revocation`). The subscription is made up from
the event (its condition is the fields the type is keyed by), except that a WebSocket session
holding a subscription of that type and version gets that one, with its real id, so clients that
route by `subscription.id` (pyTwitchAPI, twurple) handle the frame. A session that already heard
the event through a matching subscription is not sent it twice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from twitch_mock.core.errors import NotFound
from twitch_mock.domain import eventsub as store
from twitch_mock.eventsub.dispatch import BATCHED, matching
from twitch_mock.eventsub.transport import Message, MessageType, Target, timestamp
from twitch_mock.eventsub.types import spec

if TYPE_CHECKING:
    from twitch_mock.eventsub.runtime import EventSub

ENABLED = "enabled"
NO_CLIENTS = "No clients in server: connect a WebSocket client to /ws first"


def condition(kind: str, event: dict[str, Any]) -> dict[str, str]:
    """The condition a made-up subscription shows: the fields its type is keyed by."""
    if kind == "channel.raid":
        return {"to_broadcaster_user_id": str(event.get("to_broadcaster_user_id", ""))}
    if kind.startswith("user.authorization."):
        return {"client_id": str(event.get("client_id", ""))}
    if kind == "user.update":
        return {"user_id": str(event.get("user_id", ""))}
    if kind == "drop.entitlement.grant":
        return {"organization_id": str(event.get("organization_id", ""))}
    broadcaster = str(event.get("broadcaster_user_id") or event.get("broadcaster_id") or "")
    if kind == "channel.follow" or kind.startswith(("channel.shoutout.", "channel.shield_mode.")):
        return {
            "broadcaster_user_id": broadcaster,
            "moderator_user_id": str(event.get("moderator_user_id") or broadcaster),
        }
    return {"broadcaster_user_id": broadcaster}


@dataclass(frozen=True, slots=True)
class Forward:
    """One triggered event to forward, and the flags that shape its message (`-u`, `-I`, `-r`,
    `--timestamp`)."""

    type: str
    version: str
    event: dict[str, Any]
    status: str = ENABLED
    subscription_id: str | None = None
    message_id: str | None = None
    timestamp: str | None = None

    def subscription(
        self, subscription_id: str, transport: dict[str, Any], created_at: str
    ) -> dict[str, Any]:
        """A made-up subscription object on `transport`."""
        return {
            "id": self.subscription_id or subscription_id, "status": self.status, "type": self.type,
            "version": self.version, "cost": 0, "condition": condition(self.type, self.event),
            "transport": transport, "created_at": created_at,
        }  # fmt: skip

    def message(self, subscription: dict[str, Any], message_id: str, timestamp: str) -> Message:
        """The `notification` (or, when the status is not enabled, `revocation`) carrying the event."""
        body: dict[str, Any] = {"subscription": subscription}
        if self.status == ENABLED:
            if self.type in BATCHED:
                body["events"] = [{"id": message_id, "data": self.event}]
            else:
                body["event"] = self.event
        kind: MessageType = "notification" if self.status == ENABLED else "revocation"
        return Message(
            kind, self.message_id or message_id, self.timestamp or timestamp, self.type, self.version, body
        )


def _heard(runtime: EventSub, forward: Forward) -> set[str]:
    """The subscriptions dispatch handed this event to (a trigger's event was dispatched already)."""
    found = spec(forward.type)
    if found is None:
        return set()
    event = cast(Any, forward.event)  # dispatch reads fields of an event or of its JSON alike
    return {r.sub.id for r in matching(runtime, found, forward.version, event)}


def to_sessions(runtime: EventSub, forward: Forward, session_id: str | None = None) -> list[dict[str, Any]]:
    """Send the event to every connected WebSocket session, or to `session_id`; what each got."""
    ws = runtime.websocket
    sessions = [ws.named(session_id)] if session_id else ws.connected()
    if not sessions:
        raise NotFound(NO_CLIENTS)
    services = runtime.services
    heard = _heard(runtime, forward) if forward.status == ENABLED else set()
    done: list[dict[str, Any]] = []
    for session in sessions:
        held = [
            s
            for s in store.of_session(services.conn, session.id)
            if (s.type, s.version) == (forward.type, forward.version)
        ]
        already = next((s for s in held if s.id in heard), None)
        if already is not None:
            done.append({"session_id": session.id, "subscription_id": already.id, "sent": False})
            continue
        now = timestamp(services.clock.now())
        if held:
            subscription = held[0].to_json(full=False, status=forward.status)
        else:
            transport = {"method": "websocket", "session_id": session.id}
            subscription = forward.subscription(services.ids.guid(), transport, session.connected_at)
        message = forward.message(subscription, services.ids.guid(), now)
        runtime.hand(Target(str(subscription["id"]), "websocket", session_id=session.id), message)
        done.append(
            {
                "session_id": session.id,
                "subscription_id": subscription["id"],
                "message_id": message.message_id,
                "message_type": message.type,
                "sent": True,
            }
        )
    return done
