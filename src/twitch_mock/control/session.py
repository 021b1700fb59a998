"""What the control API needs from the mock instance that serves it, and the token operations it
can do on its own.

Resetting (a snapshot the instance took after seeding), the instance's clock and in-memory state,
and minting tokens (which the OAuth package does: a sibling this layer doesn't import) belong to
the layer above. `MockTwitch` implements `Controller` (domain/services.py) and registers itself in
`Services.controller`, so the endpoints reach it without importing upwards. An app built without
one answers 404."""

from __future__ import annotations

from twitch_mock.core.errors import BadRequest, NotFound
from twitch_mock.domain.services import Controller, Services


def controller(services: Services) -> Controller:
    found = services.controller
    if found is None:
        raise NotFound("The control API is served only by a MockTwitch instance")
    return found


def expire_token(services: Services, token: str) -> bool:
    """The access token stops working now (its refresh token, if any, still works)."""
    return services.store.auth.expire_token(token, services.clock.now())


def revoke_token(services: Services, token: str) -> bool:
    """An access token is deleted; a refresh token takes its whole grant with it."""
    auth = services.store.auth
    if auth.delete_token(token):
        return True
    refresh = auth.refresh_token(token)
    if refresh is None:
        return False
    auth.revoke_grant(refresh.grant_id)
    return True


def require_known(found: bool, token: str) -> None:
    if not found:
        raise BadRequest(f"Unknown token: {token}")
