"""Twitch's OAuth scope catalogue (dev.twitch.tv/docs/authentication/scopes): every scope a token can
carry, plus the parsing rules the id.twitch.tv endpoints apply to `scope` parameters."""

from __future__ import annotations

from collections.abc import Iterable

ALL_SCOPES: frozenset[str] = frozenset(
    {
        "analytics:read:extensions",
        "analytics:read:games",
        "bits:read",
        "channel:bot",
        "channel:edit:commercial",
        "channel:manage:ads",
        "channel:manage:broadcast",
        "channel:manage:clips",
        "channel:manage:extensions",
        "channel:manage:guest_star",
        "channel:manage:moderators",
        "channel:manage:polls",
        "channel:manage:predictions",
        "channel:manage:raids",
        "channel:manage:redemptions",
        "channel:manage:schedule",
        "channel:manage:videos",
        "channel:manage:vips",
        "channel:moderate",
        "channel:read:ads",
        "channel:read:charity",
        "channel:read:editors",
        "channel:read:goals",
        "channel:read:guest_star",
        "channel:read:hype_train",
        "channel:read:polls",
        "channel:read:predictions",
        "channel:read:redemptions",
        "channel:read:stream_key",
        "channel:read:subscriptions",
        "channel:read:vips",
        "chat:edit",
        "chat:read",
        "clips:edit",
        "editor:manage:clips",
        "moderation:read",
        "moderator:manage:announcements",
        "moderator:manage:automod",
        "moderator:manage:automod_settings",
        "moderator:manage:banned_users",
        "moderator:manage:blocked_terms",
        "moderator:manage:chat_messages",
        "moderator:manage:chat_settings",
        "moderator:manage:guest_star",
        "moderator:manage:shield_mode",
        "moderator:manage:shoutouts",
        "moderator:manage:suspicious_users",
        "moderator:manage:unban_requests",
        "moderator:manage:warnings",
        "moderator:read:automod_settings",
        "moderator:read:banned_users",
        "moderator:read:blocked_terms",
        "moderator:read:chat_messages",
        "moderator:read:chat_settings",
        "moderator:read:chatters",
        "moderator:read:followers",
        "moderator:read:guest_star",
        "moderator:read:moderators",
        "moderator:read:shield_mode",
        "moderator:read:shoutouts",
        "moderator:read:suspicious_users",
        "moderator:read:unban_requests",
        "moderator:read:vips",
        "moderator:read:warnings",
        "openid",
        "user:bot",
        "user:edit",
        "user:edit:broadcast",
        "user:manage:blocked_users",
        "user:manage:chat_color",
        "user:manage:whispers",
        "user:read:blocked_users",
        "user:read:broadcast",
        "user:read:chat",
        "user:read:email",
        "user:read:emotes",
        "user:read:follows",
        "user:read:moderated_channels",
        "user:read:subscriptions",
        "user:read:whispers",
        "user:write:chat",
        "whispers:edit",
        "whispers:read",
    }
)


def parse_scopes(text: str | None) -> list[str]:
    """Split a space-separated `scope` value (a `+` already decoded to a space), dropping empties
    and duplicates but keeping the order the client sent."""
    seen: dict[str, None] = {}
    for item in (text or "").split():
        seen.setdefault(item, None)
    return list(seen)


def unknown_scopes(scopes: Iterable[str]) -> list[str]:
    return [s for s in scopes if s not in ALL_SCOPES]


def join_scopes(scopes: Iterable[str]) -> str:
    return " ".join(scopes)
