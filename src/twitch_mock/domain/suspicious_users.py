"""Suspicious users (dev.twitch.tv/docs/api/reference/#add-suspicious-status-to-chat-user,
#remove-suspicious-status-from-chat-user): a moderator marks a user of the channel as monitored
(ACTIVE_MONITORING) or restricted (RESTRICTED), and removes the mark (NO_TREATMENT).

This module owns `suspicious_users`: its row type, SQL and rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Final

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import moderators, users
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import Select, insert_rows

STATUSES: Final = ("ACTIVE_MONITORING", "RESTRICTED")
NO_TREATMENT = "NO_TREATMENT"
NOT_ALLOWED = "The status update is not allowed for this user"


@dataclass(frozen=True, slots=True)
class SuspiciousUserRow:
    TABLE: ClassVar[str] = "suspicious_users"
    broadcaster_id: str
    user_id: str
    moderator_id: str
    status: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class SuspiciousStatus:
    """An Add / Remove Suspicious Status item."""

    user_id: str
    broadcaster_id: str
    moderator_id: str
    updated_at: str
    status: str
    types: list[str]


@dataclass(frozen=True, slots=True)
class SuspiciousUserUpdate(Event):
    """EventSub `channel.suspicious_user.update` v1; `low_trust_status` is none, active_monitoring
    or restricted."""

    TYPE: ClassVar[str] = "channel.suspicious_user.update"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    moderator_user_id: str
    moderator_user_login: str
    moderator_user_name: str
    user_id: str
    user_login: str
    user_name: str
    low_trust_status: str


ROW = Select(SuspiciousUserRow, "suspicious_users")


def status(s: Services, broadcaster_id: str, user_id: str) -> str:
    found = ROW.one(s.conn, "broadcaster_id = ? AND user_id = ?", (broadcaster_id, user_id))
    return NO_TREATMENT if found is None else found.status


def set_status(
    s: Services, broadcaster_id: str, moderator_id: str, user_id: str, new_status: str | None
) -> SuspiciousStatus:
    """Mark the user (`new_status` ACTIVE_MONITORING or RESTRICTED) or remove the mark (None).
    The broadcaster and the channel's moderators can't be marked. Publishes
    `channel.suspicious_user.update` when the status changes."""
    if not users.exists(s.conn, broadcaster_id):
        raise BadRequest("The ID in the broadcaster_id query parameter was not found")
    if not users.exists(s.conn, user_id) or moderators.is_moderator(s.conn, broadcaster_id, user_id):
        raise BadRequest(NOT_ALLOWED)
    before = status(s, broadcaster_id, user_id)
    now = s.now()
    if new_status is None:
        s.conn.execute(
            "DELETE FROM suspicious_users WHERE broadcaster_id = ? AND user_id = ?", (broadcaster_id, user_id)
        )
    else:
        row = SuspiciousUserRow(broadcaster_id, user_id, moderator_id, new_status, now)
        insert_rows(s.conn, "INSERT OR REPLACE", [row])
    after = new_status or NO_TREATMENT
    if after != before:
        names = [users.names(s.conn, u) for u in (broadcaster_id, moderator_id, user_id)]
        low_trust = "none" if after == NO_TREATMENT else after.lower()
        s.publish(SuspiciousUserUpdate(*names[0], *names[1], *names[2], low_trust))
    return SuspiciousStatus(user_id, broadcaster_id, moderator_id, now, after, ["MANUALLY_ADDED"])
