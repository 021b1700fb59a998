"""Which users have authorized which clients (the `authorizations` table, store/schema/v3), and
the EventSub events of it (dev.twitch.tv/docs/eventsub/eventsub-subscription-types/
#userauthorizationgrant): the OAuth service records an authorization when a user approves a client
(the consent page or `mock_login`, device activation, twitch-cli's `user_token` shortcut), which
publishes `user.authorization.grant` the first time for that pair; `disconnect` (the user removes
the app's connection: every token of the pair dies) publishes `user.authorization.revoke`.

Tokens minted by the mock's own helpers (`MockTwitch.user_token`, `/_mock/tokens/user`) are no
authorization and publish nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.core.errors import BadRequest, NotFound
from twitch_mock.domain import checks, users
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services


@dataclass(frozen=True, slots=True)
class UserAuthorizationGrant(Event):
    """EventSub `user.authorization.grant` v1."""

    TYPE: ClassVar[str] = "user.authorization.grant"
    client_id: str
    user_id: str
    user_login: str
    user_name: str


@dataclass(frozen=True, slots=True)
class UserAuthorizationRevoke(Event):
    """EventSub `user.authorization.revoke` v1 (login and name are null for a user who is gone)."""

    TYPE: ClassVar[str] = "user.authorization.revoke"
    client_id: str
    user_id: str
    user_login: str | None
    user_name: str | None


@dataclass(frozen=True, slots=True)
class Authorization:
    client_id: str
    user_id: str
    authorized_at: str


def authorize(s: Services, client_id: str, user_id: str) -> Authorization:
    """`user_id` authorizes `client_id`; the first time (or again after a disconnect) publishes
    `user.authorization.grant`."""
    row = s.conn.execute(
        "INSERT INTO authorizations (client_id, user_id, authorized_at) VALUES (?, ?, ?)"
        " ON CONFLICT (client_id, user_id) DO NOTHING RETURNING authorized_at",
        (client_id, user_id, s.now()),
    ).fetchone()
    if row is not None:
        s.publish(UserAuthorizationGrant(client_id, *users.names(s.conn, user_id)))
        return Authorization(client_id, user_id, str(row[0]))
    found = s.conn.execute(
        "SELECT authorized_at FROM authorizations WHERE client_id = ? AND user_id = ?", (client_id, user_id)
    ).fetchone()
    return Authorization(client_id, user_id, str(found[0]))


def is_authorized(s: Services, client_id: str, user_id: str) -> bool:
    found = s.conn.execute(
        "SELECT 1 FROM authorizations WHERE client_id = ? AND user_id = ?", (client_id, user_id)
    ).fetchone()
    return found is not None


def disconnect(s: Services, user_id: str, client_id: str) -> UserAuthorizationRevoke:
    """The user removes the app's connection: its authorization and every token of the pair end
    (`user.authorization.revoke`)."""
    checks.user(s, "user_id", user_id)
    if s.store.auth.client(client_id) is None:
        raise NotFound(f"No client has the id {client_id}")
    gone = s.conn.execute(
        "DELETE FROM authorizations WHERE client_id = ? AND user_id = ?", (client_id, user_id)
    ).rowcount
    has_tokens = s.store.auth.has_tokens(client_id, user_id)
    if not gone and not has_tokens:
        raise BadRequest("The user has not authorized the client")
    s.store.auth.disconnect(client_id, user_id)
    _, login, name = users.names(s.conn, user_id)
    event = UserAuthorizationRevoke(client_id, user_id, login or None, name or None)
    s.publish(event)
    return event
