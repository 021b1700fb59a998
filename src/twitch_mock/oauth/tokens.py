"""Minting access and refresh tokens, and the JSON id.twitch.tv answers with
(dev.twitch.tv/docs/authentication/getting-tokens-oauth). Shared by every grant, the twitch-cli
`user_token` shortcut, the control API and `MockTwitch`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from twitch_mock.domain.services import Services
from twitch_mock.store.auth import RefreshToken, Token


@dataclass(frozen=True, slots=True)
class Issued:
    access: Token
    refresh: RefreshToken | None


def issue_app_token(services: Services, client_id: str, scopes: Sequence[str]) -> Token:
    now = services.clock.now()
    token = Token(
        token=services.ids.secret(30),
        client_id=client_id,
        user_id=None,
        scopes=tuple(scopes),
        issued_at=now,
        expires_at=now + services.settings.lifetimes.app_token,
        grant_id=None,
    )
    services.store.auth.add_token(token)
    return token


def issue_user_token(
    services: Services,
    client_id: str,
    user_id: str,
    scopes: Sequence[str],
    *,
    refreshable: bool = True,
    lifetime: int | None = None,
    grant_id: str | None = None,
) -> Issued:
    """A user access token and, unless `refreshable` is false, a refresh token of the same grant."""
    now = services.clock.now()
    grant = grant_id or services.ids.guid()
    access = Token(
        token=services.ids.secret(30),
        client_id=client_id,
        user_id=user_id,
        scopes=tuple(scopes),
        issued_at=now,
        expires_at=now + (lifetime if lifetime is not None else services.settings.lifetimes.user_token),
        grant_id=grant,
    )
    services.store.auth.add_token(access)
    refresh = None
    if refreshable:
        refresh = RefreshToken(
            services.ids.secret(50), client_id, user_id, tuple(scopes), grant, now, None, None
        )
        services.store.auth.add_refresh_token(refresh)
    return Issued(access, refresh)


def expires_in(token: Token, now: float) -> int:
    return max(0, int(token.expires_at - now))


def app_token_body(token: Token, now: float) -> dict[str, Any]:
    """client_credentials: no refresh_token and no scope, as on id.twitch.tv."""
    return {"access_token": token.token, "expires_in": expires_in(token, now), "token_type": "bearer"}


def user_token_body(issued: Issued, now: float) -> dict[str, Any]:
    """authorization_code, refresh_token, device_code and the user_token shortcut; `scope` is
    always a list, `[]` when empty (TwitchIO needs the key)."""
    body: dict[str, Any] = {
        "access_token": issued.access.token,
        "expires_in": expires_in(issued.access, now),
        "refresh_token": issued.refresh.token if issued.refresh else "",
        "scope": list(issued.access.scopes),
        "token_type": "bearer",
    }
    return body
