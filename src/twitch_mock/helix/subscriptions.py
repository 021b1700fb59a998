"""Helix Subscriptions family (dev.twitch.tv/docs/api/reference/#get-broadcaster-subscriptions):
Get Broadcaster Subscriptions, Check User Subscription."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.core.errors import NotFound
from twitch_mock.domain import subscriptions, users
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import Data, Page

MAX_USERS = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class SubscribersQuery:
    broadcaster_id: str
    user_id: list[str] = rule((), max_items=MAX_USERS)


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckQuery:
    broadcaster_id: str
    user_id: str


def get_broadcaster_subscriptions(ctx: Ctx) -> Page:
    query = ctx.parse_query(SubscribersQuery)
    ids = list(dict.fromkeys(query.user_id))
    page = subscriptions.subscribers(ctx.conn, query.broadcaster_id, ctx.window, ids)
    totals = subscriptions.totals(ctx.conn, query.broadcaster_id)
    return Page(page, extra={"total": totals.total, "points": totals.points})


def check_user_subscription(ctx: Ctx) -> Data:
    query = ctx.parse_query(CheckQuery)
    found = subscriptions.subscription(ctx.conn, query.user_id, query.broadcaster_id)
    if found is None:
        user, channel = users.get(ctx.conn, query.user_id), users.get(ctx.conn, query.broadcaster_id)
        who = user.login if user else query.user_id
        raise NotFound(f"{who} has no subscription to {channel.login if channel else query.broadcaster_id}")
    return Data([found])


ENDPOINTS = (
    Endpoint(
        "GET",
        "/subscriptions",
        get_broadcaster_subscriptions,
        auth=Auth.EITHER,
        scopes=("channel:read:subscriptions",),
        owner="broadcaster_id",
        first=(20, 100),
        before=True,
    ),
    Endpoint(
        "GET",
        "/subscriptions/user",
        check_user_subscription,
        auth=Auth.EITHER,
        scopes=("user:read:subscriptions",),
        owner="user_id",
    ),
)
