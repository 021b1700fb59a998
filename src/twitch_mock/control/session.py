"""What the control API needs from the mock instance that serves it, and the token operations it
can do on its own.

Resetting (a snapshot the instance took after seeding), the instance's clock and in-memory state,
and minting tokens (which the OAuth package does: a sibling this layer doesn't import) belong to
the layer above. `MockTwitch` implements `Controller` and registers itself in `Services.state`, so
the endpoints reach it without importing upwards. An app built without one answers 404."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from twitch_mock.core.errors import BadRequest, NotFound
from twitch_mock.http.context import Services
from twitch_mock.store.auth import Client

CONTROLLER = "control.controller"


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A token the mock minted: id.twitch.tv's token response fields, plus whose it is."""

    access_token: str
    refresh_token: str | None
    expires_in: int
    scope: list[str]
    token_type: str
    client_id: str
    user_id: str | None


@dataclass(frozen=True, slots=True)
class MockInfo:
    """What a client in another language needs to start: the generated clients and users."""

    client_id: str
    client_secret: str
    public_client_id: str
    seed: int | None
    user_ids: list[str]
    all_units_user_id: str
    now: str


class Controller(Protocol):
    def reset(self) -> None: ...

    def advance(self, seconds: float) -> None: ...

    def issue_token(
        self, user_id: str | None, scopes: Sequence[str], client_id: str | None
    ) -> IssuedToken: ...

    def info(self) -> MockInfo: ...

    def create_client(
        self,
        name: str,
        redirect_uris: Sequence[str] = (),
        *,
        public: bool = False,
        client_id: str | None = None,
        secret: str | None = None,
    ) -> Client: ...


def controller(services: Services) -> Controller:
    found: Controller | None = services.state.get(CONTROLLER)
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
