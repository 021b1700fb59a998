"""Helix Get Authorization By User (dev.twitch.tv/docs/api/reference/#get-authorization-by-user),
filed by Twitch under Users: the scopes each user granted the app whose app token calls."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.domain import authorization
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import Data

MAX_USERS = 10


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizationQuery:
    user_id: list[str] = rule(max_items=MAX_USERS)


def get_authorization_by_user(ctx: Ctx) -> Data:
    query = ctx.parse_query(AuthorizationQuery)
    assert ctx.token is not None
    return Data(authorization.authorizations(ctx.services, ctx.token.client_id, query.user_id))


ENDPOINTS = (Endpoint("GET", "/authorization/users", get_authorization_by_user, auth=Auth.APP),)
