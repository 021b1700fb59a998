"""Helix Analytics family (dev.twitch.tv/docs/api/reference/#get-extension-analytics): Get
Extension Analytics and Get Game Analytics. Each report's URL points at a CSV file the mock
serves itself (domain/analytics.py)."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.domain import analytics
from twitch_mock.domain.analytics import Wanted
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import Page


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtensionQuery:
    extension_id: str | None = None
    type: str | None = None
    started_at: str | None = None
    ended_at: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GameQuery:
    game_id: str | None = None
    type: str | None = None
    started_at: str | None = None
    ended_at: str | None = None


def get_extension_analytics(ctx: Ctx) -> Page:
    q = ctx.parse_query(ExtensionQuery)
    wanted = Wanted(ctx.user_id, q.extension_id, q.type, q.started_at, q.ended_at)
    return Page(
        analytics.extension_reports(ctx.conn, wanted, ctx.window, ctx.request.origin, ctx.clock.now())
    )


def get_game_analytics(ctx: Ctx) -> Page:
    q = ctx.parse_query(GameQuery)
    wanted = Wanted(ctx.user_id, q.game_id, q.type, q.started_at, q.ended_at)
    return Page(analytics.game_reports(ctx.conn, wanted, ctx.window, ctx.request.origin, ctx.clock.now()))


ENDPOINTS = (
    Endpoint(
        "GET", "/analytics/extensions", get_extension_analytics, auth=Auth.USER,
        scopes=("analytics:read:extensions",), first=(20, 100),
    ),
    Endpoint(
        "GET", "/analytics/games", get_game_analytics, auth=Auth.USER, scopes=("analytics:read:games",),
        first=(20, 100),
    ),
)  # fmt: skip
