"""Helix Moderation family, blocked terms (dev.twitch.tv/docs/api/reference/#get-blocked-terms): Get
Blocked Terms, Add Blocked Term, Remove Blocked Term. How a term matches is in
domain/blocked_terms.py."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.domain import blocked_terms
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.policies import Moderator
from twitch_mock.http.results import Data, NoContent, Page

MANAGE = "moderator:manage:blocked_terms"


@dataclass(frozen=True, slots=True, kw_only=True)
class AddTermBody:
    text: str = rule(not_empty=True)


def get_blocked_terms(ctx: Ctx) -> Page:
    return Page(blocked_terms.blocked_terms(ctx.conn, ctx.query.require("broadcaster_id"), ctx.window))


def add_blocked_term(ctx: Ctx) -> Data:
    body = ctx.parse(AddTermBody)
    broadcaster = ctx.query.require("broadcaster_id")
    return Data([blocked_terms.add_term(ctx.services, broadcaster, ctx.user_id, body.text)])


def remove_blocked_term(ctx: Ctx) -> NoContent:
    broadcaster, term = ctx.query.require("broadcaster_id"), ctx.query.require("id")
    blocked_terms.remove_term(ctx.services, broadcaster, ctx.user_id, term)
    return NoContent()


ENDPOINTS = (
    Endpoint(
        "GET",
        "/moderation/blocked_terms",
        get_blocked_terms,
        auth=Auth.USER,
        scopes=("moderator:read:blocked_terms", MANAGE),
        policy=Moderator(),
        first=(20, 100),
    ),
    Endpoint(
        "POST",
        "/moderation/blocked_terms",
        add_blocked_term,
        auth=Auth.USER,
        scopes=(MANAGE,),
        policy=Moderator(),
    ),
    Endpoint(
        "DELETE",
        "/moderation/blocked_terms",
        remove_blocked_term,
        auth=Auth.USER,
        scopes=(MANAGE,),
        policy=Moderator(),
    ),
)
