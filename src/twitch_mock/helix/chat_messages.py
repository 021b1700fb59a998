"""Helix Chat family, messages (dev.twitch.tv/docs/api/reference/#send-chat-message): Send Chat
Message, whose rules are in domain/chat_send.py, and Get Shared Chat Session (#get-shared-chat-session).

A user token needs `user:write:chat` and is the sender's. An app token works when the sender has
authorized the app with `user:bot`, and the broadcaster with `channel:bot` or the sender moderates
the channel (the grants are what the users really granted the client through the mock's OAuth).

`pin: true` (2026-05-15) pins the sent message until the stream ends, as Pin Chat Message would:
the token (or, for an app token, the sender's grant) needs `moderator:manage:chat_messages`, and
the sender must be the broadcaster or one of their moderators (domain/pinned_messages.py). A
message that is not sent is not pinned."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.core.errors import BadRequest, Forbidden, Unauthorized, Unprocessable
from twitch_mock.domain import chat_messages, chat_send, moderators, pinned_messages, shared_chat, users
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.params import missing
from twitch_mock.http.policies import Owner
from twitch_mock.http.results import Data

USER_BOT, CHANNEL_BOT = "user:bot", "channel:bot"
MANAGE_MESSAGES = "moderator:manage:chat_messages"
NOT_PERMITTED = "The sender is not permitted to send chat messages to the broadcaster's chat room"


@dataclass(frozen=True, slots=True, kw_only=True)
class SendChatMessageBody:
    broadcaster_id: str = rule(not_empty=True)
    sender_id: str = rule(not_empty=True)
    message: str = rule(not_empty=True)
    reply_parent_message_id: str | None = None
    for_source_only: bool | None = None
    pin: bool | None = None


def send_chat_message(ctx: Ctx) -> Data:
    body = ctx.parse(SendChatMessageBody)
    token = ctx.token
    assert token is not None
    if token.is_app:
        _app_may_send(ctx, token.client_id, body.broadcaster_id, body.sender_id)
    elif body.for_source_only is not None:
        raise BadRequest("Cannot set for_source_only if User Access Token is used")
    if not body.message.strip():
        raise missing("message")
    if len(body.message) > chat_messages.MAX_TEXT:
        raise Unprocessable("The message is too large")
    if body.pin:
        _may_pin(ctx, body.sender_id)
    reply = body.reply_parent_message_id or None
    sent = chat_send.send(ctx.services, body.broadcaster_id, body.sender_id, body.message, reply)
    if body.pin and sent.is_sent:
        pinned_messages.pin_sent(ctx.services, body.broadcaster_id, body.sender_id, sent.message_id)
    return Data([sent])


def _may_pin(ctx: Ctx, sender_id: str) -> None:
    token = ctx.token
    assert token is not None
    if token.is_app:
        if not ctx.store.auth.has_grant(token.client_id, sender_id, MANAGE_MESSAGES):
            raise Unauthorized(
                f"The user in sender_id has not authorized this client with the {MANAGE_MESSAGES} scope"
            )
    elif MANAGE_MESSAGES not in token.scopes:
        raise Unauthorized(f"Missing scope: {MANAGE_MESSAGES}")


def _app_may_send(ctx: Ctx, client_id: str, broadcaster_id: str, sender_id: str) -> None:
    auth = ctx.store.auth
    if not auth.has_grant(client_id, sender_id, USER_BOT):
        raise Unauthorized(f"The user in sender_id has not authorized this client with the {USER_BOT} scope")
    if not (
        auth.has_grant(client_id, broadcaster_id, CHANNEL_BOT)
        or moderators.is_moderator(ctx.conn, broadcaster_id, sender_id)
    ):
        raise Forbidden(NOT_PERMITTED)


def get_shared_chat_session(ctx: Ctx) -> Data:
    broadcaster = ctx.query.require("broadcaster_id")
    if not users.exists(ctx.conn, broadcaster):
        raise BadRequest("The ID in broadcaster_id is not valid")
    return Data(shared_chat.session(ctx.conn, broadcaster))


ENDPOINTS = (
    Endpoint(
        "POST",
        "/chat/messages",
        send_chat_message,
        auth=Auth.EITHER,
        scopes=("user:write:chat",),
        policy=Owner("body.sender_id"),
    ),
    Endpoint("GET", "/shared_chat/session", get_shared_chat_session, auth=Auth.EITHER),
)
