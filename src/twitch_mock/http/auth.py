"""Helix request authentication: the Bearer token and Client-Id checks, app vs user tokens, scopes
(any-of, or all-of) and the policies of http/policies.py. Messages are the ones real Helix sends
(reference/helix-catalog.md, "Verified error strings")."""

from __future__ import annotations

from twitch_mock.core.errors import Unauthorized
from twitch_mock.domain import extensions
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.store.auth import Token


def bearer_token(ctx: Ctx) -> str:
    header = ctx.request.headers.get("authorization", "")
    if not header.startswith("Bearer ") or not header[7:].strip():
        raise Unauthorized("OAuth token is missing")
    return header[7:].strip()


def authenticate(ctx: Ctx) -> Token:
    """The request's valid token, or the 401 that Helix would send."""
    raw = bearer_token(ctx)
    client_id = ctx.request.headers.get("client-id", "").strip()
    if not client_id:
        raise Unauthorized("Client ID is missing")
    if ctx.endpoint.auth is Auth.EXTENSION:
        return extension_token(ctx, client_id, raw)
    token = ctx.store.auth.token(raw)
    if token is None or token.expires_at <= ctx.clock.now():
        raise Unauthorized("Invalid OAuth token")
    if token.client_id != client_id:
        raise Unauthorized("Client ID and OAuth token do not match")
    return token


def authorize(ctx: Ctx, endpoint: Endpoint, token: Token) -> None:
    """Token kind, scopes and the endpoint's policies (who may act), in that order."""
    if endpoint.auth is Auth.USER and token.is_app:
        raise Unauthorized("Missing User OAUTH Token")
    if endpoint.auth is Auth.APP and not token.is_app:
        raise Unauthorized("Invalid OAuth token: this endpoint requires an app access token")
    if endpoint.scopes and not token.is_app and not endpoint.scopes_optional:
        if endpoint.all_scopes:
            lacking = [s for s in endpoint.scopes if s not in token.scopes]
            if lacking:
                raise Unauthorized(f"Missing scope: {lacking[0]}")
        elif not any(s in token.scopes for s in endpoint.scopes):
            raise Unauthorized(f"Missing scope: {endpoint.scopes[0]}")
    if endpoint.policies and not token.is_app:
        for policy in endpoint.policies:
            policy.check(ctx, token)


def extension_token(ctx: Ctx, extension_id: str, raw: str) -> Token:
    """An extension JWT, verified with the secrets of the extension the Client-Id names; its claims
    go to `ctx.claims`, and the token acts like an app token of the extension's client."""
    claims = extensions.verify(ctx.conn, extension_id, raw, ctx.clock.now())
    ctx.claims = claims
    return Token(raw, extension_id, None, (), ctx.clock.now(), claims.exp, None)
