"""Helix Moderation family, AutoMod (dev.twitch.tv/docs/api/reference/#check-automod-status): Check
AutoMod Status, Manage Held AutoMod Messages, Get / Update AutoMod Settings. The rule the mock's
AutoMod applies is described in domain/automod.py and domain/automod_settings.py."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.domain import automod, automod_settings
from twitch_mock.domain.automod import ACTIONS
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.policies import Moderator, Owner
from twitch_mock.http.results import Data, NoContent

MAX_MESSAGES = 100
LEVEL = {"minimum": 0, "maximum": automod_settings.MAX_LEVEL}


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


@dataclass(frozen=True, slots=True, kw_only=True)
class AutoModSettingsBody:
    overall_level: int | None = rule(None, **LEVEL)
    disability: int | None = rule(None, **LEVEL)
    aggression: int | None = rule(None, **LEVEL)
    sexuality_sex_or_gender: int | None = rule(None, **LEVEL)
    misogyny: int | None = rule(None, **LEVEL)
    bullying: int | None = rule(None, **LEVEL)
    swearing: int | None = rule(None, **LEVEL)
    race_ethnicity_or_religion: int | None = rule(None, **LEVEL)
    sex_based_terms: int | None = rule(None, **LEVEL)


def check_automod_status(ctx: Ctx) -> Data:
    body = ctx.parse(CheckAutoModBody)
    broadcaster = ctx.query.require("broadcaster_id")
    return Data(
        automod_settings.check_status(ctx.services, broadcaster, [(m.msg_id, m.msg_text) for m in body.data])
    )


def get_automod_settings(ctx: Ctx) -> Data:
    row = automod_settings.settings_row(ctx.conn, ctx.query.require("broadcaster_id"))
    return Data([automod_settings.shown(row, ctx.user_id)])


def update_automod_settings(ctx: Ctx) -> Data:
    body = ctx.parse(AutoModSettingsBody)
    levels = {c: v for c in automod_settings.CATEGORIES if (v := getattr(body, c)) is not None}
    broadcaster = ctx.query.require("broadcaster_id")
    return Data([automod_settings.update(ctx.services, broadcaster, ctx.user_id, body.overall_level, levels)])


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
    Endpoint(
        "GET",
        "/moderation/automod/settings",
        get_automod_settings,
        auth=Auth.USER,
        scopes=("moderator:read:automod_settings",),
        policy=Moderator(),
    ),
    Endpoint(
        "PUT",
        "/moderation/automod/settings",
        update_automod_settings,
        auth=Auth.USER,
        scopes=("moderator:manage:automod_settings",),
        policy=Moderator(),
    ),
)
