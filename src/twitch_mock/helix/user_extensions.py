"""Helix user extensions (dev.twitch.tv/docs/api/reference/#get-user-extensions): Get User
Extensions (installed; the inactive ones only with user:edit:broadcast), Get User Active Extensions
and Update User Extensions (the panel 1-3, overlay 1 and component 1-2 slots)."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import user_extensions
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import Data

EDIT = "user:edit:broadcast"
READ = "user:read:broadcast"


@dataclass(frozen=True, slots=True, kw_only=True)
class ActiveQuery:
    user_id: str | None = None


def get_user_extensions(ctx: Ctx) -> Data:
    return Data(user_extensions.installed(ctx.conn, ctx.user_id, include_inactive=ctx.has_scope(EDIT)))


def get_user_active_extensions(ctx: Ctx) -> Data:
    user_id = ctx.parse_query(ActiveQuery).user_id
    if user_id is None:
        assert ctx.token is not None
        if ctx.token.user_id is None:
            raise BadRequest("The user_id query parameter is required if you specify an app access token")
        user_id = ctx.token.user_id
    return Data(user_extensions.active(ctx.conn, user_id))


def update_user_extensions(ctx: Ctx) -> Data:
    data = ctx.body.object("data", required=True)
    assert data is not None
    return Data(user_extensions.update(ctx.services, ctx.user_id, data.fields))


ENDPOINTS = (
    Endpoint("GET", "/users/extensions/list", get_user_extensions, auth=Auth.USER, scopes=(READ, EDIT)),
    Endpoint("GET", "/users/extensions", get_user_active_extensions, auth=Auth.EITHER),
    Endpoint("PUT", "/users/extensions", update_user_extensions, auth=Auth.USER, scopes=(EDIT,)),
)
