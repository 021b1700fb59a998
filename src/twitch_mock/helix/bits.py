"""Helix Bits family (dev.twitch.tv/docs/api/reference/#get-bits-leaderboard): Get Bits
Leaderboard, Get Cheermotes, Get Custom Power-up."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.domain import bits, power_ups
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


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerUpsQuery:
    broadcaster_id: str = rule(not_empty=True)
    id: list[str] | None = rule(None, max_items=power_ups.MAX_IDS)


def get_bits_leaderboard(ctx: Ctx) -> Data:
    query = ctx.parse_query(LeaderboardQuery)
    window = bits.date_range(query.period, ctx.query.timestamp("started_at"))
    leaders = bits.leaderboard(ctx.conn, ctx.user_id, window, query.count, query.user_id)
    return Data(leaders, extra={"date_range": window, "total": len(leaders)})


def get_cheermotes(ctx: Ctx) -> Data:
    return Data(bits.cheermotes(ctx.conn, ctx.query.get("broadcaster_id")))


def get_custom_power_up(ctx: Ctx) -> Data:
    query = ctx.parse_query(PowerUpsQuery)
    return Data(power_ups.power_ups(ctx.services, query.broadcaster_id, query.id or ()))


ENDPOINTS = (
    Endpoint("GET", "/bits/leaderboard", get_bits_leaderboard, auth=Auth.USER, scopes=("bits:read",)),
    Endpoint("GET", "/bits/cheermotes", get_cheermotes, auth=Auth.EITHER),
    Endpoint(
        "GET",
        "/bits/custom_power_ups",
        get_custom_power_up,
        auth=Auth.USER,
        scopes=("bits:read",),
        owner="broadcaster_id",
    ),
)
