"""Get Channel iCalendar (dev.twitch.tv/docs/api/reference/#get-channel-icalendar): the channel's stored
schedule segments as an RFC 5545 calendar. One VEVENT per stored segment; a weekly series carries
`RRULE:FREQ=WEEKLY` and its canceled occurrence an `EXDATE`; a canceled one-off is `STATUS:CANCELLED`.
Times are given in the segment's own time zone (`DTSTART;TZID=...`) with a VTIMEZONE for each zone
used, so a series keeps its wall-clock time across daylight-saving changes, as in the JSON schedule."""

from __future__ import annotations

import calendar
import sqlite3
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from twitch_mock.core.clock import parse_rfc3339
from twitch_mock.domain import schedule, users
from twitch_mock.domain.schedule import StoredSegment

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PRODID = "-//twitch-mock//Stream Schedule//EN"


def icalendar(conn: sqlite3.Connection, broadcaster_id: str, now: float) -> str:
    """The calendar text (CRLF line ends, lines folded at 75 octets); a channel without a schedule
    gets a calendar with no events."""
    user = users.get(conn, broadcaster_id)
    name = user.display_name if user else broadcaster_id
    segments = schedule.stored_segments(conn, broadcaster_id)
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        f"NAME:{_text(name)}", f"X-WR-CALNAME:{_text(name)}",
    ]  # fmt: skip
    zones = sorted({seg.timezone for seg in segments} - {"UTC"})
    for zone in zones:
        lines += _vtimezone(zone, now)
    stamp = _utc(now)
    for seg in segments:
        lines += _vevent(seg, stamp)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _vevent(seg: StoredSegment, stamp: str) -> list[str]:
    start, end = parse_rfc3339(seg.start_time), parse_rfc3339(seg.end_time)
    lines = [
        "BEGIN:VEVENT", f"UID:{seg.id}", f"DTSTAMP:{stamp}",
        _at("DTSTART", start, seg.timezone), _at("DTEND", end, seg.timezone),
        f"SUMMARY:{_text(seg.title)}",
    ]  # fmt: skip
    if seg.category_name:
        lines.append(f"CATEGORIES:{_text(seg.category_name)}")
    if seg.is_recurring:
        day = DAYS[datetime.fromtimestamp(start, ZoneInfo(seg.timezone)).weekday()]
        lines.append(f"RRULE:FREQ=WEEKLY;BYDAY={day}")
        if seg.canceled_until:
            canceled = parse_rfc3339(seg.canceled_until) - seg.length
            lines.append(_at("EXDATE", canceled, seg.timezone))
    elif seg.canceled_until:
        lines.append("STATUS:CANCELLED")
    lines.append("END:VEVENT")
    return lines


def _at(prop: str, ts: float, zone: str) -> str:
    if zone == "UTC":
        return f"{prop}:{_utc(ts)}"
    local = datetime.fromtimestamp(ts, ZoneInfo(zone))
    return f"{prop};TZID={zone}:{local.strftime('%Y%m%dT%H%M%S')}"


def _utc(ts: float) -> str:
    return datetime.fromtimestamp(int(ts), UTC).strftime("%Y%m%dT%H%M%SZ")


def _vtimezone(zone: str, now: float) -> list[str]:
    """The zone's rules for the current year: its two yearly transitions (as RRULEs), or one fixed offset."""
    tz = ZoneInfo(zone)
    year = datetime.fromtimestamp(now, UTC).year
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone}"]
    transitions = _transitions(tz, year)
    if not transitions:
        offset = datetime(year, 1, 1, tzinfo=tz).utcoffset() or timedelta()
        name = datetime(year, 1, 1, tzinfo=tz).tzname() or zone
        return [
            *lines,
            *_observance("STANDARD", datetime(1970, 1, 1), offset, offset, name, None),
            "END:VTIMEZONE",
        ]
    for before, after in transitions:
        kind = "DAYLIGHT" if after.dst() else "STANDARD"
        local = after.replace(tzinfo=None) - (
            (after.utcoffset() or timedelta()) - (before.utcoffset() or timedelta())
        )
        rule = _yearly(local)
        lines += _observance(
            kind,
            local,
            before.utcoffset() or timedelta(),
            after.utcoffset() or timedelta(),
            after.tzname() or zone,
            rule,
        )
    return [*lines, "END:VTIMEZONE"]


def _transitions(tz: ZoneInfo, year: int) -> list[tuple[datetime, datetime]]:
    """(just before, just after) each change of UTC offset in `year`: found day by day, then hour by hour."""
    found = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    while day.year == year:
        following = day + timedelta(days=1)
        if day.astimezone(tz).utcoffset() != following.astimezone(tz).utcoffset():
            hour = day
            while hour.astimezone(tz).utcoffset() == (hour + timedelta(hours=1)).astimezone(tz).utcoffset():
                hour += timedelta(hours=1)
            found.append((hour.astimezone(tz), (hour + timedelta(hours=1)).astimezone(tz)))
        day = following
    return found


def _yearly(local: datetime) -> str:
    """RRULE for "the nth (or last) <weekday> of <month>" at this local date."""
    nth = (local.day - 1) // 7 + 1
    if local.day + 7 > calendar.monthrange(local.year, local.month)[1]:
        nth = -1
    return f"FREQ=YEARLY;BYMONTH={local.month};BYDAY={nth}{DAYS[local.weekday()]}"


def _observance(
    kind: str, start: datetime, before: timedelta, after: timedelta, name: str, rule: str | None
) -> list[str]:
    lines = [
        f"BEGIN:{kind}", f"DTSTART:{start.strftime('%Y%m%dT%H%M%S')}",
        f"TZOFFSETFROM:{_offset(before)}", f"TZOFFSETTO:{_offset(after)}", f"TZNAME:{_text(name)}",
    ]  # fmt: skip
    if rule:
        lines.append(f"RRULE:{rule}")
    return [*lines, f"END:{kind}"]


def _offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _text(value: str) -> str:
    """RFC 5545 TEXT escaping."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after CRLF and a space (RFC 5545 3.1)."""
    raw = line.encode()
    if len(raw) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(raw):
        end = min(start + limit, len(raw))
        while end < len(raw) and (raw[end] & 0xC0) == 0x80:  # never split a UTF-8 sequence
            end -= 1
        parts.append(raw[start:end].decode())
        start, limit = end, 74  # continuation lines start with a space
    return "\r\n ".join(parts)
