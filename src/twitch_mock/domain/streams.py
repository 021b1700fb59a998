"""Live streams and stream markers (dev.twitch.tv/docs/api/reference/#get-streams).

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.domain import channels, checks
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import insert_rows

STREAM_TYPES = ("live",)


@dataclass(frozen=True, slots=True)
class StreamRow:
    TABLE: ClassVar[str] = "streams"
    id: str
    user_id: str
    type: str
    viewer_count: int
    started_at: str
    is_mature: bool


@dataclass(frozen=True, slots=True)
class MarkerRow:
    TABLE: ClassVar[str] = "stream_markers"
    id: str
    user_id: str
    video_id: str
    created_at: str
    description: str
    position_seconds: int


def is_live(conn: sqlite3.Connection, user_id: str) -> bool:
    """Whether the user is streaming now (a `streams` row exists)."""
    return conn.execute("SELECT 1 FROM streams WHERE user_id = ?", (user_id,)).fetchone() is not None


def create_stream(
    s: Services,
    user_id: str,
    *,
    id: str | None = None,
    viewer_count: int | None = None,
    started_at: str | None = None,
    is_mature: bool = False,
    type: str = "live",
    title: str | None = None,  # these three change the channel, which the stream shows
    game_id: str | None = None,
    language: str | None = None,
) -> StreamRow:
def viewer_count(conn: sqlite3.Connection, user_id: str) -> int | None:
    """The viewers of the user's live stream; None when the user is offline."""
    row = conn.execute("SELECT viewer_count FROM streams WHERE user_id = ?", (user_id,)).fetchone()
    return None if row is None else int(row[0])


@dataclass(frozen=True, slots=True)
class StreamSpec:
    user_id: str
    id: str | None = None
    viewer_count: int | None = None
    started_at: str | None = None
    is_mature: bool = False
    type: str = "live"
    title: str | None = None  # these three change the channel, which the stream shows
    game_id: str | None = None
    language: str | None = None


def create_stream(s: Services, spec: StreamSpec) -> StreamRow:
    """The user goes live (replacing a stream they already have)."""
    checks.user(s, "user_id", user_id)
    channel = {"title": title, "game_id": checks.category(s, game_id), "broadcaster_language": language}
    viewers = (
        s.ids.between(0, 200)
        if viewer_count is None
        else checks.number("viewer_count", viewer_count, 0, 10**9)
    )
    row = StreamRow(
        id=checks.numeric_or_new(s, "id", id, 11),
        user_id=user_id,
        type=checks.choice("type", type, STREAM_TYPES),
        viewer_count=viewers,
        started_at=checks.time_or_now(s, "started_at", started_at),
        is_mature=is_mature,
    )
    channels.set_channel(s.conn, user_id, {k: v for k, v in channel.items() if v is not None})
    insert_rows(s.conn, "INSERT OR REPLACE", [row])
    return row
