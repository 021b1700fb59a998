"""Bits (dev.twitch.tv/docs/api/reference/#get-bits-leaderboard, #get-cheermotes): cheers, the
Bits leaderboard summed from them, and the Cheermote catalogue (domain/cheermotes.py).

This module owns the `cheers` table: its row type, SQL and rules. A cheer publishes
`channel.cheer`."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import ClassVar, Final

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import checks, users
from twitch_mock.domain.cheermotes import GLOBAL_CHEERMOTES, Cheermote, custom_cheermote
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import insert_rows

PERIODS: Final = ("day", "week", "month", "year", "all")
# Twitch aggregates leaderboard periods in PST (UTC-8), whatever offset started_at carries.
PST: Final = timezone(timedelta(hours=-8))
MAX_BITS: Final = 1_000_000


@dataclass(frozen=True, slots=True)
class CheerRow:
    TABLE: ClassVar[str] = "cheers"
    id: str
    broadcaster_id: str
    user_id: str
    bits: int
    message: str
    is_anonymous: bool
    created_at: str


@dataclass(frozen=True, slots=True)
class ChannelCheer(Event):
    """EventSub `channel.cheer` v1; the user fields are null for an anonymous cheer."""

    TYPE: ClassVar[str] = "channel.cheer"
    is_anonymous: bool
    user_id: str | None
    user_login: str | None
    user_name: str | None
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    message: str
    bits: int


@dataclass(frozen=True, slots=True)
class Leader:
    """A Get Bits Leaderboard item."""

    user_id: str
    user_login: str
    user_name: str
    rank: int
    score: int


@dataclass(frozen=True, slots=True)
class DateRange:
    """The leaderboard's window, RFC3339 UTC; "" and "" for all time."""

    started_at: str
    ended_at: str


ALL_TIME: Final = DateRange("", "")

# Each cheering user's total in the window, ranked: most Bits first, then who got there first.
_RANKED = """
SELECT c.user_id, u.login, u.display_name,
       row_number() OVER (ORDER BY sum(c.bits) DESC, max(c.created_at), c.user_id) AS rank,
       sum(c.bits) AS score
FROM cheers c JOIN users u ON u.id = c.user_id
WHERE c.broadcaster_id = ? AND c.is_anonymous = 0 AND (? = '' OR c.created_at >= ?)
      AND (? = '' OR c.created_at < ?)
GROUP BY c.user_id
"""


def date_range(period: str, started_at: float | None) -> DateRange:
    """The window `period` makes around `started_at` (in PST, as Twitch counts): the day, the week
    from Monday, the month or the year it falls in."""
    if period == "all":
        return ALL_TIME
    if started_at is None:
        raise BadRequest("The started_at query parameter is required if period is not set to all")
    at = datetime.fromtimestamp(started_at, PST)
    day = at.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "day":
        start, end = day, day + timedelta(days=1)
    elif period == "week":
        start = day - timedelta(days=day.weekday())
        end = start + timedelta(days=7)
    elif period == "month":
        start = day.replace(day=1)
        end = start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
    else:
        start = day.replace(month=1, day=1)
        end = start.replace(year=start.year + 1)
    return DateRange(_utc(start), _utc(end))


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def leaderboard(
    conn: sqlite3.Connection, broadcaster_id: str, window: DateRange, count: int, user_id: str | None = None
) -> list[Leader]:
    """The top `count` cheerers in the window; with `user_id`, the `count` entries around that
    user (none when they have not cheered in it)."""
    args = (broadcaster_id, *(window.started_at,) * 2, *(window.ended_at,) * 2)
    if user_id is None:
        rows = conn.execute(f"SELECT * FROM ({_RANKED}) ORDER BY rank LIMIT ?", (*args, count))
        return [Leader(*row) for row in rows]
    found = conn.execute(f"SELECT rank FROM ({_RANKED}) WHERE user_id = ?", (*args, user_id)).fetchone()
    if found is None:
        return []
    last = conn.execute(f"SELECT count(*) FROM ({_RANKED})", args).fetchone()[0]
    first = max(1, min(int(found[0]) - count // 2, int(last) - count + 1))
    rows = conn.execute(
        f"SELECT * FROM ({_RANKED}) WHERE rank >= ? ORDER BY rank LIMIT ?", (*args, first, count)
    )
    return [Leader(*row) for row in rows]


def cheermotes(conn: sqlite3.Connection, broadcaster_id: str | None = None) -> list[Cheermote]:
    """The global Cheermotes, after the broadcaster's own when they are an affiliate or partner."""
    user = None if broadcaster_id is None else users.get(conn, broadcaster_id)
    if user is None or not user.broadcaster_type:
        return list(GLOBAL_CHEERMOTES)
    return [custom_cheermote(user.id, user.login), *GLOBAL_CHEERMOTES]


def cheer(
    s: Services,
    user_id: str,
    broadcaster_id: str,
    bits: int,
    message: str = "",
    *,
    anonymous: bool = False,
    created_at: str | None = None,
) -> CheerRow:
    """A user cheers Bits in a channel (only affiliates and partners take Bits); publishes
    `channel.cheer`."""
    user, channel = checks.pair(s, user_id, broadcaster_id)
    if not channel.broadcaster_type:
        raise BadRequest("Only affiliates and partners can receive Bits; the broadcaster is neither")
    row = CheerRow(
        s.ids.guid(),
        broadcaster_id,
        user_id,
        checks.number("bits", bits, 1, MAX_BITS),
        message,
        anonymous,
        checks.time_or_now(s, "created_at", created_at),
    )
    insert_rows(s.conn, "INSERT", [row])
    s.publish(
        ChannelCheer(
            anonymous,
            None if anonymous else user.id,
            None if anonymous else user.login,
            None if anonymous else user.display_name,
            channel.id,
            channel.login,
            channel.display_name,
            message,
            row.bits,
        )
    )
    return row
