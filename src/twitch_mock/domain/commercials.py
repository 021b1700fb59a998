"""Commercials a broadcaster starts (dev.twitch.tv/docs/api/reference/#start-commercial): the last
one per channel, stored, and the cooldown after it computed from the mock's clock, so a second
Start Commercial within the cooldown is refused however many processes or resets apart it comes.

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import ClassVar, Final

from twitch_mock.core.clock import parse_rfc3339
from twitch_mock.core.errors import BadRequest, TooManyRequests
from twitch_mock.domain import ads, checks, streams
from twitch_mock.domain.ads import AdBreakBegin
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import Select, insert_rows

LENGTHS: Final = (30, 60, 90, 120, 150, 180)  # what Twitch serves; a request is rounded up to one
MAX_LENGTH: Final = LENGTHS[-1]
COOLDOWN: Final = 480  # seconds between two commercials (Twitch's `retry_after`)
COOLDOWN_MESSAGE: Final = "The broadcaster may not run another commercial until the cooldown period expires"


@dataclass(frozen=True, slots=True)
class CommercialRow:
    TABLE: ClassVar[str] = "commercials"
    broadcaster_id: str
    started_at: str
    length: int
    cooldown_ends_at: str


@dataclass(frozen=True, slots=True)
class Commercial:
    """A Start Commercial item."""

    length: int
    message: str
    retry_after: int


LAST = Select(CommercialRow, "commercials")


def served_length(length: int) -> int:
    """The length Twitch serves for a requested one (1..180): the next of 30, 60, ... 180."""
    return next(n for n in LENGTHS if n >= length)


def last(conn: sqlite3.Connection, broadcaster_id: str) -> CommercialRow | None:
    return LAST.one(conn, "broadcaster_id = ?", (broadcaster_id,))


def retry_after(s: Services, broadcaster_id: str) -> int:
    """Seconds until the channel may run another commercial (0: it may now)."""
    found = last(s.conn, broadcaster_id)
    if found is None:
        return 0
    return max(0, int(parse_rfc3339(found.cooldown_ends_at) - int(s.clock.now())))


def start(s: Services, broadcaster_id: str, length: int) -> Commercial:
    """Start a commercial on a partner's or affiliate's live channel, outside the cooldown of the
    last one; publishes `channel.ad_break.begin`."""
    user = checks.user(s, "broadcaster_id", broadcaster_id)
    if user.broadcaster_type not in ("partner", "affiliate"):
        raise BadRequest("The broadcaster must be a partner or an affiliate to run commercials")
    if not streams.is_live(s.conn, broadcaster_id):
        raise BadRequest("To start a commercial, the broadcaster must be streaming live")
    if retry_after(s, broadcaster_id) > 0:
        raise TooManyRequests(COOLDOWN_MESSAGE)
    served = served_length(length)
    row = CommercialRow(broadcaster_id, s.now(), served, s.clock.rfc3339(COOLDOWN))
    insert_rows(s.conn, "INSERT OR REPLACE", [row])
    ads.ad_ran(s, broadcaster_id, served)
    names = (user.id, user.login, user.display_name)
    s.publish(AdBreakBegin(served, row.started_at, False, *names, *names))
    return Commercial(served, "", COOLDOWN)
