"""Dispatch: for each committed outbox `Event`, the enabled subscriptions of its type and version
whose condition matches it (one indexed query on (type, match_key, status), then the optional
filters), and the notification each gets: `{"subscription": <subscription object>, "event": <the
event's fields>}`. A moderator condition matches only while the moderator still moderates the
channel; a subscription whose moderator lost the role is revoked (`moderator_removed`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from twitch_mock.domain import eventsub as store
from twitch_mock.domain import moderators
from twitch_mock.domain.outbox import Event, event_json
from twitch_mock.eventsub.transport import Message, Target, timestamp
from twitch_mock.eventsub.types import M, TypeSpec, spec

if TYPE_CHECKING:
    from twitch_mock.eventsub.runtime import EventSub, Recipient

BATCHED = frozenset({"drop.entitlement.grant"})  # sent as `events: [{id, data}]`


def _field(event: Any, path: str) -> Any:
    value = event
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
        if value is None:
            return None
    return value


def event_keys(found: TypeSpec, event: Event) -> list[str]:
    """The match keys an event reaches: its key field's value (both ends of a raid)."""
    if found.one_of:
        keys = []
        for name in found.one_of:
            value = _field(event, name)
            if isinstance(value, str) and value:
                keys.append(f"{name.split('_', 1)[0]}:{value}")
        return keys
    value = _field(event, found.event_key or found.key)
    return [value] if isinstance(value, str) and value else []


def _passes(found: TypeSpec, sub: store.Subscription, event: Event) -> bool:
    for condition_field, event_field in found.filters:
        wanted = sub.condition.get(condition_field)
        if wanted and str(_field(event, event_field) or "") != wanted:
            return False
    return True


def matching(runtime: EventSub, found: TypeSpec, version: str, event: Event) -> list[Recipient]:
    """The enabled subscriptions of the event's type and version whose condition it meets."""
    recipients = runtime.matching(found.type, version, lambda: event_keys(found, event))
    if not found.filters:
        return recipients
    return [r for r in recipients if _passes(found, r.sub, event)]


def dispatch(runtime: EventSub, event: Event) -> int:
    """Hand the event to every matching subscription's transport; how many it reaches. Who hears
    it is settled now, its messages are made now or, while other requests are in flight, by the
    runtime's pump (`EventSub.fan_out`, eventsub/pacing.py)."""
    found = spec(event.TYPE)
    if found is None:
        return 0
    recipients = matching(runtime, found, event.VERSION, event)
    if not recipients:
        return 0
    # one instant for the event's every message: when it happened, not when it is sent
    return runtime.fan_out(Fanout(found, event, recipients, timestamp(runtime.services.clock.now())))


@dataclass(slots=True)
class Fanout:
    """One event and the subscriptions that hear it, until its messages are made."""

    found: TypeSpec
    event: Event
    recipients: list[Recipient]
    stamp: str

    def messages(self, runtime: EventSub) -> list[tuple[Target, Message]]:
        """A notification for each recipient. The event's JSON is made once and each body is its
        subscriber's JSON spliced before it."""
        found, recipients, stamp = self.found, self.recipients, self.stamp
        conn = runtime.services.conn
        body_event = event_json(self.event)
        event_raw = orjson.dumps(body_event)
        ids = iter(runtime.services.ids.ordered_guids(len(recipients)))
        messages = []
        for recipient in recipients:
            sub = recipient.sub
            if found.mod and not _still_moderates(conn, sub):
                runtime.revoke(sub, "moderator_removed")
                continue
            if found.type in BATCHED:  # Twitch batches these: `events: [{id, data}]`
                body: dict[str, Any] = {"subscription": sub.to_json(full=False)}
                body["events"] = [{"id": runtime.services.ids.guid(), "data": body_event}]
                raw = orjson.dumps(body)
            else:
                shown = _visible(runtime, sub, body_event)
                body = {"subscription": recipient.json, "event": shown}
                raw = recipient.head + (event_raw if shown is body_event else orjson.dumps(shown)) + b"}"
            message = Message("notification", next(ids), stamp, sub.type, sub.version, body, raw)
            messages.append((recipient.target, message))
        return messages


def _visible(runtime: EventSub, sub: store.Subscription, event: dict[str, Any]) -> dict[str, Any]:
    """`user.update` shows the email only to a client the user granted `user:read:email`; to any
    other subscriber it is "" (Twitch's reference; `email_verified` is then to be ignored)."""
    if sub.type != "user.update" or not event.get("email"):
        return event
    user_id = sub.condition.get("user_id", "")
    if "user:read:email" in runtime.services.store.auth.granted_scopes(sub.client_id, user_id):
        return event
    return {**event, "email": ""}


def _still_moderates(conn: Any, sub: store.Subscription) -> bool:
    broadcaster, moderator = sub.condition.get("broadcaster_user_id"), sub.condition.get(M)
    if not broadcaster or not moderator or broadcaster == moderator:
        return True
    return moderators.is_moderator(conn, broadcaster, moderator)


Dispatch = Callable[["EventSub", Event], int]
