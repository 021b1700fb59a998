"""Helix Charity family (dev.twitch.tv/docs/api/reference/#get-charity-campaign): Get Charity
Campaign, Get Charity Campaign Donations."""

from __future__ import annotations

from twitch_mock.domain import charity
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import Data, Page

READ = ("channel:read:charity",)


def get_charity_campaign(ctx: Ctx) -> Data:
    return Data(charity.campaigns(ctx.conn, ctx.user_id))


def get_charity_campaign_donations(ctx: Ctx) -> Page:
    return Page(charity.donations(ctx.conn, ctx.user_id, ctx.window))


ENDPOINTS = (
    Endpoint(
        "GET", "/charity/campaigns", get_charity_campaign, auth=Auth.USER, scopes=READ, owner="broadcaster_id"
    ),
    Endpoint(
        "GET",
        "/charity/donations",
        get_charity_campaign_donations,
        auth=Auth.USER,
        scopes=READ,
        owner="broadcaster_id",
        first=(20, 100),
    ),
)
