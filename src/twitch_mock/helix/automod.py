"""Helix Moderation family, AutoMod (dev.twitch.tv/docs/api/reference/#check-automod-status): Check
AutoMod Status and Manage Held AutoMod Messages. The rule the mock's AutoMod applies is described in
domain/automod.py."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.domain import automod
from twitch_mock.domain.automod import ACTIONS
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.policies import Owner
from twitch_mock.http.results import Data, NoContent

MAX_MESSAGES = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageToCheck:
    msg_id: str
    msg_text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckAutoModBody:
    data: list[MessageToCheck] = rule(min_items=1, max_items=MAX_MESSAGES)


@dataclass(frozen=True, slots=True, kw_only=True)
class ManageHeldBody:
    user_id: str
    msg_id: str = rule(not_empty=True)
    action: str = rule(choices=ACTIONS)


def check_automod_status(ctx: Ctx) -> Data:
    body = ctx.parse(CheckAutoModBody)
    return Data(automod.check([(m.msg_id, m.msg_text) for m in body.data]))


def manage_held_automod_messages(ctx: Ctx) -> NoContent:
    body = ctx.parse(ManageHeldBody)
    automod.manage(ctx.services, ctx.user_id, body.msg_id, body.action)
    return NoContent()


ENDPOINTS = (
    Endpoint(
        "POST",
        "/moderation/enforcements/status",
        check_automod_status,
        auth=Auth.USER,
        scopes=("moderation:read",),
        owner="broadcaster_id",
    ),
    Endpoint(
        "POST",
        "/moderation/automod/message",
        manage_held_automod_messages,
        auth=Auth.USER,
        scopes=("moderator:manage:automod",),
        policy=Owner("body.user_id"),
    ),
)
