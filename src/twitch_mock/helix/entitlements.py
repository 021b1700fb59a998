"""Helix Entitlements family (dev.twitch.tv/docs/api/reference/#get-drops-entitlements): Get Drops
Entitlements, Update Drops Entitlements."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import entitlements
from twitch_mock.domain.entitlements import STATUSES, EntitlementFilter
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import Data, Page

MAX_IDS = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class EntitlementsQuery:
    id: list[str] = rule((), max_items=MAX_IDS)
    user_id: str | None = None
    game_id: str | None = None
    fulfillment_status: str | None = rule(None, choices=STATUSES)


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateBody:
    entitlement_ids: list[str] = rule(min_items=1, max_items=MAX_IDS)
    fulfillment_status: str = rule(choices=STATUSES)


def _token_user(ctx: Ctx) -> str | None:
    """The user a user token acts for; None for an app token, which acts for the organization."""
    return None if ctx.token is None else ctx.token.user_id


def get_drops_entitlements(ctx: Ctx) -> Page:
    query = ctx.parse_query(EntitlementsQuery)
    user_id = query.user_id
    own = _token_user(ctx)
    if own is not None:
        if user_id is not None and user_id != own:
            raise BadRequest(
                "The ID in the user_id query parameter must match the user ID in the user access token"
            )
        user_id = own
    where = EntitlementFilter(list(dict.fromkeys(query.id)), user_id, query.game_id, query.fulfillment_status)
    return Page(entitlements.entitlements(ctx.conn, where, ctx.window))


def update_drops_entitlements(ctx: Ctx) -> Data:
    body = ctx.parse(UpdateBody)
    outcomes = entitlements.update_status(
        ctx.services, body.entitlement_ids, body.fulfillment_status, _token_user(ctx)
    )
    return Data(outcomes)


ENDPOINTS = (
    Endpoint("GET", "/entitlements/drops", get_drops_entitlements, auth=Auth.EITHER, first=(20, 1000)),
    Endpoint("PATCH", "/entitlements/drops", update_drops_entitlements, auth=Auth.EITHER),
)
