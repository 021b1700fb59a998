"""Helix Chat family, pinned messages (open beta 2026-05-15, GA 2026-05-29; not yet in the OpenAPI
snapshot: reference/helix-catalog.md): Get Pinned Chat Message, Pin Chat Message, Update Pinned
Chat Message, Unpin Chat Message. The rules are in domain/pinned_messages.py."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.domain import pinned_messages
from twitch_mock.domain.pinned_messages import MAX_DURATION, MIN_DURATION
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.policies import Moderator
from twitch_mock.http.results import Data, NoContent

MANAGE = "moderator:manage:chat_messages"


@dataclass(frozen=True, slots=True, kw_only=True)
class PinQuery:
    broadcaster_id: str
    message_id: str
    duration_seconds: int | None = rule(None, minimum=MIN_DURATION, maximum=MAX_DURATION)


def get_pinned_chat_message(ctx: Ctx) -> Data:
    return Data(pinned_messages.pinned(ctx.services, ctx.query.require("broadcaster_id")))


def pin_chat_message(ctx: Ctx) -> NoContent:
    q = ctx.parse_query(PinQuery)
    pinned_messages.pin(ctx.services, q.broadcaster_id, ctx.user_id, q.message_id, q.duration_seconds)
    return NoContent()


def update_pinned_chat_message(ctx: Ctx) -> NoContent:
    q = ctx.parse_query(PinQuery)
    pinned_messages.update_pin(ctx.services, q.broadcaster_id, ctx.user_id, q.message_id, q.duration_seconds)
    return NoContent()


def unpin_chat_message(ctx: Ctx) -> NoContent:
    q = ctx.parse_query(PinQuery)
    pinned_messages.unpin(ctx.services, q.broadcaster_id, q.message_id)
    return NoContent()


ENDPOINTS = (
    Endpoint(
        "GET",
        "/chat/pins",
        get_pinned_chat_message,
        auth=Auth.USER,
        scopes=("moderator:read:chat_messages", MANAGE),
        policy=Moderator(),
    ),
    Endpoint("PUT", "/chat/pins", pin_chat_message, auth=Auth.USER, scopes=(MANAGE,), policy=Moderator()),
    Endpoint(
        "PATCH",
        "/chat/pins",
        update_pinned_chat_message,
        auth=Auth.USER,
        scopes=(MANAGE,),
        policy=Moderator(),
    ),
    Endpoint(
        "DELETE", "/chat/pins", unpin_chat_message, auth=Auth.USER, scopes=(MANAGE,), policy=Moderator()
    ),
)
