"""Videos and their muted segments (dev.twitch.tv/docs/api/reference/#get-videos, #delete-videos).

This module owns these tables: their row types, SQL and rules. A video's stream markers go with it
(`stream_markers.video_id` cascades), and clips of a deleted video show `video_id` "" and a null
`vod_offset`, as Twitch's clips do when their video is not available (domain/clips.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Final

from twitch_mock.core.clock import parse_rfc3339
from twitch_mock.core.errors import BadRequest, Conflict, NotFound, Unauthorized
from twitch_mock.domain import checks
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select, insert_rows, person

VIDEO_TYPES: Final = ("all", "archive", "highlight", "upload")
PERIODS: Final = {"all": None, "day": 86_400, "week": 7 * 86_400, "month": 30 * 86_400}
SORTS: Final = ("time", "trending", "views")
MAX_IDS, MAX_DELETE = 100, 5
THUMBNAIL: Final = "https://static-cdn.jtvnw.net/cf_vods/d2nvs31859zcd8/"


@dataclass(frozen=True, slots=True)
class VideoRow:
    TABLE: ClassVar[str] = "videos"
    id: str
    stream_id: str | None
    user_id: str
    title: str
    description: str
    created_at: str
    published_at: str
    viewable: str
    view_count: int
    language: str
    type: str
    duration: str
    game_id: str = ""  # the category the video was made in ("" when none)


@dataclass(frozen=True, slots=True)
class MutedSegmentRow:
    TABLE: ClassVar[str] = "video_muted_segments"
    video_id: str
    offset: int
    duration: int


@dataclass(frozen=True, slots=True)
class MutedSegment:
    duration: int
    offset: int


@dataclass(frozen=True, slots=True)
class Video:
    """A Get Videos item; `muted_segments` is null when nothing was muted (as Twitch documents)."""

    id: str
    stream_id: str | None
    user_id: str
    user_login: str
    user_name: str
    title: str
    description: str
    created_at: str
    published_at: str
    url: str
    thumbnail_url: str
    viewable: str
    view_count: int
    language: str
    type: str
    duration: str
    muted_segments: list[MutedSegment] | None


@dataclass(frozen=True, slots=True)
class VideoFilter:
    """Get Videos' filters for a user's or a category's list."""

    language: str | None = None
    period: str = "all"
    sort: str = "time"
    type: str = "all"


VIDEO = Select(
    Video,
    "videos v JOIN users u ON u.id = v.user_id",
    alias="v",
    **person("user", "u"),
    url="'https://www.twitch.tv/videos/' || v.id",
    thumbnail_url=f"'{THUMBNAIL}' || u.login || '_' || v.id || '/thumb/thumb0-%{{width}}x%{{height}}.jpg'",
    muted_segments="(SELECT CASE WHEN count(*) = 0 THEN NULL ELSE json_group_array(json_object("
    "'duration', duration, 'offset', offset)) END FROM (SELECT duration, offset "
    "FROM video_muted_segments WHERE video_id = v.id ORDER BY offset))",
)
ORDERS: Final = {
    "time": Order.of("v.created_at DESC", "v.id DESC"),
    # Trending is Twitch's own ranking of recent gains; the mock ranks by views, like "views".
    "trending": Order.of("v.view_count DESC", "v.id DESC"),
    "views": Order.of("v.view_count DESC", "v.id DESC"),
}


# --- queries ---------------------------------------------------------------------------------


def by_ids(conn: sqlite3.Connection, ids: Sequence[str]) -> list[Video]:
    """Exactly these videos, each once, in the order asked for; 404 when none of them exists."""
    unique = list(dict.fromkeys(ids))
    found = VIDEO.all(conn, f"v.id IN ({','.join('?' * len(unique))})", unique)
    if not found:
        raise NotFound("The ID in the id query parameter was not found")
    position = {v: n for n, v in enumerate(unique)}
    return sorted(found, key=lambda v: position[v.id])


def listed(s: Services, window: Window, where: tuple[str, str], wanted: VideoFilter) -> Slice[Video]:
    """A page of a user's (`where` = ("v.user_id", id)) or a category's videos, filtered."""
    column, value = where
    conditions, args = [f"{column} = ?"], [value]
    if wanted.language is not None:
        conditions.append("v.language = ?")
        args.append(wanted.language)
    if wanted.type != "all":
        conditions.append("v.type = ?")
        args.append(wanted.type)
    span = PERIODS[wanted.period]
    if span is not None:
        conditions.append("v.published_at >= ?")
        args.append(s.clock.rfc3339(-span))
    return VIDEO.page(s.conn, window, ORDERS[wanted.sort], " AND ".join(conditions), args)


def category_exists(conn: sqlite3.Connection, game_id: str) -> bool:
    return conn.execute("SELECT 1 FROM categories WHERE id = ?", (game_id,)).fetchone() is not None


def archive_of(conn: sqlite3.Connection, user_id: str, stream_id: str) -> VideoRow | None:
    """The archive video a stream is recording into, if there is one."""
    return ARCHIVE.one(conn, "stream_id = ? AND user_id = ? AND type = 'archive'", (stream_id, user_id))


def latest(conn: sqlite3.Connection, user_id: str) -> str | None:
    """The id of the user's most recent video."""
    row = conn.execute(
        "SELECT id FROM videos WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT 1", (user_id,)
    ).fetchone()
    return None if row is None else str(row[0])


def owner(conn: sqlite3.Connection, video_id: str) -> str | None:
    row = conn.execute("SELECT user_id FROM videos WHERE id = ?", (video_id,)).fetchone()
    return None if row is None else str(row[0])


ARCHIVE = Select(VideoRow, "videos")


# --- writes ----------------------------------------------------------------------------------


def start_archive(s: Services, user_id: str, stream_id: str, started_at: str) -> VideoRow:
    """The archive (VOD) of a live stream, created when the stream has none yet."""
    found = archive_of(s.conn, user_id, stream_id)
    if found is not None:
        return found
    channel = s.conn.execute(
        "SELECT title, broadcaster_language, COALESCE(game_id, '') FROM users WHERE id = ?", (user_id,)
    ).fetchone()
    title, language, game_id = channel if channel else ("", "en", "")
    row = VideoRow(
        id=_new_id(s),
        stream_id=stream_id,
        user_id=user_id,
        title=title,
        description="",
        created_at=started_at,
        published_at=started_at,
        viewable="public",
        view_count=0,
        language=language,
        type="archive",
        duration=duration_text(int(s.clock.now() - parse_rfc3339(started_at))),
        game_id=game_id,
    )
    insert_rows(s.conn, "INSERT", [row])
    return row


def duration_text(seconds: int) -> str:
    """Twitch's video duration form: "3h8m33s", "8m33s", "33s"."""
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes}m{secs}s"
    return f"{minutes}m{secs}s" if minutes else f"{secs}s"


def _new_id(s: Services) -> str:
    while True:
        candidate = s.ids.numeric(10)
        if owner(s.conn, candidate) is None:
            return candidate


def delete(s: Services, user_id: str, ids: Sequence[str]) -> list[str]:
    """Delete Videos: the ids that exist are deleted, all or none (401 when one of them is another
    user's video); their muted segments and stream markers go with them. Unknown ids are ignored."""
    unique = list(dict.fromkeys(ids))
    marks = ",".join("?" * len(unique))
    found = s.conn.execute(f"SELECT id, user_id FROM videos WHERE id IN ({marks})", unique).fetchall()
    if any(owner_id != user_id for _, owner_id in found):
        raise Unauthorized("The caller is not authorized to delete the specified video")
    existing = {video_id for video_id, _ in found}
    deleted = [v for v in unique if v in existing]
    if deleted:
        marks = ",".join("?" * len(deleted))
        # muted segments and stream markers cascade (their video_id references videos)
        s.conn.execute(f"DELETE FROM videos WHERE id IN ({marks})", deleted)
    return deleted


def create_video(
    s: Services,
    user_id: str,
    *,
    id: str | None = None,
    type: str = "upload",
    title: str = "",
    description: str = "",
    created_at: str | None = None,
    view_count: int = 0,
    duration: int = 60,  # seconds
    language: str | None = None,  # the channel's language by default
    game_id: str | None = None,  # the channel's category by default
    stream_id: str | None = None,  # archives only (one is made up for an archive without it)
) -> VideoRow:
    """A published video with exactly the attributes given (a builder: MockTwitch, the control API)."""
    user = checks.user(s, "user_id", user_id)
    kind = checks.choice("type", type, VIDEO_TYPES[1:])
    if stream_id is not None and kind != "archive":
        raise BadRequest('Only an archive has a "stream_id"')
    created = checks.time_or_now(s, "created_at", created_at)
    row = VideoRow(
        id=checks.numeric_or_new(s, "id", id, 10) if id else _new_id(s),
        stream_id=stream_id or (s.ids.numeric(11) if kind == "archive" else None),
        user_id=user.id,
        title=title,
        description=description,
        created_at=created,
        published_at=created,
        viewable="public",
        view_count=checks.number("view_count", view_count, 0, 10**9),
        language=language or user.broadcaster_language,
        type=kind,
        duration=duration_text(checks.number("duration", duration, 1, 10**6)),
        game_id=checks.category(s, game_id or user.game_id) or "",
    )
    if owner(s.conn, row.id) is not None:
        raise Conflict(f"The video {row.id} exists")
    insert_rows(s.conn, "INSERT", [row])
    return row
