"""Helix Bits family (dev.twitch.tv/docs/api/reference/#get-bits-leaderboard): Get Bits
Leaderboard, Get Cheermotes."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.domain import bits
from twitch_mock.domain.bits import PERIODS
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import Data


@dataclass(frozen=True, slots=True, kw_only=True)
class LeaderboardQuery:
    count: int = rule(10, minimum=1, maximum=100)
    period: str = rule("all", choices=PERIODS)
    user_id: str | None = None


def get_bits_leaderboard(ctx: Ctx) -> Data:
    query = ctx.parse_query(LeaderboardQuery)
    window = bits.date_range(query.period, ctx.query.timestamp("started_at"))
    leaders = bits.leaderboard(ctx.conn, ctx.user_id, window, query.count, query.user_id)
    return Data(leaders, extra={"date_range": window, "total": len(leaders)})


def get_cheermotes(ctx: Ctx) -> Data:
    return Data(bits.cheermotes(ctx.conn, ctx.query.get("broadcaster_id")))


ENDPOINTS = (
    Endpoint("GET", "/bits/leaderboard", get_bits_leaderboard, auth=Auth.USER, scopes=("bits:read",)),
    Endpoint("GET", "/bits/cheermotes", get_cheermotes, auth=Auth.EITHER),
)
