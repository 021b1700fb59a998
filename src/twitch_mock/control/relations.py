"""Builders for relationships between two users: follows, subscriptions, bans and timeouts,
moderators, VIPs, editors and blocks. Making one again replaces it (so a test can state exactly what
it needs whatever the generated world holds), and each keeps the world consistent the way Twitch
does: a ban ends the user's moderator and VIP roles, a banned user can't be given a role, a
moderator can't also be a VIP, and only affiliates and partners have subscribers."""

from __future__ import annotations

from collections.abc import Callable

from twitch_mock.control import checks
from twitch_mock.core.clock import rfc3339
from twitch_mock.core.errors import BadRequest, Unprocessable
from twitch_mock.http.context import Services
from twitch_mock.store.world_rows import (
    BanRow,
    BlockRow,
    EditorRow,
    FollowRow,
    ModeratorRow,
    SubscriptionRow,
    VipRow,
)

# A builder that gives `user_id` (2nd argument) a role in `broadcaster_id`'s channel (3rd).
RoleBuilder = Callable[[Services, str, str], ModeratorRow]
TIERS = ("1000", "2000", "3000")
MAX_TIMEOUT = 1_209_600  # two weeks, Twitch's longest timeout


def follow(
    services: Services, user_id: str, broadcaster_id: str, followed_at: str | None = None
) -> FollowRow:
    checks.pair(services, user_id, broadcaster_id)
    row = FollowRow(broadcaster_id, user_id, checks.time_or_now(services, "followed_at", followed_at))
    checks.units(services).put(row)
    return row


def subscribe(
    services: Services,
    user_id: str,
    broadcaster_id: str,
    tier: str = "1000",
    gifter_id: str | None = None,
    created_at: str | None = None,
) -> SubscriptionRow:
    _, channel = checks.pair(services, user_id, broadcaster_id)
    if not channel.broadcaster_type:
        raise BadRequest("Only affiliates and partners have subscribers; the broadcaster is neither")
    if gifter_id is not None:
        checks.user(services, "gifter_id", gifter_id)
        if gifter_id == user_id:
            raise BadRequest('"gifter_id" must be a different user from "user_id"')
    row = SubscriptionRow(
        broadcaster_id,
        user_id,
        checks.choice("tier", tier, TIERS),
        gifter_id is not None,
        gifter_id,
        checks.time_or_now(services, "created_at", created_at),
    )
    checks.units(services).put(row)
    return row


def ban(
    services: Services,
    user_id: str,
    broadcaster_id: str,
    moderator_id: str | None = None,
    reason: str = "",
    duration: int | None = None,
) -> BanRow:
    """A permanent ban, or a timeout of `duration` seconds; the user stops being a moderator or VIP."""
    checks.pair(services, user_id, broadcaster_id)
    moderator_id = moderator_id or broadcaster_id
    units = checks.units(services)
    if moderator_id != broadcaster_id and not units.has_role("moderators", broadcaster_id, moderator_id):
        raise BadRequest('The user in "moderator_id" is not one of the broadcaster\'s moderators')
    now = services.clock.now()
    expires = None
    if duration is not None:
        expires = rfc3339(now + checks.number("duration", duration, 1, MAX_TIMEOUT))
    row = BanRow(broadcaster_id, user_id, moderator_id, reason, rfc3339(now), expires)
    units.drop_role("moderators", broadcaster_id, user_id)
    units.drop_role("vips", broadcaster_id, user_id)
    units.put(row)
    return row


def add_moderator(services: Services, user_id: str, broadcaster_id: str) -> ModeratorRow:
    _roles_allowed(services, user_id, broadcaster_id, conflicting="vips")
    row = ModeratorRow(broadcaster_id, user_id, services.clock.rfc3339())
    checks.units(services).put(row)
    return row


def add_vip(services: Services, user_id: str, broadcaster_id: str) -> VipRow:
    _roles_allowed(services, user_id, broadcaster_id, conflicting="moderators")
    row = VipRow(broadcaster_id, user_id, services.clock.rfc3339())
    checks.units(services).put(row)
    return row


def add_editor(services: Services, user_id: str, broadcaster_id: str) -> EditorRow:
    checks.pair(services, user_id, broadcaster_id)
    row = EditorRow(broadcaster_id, user_id, services.clock.rfc3339())
    checks.units(services).put(row)
    return row


def block(services: Services, user_id: str, target_user_id: str) -> BlockRow:
    """`user_id` blocks `target_user_id`."""
    if user_id == target_user_id:
        raise BadRequest('"user_id" and "target_user_id" must be different users')
    checks.user(services, "user_id", user_id)
    checks.user(services, "target_user_id", target_user_id)
    row = BlockRow(user_id, target_user_id, services.clock.rfc3339())
    checks.units(services).put(row)
    return row


def _roles_allowed(services: Services, user_id: str, broadcaster_id: str, conflicting: str) -> None:
    checks.pair(services, user_id, broadcaster_id)
    units = checks.units(services)
    if units.is_banned(broadcaster_id, user_id, services.clock.rfc3339()):
        raise BadRequest("The user is banned from the channel")
    if units.has_role(conflicting, broadcaster_id, user_id):
        role = "a VIP" if conflicting == "vips" else "a moderator"
        raise Unprocessable(f"The user is {role} in the channel; remove that role first")
