"""Helix Raids family (dev.twitch.tv/docs/api/reference/#start-a-raid): Start a raid, Cancel a raid."""

from __future__ import annotations

from twitch_mock.domain import raids
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import Data, NoContent

MANAGE = ("channel:manage:raids",)


def start_a_raid(ctx: Ctx) -> Data:
    target = ctx.query.require("to_broadcaster_id")
    return Data([raids.start(ctx.services, ctx.user_id, target)])


def cancel_a_raid(ctx: Ctx) -> NoContent:
    raids.cancel(ctx.services, ctx.user_id)
    return NoContent()


ENDPOINTS = (
    Endpoint("POST", "/raids", start_a_raid, auth=Auth.USER, scopes=MANAGE, owner="from_broadcaster_id"),
    Endpoint("DELETE", "/raids", cancel_a_raid, auth=Auth.USER, scopes=MANAGE, owner="broadcaster_id"),
)
