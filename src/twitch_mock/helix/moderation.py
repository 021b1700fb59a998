"""Helix Moderation family, bans, chat and moderators (dev.twitch.tv/docs/api/reference/#get-banned-
users): Get Banned Users, Ban User, Unban User, Delete Chat Messages, Get Moderators, Add Channel
Moderator, Remove Channel Moderator, Get / Update Shield Mode Status. AutoMod is in helix/automod.py."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.domain import bans, chat_messages, moderators, shield_mode
from twitch_mock.domain.bans import MAX_REASON, MAX_TIMEOUT
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.policies import Moderator
from twitch_mock.http.results import Data, NoContent, Page

MAX_IDS = 100
BANNED_USERS = "moderator:manage:banned_users"
MANAGE_MODERATORS = "channel:manage:moderators"


@dataclass(frozen=True, slots=True, kw_only=True)
class UsersQuery:
    broadcaster_id: str
    user_id: list[str] | None = rule(None, max_items=MAX_IDS)


@dataclass(frozen=True, slots=True, kw_only=True)
class BanData:
    user_id: str = rule(not_empty=True)
    duration: int | None = rule(None, minimum=1, maximum=MAX_TIMEOUT)
    reason: str = rule("", max_length=MAX_REASON)


@dataclass(frozen=True, slots=True, kw_only=True)
class BanUserBody:
    data: BanData


@dataclass(frozen=True, slots=True, kw_only=True)
class ShieldModeBody:
    is_active: bool


def get_banned_users(ctx: Ctx) -> Page:
    query = ctx.parse_query(UsersQuery)
    return Page(bans.banned(ctx.services, query.broadcaster_id, ctx.window, query.user_id or ()))


def ban_user(ctx: Ctx) -> Data:
    ban = ctx.parse(BanUserBody).data
    broadcaster = ctx.query.require("broadcaster_id")
    return Data(
        [bans.ban_user(ctx.services, broadcaster, ctx.user_id, ban.user_id, ban.duration, ban.reason)]
    )


def unban_user(ctx: Ctx) -> NoContent:
    broadcaster, user = ctx.query.require("broadcaster_id"), ctx.query.require("user_id")
    bans.unban(ctx.services, broadcaster, ctx.user_id, user)
    return NoContent()


def delete_chat_messages(ctx: Ctx) -> NoContent:
    broadcaster, message = ctx.query.require("broadcaster_id"), ctx.query.text("message_id") or None
    chat_messages.delete_messages(ctx.services, broadcaster, ctx.user_id, message)
    return NoContent()


def get_moderators(ctx: Ctx) -> Page:
    query = ctx.parse_query(UsersQuery)
    return Page(moderators.moderators(ctx.conn, query.broadcaster_id, ctx.window, query.user_id or ()))


def add_channel_moderator(ctx: Ctx) -> NoContent:
    moderators.add_channel_moderator(ctx.services, ctx.user_id, ctx.query.require("user_id"))
    return NoContent()


def remove_channel_moderator(ctx: Ctx) -> NoContent:
    moderators.remove_moderator(ctx.services, ctx.user_id, ctx.query.require("user_id"))
    return NoContent()


def get_shield_mode_status(ctx: Ctx) -> Data:
    return Data([shield_mode.status(ctx.conn, ctx.query.require("broadcaster_id"))])


def update_shield_mode_status(ctx: Ctx) -> Data:
    body = ctx.parse(ShieldModeBody)
    broadcaster = ctx.query.require("broadcaster_id")
    return Data([shield_mode.update(ctx.services, broadcaster, ctx.user_id, body.is_active)])


ENDPOINTS = (
    Endpoint(
        "GET",
        "/moderation/banned",
        get_banned_users,
        auth=Auth.USER,
        scopes=("moderation:read", BANNED_USERS),
        owner="broadcaster_id",
        first=(20, 100),
        before=True,
    ),
    Endpoint(
        "POST", "/moderation/bans", ban_user, auth=Auth.USER, scopes=(BANNED_USERS,), policy=Moderator()
    ),
    Endpoint(
        "DELETE", "/moderation/bans", unban_user, auth=Auth.USER, scopes=(BANNED_USERS,), policy=Moderator()
    ),
    Endpoint(
        "DELETE",
        "/moderation/chat",
        delete_chat_messages,
        auth=Auth.USER,
        scopes=("moderator:manage:chat_messages",),
        policy=Moderator(),
    ),
    Endpoint(
        "GET",
        "/moderation/moderators",
        get_moderators,
        auth=Auth.USER,
        scopes=("moderation:read", MANAGE_MODERATORS),
        owner="broadcaster_id",
        first=(20, 100),
    ),
    Endpoint(
        "POST",
        "/moderation/moderators",
        add_channel_moderator,
        auth=Auth.USER,
        scopes=(MANAGE_MODERATORS,),
        owner="broadcaster_id",
    ),
    Endpoint(
        "DELETE",
        "/moderation/moderators",
        remove_channel_moderator,
        auth=Auth.USER,
        scopes=(MANAGE_MODERATORS,),
        owner="broadcaster_id",
    ),
    Endpoint(
        "GET",
        "/moderation/shield_mode",
        get_shield_mode_status,
        auth=Auth.USER,
        scopes=("moderator:read:shield_mode", "moderator:manage:shield_mode"),
        policy=Moderator(),
    ),
    Endpoint(
        "PUT",
        "/moderation/shield_mode",
        update_shield_mode_status,
        auth=Auth.USER,
        scopes=("moderator:manage:shield_mode",),
        policy=Moderator(),
    ),
)
