"""The generated world's SQL: bulk inserts for the generator (rows from store/world_rows.py) and the
unauthenticated `/units/<kind>` listings that twitch-cli offers for looking at generated data
(clients, users, categories, streams, subscriptions, tags, teams, videos). Unlike twitch-cli's, the
listings use clean snake_case keys, stable order and real paging."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, ClassVar, Protocol

from twitch_mock.store.auth import Client
from twitch_mock.store.paging import Window
from twitch_mock.store.users import UserRecord
from twitch_mock.store.world_rows import CategoryRow, TagRow, TeamRow, VideoRow


class Row(Protocol):
    """A row type of store/world_rows.py: a dataclass whose fields are the columns of `TABLE`."""

    TABLE: ClassVar[str]
    __dataclass_fields__: ClassVar[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class UnitUser(UserRecord):
    """Every column of a user and their channel, plus the category's name and the channel's tags."""

    game_name: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UnitStream:
    id: str
    user_id: str
    user_login: str
    user_name: str
    game_id: str
    game_name: str
    type: str
    title: str
    language: str
    tags: tuple[str, ...]
    viewer_count: int
    started_at: str
    is_mature: bool
    thumbnail_url: str


@dataclass(frozen=True, slots=True)
class UnitSubscription:
    broadcaster_id: str
    broadcaster_login: str
    broadcaster_name: str
    user_id: str
    user_login: str
    user_name: str
    tier: str
    is_gift: bool
    gifter_id: str | None
    gifter_login: str | None
    gifter_name: str | None
    created_at: str


@dataclass(frozen=True, slots=True)
class TeamUser:
    user_id: str
    user_login: str
    user_name: str


@dataclass(frozen=True, slots=True)
class UnitTeam(TeamRow):
    users: tuple[TeamUser, ...] = ()


@dataclass(frozen=True, slots=True)
class MutedSegment:
    offset: int
    duration: int


@dataclass(frozen=True, slots=True)
class UnitVideo(VideoRow):
    """A video's columns, its owner's login and name, its page and its muted segments."""

    user_login: str = ""
    user_name: str = ""
    url: str = ""
    muted_segments: tuple[MutedSegment, ...] = ()


_PAGE = " LIMIT ? OFFSET ?"
_STREAM_THUMBNAIL = "https://static-cdn.jtvnw.net/previews-ttv/live_user_{}-{{width}}x{{height}}.jpg"


def insert_rows(conn: sqlite3.Connection, verb: str, rows: Sequence[Row]) -> int:
    """`verb INTO <table>` for rows that are all of one row type, in one executemany; how many."""
    if not rows:
        return 0
    kind = type(rows[0])
    names = [f.name for f in fields(kind)]
    columns = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" * len(names))
    before = conn.total_changes
    conn.executemany(f"{verb} INTO {kind.TABLE} ({columns}) VALUES ({marks})", map(attrgetter(*names), rows))
    return conn.total_changes - before


class WorldStore:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # --- the generator's writes and look-ups ----------------------------------------------------

    def add(self, rows: Sequence[Row]) -> int:
        """Insert rows that are all of one row type, in one executemany; returns how many."""
        return insert_rows(self.conn, "INSERT", rows)

    def add_missing(self, rows: Sequence[Row]) -> int:
        """Insert the rows whose keys are not taken yet (the fixed catalogues); returns how many."""
        return insert_rows(self.conn, "INSERT OR IGNORE", rows)

    def logins(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT login FROM users")}

    def user_ids(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT id FROM users")}

    def category_ids(self) -> dict[str, str]:
        """Category name -> id."""
        return {r[0]: r[1] for r in self.conn.execute("SELECT name, id FROM categories")}

    def team_id(self, team_name: str) -> str | None:
        row = self.conn.execute("SELECT id FROM teams WHERE team_name = ?", (team_name,)).fetchone()
        return None if row is None else str(row[0])

    # --- /units/<kind> listings ------------------------------------------------------------------

    def unit_clients(self, window: Window) -> list[Client]:
        rows = self._page(
            "SELECT id, secret, name, is_public, is_extension, created_at FROM clients ORDER BY rowid", window
        )
        uris = self._children(
            "SELECT client_id, uri FROM client_redirect_uris WHERE client_id IN ({}) "
            "ORDER BY client_id, position",
            [r[0] for r in rows],
        )
        return [
            Client(r[0], r[1], r[2], bool(r[3]), bool(r[4]), r[5], tuple(u[0] for u in uris.get(r[0], ())))
            for r in rows
        ]

    def unit_users(self, window: Window) -> list[UnitUser]:
        rows = self._page(
            "SELECT u.id, u.login, u.display_name, u.type, u.broadcaster_type, u.description, "
            "u.profile_image_url, u.offline_image_url, u.view_count, u.email, u.created_at, "
            "COALESCE(u.game_id, ''), u.title, u.broadcaster_language, u.delay, u.is_branded_content, "
            "u.chat_color, u.batch, COALESCE(c.name, '') "
            "FROM users u LEFT JOIN categories c ON c.id = u.game_id ORDER BY u.rowid",
            window,
        )
        tags = self._channel_tags([r[0] for r in rows])
        return [UnitUser(*_join(r[:15], bool(r[15]), *r[16:], tags.get(r[0], ()))) for r in rows]

    def unit_categories(self, window: Window) -> list[CategoryRow]:
        rows = self._page("SELECT id, name, box_art_url, igdb_id FROM categories ORDER BY rowid", window)
        return [CategoryRow(*r) for r in rows]

    def unit_tags(self, window: Window) -> list[TagRow]:
        rows = self._page("SELECT id, tag_name, is_auto FROM tags ORDER BY rowid", window)
        return [TagRow(r[0], r[1], bool(r[2])) for r in rows]

    def unit_streams(self, window: Window) -> list[UnitStream]:
        rows = self._page(
            "SELECT s.id, s.user_id, u.login, u.display_name, COALESCE(u.game_id, ''), COALESCE(c.name, ''), "
            "s.type, u.title, u.broadcaster_language, s.viewer_count, s.started_at, s.is_mature "
            "FROM streams s JOIN users u ON u.id = s.user_id LEFT JOIN categories c ON c.id = u.game_id "
            "ORDER BY s.rowid",
            window,
        )
        tags = self._channel_tags([r[1] for r in rows])
        return [
            UnitStream(
                *_join(r[:9], tags.get(r[1], ()), r[9], r[10], bool(r[11]), _STREAM_THUMBNAIL.format(r[2]))
            )
            for r in rows
        ]

    def unit_subscriptions(self, window: Window) -> list[UnitSubscription]:
        rows = self._page(
            "SELECT s.broadcaster_id, b.login, b.display_name, s.user_id, u.login, u.display_name, s.tier, "
            "s.is_gift, s.gifter_id, g.login, g.display_name, s.created_at FROM subscriptions s "
            "JOIN users b ON b.id = s.broadcaster_id JOIN users u ON u.id = s.user_id "
            "LEFT JOIN users g ON g.id = s.gifter_id ORDER BY s.rowid",
            window,
        )
        return [UnitSubscription(*_join(r[:7], bool(r[7]), *r[8:])) for r in rows]

    def unit_teams(self, window: Window) -> list[UnitTeam]:
        rows = self._page(
            "SELECT id, team_name, team_display_name, info, thumbnail_url, background_image_url, banner, "
            "created_at, updated_at FROM teams ORDER BY rowid",
            window,
        )
        members = self._children(
            "SELECT m.team_id, u.id, u.login, u.display_name FROM team_members m "
            "JOIN users u ON u.id = m.user_id WHERE m.team_id IN ({}) ORDER BY m.team_id, u.login",
            [r[0] for r in rows],
        )
        return [UnitTeam(*_join(r, tuple(TeamUser(*m) for m in members.get(r[0], ())))) for r in rows]

    def unit_videos(self, window: Window) -> list[UnitVideo]:
        rows = self._page(
            "SELECT v.id, v.stream_id, v.user_id, v.title, v.description, v.created_at, v.published_at, "
            "v.viewable, v.view_count, v.language, v.type, v.duration, u.login, u.display_name, "
            "'https://www.twitch.tv/videos/' || v.id FROM videos v JOIN users u ON u.id = v.user_id "
            "ORDER BY v.rowid",
            window,
        )
        muted = self._children(
            'SELECT video_id, "offset", duration FROM video_muted_segments WHERE video_id IN ({}) '
            'ORDER BY video_id, "offset"',
            [r[0] for r in rows],
        )
        return [UnitVideo(*_join(r, tuple(MutedSegment(*m) for m in muted.get(r[0], ())))) for r in rows]

    # --- helpers -----------------------------------------------------------------------------

    def _page(self, sql: str, window: Window) -> list[Any]:
        return self.conn.execute(sql + _PAGE, (window.fetch, window.offset)).fetchall()

    def _children(self, sql: str, keys: Sequence[str]) -> dict[str, list[tuple[Any, ...]]]:
        """Rows of `sql` (first column the parent's key, `{}` where the IN list goes), grouped by parent."""
        grouped: dict[str, list[tuple[Any, ...]]] = {}
        if keys:
            for row in self.conn.execute(sql.format(",".join("?" * len(keys))), keys):
                grouped.setdefault(row[0], []).append(row[1:])
        return grouped

    def _channel_tags(self, broadcaster_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        grouped = self._children(
            "SELECT broadcaster_id, tag FROM channel_tags WHERE broadcaster_id IN ({}) "
            "ORDER BY broadcaster_id, position",
            broadcaster_ids,
        )
        return {key: tuple(r[0] for r in rows) for key, rows in grouped.items()}


def _join(columns: Sequence[Any], *more: Any) -> tuple[Any, ...]:
    """Columns of a row followed by computed values: the arguments of a Unit* dataclass."""
    return (*columns, *more)
