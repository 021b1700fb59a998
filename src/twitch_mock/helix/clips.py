"""Helix Clips family (dev.twitch.tv/docs/api/reference/#get-clips): Get Clips, Create Clip, Get
Clips Download, Create Clip From VOD. The last two take an app token when the editor has granted
the app one of the clip scopes (Twitch's app-token expansion)."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.core.clock import parse_rfc3339, rfc3339
from twitch_mock.core.errors import BadRequest, NotFound, Unauthorized
from twitch_mock.domain import clips, videos
from twitch_mock.domain.clips import MAX_DOWNLOADS, MAX_DURATION, MAX_IDS, MIN_DURATION, ClipFilter
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.params import malformed
from twitch_mock.http.results import Data, Page
from twitch_mock.store.paging import Slice

WEEK = 7 * 86_400
MANAGE_CLIPS = ("editor:manage:clips", "channel:manage:clips")
NONE_GIVEN = "The id or game_id or broadcaster_id query parameter is required"
SEVERAL_GIVEN = (
    "The id, game_id, and broadcaster_id query parameters are mutually exclusive; "
    "you may specify only one of them"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ClipsQuery:
    broadcaster_id: str | None = None
    game_id: str | None = None
    id: list[str] | None = rule(None, max_items=MAX_IDS)
    started_at: str | None = None
    ended_at: str | None = None
    is_featured: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateClipQuery:
    broadcaster_id: str
    has_delay: bool = False  # the mock captures the same moment either way
    title: str | None = None
    duration: float | None = rule(None, minimum=MIN_DURATION, maximum=MAX_DURATION)


@dataclass(frozen=True, slots=True, kw_only=True)
class DownloadsQuery:
    editor_id: str = rule(not_empty=True)
    broadcaster_id: str = rule(not_empty=True)
    clip_id: list[str] = rule(max_items=MAX_DOWNLOADS)


@dataclass(frozen=True, slots=True, kw_only=True)
class ClipFromVodQuery:
    editor_id: str = rule(not_empty=True)
    broadcaster_id: str = rule(not_empty=True)
    vod_id: str = rule(not_empty=True)
    vod_offset: int = rule(minimum=0)
    duration: float | None = rule(None, minimum=MIN_DURATION, maximum=MAX_DURATION)
    title: str = rule(not_empty=True)


def _time(name: str, value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return parse_rfc3339(value)
    except ValueError:
        raise malformed(name, "the value must be an RFC3339 timestamp") from None


def _window(q: ClipsQuery) -> ClipFilter:
    """started_at alone covers a week; ended_at needs started_at."""
    started, ended = _time("started_at", q.started_at), _time("ended_at", q.ended_at)
    if started is None:
        if ended is not None:
            raise BadRequest("The started_at query parameter is required if ended_at is provided")
        return ClipFilter(is_featured=q.is_featured)
    if ended is None:
        ended = started + WEEK
    if ended < started:
        raise BadRequest("The ended_at query parameter must not be earlier than started_at")
    return ClipFilter(rfc3339(started), rfc3339(ended), q.is_featured)


def get_clips(ctx: Ctx) -> Page:
    q = ctx.parse_query(ClipsQuery)
    given = [name for name in (q.broadcaster_id, q.game_id, q.id) if name]
    if len(given) != 1:
        raise BadRequest(NONE_GIVEN if not given else SEVERAL_GIVEN)
    wanted = _window(q)
    if q.id:
        return Page(Slice(clips.by_ids(ctx.conn, q.id)))  # exactly those clips, one page
    if q.broadcaster_id:
        return Page(clips.listed(ctx.conn, ctx.window, ("c.broadcaster_id", q.broadcaster_id), wanted))
    assert q.game_id is not None
    if not videos.category_exists(ctx.conn, q.game_id):
        raise NotFound("The ID in game_id was not found")
    return Page(clips.listed(ctx.conn, ctx.window, ("c.game_id", q.game_id), wanted))


def create_clip(ctx: Ctx) -> Data:
    q = ctx.parse_query(CreateClipQuery)
    made = clips.create_clip(ctx.services, ctx.user_id, q.broadcaster_id, title=q.title, duration=q.duration)
    return Data([made], status=202)


def _editor_granted(ctx: Ctx, editor_id: str) -> None:
    """An app token acts for the editor only on the editor's earlier grant of a clip scope."""
    token = ctx.token
    if token is None or not token.is_app:
        return
    if not any(ctx.store.auth.has_grant(token.client_id, editor_id, s) for s in MANAGE_CLIPS):
        raise Unauthorized(
            f"The user in editor_id has not granted this app the {' or '.join(MANAGE_CLIPS)} scope"
        )


def get_clips_download(ctx: Ctx) -> Data:
    q = ctx.parse_query(DownloadsQuery)
    _editor_granted(ctx, q.editor_id)
    return Data(clips.downloads(ctx.services, q.editor_id, q.broadcaster_id, q.clip_id))


def create_clip_from_vod(ctx: Ctx) -> Data:
    q = ctx.parse_query(ClipFromVodQuery)
    _editor_granted(ctx, q.editor_id)
    made = clips.create_clip_from_vod(
        ctx.services, q.editor_id, q.broadcaster_id, q.vod_id, q.vod_offset, q.title, q.duration
    )
    return Data([made], status=202)


ENDPOINTS = (
    Endpoint("GET", "/clips", get_clips, auth=Auth.EITHER, first=(20, 100), before=True),
    Endpoint("POST", "/clips", create_clip, auth=Auth.USER, scopes=("clips:edit",)),
    Endpoint(
        "GET",
        "/clips/downloads",
        get_clips_download,
        auth=Auth.EITHER,
        scopes=MANAGE_CLIPS,
        owner="editor_id",
    ),
    Endpoint(
        "POST",
        "/videos/clips",
        create_clip_from_vod,
        auth=Auth.EITHER,
        scopes=MANAGE_CLIPS,
        owner="editor_id",
    ),
)
