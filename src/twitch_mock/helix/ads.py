"""Helix Ads family (dev.twitch.tv/docs/api/reference/#get-ad-schedule): Get Ad Schedule and
Snooze Next Ad, on the schedule domain/ads.py keeps (Start Commercial, served by channels.py,
moves it too)."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.core.errors import Unauthorized
from twitch_mock.domain import ads
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import Data

READ_ADS = "channel:read:ads"


@dataclass(frozen=True, slots=True, kw_only=True)
class BroadcasterQuery:
    broadcaster_id: str = rule(not_empty=True)


def get_ad_schedule(ctx: Ctx) -> Data:
    """A user token must be the broadcaster's (the table says so); an app token acts on the
    broadcaster's earlier grant of the scope to the app (Twitch's 2026 app-token expansion)."""
    query = ctx.parse_query(BroadcasterQuery)
    token = ctx.token
    if (
        token is not None
        and token.is_app
        and not ctx.store.auth.has_grant(token.client_id, query.broadcaster_id, READ_ADS)
    ):
        raise Unauthorized(f"The user in broadcaster_id has not granted this app the {READ_ADS} scope")
    return Data([ads.schedule(ctx.services, query.broadcaster_id)])


def snooze_next_ad(ctx: Ctx) -> Data:
    query = ctx.parse_query(BroadcasterQuery)
    return Data([ads.snooze(ctx.services, query.broadcaster_id)])


ENDPOINTS = (
    Endpoint(
        "GET", "/channels/ads", get_ad_schedule, auth=Auth.EITHER, scopes=(READ_ADS,), owner="broadcaster_id"
    ),
    Endpoint(
        "POST",
        "/channels/ads/schedule/snooze",
        snooze_next_ad,
        auth=Auth.USER,
        scopes=("channel:manage:ads",),
        owner="broadcaster_id",
    ),
)
