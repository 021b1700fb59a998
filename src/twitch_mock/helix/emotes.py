"""Helix Chat family, part 2: emotes and badges (dev.twitch.tv/docs/api/reference/#get-channel-emotes):
Get Channel Emotes, Get Global Emotes, Get Emote Sets, Get Channel Chat Badges, Get Global Chat
Badges, Get User Emotes (pages of `emotes.PAGE_SIZE`, continued with `after`: the endpoint takes
no `first`). Emote answers carry Twitch's CDN `template`."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.domain import emotes
from twitch_mock.domain.emotes import GLOBAL_BADGES, GLOBAL_EMOTES, TEMPLATE
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.pagination import decode_cursor
from twitch_mock.http.results import Data, Page
from twitch_mock.store.paging import Window

MAX_SETS = 25


@dataclass(frozen=True, slots=True, kw_only=True)
class BroadcasterQuery:
    broadcaster_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EmoteSetsQuery:
    emote_set_id: list[str] = rule(max_items=MAX_SETS)


def get_channel_emotes(ctx: Ctx) -> Data:
    query = ctx.parse_query(BroadcasterQuery)
    return Data(emotes.channel_emotes(ctx.conn, query.broadcaster_id), extra={"template": TEMPLATE})


def get_global_emotes(ctx: Ctx) -> Data:
    return Data(list(GLOBAL_EMOTES), extra={"template": TEMPLATE})


def get_emote_sets(ctx: Ctx) -> Data:
    query = ctx.parse_query(EmoteSetsQuery)
    found = emotes.emote_sets(ctx.conn, list(dict.fromkeys(query.emote_set_id)))
    return Data(found, extra={"template": TEMPLATE})


def get_channel_chat_badges(ctx: Ctx) -> Data:
    query = ctx.parse_query(BroadcasterQuery)
    return Data(emotes.channel_badges(ctx.conn, query.broadcaster_id))


def get_global_chat_badges(ctx: Ctx) -> Data:
    return Data(list(GLOBAL_BADGES))


def get_user_emotes(ctx: Ctx) -> Page:
    broadcaster, after = ctx.query.get("broadcaster_id"), ctx.query.get("after")
    window = Window(emotes.PAGE_SIZE, after=None if after is None else decode_cursor(after)[1])
    return Page(emotes.user_emotes(ctx.conn, ctx.user_id, broadcaster, window), {"template": TEMPLATE})


ENDPOINTS = (
    Endpoint("GET", "/chat/emotes", get_channel_emotes, auth=Auth.EITHER),
    Endpoint("GET", "/chat/emotes/global", get_global_emotes, auth=Auth.EITHER),
    Endpoint("GET", "/chat/emotes/set", get_emote_sets, auth=Auth.EITHER),
    Endpoint("GET", "/chat/badges", get_channel_chat_badges, auth=Auth.EITHER),
    Endpoint("GET", "/chat/badges/global", get_global_chat_badges, auth=Auth.EITHER),
    Endpoint(
        "GET",
        "/chat/emotes/user",
        get_user_emotes,
        auth=Auth.USER,
        scopes=("user:read:emotes",),
        owner="user_id",
    ),
)
