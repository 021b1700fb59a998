"""Whose grant a subscription needs and whether it is there (reference/eventsub.md a.10): a
WebSocket subscription needs the token's own scopes and the condition's authorizing user to be the
token's user; a webhook or conduit subscription needs that user to have granted this client the
scopes through any user-token flow (the grants store/auth.py keeps)."""

from __future__ import annotations

from collections.abc import Sequence

from twitch_mock.domain import eventsub as store
from twitch_mock.domain import moderators
from twitch_mock.domain.services import Services
from twitch_mock.eventsub.types import B, TypeSpec, U


def has_groups(scopes: Sequence[str], groups: tuple[tuple[str, ...], ...]) -> bool:
    return all(any(s in scopes for s in group) for group in groups)


def granted(services: Services, client_id: str, user_id: str, groups: tuple[tuple[str, ...], ...]) -> bool:
    auth = services.store.auth
    return all(any(auth.has_grant(client_id, user_id, s) for s in group) for group in groups)


def chat_bot_allowed(services: Services, client_id: str, condition: dict[str, str]) -> bool:
    """Chat types over an app token: the chatter granted user:bot, and the broadcaster granted
    channel:bot or the chatter moderates the channel (or is the broadcaster)."""
    chatter, broadcaster = condition.get(U, ""), condition.get(B, "")
    auth = services.store.auth
    if not auth.has_grant(client_id, chatter, "user:bot"):
        return False
    if chatter == broadcaster or auth.has_grant(client_id, broadcaster, "channel:bot"):
        return True
    return moderators.is_moderator(services.conn, broadcaster, chatter)


def still_authorized(services: Services, spec: TypeSpec, sub: store.Subscription) -> bool:
    """Whether the grant a live subscription was created on still stands."""
    if not spec.needs_authorization() or sub.user_id is None:
        return True
    if not granted(services, sub.client_id, sub.user_id, spec.scope_groups_for(sub.version)):
        return False
    if spec.chat and sub.method != "websocket":
        return chat_bot_allowed(services, sub.client_id, sub.condition)
    return True
