"""Stream schedules: segments and per-channel settings (dev.twitch.tv/docs/api/reference/#get-channel-
stream-schedule).

A stored segment is one broadcast, or, when `is_recurring`, a weekly series that repeats at the same
wall-clock time in the segment's time zone from its first `start_time` on. Get Channel Stream
Schedule lists occurrences, computed when read; each has Twitch's id form, base64 of
`{"segmentID": <stored id>, "isoYear": y, "isoWeek": w}`, and Update/Delete accept that or the stored
id. Cancelling a recurring segment cancels its next occurrence (`canceled_until` = that occurrence's
`end_time`, as Twitch does). The vacation shows while its end lies ahead of the mock's clock.

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import base64
import heapq
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import orjson

from twitch_mock.core.clock import parse_rfc3339, rfc3339
from twitch_mock.core.errors import BadRequest, Forbidden, NotFound, malformed, missing
from twitch_mock.domain import users
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import INVALID_CURSOR, ListOrder, Slice, Window
from twitch_mock.store.rows import Select, insert_rows

WEEK = 7 * 86_400
LATEST = 7_258_118_400  # 2200-01-01: schedule times lie between 1970 and this
MIN_DURATION, MAX_DURATION, MAX_TITLE, MAX_IDS = 30, 1380, 140, 100
NOT_FOUND = "The specified broadcast segment was not found"
NO_SCHEDULE = "schedule was not found"  # Twitch's own messages (twitchdev/issues #805, #1110)
NO_SEGMENTS = "segments were not found"
NON_RECURRING = "Only partners and affiliates may add non-recurring broadcast segments"


@dataclass(frozen=True, slots=True)
class SegmentRow:
    TABLE: ClassVar[str] = "schedule_segments"
    id: str
    broadcaster_id: str
    start_time: str  # the first occurrence
    end_time: str
    title: str
    category_id: str | None
    is_recurring: bool
    canceled_until: str | None  # the end_time of the canceled occurrence
    timezone: str = "UTC"


@dataclass(frozen=True, slots=True)
class ScheduleSettingsRow:
    TABLE: ClassVar[str] = "schedule_settings"
    broadcaster_id: str
    timezone: str
    vacation_start_time: str | None = None
    vacation_end_time: str | None = None


@dataclass(frozen=True, slots=True)
class StoredSegment:
    """A segments row with its category's name."""

    id: str
    broadcaster_id: str
    start_time: str
    end_time: str
    title: str
    category_id: str | None
    category_name: str | None
    is_recurring: bool
    canceled_until: str | None
    timezone: str

    @property
    def length(self) -> float:
        return parse_rfc3339(self.end_time) - parse_rfc3339(self.start_time)


@dataclass(frozen=True, slots=True)
class SegmentCategory:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Segment:
    """A Get Channel Stream Schedule segment: one occurrence of a stored segment."""

    id: str
    start_time: str
    end_time: str
    title: str
    canceled_until: str | None
    category: SegmentCategory | None
    is_recurring: bool


@dataclass(frozen=True, slots=True)
class Vacation:
    start_time: str
    end_time: str


@dataclass(frozen=True, slots=True)
class Schedule:
    """Get Channel Stream Schedule's `data` object."""

    segments: list[Segment]
    broadcaster_id: str
    broadcaster_name: str
    broadcaster_login: str
    vacation: Vacation | None


@dataclass(frozen=True, slots=True)
class SegmentSpec:
    """Create Channel Stream Schedule Segment's body, read."""

    start_time: str
    timezone: str
    duration: int  # minutes
    is_recurring: bool = False
    category_id: str | None = None
    title: str = ""


@dataclass(frozen=True, slots=True)
class SegmentChanges:
    """Update Channel Stream Schedule Segment's body; None leaves a field as it is."""

    start_time: str | None = None
    duration: int | None = None
    category_id: str | None = None  # "" clears the category
    title: str | None = None
    is_canceled: bool | None = None
    timezone: str | None = None


STORED = Select(
    StoredSegment,
    "schedule_segments s LEFT JOIN categories c ON c.id = s.category_id",
    alias="s",
    category_name="c.name",
)
SETTINGS = Select(ScheduleSettingsRow, "schedule_settings")
ORDER: ListOrder[Segment] = ListOrder(lambda seg: (seg.start_time, seg.id), 2)


# --- occurrences -------------------------------------------------------------------------------


def occurrence_id(segment_id: str, start: float) -> str:
    year, week, _ = datetime.fromtimestamp(start, UTC).isocalendar()
    raw = orjson.dumps({"segmentID": segment_id, "isoYear": year, "isoWeek": week})
    return base64.b64encode(raw).decode()


def parse_id(text: str) -> tuple[str, tuple[int, int] | None]:
    """The stored segment id and the ISO (year, week) an occurrence id names; a plain id as itself."""
    try:
        raw = orjson.loads(base64.b64decode(text, validate=True))
    except ValueError:
        return text, None
    if isinstance(raw, dict):
        sid, year, week = raw.get("segmentID"), raw.get("isoYear"), raw.get("isoWeek")
        if isinstance(sid, str) and isinstance(year, int) and isinstance(week, int):
            return sid, (year, week)
    return text, None


def _starts(seg: StoredSegment, since: float) -> Iterator[float]:
    """Start times of the segment's occurrences at or after `since`, in order."""
    first = parse_rfc3339(seg.start_time)
    if not seg.is_recurring:
        if first >= since:
            yield first
        return
    local = datetime.fromtimestamp(first, ZoneInfo(seg.timezone))
    k = max(0, int((since - first) // WEEK) - 1)
    while True:
        start = (local + timedelta(weeks=k)).timestamp()  # wall-clock weeks: DST keeps the local time
        if start >= since:
            yield start
        k += 1


def _occurrence(seg: StoredSegment, start: float) -> Segment:
    end = rfc3339(start + seg.length)
    category = SegmentCategory(seg.category_id, seg.category_name or "") if seg.category_id else None
    canceled = end if seg.canceled_until == end else None
    return Segment(
        occurrence_id(seg.id, start), rfc3339(start), end, seg.title, canceled, category, seg.is_recurring
    )


def _in_week(seg: StoredSegment, year: int, week: int) -> Segment | None:
    try:
        monday = datetime.fromisocalendar(year, week, 1).replace(tzinfo=UTC).timestamp()
    except ValueError:
        return None
    start = next(_starts(seg, monday), None)
    return _occurrence(seg, start) if start is not None and start < monday + WEEK else None


def _next_or_first(seg: StoredSegment, now: float) -> Segment:
    start = next(_starts(seg, now), None)
    return _occurrence(seg, parse_rfc3339(seg.start_time) if start is None else start)


# --- queries -------------------------------------------------------------------------------------


def header_user(conn: sqlite3.Connection, broadcaster_id: str) -> users.User:
    user = users.get(conn, broadcaster_id)
    if user is None:
        raise BadRequest("The ID in broadcaster_id is not valid")
    return user


def header(conn: sqlite3.Connection, broadcaster_id: str, now: float) -> Schedule:
    """The schedule's `data` object without segments; 400 for an unknown user, 404 without a schedule."""
    user = header_user(conn, broadcaster_id)
    settings = SETTINGS.one(conn, "broadcaster_id = ?", (broadcaster_id,))
    if settings is None:
        raise NotFound(NO_SCHEDULE)
    vacation = None
    start, end = settings.vacation_start_time, settings.vacation_end_time
    if start and end and parse_rfc3339(end) > now:
        vacation = Vacation(start, end)
    return Schedule([], user.id, user.display_name, user.login, vacation)


def segments(
    conn: sqlite3.Connection, broadcaster_id: str, window: Window, since: float, ids: Sequence[str] = ()
) -> Slice[Segment]:
    """A page of the occurrences still running at `since` or later, i.e. ending after it, as Twitch
    lists them (or of those `ids` name), by start time. 404 when the first page is empty."""
    if not 0 <= since < LATEST:
        raise malformed("start_time", "the value must be a time between 1970 and 2200")
    stored = STORED.all(conn, "s.broadcaster_id = ?", (broadcaster_id,), "s.start_time, s.id")
    if ids:
        by_id = {seg.id: seg for seg in stored}
        found: dict[str, Segment] = {}
        for text in ids:
            sid, week = parse_id(text)
            seg = by_id.get(sid)
            shown = None if seg is None else (_in_week(seg, *week) if week else _next_or_first(seg, since))
            if shown is not None:
                found[shown.id] = shown
        return _non_empty(ORDER.page(sorted(found.values(), key=ORDER.key), window), window)
    after = -1.0 if window.after is None else _cursor_time(window.after)
    per = window.limit + 2  # enough from each series for a page after the cursor's row
    merged = heapq.merge(*(_running(seg, since, after, per) for seg in stored), key=ORDER.key)
    return _non_empty(ORDER.page(list(islice(merged, per * max(1, len(stored)))), window), window)


def _running(seg: StoredSegment, since: float, after: float, count: int) -> list[Segment]:
    """The first `count` occurrences starting at or after `after` that end after `since`."""
    length = seg.length
    starts = (t for t in _starts(seg, max(since - length, after)) if t + length > since)
    return [_occurrence(seg, t) for t in islice(starts, count)]


def _non_empty(page: Slice[Segment], window: Window) -> Slice[Segment]:
    """Twitch answers 404 when there is nothing to list; a page after a cursor may be empty."""
    if not page.rows and window.after is None:
        raise NotFound(NO_SEGMENTS)
    return page


def _cursor_time(key: tuple[Any, ...]) -> float:
    try:
        when = parse_rfc3339(str(key[0]))
    except (ValueError, IndexError):
        raise BadRequest(INVALID_CURSOR) from None
    if not 0 <= when < LATEST:
        raise BadRequest(INVALID_CURSOR)
    return when


def stored_segments(conn: sqlite3.Connection, broadcaster_id: str) -> list[StoredSegment]:
    """Every stored segment of the channel (the iCalendar is built from these)."""
    return STORED.all(conn, "s.broadcaster_id = ?", (broadcaster_id,), "s.start_time, s.id")


def settings_of(conn: sqlite3.Connection, broadcaster_id: str) -> ScheduleSettingsRow | None:
    return SETTINGS.one(conn, "broadcaster_id = ?", (broadcaster_id,))


# --- writes --------------------------------------------------------------------------------------


def create_segment(s: Services, broadcaster_id: str, spec: SegmentSpec) -> Schedule:
    """Add a broadcast (or a weekly series) to the schedule, creating the schedule if need be."""
    user = users.record(s.conn, broadcaster_id)
    if user is None:
        raise BadRequest("The ID in broadcaster_id is not valid")
    start = _time("start_time", spec.start_time)
    zone = _timezone("timezone", spec.timezone)
    category = _category(s.conn, spec.category_id)
    _duration(spec.duration)
    if not spec.is_recurring and not user.broadcaster_type:
        raise Forbidden(NON_RECURRING)
    insert_rows(s.conn, "INSERT OR IGNORE", [ScheduleSettingsRow(broadcaster_id, zone)])
    row = SegmentRow(
        s.ids.guid(), broadcaster_id, rfc3339(start), rfc3339(start + spec.duration * 60), spec.title,
        category, spec.is_recurring, None, zone,
    )  # fmt: skip
    insert_rows(s.conn, "INSERT", [row])
    return _with(s, broadcaster_id, _next_or_first(_stored(s.conn, broadcaster_id, row.id), start))


def update_segment(s: Services, broadcaster_id: str, segment_id: str, changes: SegmentChanges) -> Schedule:
    """Change a segment; a series changes as a whole (title, category, duration, time zone)."""
    sid, week = parse_id(segment_id)
    seg = _stored(s.conn, broadcaster_id, sid)
    columns: dict[str, Any] = {}
    start, length = parse_rfc3339(seg.start_time), seg.length
    if changes.start_time is not None:
        if seg.is_recurring:
            raise BadRequest("The start time of a recurring segment cannot be changed")
        user = users.record(s.conn, broadcaster_id)
        if user is None or not user.broadcaster_type:
            raise Forbidden("Only partners and affiliates may change the start time of a broadcast segment")
        start = _time("start_time", changes.start_time)
        columns["start_time"] = rfc3339(start)
    if changes.duration is not None:
        length = _duration(changes.duration) * 60
    if changes.start_time is not None or changes.duration is not None:
        columns["end_time"] = rfc3339(start + length)
    if changes.timezone is not None:
        columns["timezone"] = _timezone("timezone", changes.timezone)
    if changes.category_id is not None:
        columns["category_id"] = _category(s.conn, changes.category_id)
    if changes.title is not None:
        if len(changes.title) > MAX_TITLE:
            raise malformed("title", f"the length must be less than or equal to {MAX_TITLE}")
        columns["title"] = changes.title
    _set(s.conn, sid, columns)
    seg = _stored(s.conn, broadcaster_id, sid)
    if changes.is_canceled is not None:
        now = s.clock.now()
        canceled = _next_or_first(seg, now).end_time if changes.is_canceled else None
        _set(s.conn, sid, {"canceled_until": canceled})
        seg = replace(seg, canceled_until=canceled)
    shown = (_in_week(seg, *week) if week else None) or _next_or_first(seg, s.clock.now())
    return _with(s, broadcaster_id, shown)


def delete_segment(s: Services, broadcaster_id: str, segment_id: str) -> None:
    """Remove a segment (a whole series); deleting one that is not there changes nothing."""
    sid, _ = parse_id(segment_id)
    s.conn.execute("DELETE FROM schedule_segments WHERE id = ? AND broadcaster_id = ?", (sid, broadcaster_id))


def update_settings(
    s: Services,
    broadcaster_id: str,
    vacation: bool | None,
    start_time: str | None = None,
    end_time: str | None = None,
    timezone: str | None = None,
) -> ScheduleSettingsRow:
    """Update Channel Stream Schedule: turn the vacation on (with its dates and time zone) or off."""
    current = settings_of(s.conn, broadcaster_id)
    if current is None:
        raise NotFound("The broadcaster's schedule was not found")
    columns: dict[str, Any] = {}
    if vacation:
        for name, value in (
            ("vacation_start_time", start_time), ("vacation_end_time", end_time), ("timezone", timezone),
        ):  # fmt: skip
            if value is None:
                raise missing(name)
        assert start_time is not None and end_time is not None
        start, end = _time("vacation_start_time", start_time), _time("vacation_end_time", end_time)
        if end <= start:
            raise BadRequest(
                "The date in vacation_end_time must be later than the date in vacation_start_time"
            )
        columns = {"vacation_start_time": rfc3339(start), "vacation_end_time": rfc3339(end)}
    elif vacation is False:
        columns = {"vacation_start_time": None, "vacation_end_time": None}
    if timezone is not None:
        columns["timezone"] = _timezone("timezone", timezone)
    if columns:
        assignments = ", ".join(f"{name} = ?" for name in columns)
        s.conn.execute(
            f"UPDATE schedule_settings SET {assignments} WHERE broadcaster_id = ?",
            (*columns.values(), broadcaster_id),
        )
    updated = settings_of(s.conn, broadcaster_id)
    assert updated is not None
    return updated


def _stored(conn: sqlite3.Connection, broadcaster_id: str, sid: str) -> StoredSegment:
    seg = STORED.one(conn, "s.id = ? AND s.broadcaster_id = ?", (sid, broadcaster_id))
    if seg is None:
        raise NotFound(NOT_FOUND)
    return seg


def _with(s: Services, broadcaster_id: str, segment: Segment) -> Schedule:
    return replace(header(s.conn, broadcaster_id, s.clock.now()), segments=[segment])


def _set(conn: sqlite3.Connection, sid: str, columns: dict[str, Any]) -> None:
    if columns:
        assignments = ", ".join(f"{name} = ?" for name in columns)
        conn.execute(f"UPDATE schedule_segments SET {assignments} WHERE id = ?", (*columns.values(), sid))


def _time(name: str, text: str) -> float:
    try:
        when = parse_rfc3339(text)
    except ValueError:
        raise malformed(name, "the value must be an RFC3339 timestamp") from None
    if not 0 <= when < LATEST:
        raise malformed(name, "the value must be a time between 1970 and 2200")
    return when


def _timezone(name: str, text: str) -> str:
    try:
        ZoneInfo(text)
    except (KeyError, ValueError):
        raise malformed(name, "the value must be an IANA time zone name, such as America/New_York") from None
    return text


def _duration(minutes: int) -> int:
    if not MIN_DURATION <= minutes <= MAX_DURATION:
        raise malformed("duration", f"the value must be from {MIN_DURATION} to {MAX_DURATION} minutes")
    return minutes


def _category(conn: sqlite3.Connection, category_id: str | None) -> str | None:
    if not category_id:
        return None
    if conn.execute("SELECT 1 FROM categories WHERE id = ?", (category_id,)).fetchone() is None:
        raise BadRequest("The ID in category_id is not valid")
    return category_id
