"""Clips (dev.twitch.tv/docs/api/reference/#get-clips, #create-clip, #create-clip-from-vod,
#get-clips-download).

This module owns these tables: their row types, SQL and rules. A clip made by Create Clip is stored
at once and shows in Get Clips straight away (Twitch's processing takes a few seconds; the mock has
nothing to process). A clip whose video is gone shows `video_id` "" and a null `vod_offset`, as
Twitch documents for a clip whose video is not available."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Final

from twitch_mock.core.clock import parse_rfc3339
from twitch_mock.core.errors import BadRequest, Forbidden, NotFound
from twitch_mock.domain import bans, channels, streams, users, videos
from twitch_mock.domain.names import NAME_WORDS
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select, insert_rows

MAX_IDS = 100
DEFAULT_DURATION, MIN_DURATION, MAX_DURATION = 30.0, 5.0, 60.0
CLIPS: Final = "https://clips.twitch.tv/"


@dataclass(frozen=True, slots=True)
class ClipRow:
    TABLE: ClassVar[str] = "clips"
    id: str
    broadcaster_id: str
    creator_id: str
    video_id: str
    game_id: str
    language: str
    title: str
    view_count: int
    created_at: str
    duration: float
    vod_offset: int | None
    is_featured: bool


@dataclass(frozen=True, slots=True)
class Clip:
    """A Get Clips item."""

    id: str
    url: str
    embed_url: str
    broadcaster_id: str
    broadcaster_name: str
    creator_id: str
    creator_name: str
    video_id: str
    game_id: str
    language: str
    title: str
    view_count: int
    created_at: str
    thumbnail_url: str
    duration: float
    vod_offset: int | None
    is_featured: bool


@dataclass(frozen=True, slots=True)
class CreatedClip:
    id: str
    edit_url: str


@dataclass(frozen=True, slots=True)
class ClipFilter:
    """Get Clips' filters on a broadcaster's or a category's clips: created in [started, ended]
    (RFC3339), featured or not."""

    started_at: str | None = None
    ended_at: str | None = None
    is_featured: bool | None = None


CLIP = Select(
    Clip,
    "clips c JOIN users b ON b.id = c.broadcaster_id JOIN users cr ON cr.id = c.creator_id "
    "LEFT JOIN videos v ON v.id = c.video_id",
    alias="c",
    url=f"'{CLIPS}' || c.id",
    embed_url=f"'{CLIPS}embed?clip=' || c.id",
    broadcaster_name="b.display_name",
    creator_name="cr.display_name",
    video_id="CASE WHEN v.id IS NULL THEN '' ELSE c.video_id END",
    thumbnail_url="'https://clips-media-assets2.twitch.tv/' || c.id || '-preview-480x272.jpg'",
    vod_offset="CASE WHEN v.id IS NULL THEN NULL ELSE c.vod_offset END",
)
CLIP_ORDER = Order.of("c.view_count DESC", "c.id")


# --- queries ---------------------------------------------------------------------------------


def by_ids(conn: sqlite3.Connection, ids: Sequence[str]) -> list[Clip]:
    """These clips, each once, in the order asked for (unknown ids are left out)."""
    unique = list(dict.fromkeys(ids))
    found = CLIP.all(conn, f"c.id IN ({','.join('?' * len(unique))})", unique)
    position = {c: n for n, c in enumerate(unique)}
    return sorted(found, key=lambda c: position[c.id])


def listed(
    conn: sqlite3.Connection, window: Window, where: tuple[str, str], wanted: ClipFilter
) -> Slice[Clip]:
    """A page of a broadcaster's (`where` = ("c.broadcaster_id", id)) or a category's clips, most
    viewed first."""
    column, value = where
    conditions, args = [f"{column} = ?"], [value]
    if wanted.started_at is not None:
        conditions.append("c.created_at >= ?")
        args.append(wanted.started_at)
    if wanted.ended_at is not None:
        conditions.append("c.created_at <= ?")
        args.append(wanted.ended_at)
    if wanted.is_featured is not None:
        conditions.append("c.is_featured = ?")
        args.append(str(int(wanted.is_featured)))
    return CLIP.page(conn, window, CLIP_ORDER, " AND ".join(conditions), args)


def exists(conn: sqlite3.Connection, clip_id: str) -> bool:
    return conn.execute("SELECT 1 FROM clips WHERE id = ?", (clip_id,)).fetchone() is not None


# --- writes ----------------------------------------------------------------------------------


def create_clip(
    s: Services,
    creator_id: str,
    broadcaster_id: str,
    *,
    title: str | None = None,
    duration: float | None = None,
) -> CreatedClip:
    """Create Clip: the last `duration` seconds (30 by default) of the broadcaster's live stream,
    stored in the stream's archive video (made if missing)."""
    length = DEFAULT_DURATION if duration is None else round(duration, 1)
    if not MIN_DURATION <= length <= MAX_DURATION:
        raise BadRequest(f"The duration must be from {MIN_DURATION:g} to {MAX_DURATION:g} seconds")
    channel = s.conn.execute(
        "SELECT title, broadcaster_language, COALESCE(game_id, '') FROM users WHERE id = ?", (broadcaster_id,)
    ).fetchone()
    if channel is None:
        raise BadRequest("The ID in the broadcaster_id query parameter was not found")
    stream = streams.live_stream(s.conn, broadcaster_id)
    if stream is None:
        raise NotFound("The broadcaster in the broadcaster_id query parameter must be broadcasting live")
    if bans.is_banned(s, broadcaster_id, creator_id):
        raise Forbidden("The user is banned or timed out from the broadcaster's channel")
    archive = videos.start_archive(s, broadcaster_id, stream.id, stream.started_at)
    position = max(0, int(s.clock.now() - parse_rfc3339(archive.created_at)))
    row = ClipRow(
        id=_new_id(s),
        broadcaster_id=broadcaster_id,
        creator_id=creator_id,
        video_id=archive.id,
        game_id=channel[2],
        language=channel[1],
        title=title if title else channel[0],
        view_count=0,
        created_at=s.now(),
        duration=length,
        vod_offset=max(0, position - int(length)),
        is_featured=False,
    )
    insert_rows(s.conn, "INSERT", [row])
    return CreatedClip(row.id, f"{CLIPS}{row.id}/edit")


def _new_id(s: Services) -> str:
    """Twitch's clip slug: four capitalised words and 16 letters and digits."""
    while True:
        candidate = "".join(s.ids.sample(NAME_WORDS, 4)) + "-" + s.ids.mixed(16)
        if not exists(s.conn, candidate):
            return candidate


# --- clips from VODs and downloads (#create-clip-from-vod, #get-clips-download) ---------------

MAX_DOWNLOADS = 10
DOWNLOADS: Final = "https://production.assets.clips.twitchcdn.net/"
NOT_EDITOR: Final = "The user is not an editor for the specified broadcaster"
VOD_NOT_EDITOR: Final = "The user defined by the editor_id is not authorized to create Clips"
DURATION_PART = re.compile(r"(\d+)([hms])")


@dataclass(frozen=True, slots=True)
class ClipDownload:
    """A Get Clips Download item: the landscape file of a stored clip (the mock makes no
    portrait versions, so that URL is null, as Twitch sends when there is none)."""

    clip_id: str
    landscape_download_url: str | None
    portrait_download_url: str | None


def _editor_of(s: Services, broadcaster_id: str, editor_id: str, message: str) -> None:
    if not users.exists(s.conn, broadcaster_id):
        raise BadRequest("The ID in broadcaster_id is not valid")
    if not users.exists(s.conn, editor_id):
        raise BadRequest("The ID in editor_id is not valid")
    if not channels.is_editor(s.conn, broadcaster_id, editor_id):
        raise Forbidden(message)


def downloads(
    s: Services, editor_id: str, broadcaster_id: str, clip_ids: Sequence[str]
) -> list[ClipDownload]:
    """Get Clips Download: each of the broadcaster's clips asked for, once, in the order asked."""
    _editor_of(s, broadcaster_id, editor_id, NOT_EDITOR)
    unique = list(dict.fromkeys(clip_ids))
    marks = ",".join("?" * len(unique))
    found = {
        row[0]
        for row in s.conn.execute(
            f"SELECT id FROM clips WHERE broadcaster_id = ? AND id IN ({marks})", (broadcaster_id, *unique)
        )
    }
    lacking = [c for c in unique if c not in found]
    if lacking:
        raise BadRequest(f"The ID in clip_id is not valid: {lacking[0]}")
    return [ClipDownload(c, f"{DOWNLOADS}{c}/landscape-1080p.mp4", None) for c in unique]


def _vod_length(s: Services, video: videos.VideoRow) -> int:
    """A VOD's length in seconds; the archive of a live stream grows with the clock."""
    live = streams.live_stream(s.conn, video.user_id)
    if live is not None and live.id == video.stream_id:
        return max(0, int(s.clock.now() - parse_rfc3339(video.created_at)))
    units = {"h": 3600, "m": 60, "s": 1}
    return sum(int(n) * units[u] for n, u in DURATION_PART.findall(video.duration))


def create_clip_from_vod(
    s: Services,
    editor_id: str,
    broadcaster_id: str,
    vod_id: str,
    vod_offset: int,
    title: str,
    duration: float | None = None,
) -> CreatedClip:
    """Create Clip From VOD: the `duration` seconds (30 by default) of the broadcaster's VOD that
    end at `vod_offset`, made by the broadcaster or one of their editors, stored as a clip."""
    length = DEFAULT_DURATION if duration is None else round(duration, 1)
    if not MIN_DURATION <= length <= MAX_DURATION:
        raise BadRequest(f"The duration must be from {MIN_DURATION:g} to {MAX_DURATION:g} seconds")
    if not title.strip():
        raise BadRequest('The parameter "title" was malformed: the value must not be empty')
    if not users.exists(s.conn, broadcaster_id):
        raise BadRequest("The ID in the broadcaster_id query parameter was not found")
    if not users.exists(s.conn, editor_id):
        raise NotFound("The broadcaster_id or the editor_id does not exist")
    if not channels.is_editor(s.conn, broadcaster_id, editor_id):
        raise Forbidden(VOD_NOT_EDITOR)
    if bans.is_banned(s, broadcaster_id, editor_id):
        raise Forbidden("The user is banned or timed out from the broadcaster's channel")
    video = VOD.one(s.conn, "id = ? AND user_id = ?", (vod_id, broadcaster_id))
    if video is None:
        raise NotFound("The VOD is not found")
    if vod_offset < length:
        raise BadRequest("The vod_offset must be greater than or equal to the duration")
    if vod_offset > _vod_length(s, video):
        raise BadRequest("The vod_offset must not be after the end of the VOD")
    row = ClipRow(
        id=_new_id(s),
        broadcaster_id=broadcaster_id,
        creator_id=editor_id,
        video_id=video.id,
        game_id=video.game_id,
        language=video.language,
        title=title,
        view_count=0,
        created_at=s.now(),
        duration=length,
        vod_offset=vod_offset - int(length),
        is_featured=False,
    )
    insert_rows(s.conn, "INSERT", [row])
    login = users.names(s.conn, broadcaster_id)[1]
    return CreatedClip(row.id, f"https://www.twitch.tv/{login}/clip/{row.id}")


VOD = Select(videos.VideoRow, "videos")
