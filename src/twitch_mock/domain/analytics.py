"""Analytics reports (dev.twitch.tv/docs/api/reference/#get-extension-analytics, #get-game-analytics):
a user reads the reports of the extensions they wrote and of the games they own. Each report is a
URL of a CSV file that the mock serves itself (units.py, `/units/reports/analytics.csv`); its rows,
one per day of the date range, are derived from the subject and the day, so a URL always gives
the same file.

This module owns game_analytics_owners."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from typing import ClassVar, Final
from urllib.parse import urlencode

from twitch_mock.core.clock import parse_rfc3339, rfc3339
from twitch_mock.core.errors import BadRequest, NotFound, malformed
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select

DAY = 86_400
TYPES: Final = ("overview_v2",)
HISTORY = 365 * DAY  # how far back a report reaches
REPORT_PATH = "/units/reports/analytics.csv"
BOTH_DATES = "The start and end dates are optional but if you specify one, you must specify the other"
END_BEFORE_START = "The end date must be equal to or later than the start date"
EXTENSION_COLUMNS: Final = (
    "Installs", "Uninstalls", "Activations", "Deactivations", "Unique Active Channels", "Renders",
    "Unique Renders", "Views", "Unique Viewers", "Clicks", "Unique Interactors",
)  # fmt: skip
GAME_COLUMNS: Final = (
    "Live Views", "Unique Live Viewers", "Hours Watched", "Broadcasters", "Hours Broadcast", "Clip Views",
    "Followers",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class GameOwnerRow:
    TABLE: ClassVar[str] = "game_analytics_owners"
    user_id: str
    game_id: str


@dataclass(frozen=True, slots=True)
class DateRange:
    started_at: str
    ended_at: str


@dataclass(frozen=True, slots=True)
class ExtensionReport:
    """A Get Extension Analytics item."""

    extension_id: str
    URL: str
    type: str
    date_range: DateRange


@dataclass(frozen=True, slots=True)
class GameReport:
    """A Get Game Analytics item."""

    game_id: str
    URL: str
    type: str
    date_range: DateRange


@dataclass(frozen=True, slots=True)
class Subject:
    id: str
    name: str
    created_at: str  # '' when unknown


EXTENSIONS = Select(
    Subject,
    "(SELECT id, author_id, MIN(name) AS name, MIN(created_at) AS created_at FROM extensions "
    "GROUP BY id, author_id) x",
    alias="x",
)
GAMES = Select(
    Subject,
    "game_analytics_owners g JOIN categories c ON c.id = g.game_id",
    id="g.game_id",
    name="c.name",
    created_at="''",
)
BY_EXTENSION = Order.of("x.id")
BY_GAME = Order.of("g.game_id")


@dataclass(frozen=True, slots=True)
class Wanted:
    """A report request's filters, as sent."""

    user_id: str
    subject_id: str | None
    type: str | None
    started_at: str | None
    ended_at: str | None


def _day(ts: float) -> float:
    return ts - ts % DAY


def _time(name: str, text: str) -> float:
    try:
        return parse_rfc3339(text)
    except ValueError:
        raise malformed(name, "the value must be an RFC3339 timestamp") from None


def date_range(wanted: Wanted, created_at: str, now: float) -> DateRange:
    """Whole days up to today: from the start asked for (or as far back as reports reach) to the end
    asked for (or today); a start before the subject existed starts when it was made."""
    if (wanted.started_at is None) != (wanted.ended_at is None):
        raise BadRequest(BOTH_DATES)
    end, earliest = _day(now), _day(now) - HISTORY
    if created_at:
        earliest = max(earliest, _day(parse_rfc3339(created_at)))
    start = earliest
    if wanted.started_at is not None and wanted.ended_at is not None:
        asked_start, asked_end = _time("started_at", wanted.started_at), _time("ended_at", wanted.ended_at)
        if asked_end < asked_start:
            raise BadRequest(END_BEFORE_START)
        start, end = max(earliest, _day(asked_start)), min(end, _day(asked_end))
    return DateRange(rfc3339(start), rfc3339(max(start, end)))


def _check_type(wanted: Wanted) -> str:
    if wanted.type is not None and wanted.type not in TYPES:
        raise malformed("type", f"the value must be one of {', '.join(TYPES)}")
    return wanted.type or TYPES[0]


def _url(origin: str, kind: str, subject: Subject, dates: DateRange, type_: str) -> str:
    query = {
        "kind": kind,
        "id": subject.id,
        "type": type_,
        "started_at": dates.started_at,
        "ended_at": dates.ended_at,
    }
    return f"{origin}{REPORT_PATH}?{urlencode(query)}"


def extension_reports(
    conn: sqlite3.Connection, wanted: Wanted, window: Window, origin: str, now: float
) -> Slice[ExtensionReport]:
    type_ = _check_type(wanted)
    where, args = "x.author_id = ?", [wanted.user_id]
    if wanted.subject_id is not None:
        where, args = where + " AND x.id = ?", [*args, wanted.subject_id]
    page = EXTENSIONS.page(conn, window, BY_EXTENSION, where, args)
    if wanted.subject_id is not None and not page.rows:
        raise NotFound("The extension specified in the extension_id query parameter was not found")
    rows = []
    for subject in page.rows:
        dates = date_range(wanted, subject.created_at, now)
        rows.append(
            ExtensionReport(subject.id, _url(origin, "extension", subject, dates, type_), type_, dates)
        )
    return Slice(rows, page.first, page.last, page.more, page.backwards)


def game_reports(
    conn: sqlite3.Connection, wanted: Wanted, window: Window, origin: str, now: float
) -> Slice[GameReport]:
    type_ = _check_type(wanted)
    where, args = "g.user_id = ?", [wanted.user_id]
    if wanted.subject_id is not None:
        where, args = where + " AND g.game_id = ?", [*args, wanted.subject_id]
    page = GAMES.page(conn, window, BY_GAME, where, args)
    if wanted.subject_id is not None and not page.rows:
        raise NotFound("The game specified in the game_id query parameter was not found")
    rows = []
    for subject in page.rows:
        dates = date_range(wanted, subject.created_at, now)
        rows.append(GameReport(subject.id, _url(origin, "game", subject, dates, type_), type_, dates))
    return Slice(rows, page.first, page.last, page.more, page.backwards)


def report_csv(conn: sqlite3.Connection, kind: str, subject_id: str, started_at: str, ended_at: str) -> str:
    """The CSV behind a report URL: a header line, then one line per day."""
    if kind == "extension":
        found = EXTENSIONS.one(conn, "x.id = ?", (subject_id,))
        head, columns = ("Date", "Extension Name", "Extension Client ID"), list(EXTENSION_COLUMNS)
    elif kind == "game":
        found = GAMES.one(conn, "g.game_id = ?", (subject_id,))
        head, columns = ("Date", "Game Name", "Game ID"), list(GAME_COLUMNS)
    else:
        raise malformed("kind", "the value must be one of extension, game")
    if found is None:
        raise NotFound("The report was not found")
    start, end = _time("started_at", started_at), _time("ended_at", ended_at)
    if end < start or end - start > HISTORY:
        raise BadRequest("The report's date range is not valid")
    lines = [",".join((*head, *columns))]
    day = _day(start)
    while day <= end:
        date = rfc3339(day)[:10]
        lines.append(
            ",".join((date, _cell(found.name), found.id, *_numbers(f"{found.id}:{date}", len(columns))))
        )
        day += DAY
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n') else text


def _numbers(key: str, count: int) -> list[str]:
    digest = hashlib.sha256(key.encode()).digest()
    return [str(digest[n % len(digest)] * (n + 1)) for n in range(count)]
