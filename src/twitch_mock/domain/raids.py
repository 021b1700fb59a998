"""Raids (dev.twitch.tv/docs/api/reference/#start-a-raid, #cancel-a-raid).

A raid is pending for 90 seconds after it is requested (the countdown in Twitch's UI), computed when
read from the mock's clock; then it has happened. `channel.raid` is published when it happens: Start
a raid sets a timer (domain/timers.py) for the end of the countdown, which fires when the mock's
clock passes it (a test's advance, or the server's ticker in real time), with the raiding channel's
viewer count at the request. A raid canceled within the 90 seconds clears its timer, stays canceled
(its row keeps `canceled_at`) and is never announced. `arrive` (a simulated incoming raid) has
happened at once.
Start and Cancel share Twitch's limit of 10 requests per 10 minutes per broadcaster, counted on the
mock's clock from the stored raids.

This module owns the `raids` table: its row type, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.core.clock import rfc3339
from twitch_mock.core.errors import BadRequest, Conflict, NotFound, TooManyRequests
from twitch_mock.domain import checks, streams, timers, users
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import insert_rows

COUNTDOWN = 90  # seconds a raid is pending
TIMER = "raid"
LIMIT, WINDOW = 10, 600  # requests per broadcaster per window (seconds)
TOO_MANY = (
    "The broadcaster exceeded the number of raid requests that they may make. "
    "The limit is 10 requests within a 10-minute window."
)


@dataclass(frozen=True, slots=True)
class RaidRow:
    TABLE: ClassVar[str] = "raids"
    id: str
    from_broadcaster_id: str
    to_broadcaster_id: str
    created_at: str
    viewers: int
    canceled_at: str | None = None


@dataclass(frozen=True, slots=True)
class Raid:
    """A Start a raid item; `is_mature` is deprecated and always false."""

    created_at: str
    is_mature: bool = False


@dataclass(frozen=True, slots=True)
class ChannelRaid(Event):
    """EventSub `channel.raid` v1: a broadcaster raided another broadcaster's channel."""

    TYPE: ClassVar[str] = "channel.raid"
    VERSION: ClassVar[str] = "1"
    from_broadcaster_user_id: str
    from_broadcaster_user_login: str
    from_broadcaster_user_name: str
    to_broadcaster_user_id: str
    to_broadcaster_user_login: str
    to_broadcaster_user_name: str
    viewers: int


def pending(conn: sqlite3.Connection, broadcaster_id: str, now: float) -> RaidRow | None:
    """The raid this channel is counting down to, if any."""
    row = conn.execute(
        "SELECT id, from_broadcaster_id, to_broadcaster_id, created_at, viewers, canceled_at FROM raids"
        " WHERE from_broadcaster_id = ? AND canceled_at IS NULL AND created_at > ?"
        " ORDER BY created_at DESC LIMIT 1",
        (broadcaster_id, rfc3339(now - COUNTDOWN)),
    ).fetchone()
    return None if row is None else RaidRow(*row)


def _requests(conn: sqlite3.Connection, broadcaster_id: str, now: float) -> int:
    """Starts and cancels the channel made in the last 10 minutes."""
    since = rfc3339(now - WINDOW)
    row = conn.execute(
        "SELECT (SELECT count(*) FROM raids WHERE from_broadcaster_id = ?1 AND created_at > ?2)"
        " + (SELECT count(*) FROM raids WHERE from_broadcaster_id = ?1 AND canceled_at > ?2)",
        (broadcaster_id, since),
    ).fetchone()
    return int(row[0])


def start(s: Services, from_id: str, to_id: str) -> Raid:
    """Start a raid from `from_id`'s channel to `to_id`'s; `channel.raid` follows when the countdown
    ends (`execute`)."""
    if from_id == to_id:
        raise BadRequest("The IDs in from_broadcaster_id and to_broadcaster_id cannot be the same ID")
    raider, target = users.get(s.conn, from_id), users.get(s.conn, to_id)
    if target is None:
        raise NotFound("The targeted channel was not found")
    if raider is None:
        raise BadRequest("The ID in from_broadcaster_id is not valid")
    if users.is_blocked(s.conn, to_id, from_id):
        raise BadRequest("The raiding broadcaster is blocked from the targeted channel")
    now = s.clock.now()
    if pending(s.conn, from_id, now) is not None:
        raise Conflict("The broadcaster is already in the process of raiding another channel")
    if _requests(s.conn, from_id, now) >= LIMIT:
        raise TooManyRequests(TOO_MANY)
    row = RaidRow(s.ids.guid(), from_id, to_id, rfc3339(now), streams.viewer_count(s.conn, from_id) or 0)
    insert_rows(s.conn, "INSERT", [row])
    timers.set_timer(s, TIMER, row.id, rfc3339(now + COUNTDOWN))
    return Raid(row.created_at)


def cancel(s: Services, broadcaster_id: str) -> RaidRow:
    """Cancel the channel's pending raid."""
    now = s.clock.now()
    raid = pending(s.conn, broadcaster_id, now)
    if raid is None:
        raise NotFound("The broadcaster doesn't have a pending raid to cancel")
    if _requests(s.conn, broadcaster_id, now) >= LIMIT:
        raise TooManyRequests(TOO_MANY)
    s.conn.execute("UPDATE raids SET canceled_at = ? WHERE id = ?", (rfc3339(now), raid.id))
    timers.clear_timer(s, TIMER, raid.id)
    return RaidRow(
        raid.id, raid.from_broadcaster_id, raid.to_broadcaster_id, raid.created_at, raid.viewers, rfc3339(now)
    )


def execute(s: Services, raid_id: str, due_at: str) -> None:
    """The raid's countdown ended (its timer fired): unless it was canceled, `channel.raid`."""
    row = s.conn.execute(
        "SELECT from_broadcaster_id, to_broadcaster_id, viewers FROM raids"
        " WHERE id = ? AND canceled_at IS NULL",
        (raid_id,),
    ).fetchone()
    if row is None:
        return
    raider, target = users.names(s.conn, str(row[0])), users.names(s.conn, str(row[1]))
    s.publish(ChannelRaid(*raider, *target, int(row[2])))


def arrive(s: Services, from_user_id: str, to_user_id: str, viewers: int = 10) -> ChannelRaid:
    """A raid from `from_user_id`'s channel with `viewers` viewers lands in `to_user_id`'s now (a
    simulated raid: stored as one whose countdown has run out) and publishes `channel.raid`."""
    if from_user_id == to_user_id:
        raise BadRequest('"from_user_id" and "to_user_id" must be different users')
    raider, target = checks.user(s, "from_user_id", from_user_id), checks.user(s, "to_user_id", to_user_id)
    checks.number("viewers", viewers, 0, 10**7)
    started = rfc3339(s.clock.now() - COUNTDOWN)
    insert_rows(s.conn, "INSERT", [RaidRow(s.ids.guid(), raider.id, target.id, started, viewers)])
    event = ChannelRaid(
        raider.id, raider.login, raider.display_name, target.id, target.login, target.display_name, viewers
    )
    s.publish(event)
    return event
