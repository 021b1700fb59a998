"""Helix Streams family (dev.twitch.tv/docs/api/reference/#get-streams): Get Streams, Get Followed
Streams, Get Stream Key, Get Stream Markers, Create Stream Marker."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import streams
from twitch_mock.domain.streams import MAX_FILTER, MAX_MARKER_DESCRIPTION, StreamFilter
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import Data, Page

BROADCAST = "channel:manage:broadcast"
ONE_OF_MARKERS = "The request must specify either the user_id or video_id query parameter, but not both"


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkerBody:
    user_id: str
    description: str = rule("", max_length=MAX_MARKER_DESCRIPTION)


def get_streams(ctx: Ctx) -> Page:
    q = ctx.query
    q.choice("type", ("all", "live"))
    wanted = StreamFilter(
        user_ids=q.all("user_id", MAX_FILTER),
        user_logins=q.all("user_login", MAX_FILTER),
        game_ids=q.all("game_id", MAX_FILTER),
        languages=q.all("language", MAX_FILTER),
    )
    return Page(streams.streams(ctx.conn, ctx.window, wanted))


def get_followed_streams(ctx: Ctx) -> Page:
    return Page(streams.followed(ctx.conn, ctx.user_id, ctx.window))


def get_stream_key(ctx: Ctx) -> Data:
    return Data([streams.stream_key(ctx.services, ctx.user_id)])


def get_stream_markers(ctx: Ctx) -> Page:
    user_id, video_id = ctx.query.get("user_id"), ctx.query.get("video_id")
    if (user_id is None) == (video_id is None):
        raise BadRequest(ONE_OF_MARKERS)
    video, page = streams.markers(ctx.services, ctx.user_id, ctx.window, user_id=user_id, video_id=video_id)
    return Page(page, nest=lambda rows: streams.group_markers(ctx.conn, rows, video))


def create_stream_marker(ctx: Ctx) -> Data:
    body = ctx.parse(MarkerBody)
    return Data([streams.create_marker(ctx.services, ctx.user_id, body.user_id, body.description)])


ENDPOINTS = (
    Endpoint("GET", "/streams", get_streams, auth=Auth.EITHER, first=(20, 100), before=True),
    Endpoint(
        "GET",
        "/streams/followed",
        get_followed_streams,
        auth=Auth.USER,
        scopes=("user:read:follows",),
        owner="user_id",
        first=(100, 100),
    ),
    Endpoint(
        "GET",
        "/streams/key",
        get_stream_key,
        auth=Auth.USER,
        scopes=("channel:read:stream_key",),
        owner="broadcaster_id",
    ),
    Endpoint(
        "GET",
        "/streams/markers",
        get_stream_markers,
        auth=Auth.USER,
        scopes=("user:read:broadcast", BROADCAST),
        first=(20, 100),
        before=True,
    ),
    Endpoint("POST", "/streams/markers", create_stream_marker, auth=Auth.USER, scopes=(BROADCAST,)),
)
