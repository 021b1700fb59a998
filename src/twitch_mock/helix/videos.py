"""Helix Videos family (dev.twitch.tv/docs/api/reference/#get-videos): Get Videos, Delete Videos."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.core.errors import BadRequest, NotFound
from twitch_mock.domain import videos
from twitch_mock.domain.videos import MAX_DELETE, MAX_IDS, PERIODS, SORTS, VIDEO_TYPES, VideoFilter
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.params import missing
from twitch_mock.http.results import Data, Page
from twitch_mock.store.paging import Slice

NONE_GIVEN = "The request must specify either the id or user_id or game_id query parameter"
SEVERAL_GIVEN = (
    "The id, user_id, and game_id query parameters are mutually exclusive; you must specify only one of them"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class VideosQuery:
    id: list[str] | None = rule(None, max_items=MAX_IDS)
    user_id: str | None = None
    game_id: str | None = None
    language: str | None = None
    period: str = rule("all", choices=tuple(PERIODS))
    sort: str = rule("time", choices=SORTS)
    type: str = rule("all", choices=VIDEO_TYPES)


def get_videos(ctx: Ctx) -> Page:
    q = ctx.parse_query(VideosQuery)
    given = [name for name in (q.id, q.user_id, q.game_id) if name]
    if len(given) != 1:
        raise BadRequest(NONE_GIVEN if not given else SEVERAL_GIVEN)
    if q.id:
        if not all(i.isdigit() for i in q.id):
            raise BadRequest("The value in the id query parameter is not valid")
        return Page(Slice(videos.by_ids(ctx.conn, q.id)))  # exactly those videos, one page
    wanted = VideoFilter(language=q.language, period=q.period, sort=q.sort, type=q.type)
    if q.user_id:
        return Page(videos.listed(ctx.services, ctx.window, ("v.user_id", q.user_id), wanted))
    assert q.game_id is not None
    if not videos.category_exists(ctx.conn, q.game_id):
        raise NotFound("The ID in the game_id query parameter was not found")
    return Page(videos.listed(ctx.services, ctx.window, ("v.game_id", q.game_id), wanted))


def delete_videos(ctx: Ctx) -> Data:
    ids = ctx.query.all("id", MAX_DELETE)
    if not ids:
        raise missing("id")
    return Data(videos.delete(ctx.services, ctx.user_id, ids))


ENDPOINTS = (
    Endpoint("GET", "/videos", get_videos, auth=Auth.EITHER, first=(20, 100), before=True),
    Endpoint("DELETE", "/videos", delete_videos, auth=Auth.USER, scopes=("channel:manage:videos",)),
)
