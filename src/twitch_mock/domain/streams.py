"""Live streams, stream keys and stream markers (dev.twitch.tv/docs/api/reference/#get-streams,
#get-followed-streams, #get-stream-key, #get-stream-markers, #create-stream-marker).

This module owns these tables (streams, stream_keys, stream_markers): their row types, SQL and
rules. A marker lands in the live stream's archive video (domain/videos.py makes one if missing)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from orjson import Fragment

from twitch_mock.core.clock import parse_rfc3339
from twitch_mock.core.errors import BadRequest, Forbidden, NotFound
from twitch_mock.domain import channels, checks, users, videos
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select, insert_rows, stored_json_page

STREAM_TYPES = ("live",)
MAX_FILTER = 100  # user_id, user_login, game_id and language values each
MAX_MARKER_DESCRIPTION = 140


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
class StreamOnline(Event):
    """EventSub `stream.online` v1: the broadcaster went live (`id` is the stream's)."""

    TYPE: ClassVar[str] = "stream.online"
    id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    type: str
    started_at: str


@dataclass(frozen=True, slots=True)
class StreamOffline(Event):
    """EventSub `stream.offline` v1: the broadcaster's stream ended."""

    TYPE: ClassVar[str] = "stream.offline"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str


@dataclass(frozen=True, slots=True)
class MarkerRow:
    TABLE: ClassVar[str] = "stream_markers"
    id: str
    user_id: str
    video_id: str
    created_at: str
    description: str
    position_seconds: int


@dataclass(frozen=True, slots=True)
class StreamKeyRow:
    TABLE: ClassVar[str] = "stream_keys"
    broadcaster_id: str
    stream_key: str


@dataclass(frozen=True, slots=True)
class Stream:
    """A Get Streams / Get Followed Streams item. `tag_ids` is always [] and `is_mature` always
    false: Twitch deprecated both and answers so. Stored as JSON on its streams row (`card`),
    built by the `stream_cards` view of schema v5 and kept equal to it by triggers; a test holds
    its keys to these fields."""

    id: str
    user_id: str
    user_login: str
    user_name: str
    game_id: str
    game_name: str
    type: str
    title: str
    viewer_count: int
    started_at: str
    language: str
    thumbnail_url: str
    tag_ids: list[str]
    tags: list[str]
    is_mature: bool


@dataclass(frozen=True, slots=True)
class StreamKey:
    stream_key: str


@dataclass(frozen=True, slots=True)
class Marker:
    """A marker inside Get Stream Markers' nested answer."""

    id: str
    created_at: str
    description: str
    position_seconds: int
    url: str


@dataclass(frozen=True, slots=True)
class VideoMarkers:
    video_id: str
    markers: list[Marker]


@dataclass(frozen=True, slots=True)
class UserMarkers:
    """Get Stream Markers' one item: the video's owner and the page of its markers."""

    user_id: str
    user_name: str
    user_login: str
    videos: list[VideoMarkers]


@dataclass(frozen=True, slots=True)
class CreatedMarker:
    """Create Stream Marker's item."""

    id: str
    created_at: str
    position_seconds: int
    description: str


@dataclass(frozen=True, slots=True)
class StreamFilter:
    """Get Streams' filters; each list is ORed within, and the lists are ANDed (user ids and
    logins together name one set of users)."""

    user_ids: Sequence[str] = ()
    user_logins: Sequence[str] = ()
    game_ids: Sequence[str] = ()
    languages: Sequence[str] = ()


CARD = "s.card"  # a stream's stored Get Streams item (schema v5)
STREAMS = "streams s"
CHANNEL_STREAMS = "streams s JOIN users u ON u.id = s.user_id"
STREAM_ORDER = Order.of("s.viewer_count DESC", "s.id")
MARKER = Select(
    Marker,
    "stream_markers m JOIN videos v ON v.id = m.video_id JOIN users u ON u.id = v.user_id",
    alias="m",
    url="'https://twitch.tv/' || u.login || '/manager/highlighter/' || v.id || '?t=' || "
    "(m.position_seconds / 3600) || 'h' || (m.position_seconds % 3600 / 60) || 'm' || "
    "(m.position_seconds % 60) || 's'",
)
MARKER_ORDER = Order.of("m.created_at", "m.id")
ROW = Select(StreamRow, "streams")


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({','.join('?' * len(values))})"


# --- queries ---------------------------------------------------------------------------------


def streams(conn: sqlite3.Connection, window: Window, wanted: StreamFilter) -> Slice[Fragment]:
    """Get Streams: live streams, most viewers first (their stored JSON: a page is 100 rows). The
    channel (users) is joined only to filter by its login, category or language."""
    conditions: list[str] = []
    args: list[str] = []
    people = []
    if wanted.user_ids:
        people.append(_in("s.user_id", wanted.user_ids))
        args += wanted.user_ids
    if wanted.user_logins:
        people.append(_in("u.login", wanted.user_logins))
        args += [login.lower() for login in wanted.user_logins]
    if people:
        conditions.append(" OR ".join(people))
    for column, values in (("u.game_id", wanted.game_ids), ("u.broadcaster_language", wanted.languages)):
        if values:
            conditions.append(_in(column, values))
            args += values
    where = " AND ".join(f"({c})" for c in conditions)
    by_channel = wanted.user_logins or wanted.game_ids or wanted.languages
    return stored_json_page(
        conn, CARD, CHANNEL_STREAMS if by_channel else STREAMS, window, STREAM_ORDER, where, args
    )


def followed(conn: sqlite3.Connection, user_id: str, window: Window) -> Slice[Fragment]:
    """Get Followed Streams: the live streams of the channels the user follows, most viewers first."""
    where = "s.user_id IN (SELECT broadcaster_id FROM follows WHERE user_id = ?)"
    return stored_json_page(conn, CARD, STREAMS, window, STREAM_ORDER, where, (user_id,))


def live_stream(conn: sqlite3.Connection, user_id: str) -> StreamRow | None:
    return ROW.one(conn, "user_id = ?", (user_id,))


def is_live(conn: sqlite3.Connection, user_id: str) -> bool:
    """Whether the user is streaming now (a `streams` row exists)."""
    return conn.execute("SELECT 1 FROM streams WHERE user_id = ?", (user_id,)).fetchone() is not None


def viewer_count(conn: sqlite3.Connection, user_id: str) -> int | None:
    """The viewers of the user's live stream; None when the user is offline."""
    row = conn.execute("SELECT viewer_count FROM streams WHERE user_id = ?", (user_id,)).fetchone()
    return None if row is None else int(row[0])


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
    """The user goes live (`stream.online`); a stream they already have ends first
    (`stream.offline`)."""
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
    if is_live(s.conn, user_id):
        end_stream(s, user_id)
    insert_rows(s.conn, "INSERT OR REPLACE", [row])
    s.publish(StreamOnline(row.id, *users.names(s.conn, user_id), row.type, row.started_at))
    return row


def end_stream(s: Services, user_id: str) -> StreamOffline:
    """The user's live stream ends (`stream.offline`): it leaves Get Streams."""
    checks.user(s, "user_id", user_id)
    if s.conn.execute("DELETE FROM streams WHERE user_id = ?", (user_id,)).rowcount == 0:
        raise BadRequest("The user is not live")
    event = StreamOffline(*users.names(s.conn, user_id))
    s.publish(event)
    return event


# --- stream keys -------------------------------------------------------------------------------


def new_stream_key(s: Services, broadcaster_id: str) -> str:
    """A key in Twitch's form: `live_<user id>_<30 letters and digits>`."""
    return f"live_{broadcaster_id}_{s.ids.mixed(30)}"


def stream_key(s: Services, broadcaster_id: str) -> StreamKey:
    """The channel's stream key: the stored one, or one made and stored now (so it is stable)."""
    row = s.conn.execute(
        "SELECT stream_key FROM stream_keys WHERE broadcaster_id = ?", (broadcaster_id,)
    ).fetchone()
    if row is not None:
        return StreamKey(row[0])
    checks.user(s, "broadcaster_id", broadcaster_id)
    key = new_stream_key(s, broadcaster_id)
    insert_rows(s.conn, "INSERT", [StreamKeyRow(broadcaster_id, key)])
    return StreamKey(key)


# --- stream markers ----------------------------------------------------------------------------


def _may_manage(s: Services, broadcaster_id: str, acting_user_id: str, what: str) -> None:
    if not channels.is_editor(s.conn, broadcaster_id, acting_user_id):
        raise Forbidden(
            f"The user in the access token is not authorized to {what}. The user in the access token "
            "must own the video or they must be one of the broadcaster's editors."
        )


def markers(
    s: Services, acting_user_id: str, window: Window, *, user_id: str | None, video_id: str | None
) -> tuple[str, Slice[Marker]]:
    """Get Stream Markers: the markers of a video, or of the user's most recent video, oldest
    first. The acting user must own the video or be one of its owner's editors."""
    if video_id is not None:
        owner = videos.owner(s.conn, video_id)
        if owner is None:
            raise NotFound("The ID in video_id was not found")
        _may_manage(s, owner, acting_user_id, "get the video's markers")
    else:
        assert user_id is not None
        _may_manage(s, user_id, acting_user_id, "get the video's markers")
        video_id = videos.latest(s.conn, user_id)
        if video_id is None:
            raise NotFound("The user specified in the user_id query parameter doesn't have videos")
    return video_id, MARKER.page(s.conn, window, MARKER_ORDER, "m.video_id = ?", (video_id,))


def group_markers(conn: sqlite3.Connection, page: list[Marker], video_id: str) -> list[UserMarkers]:
    """Twitch's nesting of a page of one video's markers: [{user, videos: [{video_id, markers}]}]
    ([] when the page is empty)."""
    if not page:
        return []
    row = conn.execute(
        "SELECT u.id, u.display_name, u.login FROM videos v JOIN users u ON u.id = v.user_id WHERE v.id = ?",
        (video_id,),
    ).fetchone()
    return [UserMarkers(row[0], row[1], row[2], [VideoMarkers(video_id, page)])]


def create_marker(s: Services, acting_user_id: str, user_id: str, description: str) -> CreatedMarker:
    """Create Stream Marker: a marker at the live stream's current position, in its archive."""
    if len(description) > MAX_MARKER_DESCRIPTION:
        raise BadRequest(
            f"The length of the string in the description field must not exceed {MAX_MARKER_DESCRIPTION}"
        )
    _may_manage(s, user_id, acting_user_id, "create video markers for the user in the user_id field")
    stream = live_stream(s.conn, user_id)
    if stream is None:
        raise NotFound("The user in the user_id field is not streaming live")
    archive = videos.start_archive(s, user_id, stream.id, stream.started_at)
    now = s.clock.now()
    position = max(0, int(now - parse_rfc3339(stream.started_at)))
    row = MarkerRow(f"{s.ids.rng.getrandbits(128):032x}", user_id, archive.id, s.now(), description, position)
    insert_rows(s.conn, "INSERT", [row])
    return CreatedMarker(row.id, row.created_at, row.position_seconds, row.description)
