"""Bans and timeouts (dev.twitch.tv/docs/api/reference/#ban-user).

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.core.clock import rfc3339
from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import checks, roles
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import insert_rows

MAX_TIMEOUT = 1_209_600  # two weeks, Twitch's longest timeout


@dataclass(frozen=True, slots=True)
class BanRow:
    TABLE: ClassVar[str] = "bans"
    broadcaster_id: str
    user_id: str
    moderator_id: str
    reason: str
    created_at: str
    expires_at: str | None


def is_banned(s: Services, broadcaster_id: str, user_id: str) -> bool:
    """A permanent ban, or a timeout that hasn't ended by now."""
    found = s.conn.execute(
        "SELECT 1 FROM bans WHERE broadcaster_id = ? AND user_id = ? "
        "AND (expires_at IS NULL OR expires_at > ?)",
        (broadcaster_id, user_id, s.now()),
    ).fetchone()
    return found is not None


def ban(
    s: Services,
    user_id: str,
    broadcaster_id: str,
    moderator_id: str | None = None,
    reason: str = "",
    duration: int | None = None,
) -> BanRow:
    """A permanent ban, or a timeout of `duration` seconds; the user stops being a moderator or VIP."""
    checks.pair(s, user_id, broadcaster_id)
    moderator_id = moderator_id or broadcaster_id
    if moderator_id != broadcaster_id and not roles.has_role(
        s.conn, "moderators", broadcaster_id, moderator_id
    ):
        raise BadRequest('The user in "moderator_id" is not one of the broadcaster\'s moderators')
    now = s.clock.now()
    expires = None
    if duration is not None:
        expires = rfc3339(now + checks.number("duration", duration, 1, MAX_TIMEOUT))
    row = BanRow(broadcaster_id, user_id, moderator_id, reason, rfc3339(now), expires)
    roles.drop_role(s.conn, "moderators", broadcaster_id, user_id)
    roles.drop_role(s.conn, "vips", broadcaster_id, user_id)
    insert_rows(s.conn, "INSERT OR REPLACE", [row])
    return row
