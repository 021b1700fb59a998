"""A channel's ad schedule (dev.twitch.tv/docs/api/reference/#get-ad-schedule, #snooze-next-ad).

While a partner's or affiliate's channel is live, an automatic mid-roll break of `BREAK` seconds
falls due every `INTERVAL` seconds, counted from the stream's start or from the last break; a
snooze pushes the next one back by `SNOOZE` seconds. A channel holds up to `MAX_SNOOZES` snoozes
and gains one back each `REFILL` seconds after it used one. Running an ad (automatic, or Start
Commercial) gives `PREROLL_FREE_PER_SECOND` seconds of pre-roll free time per second of ads.

What a request changes is stored in `ad_schedules`; the breaks that fell due since and the snoozes
that came back are computed from the mock's clock when read. Twitch sends these times as epoch
seconds, 0 for none (and for `next_ad_at`/`last_ad_at` when the channel is not live).

An automatic break also happens as the clock passes it: a timer (domain/timers.py, kind `TIMER`)
stands at the channel's next break, set when the stream goes live (`stream_started`, a reaction to
`stream.online`) and moved by a snooze or a commercial; when it fires, `automatic_breaks`
publishes `channel.ad_break.begin` with `is_automatic: true` once for each break the clock passed
(the broadcaster as the requester), stores the schedule and sets the timer at the next one.

This module owns `ad_schedules`: its row type, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from typing import ClassVar, Final

from twitch_mock.core.clock import parse_rfc3339, rfc3339
from twitch_mock.core.errors import BadRequest, TooManyRequests
from twitch_mock.domain import checks, streams, timers, users
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import Select, insert_rows

INTERVAL: Final = 3600
BREAK: Final = 60
SNOOZE: Final = 300
MAX_SNOOZES: Final = 3
REFILL: Final = 3600
PREROLL_FREE_PER_SECOND: Final = 20  # 3 minutes of ads an hour keep a channel pre-roll free
NOT_LIVE: Final = "The channel is not currently live"
NO_BREAK: Final = "Channel does not have an upcoming scheduled ad break"
NO_SNOOZES: Final = "Channel has no snoozes left"
TIMER: Final = "ads.break"


@dataclass(frozen=True, slots=True)
class AdScheduleRow:
    TABLE: ClassVar[str] = "ad_schedules"
    broadcaster_id: str
    stream_id: str
    next_ad_at: int
    last_ad_at: int
    snooze_count: int
    snooze_base: int
    preroll_free_until: int


@dataclass(frozen=True, slots=True)
class AdSchedule:
    """A Get Ad Schedule item."""

    snooze_count: int
    snooze_refresh_at: int
    next_ad_at: int
    duration: int
    last_ad_at: int
    preroll_free_time: int


@dataclass(frozen=True, slots=True)
class SnoozedAd:
    """A Snooze Next Ad item."""

    snooze_count: int
    snooze_refresh_at: int
    next_ad_at: int


@dataclass(frozen=True, slots=True)
class AdBreakBegin(Event):
    """EventSub `channel.ad_break.begin` v1: an ad break started (Start Commercial, or
    automatically as the clock passed a scheduled break)."""

    TYPE: ClassVar[str] = "channel.ad_break.begin"
    VERSION: ClassVar[str] = "1"
    duration_seconds: int
    started_at: str
    is_automatic: bool
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    requester_user_id: str
    requester_user_login: str
    requester_user_name: str


ROW = Select(AdScheduleRow, "ad_schedules")


def _stored(conn: sqlite3.Connection, broadcaster_id: str) -> AdScheduleRow | None:
    return ROW.one(conn, "broadcaster_id = ?", (broadcaster_id,))


def _current(s: Services, broadcaster_id: str) -> AdScheduleRow:
    """The schedule as it stands now: the stored row with the breaks that fell due since rolled
    forward and the snoozes that came back counted in (nothing is written)."""
    return _rolled(_scheduled(s, broadcaster_id), int(s.clock.now()))


def _scheduled(s: Services, broadcaster_id: str) -> AdScheduleRow:
    """The stored row for the live stream (a new stream's first break an interval after it
    started), with the snoozes that came back; breaks that fell due are not rolled forward."""
    now = int(s.clock.now())
    row = _stored(s.conn, broadcaster_id) or AdScheduleRow(broadcaster_id, "", 0, 0, MAX_SNOOZES, now, 0)
    row = _refilled(row, now)
    stream = streams.live_stream(s.conn, broadcaster_id) if _runs_ads(s, broadcaster_id) else None
    if stream is None:
        return replace(row, stream_id="", next_ad_at=0, last_ad_at=0)
    if row.stream_id != stream.id:  # a new stream: its first break is an interval after it started
        started = int(parse_rfc3339(stream.started_at))
        row = replace(row, stream_id=stream.id, next_ad_at=started + INTERVAL, last_ad_at=0)
    return row


def _rolled(row: AdScheduleRow, now: int) -> AdScheduleRow:
    """The row with the breaks that fell due by `now` run: the last one is the last ad."""
    if row.stream_id and row.next_ad_at <= now:
        missed = (now - row.next_ad_at) // INTERVAL  # breaks after the first one that fell due
        last = row.next_ad_at + missed * INTERVAL
        preroll = max(row.preroll_free_until, last) + BREAK * PREROLL_FREE_PER_SECOND
        row = replace(row, last_ad_at=last, next_ad_at=last + INTERVAL, preroll_free_until=preroll)
    return row


def _refilled(row: AdScheduleRow, now: int) -> AdScheduleRow:
    if row.snooze_count >= MAX_SNOOZES:
        return replace(row, snooze_count=MAX_SNOOZES, snooze_base=now)
    gained = (now - row.snooze_base) // REFILL
    if row.snooze_count + gained >= MAX_SNOOZES:
        return replace(row, snooze_count=MAX_SNOOZES, snooze_base=now)
    return replace(row, snooze_count=row.snooze_count + gained, snooze_base=row.snooze_base + gained * REFILL)


def _refresh_at(row: AdScheduleRow) -> int:
    return 0 if row.snooze_count >= MAX_SNOOZES else row.snooze_base + REFILL


def _runs_ads(s: Services, broadcaster_id: str) -> bool:
    return checks.user(s, "broadcaster_id", broadcaster_id).broadcaster_type in ("partner", "affiliate")


def schedule(s: Services, broadcaster_id: str) -> AdSchedule:
    """Get Ad Schedule."""
    row = _current(s, broadcaster_id)
    return AdSchedule(
        snooze_count=row.snooze_count,
        snooze_refresh_at=_refresh_at(row),
        next_ad_at=row.next_ad_at,
        duration=BREAK if row.next_ad_at else 0,
        last_ad_at=row.last_ad_at,
        preroll_free_time=max(0, row.preroll_free_until - int(s.clock.now())),
    )


def snooze(s: Services, broadcaster_id: str) -> SnoozedAd:
    """Snooze Next Ad: the next automatic break moves back `SNOOZE` seconds, one snooze is used."""
    if not streams.is_live(s.conn, broadcaster_id):
        raise BadRequest(NOT_LIVE)
    row = _current(s, broadcaster_id)
    if not row.next_ad_at:
        raise BadRequest(NO_BREAK)
    if row.snooze_count <= 0:
        raise TooManyRequests(NO_SNOOZES)
    row = replace(row, next_ad_at=row.next_ad_at + SNOOZE, snooze_count=row.snooze_count - 1)
    _save(s, row)
    return SnoozedAd(row.snooze_count, _refresh_at(row), row.next_ad_at)


def ad_ran(s: Services, broadcaster_id: str, length: int) -> None:
    """A break of `length` seconds started now (Start Commercial): it is the last ad, the next
    automatic one is an interval away, and it adds pre-roll free time."""
    now = int(s.clock.now())
    row = _current(s, broadcaster_id)
    if not row.stream_id:
        return
    preroll = max(row.preroll_free_until, now) + length * PREROLL_FREE_PER_SECOND
    _save(s, replace(row, last_ad_at=now, next_ad_at=now + INTERVAL, preroll_free_until=preroll))


def _save(s: Services, row: AdScheduleRow) -> None:
    """Store the schedule and set the timer at its next break."""
    insert_rows(s.conn, "INSERT OR REPLACE", [row])
    _arm(s, row)


def _arm(s: Services, row: AdScheduleRow) -> None:
    if row.stream_id and row.next_ad_at:
        timers.set_timer(s, TIMER, row.broadcaster_id, rfc3339(row.next_ad_at))
    else:
        timers.clear_timer(s, TIMER, row.broadcaster_id)


def stream_started(s: Services, event: Event) -> None:
    """After `stream.online`: the timer stands at the new stream's first automatic break (none for
    a channel that runs no ads)."""
    broadcaster_id = getattr(event, "broadcaster_user_id", "")
    if users.exists(s.conn, broadcaster_id):
        _arm(s, _scheduled(s, broadcaster_id))


def automatic_breaks(s: Services, broadcaster_id: str, due_at: str) -> None:
    """The timer fired: `channel.ad_break.begin` (automatic, `BREAK` seconds, requested by the
    broadcaster) for each break the clock passed since the timer's time, oldest first (a
    generated stream's timer stands at its first break after the world was made); the timer
    moves to the next one."""
    if not users.exists(s.conn, broadcaster_id):
        return
    now, since = int(s.clock.now()), int(parse_rfc3339(due_at))
    row = _scheduled(s, broadcaster_id)
    if not row.stream_id or row.next_ad_at > now:
        _arm(s, row)
        return
    names = users.names(s.conn, broadcaster_id)
    for started in range(row.next_ad_at, now + 1, INTERVAL):
        if started >= since:
            s.publish(AdBreakBegin(BREAK, rfc3339(started), True, *names, *names))
    _save(s, _rolled(row, now))
