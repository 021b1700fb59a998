"""id.twitch.tv endpoints (dev.twitch.tv/docs/authentication) and twitch-cli's `user_token`
shortcut, served under `/oauth2` and `/auth`. Parameters may come in the query string, a
urlencoded body or a multipart body."""

from __future__ import annotations

from twitch_mock.core.errors import BadRequest, Unauthorized
from twitch_mock.core.scopes import parse_scopes, unknown_scopes
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Api, Auth, Endpoint, ErrorStyle
from twitch_mock.http.results import Json
from twitch_mock.oauth.clients import confidential_client
from twitch_mock.oauth.tokens import (
    app_token_body,
    expires_in,
    issue_app_token,
    issue_user_token,
    user_token_body,
)


def requested_scopes(ctx: Ctx, name: str = "scope") -> list[str]:
    scopes = parse_scopes(ctx.form.get(name))
    bad = unknown_scopes(scopes)
    if bad:
        raise BadRequest(f"invalid scope requested: '{bad[0]}'")
    return scopes


def client_credentials(ctx: Ctx) -> Json:
    client = confidential_client(ctx)
    token = issue_app_token(ctx.services, client.id, requested_scopes(ctx))
    return Json(app_token_body(token, ctx.clock.now()))


GRANTS = {"client_credentials": client_credentials}


def token(ctx: Ctx) -> Json:
    grant_type = ctx.form.get("grant_type")
    if grant_type is None:
        raise BadRequest("missing grant_type")
    grant = GRANTS.get(grant_type)
    if grant is None:
        raise BadRequest(f"unsupported grant_type: {grant_type}")
    return grant(ctx)


def user_token_shortcut(ctx: Ctx) -> Json:
    """twitch-cli's `POST /auth/authorize?grant_type=user_token&client_id&client_secret&user_id&scope`:
    a user token minted directly (pyTwitchAPI's `mock_authenticate`). Messages are twitch-cli's."""
    form = ctx.form
    if form.get("grant_type") != "user_token" or not all(
        form.get(k) for k in ("client_id", "client_secret", "user_id")
    ):
        raise BadRequest("missing required parameter")
    scopes = parse_scopes(form.get("scope"))
    if unknown_scopes(scopes):
        raise BadRequest("Invalid scopes requested")
    client = ctx.store.auth.client(form.require("client_id"))
    if client is None or client.secret is None or client.secret != form.get("client_secret"):
        raise BadRequest("Client ID/Secret invalid")
    user_id = form.require("user_id")
    if not ctx.store.users.exists(user_id):
        raise BadRequest("User ID invalid")
    issued = issue_user_token(ctx.services, client.id, user_id, scopes)
    return Json(user_token_body(issued, ctx.clock.now()))


def validate(ctx: Ctx) -> Json:
    header = ctx.request.headers.get("authorization", "")
    scheme, _, raw = header.partition(" ")
    if not header or scheme.lower() not in ("oauth", "bearer") or not raw.strip():
        raise Unauthorized("missing authorization token")
    now = ctx.clock.now()
    found = ctx.store.auth.token(raw.strip())
    if found is None or found.expires_at <= now:
        raise Unauthorized("invalid access token")
    body: dict[str, object] = {"client_id": found.client_id}
    if found.user_id is not None:
        user = ctx.store.users.get(found.user_id)
        body["login"] = user.login if user else ""
    body["scopes"] = list(found.scopes) or None
    if found.user_id is not None:
        body["user_id"] = found.user_id
    body["expires_in"] = expires_in(found, now)
    return Json(body)


ENDPOINTS = (
    Endpoint("POST", "/token", token, auth=Auth.NONE),
    Endpoint("POST", "/authorize", user_token_shortcut, auth=Auth.NONE),
    Endpoint("GET", "/validate", validate, auth=Auth.NONE),
)

OAUTH = Api(name="oauth", prefixes=("/oauth2", "/auth"), endpoints=ENDPOINTS, errors=ErrorStyle.OAUTH)
