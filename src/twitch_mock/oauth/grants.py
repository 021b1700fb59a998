"""`POST /oauth2/token`, one function per grant type (dev.twitch.tv/docs/authentication/
getting-tokens-oauth and refresh-tokens): client_credentials, authorization_code, refresh_token and
the device code grant. Messages are id.twitch.tv's (reference/twitch-auth.md, 1.4).

Where Twitch is silent, the mock chooses (README, "Authentication"): a confidential client's refresh
returns a new refresh token and the old one stays valid; the previous access token lives on until it
expires; a public client's refresh token works once and dies after 30 idle days; refresh responses
carry no id_token (ID tokens cannot be refreshed)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from twitch_mock.core.errors import BadRequest
from twitch_mock.core.scopes import parse_scopes, unknown_scopes
from twitch_mock.http.context import Ctx
from twitch_mock.http.results import Json
from twitch_mock.oauth.clients import client_with_secret, confidential_client, find_client
from twitch_mock.oauth.oidc import OPENID, Grant, id_token, issuer
from twitch_mock.oauth.tokens import (
    Issued,
    app_token_body,
    issue_app_token,
    issue_user_token,
    user_token_body,
)
from twitch_mock.store.auth import RefreshToken

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
INVALID_CODE = "Invalid authorization code"
INVALID_REFRESH = "Invalid refresh token"
INVALID_DEVICE = "invalid device code"
MISMATCH = "Parameter redirect_uri does not match registered URI"


def requested_scopes(ctx: Ctx, name: str = "scope") -> list[str]:
    scopes = parse_scopes(ctx.form.get(name))
    bad = unknown_scopes(scopes)
    if bad:
        raise BadRequest(f"invalid scope requested: '{bad[0]}'")
    return scopes


def user_body(ctx: Ctx, issued: Issued, nonce: str | None = None, claims: str | None = None) -> Json:
    """The token JSON, with an `id_token` when `openid` was granted."""
    body: dict[str, Any] = user_token_body(issued, ctx.clock.now())
    access = issued.access
    if OPENID in access.scopes and access.user_id is not None:
        grant = Grant(access.client_id, access.user_id, access.scopes)
        body["id_token"] = id_token(ctx.services, issuer(ctx), grant, nonce=nonce, claims_json=claims)
    return Json(body)


def client_credentials(ctx: Ctx) -> Json:
    client = confidential_client(ctx)
    token = issue_app_token(ctx.services, client.id, requested_scopes(ctx))
    return Json(app_token_body(token, ctx.clock.now()))


def authorization_code(ctx: Ctx) -> Json:
    """Exchange a code: once, by the client it was issued to, with the same redirect_uri."""
    client = confidential_client(ctx)
    raw = ctx.form.get("code")
    if raw is None:
        raise BadRequest("missing code")
    now = ctx.clock.now()
    code = ctx.store.auth.auth_code(raw)
    if code is None or code.client_id != client.id or code.used_at is not None or code.expires_at <= now:
        raise BadRequest(INVALID_CODE)
    if ctx.form.get("redirect_uri") != code.redirect_uri:
        raise BadRequest(MISMATCH)
    if not ctx.store.auth.mark_code_used(code.code, now):
        raise BadRequest(INVALID_CODE)
    issued = issue_user_token(ctx.services, client.id, code.user_id, code.scopes)
    if code.claims and issued.access.grant_id:
        ctx.store.auth.set_grant_claims(issued.access.grant_id, code.claims)
    return user_body(ctx, issued, code.nonce, code.claims)


def refresh_token(ctx: Ctx) -> Json:
    client = find_client(ctx)
    raw = ctx.form.get("refresh_token")
    if raw is None:
        raise BadRequest("missing refresh token")
    if not client.is_public:
        client_with_secret(ctx, client)
    now = ctx.clock.now()
    found = ctx.store.auth.refresh_token(raw)
    if found is None or found.client_id != client.id or not refreshable(ctx, found, client.is_public, now):
        raise BadRequest(INVALID_REFRESH)
    scopes = narrowed_scopes(ctx, found.scopes)
    ctx.store.auth.mark_refresh_used(found.token, now, single_use=client.is_public)
    issued = issue_user_token(ctx.services, client.id, found.user_id, scopes, grant_id=found.grant_id)
    return Json(user_token_body(issued, now))


def refreshable(ctx: Ctx, found: RefreshToken, public: bool, now: float) -> bool:
    if not public:
        return True
    idle_since = found.last_used_at if found.last_used_at is not None else found.issued_at
    return found.used_at is None and now - idle_since < ctx.settings.lifetimes.public_refresh_idle


def narrowed_scopes(ctx: Ctx, granted: Sequence[str]) -> tuple[str, ...]:
    """An optional `scope` on refresh may only narrow the grant."""
    asked = requested_scopes(ctx)
    outside = [s for s in asked if s not in granted]
    if outside:
        raise BadRequest(f"invalid scope requested: '{outside[0]}'")
    return tuple(asked) if asked else tuple(granted)


def device_code(ctx: Ctx) -> Json:
    """Poll a device code: no client secret; `authorization_pending` until approved, then one
    token; a used, denied, expired or unknown code is `invalid device code`. Never `slow_down`."""
    client = find_client(ctx)
    raw = ctx.form.get("device_code")
    if raw is None:
        raise BadRequest("missing device code")
    now = ctx.clock.now()
    found = ctx.store.auth.device_code(device_code=raw)
    if found is None or found.client_id != client.id or found.expires_at <= now:
        raise BadRequest(INVALID_DEVICE)
    if found.status == "pending":
        raise BadRequest("authorization_pending")
    if found.status != "approved" or found.user_id is None:
        raise BadRequest(INVALID_DEVICE)
    ctx.store.auth.set_device_status(found.device_code, "used")
    return user_body(ctx, issue_user_token(ctx.services, client.id, found.user_id, found.scopes))


GRANTS: dict[str, Callable[[Ctx], Json]] = {
    "client_credentials": client_credentials,
    "authorization_code": authorization_code,
    "refresh_token": refresh_token,
    DEVICE_GRANT: device_code,
}


def token(ctx: Ctx) -> Json:
    grant_type = ctx.form.get("grant_type")
    if grant_type is None:
        raise BadRequest("missing grant_type")
    grant = GRANTS.get(grant_type)
    if grant is None:
        raise BadRequest(f"unsupported grant_type: {grant_type}")
    return grant(ctx)
