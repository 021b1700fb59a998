"""Helix Chat family, part 1 (dev.twitch.tv/docs/api/reference/#send-chat-announcement): Send Chat
Announcement, Get Chatters, Get / Update User Chat Color, Get / Update Chat Settings, Send a
Shoutout. Emotes and badges are in helix/emotes.py."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.core.errors import Unauthorized
from twitch_mock.domain import chat, chat_notices, moderators
from twitch_mock.domain.chat import CHAT_DELAYS, FOLLOWER_DURATION, SLOW_WAIT, ChatSettingsChanges
from twitch_mock.domain.chat_notices import ANNOUNCEMENT_COLORS
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.policies import Moderator
from twitch_mock.http.results import Data, NoContent, Page

ANNOUNCE = "moderator:manage:announcements"
READ_SETTINGS = ("moderator:read:chat_settings", "moderator:manage:chat_settings")
MAX_COLOR_USERS = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class AnnouncementBody:
    message: str = rule(not_empty=True)
    color: str = rule("primary", choices=ANNOUNCEMENT_COLORS, not_empty=True)  # "" is primary


@dataclass(frozen=True, slots=True, kw_only=True)
class BroadcasterQuery:
    broadcaster_id: str
    moderator_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ColorsQuery:
    user_id: list[str] = rule(max_items=MAX_COLOR_USERS)


@dataclass(frozen=True, slots=True, kw_only=True)
class ColorQuery:
    user_id: str
    color: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatSettingsBody:
    slow_mode: bool | None = None
    slow_mode_wait_time: int | None = rule(None, minimum=SLOW_WAIT[0], maximum=SLOW_WAIT[1])
    follower_mode: bool | None = None
    follower_mode_duration: int | None = rule(
        None, minimum=FOLLOWER_DURATION[0], maximum=FOLLOWER_DURATION[1]
    )
    subscriber_mode: bool | None = None
    emote_mode: bool | None = None
    unique_chat_mode: bool | None = None
    non_moderator_chat_delay: bool | None = None
    non_moderator_chat_delay_duration: int | None = rule(None, choices=CHAT_DELAYS)


@dataclass(frozen=True, slots=True, kw_only=True)
class ShoutoutQuery:
    from_broadcaster_id: str
    to_broadcaster_id: str
    moderator_id: str


def send_chat_announcement(ctx: Ctx) -> NoContent:
    query = ctx.parse_query(BroadcasterQuery)
    moderator = ctx.query.require("moderator_id")
    token = ctx.token
    if (
        token is not None
        and token.is_app
        and not ctx.store.auth.has_grant(token.client_id, moderator, ANNOUNCE)
    ):
        raise Unauthorized(f"The user in moderator_id has not granted this app the {ANNOUNCE} scope")
    body = ctx.parse(AnnouncementBody)
    chat_notices.send_announcement(ctx.services, query.broadcaster_id, moderator, body.message, body.color)
    return NoContent()


def get_chatters(ctx: Ctx) -> Page:
    broadcaster = ctx.query.require("broadcaster_id")
    found, total = chat.chatters(ctx.services, broadcaster, ctx.window)
    return Page(found, extra={"total": total})


def get_user_chat_color(ctx: Ctx) -> Data:
    query = ctx.parse_query(ColorsQuery)
    return Data(chat.chat_colors(ctx.conn, list(dict.fromkeys(query.user_id))))


def update_user_chat_color(ctx: Ctx) -> NoContent:
    query = ctx.parse_query(ColorQuery)
    chat.set_chat_color(ctx.services, query.user_id, query.color)
    return NoContent()


def get_chat_settings(ctx: Ctx) -> Data:
    """`moderator_id` must be the token's user; the delay fields are shown only to a moderator
    whose token reads chat settings."""
    query = ctx.parse_query(BroadcasterQuery)
    moderator = query.moderator_id
    if moderator is not None:
        if ctx.token is None or ctx.token.user_id != moderator:
            raise Unauthorized("The ID in moderator_id must match the user ID in the user access token")
        privileged = any(ctx.has_scope(s) for s in READ_SETTINGS) and moderators.is_moderator(
            ctx.conn, query.broadcaster_id, moderator
        )
        moderator = moderator if privileged else None
    return Data([chat.chat_settings(ctx.conn, query.broadcaster_id, moderator)])


def update_chat_settings(ctx: Ctx) -> Data:
    query = ctx.parse_query(BroadcasterQuery)
    body = ctx.parse(ChatSettingsBody)
    changes = ChatSettingsChanges(
        slow_mode=body.slow_mode,
        slow_mode_wait_time=body.slow_mode_wait_time,
        follower_mode=body.follower_mode,
        follower_mode_duration=body.follower_mode_duration,
        subscriber_mode=body.subscriber_mode,
        emote_mode=body.emote_mode,
        unique_chat_mode=body.unique_chat_mode,
        non_moderator_chat_delay=body.non_moderator_chat_delay,
        non_moderator_chat_delay_duration=body.non_moderator_chat_delay_duration,
    )
    return Data([chat.update_settings(ctx.services, query.broadcaster_id, ctx.user_id, changes)])


def send_a_shoutout(ctx: Ctx) -> NoContent:
    query = ctx.parse_query(ShoutoutQuery)
    chat_notices.send_shoutout(
        ctx.services, query.from_broadcaster_id, query.to_broadcaster_id, query.moderator_id
    )
    return NoContent()


ENDPOINTS = (
    Endpoint(
        "POST",
        "/chat/announcements",
        send_chat_announcement,
        auth=Auth.EITHER,
        scopes=(ANNOUNCE,),
        policy=Moderator(),
    ),
    Endpoint(
        "GET",
        "/chat/chatters",
        get_chatters,
        auth=Auth.USER,
        scopes=("moderator:read:chatters",),
        policy=Moderator(),
        first=(100, 1000),
    ),
    Endpoint("GET", "/chat/color", get_user_chat_color, auth=Auth.EITHER),
    Endpoint(
        "PUT",
        "/chat/color",
        update_user_chat_color,
        auth=Auth.USER,
        scopes=("user:manage:chat_color",),
        owner="user_id",
    ),
    Endpoint("GET", "/chat/settings", get_chat_settings, auth=Auth.EITHER),
    Endpoint(
        "PATCH",
        "/chat/settings",
        update_chat_settings,
        auth=Auth.USER,
        scopes=("moderator:manage:chat_settings",),
        policy=Moderator(),
    ),
    Endpoint(
        "POST",
        "/chat/shoutouts",
        send_a_shoutout,
        auth=Auth.USER,
        scopes=("moderator:manage:shoutouts",),
        policy=Moderator(broadcaster="from_broadcaster_id"),
    ),
)
