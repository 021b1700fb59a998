"""`twitch-mock event trigger <event>`: twitch-cli's event names and aliases
(dev.twitch.tv/docs/cli/event-command/), each made to happen in the world rather than invented. A
trigger changes the stored state through the family that owns it (a `follow` is in Get Channel
Followers afterwards) and so publishes the same events that change always publishes; what it needs
and doesn't have, it makes first (a `poll-end` without a running poll starts one, a `subscribe-end`
without a subscriber subscribes one), and those events are published too
(domain/trigger_kinds.py). The answer lists every event published, in order, with its payload's
`event` object.

Users: `to_user` is the broadcaster (default: the generated all-units partner); `from_user` the
viewer (default: a new user, so a follow or a grant is always a first one). `count` repeats the
change (each time with a new viewer when `from_user` is not given)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import checks, subscriptions, users
from twitch_mock.domain.outbox import event_json
from twitch_mock.domain.services import Services
from twitch_mock.domain.trigger_kinds import KINDS, Handler, Trigger

ALL_UNITS: Final = "generate.all_units_user_id"  # meta key the generator writes (generator/run.py)
MAX_COUNT: Final = 100


@dataclass(frozen=True, slots=True)
class Published:
    type: str
    version: str
    event: dict[str, Any]


@dataclass(frozen=True, slots=True)
class TriggerResult:
    """What a trigger did: the event type it names and every event published, in order."""

    event: str
    published: list[Published]


def trigger(
    s: Services,
    event: str,
    from_user_id: str | None = None,
    to_user_id: str | None = None,
    gifter_id: str | None = None,
    count: int = 1,
    tier: str = "1000",
    cost: int | None = None,
    item_id: str | None = None,
    item_name: str | None = None,
    description: str | None = None,
    status: str | None = None,
    game_id: str | None = None,
    anonymous: bool = False,
    client_id: str | None = None,
) -> TriggerResult:
    """Make twitch-cli's event `event` (a type like `channel.follow` or an alias like `follow`)
    happen `count` times, and list the events published."""
    kind = NAMES.get(event)
    if kind is None:
        aliases = ", ".join(sorted(KINDS))
        raise BadRequest(f"Unknown event: {event}; expected an EventSub type or one of {aliases}")
    checks.number("count", count, 1, MAX_COUNT)
    if tier not in subscriptions.TIERS:
        raise BadRequest("Invalid tier provided. Tier must be one of 1000, 2000 or 3000")
    for field, user_id in (("from_user_id", from_user_id), ("gifter_id", gifter_id)):
        if user_id is not None:
            checks.user(s, field, user_id)
    t = Trigger(
        _broadcaster(s, to_user_id), from_user_id, gifter_id, tier, cost, item_id, item_name, description,
        status, game_id, anonymous, client_id,
    )  # fmt: skip
    start = len(s.outbox.pending)
    for _ in range(count):
        HANDLERS[kind](s, t)
    made = [Published(e.TYPE, e.VERSION, event_json(e)) for e in s.outbox.pending[start:]]
    return TriggerResult(TYPES[kind], made)


def _broadcaster(s: Services, to_user_id: str | None) -> str:
    if to_user_id is not None:
        return checks.user(s, "to_user_id", to_user_id).id
    found = s.store.meta.get(ALL_UNITS)
    if found and users.exists(s.conn, found):
        return found
    row = s.conn.execute(
        "SELECT id FROM users WHERE broadcaster_type = 'partner' ORDER BY id LIMIT 1"
    ).fetchone()
    if row is None:
        raise BadRequest('No partner to trigger events on; give "to_user_id"')
    return str(row[0])


HANDLERS: Final[Mapping[str, Handler]] = {key: handler for key, (_, handler) in KINDS.items()}
TYPES: Final[Mapping[str, str]] = {key: event_type for key, (event_type, _) in KINDS.items()}
# every name twitch-cli accepts: the event types (channel.subscribe is a plain sub, not `gift`) and
# the aliases; `add-update` is how twitch-cli's own docs spell update-redemption's alias
NAMES: Final[Mapping[str, str]] = {
    **{key: key for key in KINDS},
    **{event_type: key for key, (event_type, _) in reversed(list(KINDS.items())) if key != "gift"},
    "add-update": "update-redemption",
}
