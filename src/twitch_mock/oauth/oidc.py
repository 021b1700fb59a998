"""OpenID Connect (dev.twitch.tv/docs/authentication/getting-tokens-oidc): discovery, the JWKS,
`/userinfo` and RS256 ID tokens. The issuer is the mock's own origin + `/oauth2`, so discovery
and `iss` agree whichever host and port a client used."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import jwt
import orjson

from twitch_mock.core.errors import Unauthorized
from twitch_mock.domain import users
from twitch_mock.domain.services import Services
from twitch_mock.domain.users import User
from twitch_mock.http.context import Ctx
from twitch_mock.http.results import Json
from twitch_mock.oauth.keys import KID, jwks, signing_key
from twitch_mock.store.auth import Token


@dataclass(frozen=True, slots=True)
class Grant:
    """Who granted what to whom: the subject of an ID token."""

    client_id: str
    user_id: str
    scopes: tuple[str, ...]


EMAIL_SCOPE = "user:read:email"
OPENID = "openid"
EMAIL_CLAIMS = frozenset({"email", "email_verified"})
OPTIONAL_CLAIMS = ("email", "email_verified", "picture", "preferred_username", "updated_at")
CLAIMS_SUPPORTED = sorted({"aud", "azp", "exp", "iat", "iss", "sub", *OPTIONAL_CLAIMS})


def issuer(ctx: Ctx) -> str:
    return ctx.request.origin + "/oauth2"


def discovery(ctx: Ctx) -> Json:
    """The real document's field set, with the mock's URLs."""
    base = issuer(ctx)
    return Json(
        {
            "authorization_endpoint": f"{base}/authorize",
            "claims_parameter_supported": True,
            "claims_supported": CLAIMS_SUPPORTED,
            "id_token_signing_alg_values_supported": ["RS256"],
            "issuer": base,
            "jwks_uri": f"{base}/keys",
            "response_types_supported": ["id_token", "code", "token", "code id_token", "token id_token"],
            "scopes_supported": ["openid"],
            "subject_types_supported": ["public"],
            "token_endpoint": f"{base}/token",
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "userinfo_endpoint": f"{base}/userinfo",
        }
    )


def keys(ctx: Ctx) -> Json:
    return Json(jwks(ctx.services))


def requested_claims(claims_json: str | None, section: str) -> list[str]:
    """Claim names asked for under `section` ("id_token" or "userinfo") of the `claims` parameter."""
    if not claims_json:
        return []
    try:
        value = orjson.loads(claims_json)
    except orjson.JSONDecodeError:
        return []
    part = value.get(section) if isinstance(value, dict) else None
    return [name for name in part if name in OPTIONAL_CLAIMS] if isinstance(part, dict) else []


def valid_claims_json(claims_json: str | None) -> bool:
    if not claims_json:
        return True
    try:
        return isinstance(orjson.loads(claims_json), dict)
    except orjson.JSONDecodeError:
        return False


def user_claims(
    services: Services, user: User, names: Iterable[str], scopes: Sequence[str]
) -> dict[str, Any]:
    """`preferred_username` always (real tokens carry it unasked), plus the optional claims asked
    for; email claims only with the user:read:email scope."""
    claims: dict[str, Any] = {"preferred_username": user.display_name}
    for name in names:
        if name in EMAIL_CLAIMS and EMAIL_SCOPE not in scopes:
            continue
        if name == "email":
            claims["email"] = users.with_email(services.conn, user).email
        elif name == "email_verified":
            claims["email_verified"] = True
        elif name == "picture":
            claims["picture"] = user.profile_image_url
        elif name == "updated_at":
            claims["updated_at"] = user.created_at
    return claims


def at_hash(access_token: str) -> str:
    digest = hashlib.sha256(access_token.encode()).digest()
    return base64.urlsafe_b64encode(digest[: len(digest) // 2]).rstrip(b"=").decode()


def claims_for(
    services: Services, iss: str, grant: Grant, section: str, claims_json: str | None
) -> dict[str, Any]:
    """aud, exp, iat, iss, sub (exp = iat + the ID-token lifetime, 900 s), then the user's claims
    asked for under `section` of the `claims` parameter."""
    user = users.get(services.conn, grant.user_id)
    if user is None:
        raise Unauthorized("invalid access token")
    now = int(services.clock.now())
    claims: dict[str, Any] = {
        "aud": grant.client_id,
        "exp": now + services.settings.lifetimes.id_token,
        "iat": now,
        "iss": iss,
        "sub": user.id,
    }
    claims.update(user_claims(services, user, requested_claims(claims_json, section), grant.scopes))
    return claims


def id_token(
    services: Services,
    iss: str,
    grant: Grant,
    *,
    nonce: str | None = None,
    claims_json: str | None = None,
    access_token: str | None = None,
) -> str:
    """An RS256 ID token (header kid "1") for the grant's user and client."""
    payload = claims_for(services, iss, grant, "id_token", claims_json)
    payload["azp"] = grant.client_id
    if nonce:
        payload["nonce"] = nonce
    if access_token:
        payload["at_hash"] = at_hash(access_token)
    return jwt.encode(payload, signing_key(services), algorithm="RS256", headers={"kid": KID})


def access_token_of(ctx: Ctx) -> Token:
    """The valid user access token in `Authorization: Bearer|OAuth <token>` (401 otherwise)."""
    header = ctx.request.headers.get("authorization", "")
    scheme, _, raw = header.partition(" ")
    if not header or scheme.lower() not in ("oauth", "bearer") or not raw.strip():
        raise Unauthorized("missing authorization token")
    found = ctx.store.auth.token(raw.strip())
    if found is None or found.expires_at <= ctx.clock.now():
        raise Unauthorized("invalid access token")
    return found


def userinfo(ctx: Ctx) -> Json:
    """GET /userinfo with a user access token: the default claims plus those the grant asked for
    under `claims.userinfo`."""
    token = access_token_of(ctx)
    if token.user_id is None:
        raise Unauthorized("invalid access token")
    claims_json = ctx.store.auth.grant_claims(token.grant_id) if token.grant_id else None
    grant = Grant(token.client_id, token.user_id, token.scopes)
    return Json(claims_for(ctx.services, issuer(ctx), grant, "userinfo", claims_json))
