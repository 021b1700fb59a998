"""Helix VIPs (Twitch files them under Moderation; dev.twitch.tv/docs/api/reference/#get-vips):
Get VIPs, Add Channel VIP, Remove Channel VIP, with `channel.vip.add` / `channel.vip.remove`."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.core.errors import Unauthorized
from twitch_mock.domain import vips
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import NoContent, Page

MANAGE_VIPS = "channel:manage:vips"
MAX_USERS = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class VipsQuery:
    broadcaster_id: str
    user_id: list[str] | None = rule(None, max_items=MAX_USERS)


@dataclass(frozen=True, slots=True, kw_only=True)
class VipChangeQuery:
    broadcaster_id: str
    user_id: str


def get_vips(ctx: Ctx) -> Page:
    query = ctx.parse_query(VipsQuery)
    return Page(
        vips.vips(ctx.conn, query.broadcaster_id, ctx.window, list(dict.fromkeys(query.user_id or ())))
    )


def add_channel_vip(ctx: Ctx) -> NoContent:
    query = ctx.parse_query(VipChangeQuery)
    vips.add_channel_vip(ctx.services, query.broadcaster_id, query.user_id)
    return NoContent()


def remove_channel_vip(ctx: Ctx) -> NoContent:
    """The broadcaster removes a VIP, or a VIP removes their own status."""
    query = ctx.parse_query(VipChangeQuery)
    if ctx.user_id not in (query.broadcaster_id, query.user_id):
        raise Unauthorized("The ID in broadcaster_id must match the user ID in the user access token")
    vips.remove_channel_vip(ctx.services, query.broadcaster_id, query.user_id)
    return NoContent()


ENDPOINTS = (
    Endpoint(
        "GET",
        "/channels/vips",
        get_vips,
        auth=Auth.USER,
        scopes=("channel:read:vips", MANAGE_VIPS),
        owner="broadcaster_id",
        first=(20, 100),
    ),
    Endpoint(
        "POST",
        "/channels/vips",
        add_channel_vip,
        auth=Auth.USER,
        scopes=(MANAGE_VIPS,),
        owner="broadcaster_id",
    ),
    Endpoint("DELETE", "/channels/vips", remove_channel_vip, auth=Auth.USER, scopes=(MANAGE_VIPS,)),
)
