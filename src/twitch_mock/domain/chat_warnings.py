"""Warnings (dev.twitch.tv/docs/api/reference/#warn-chat-user): a moderator warns a user, who can't
chat in the channel (Send Chat Message drops their messages) until they acknowledge the warning, which
the user does in Twitch's chat UI: here through the control API (`acknowledge_warning`).

This module owns `chat_warnings`: its row type, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.core.errors import BadRequest, NotFound
from twitch_mock.domain import checks, moderators, users
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import insert_rows

MAX_REASON = 500
MAY_NOT = "The user specified in the user_id field may not be warned"


@dataclass(frozen=True, slots=True)
class WarningRow:
    TABLE: ClassVar[str] = "chat_warnings"
    id: str
    broadcaster_id: str
    user_id: str
    moderator_id: str
    reason: str
    created_at: str
    acknowledged_at: str | None = None


@dataclass(frozen=True, slots=True)
class Warning:
    """A Warn Chat User item."""

    broadcaster_id: str
    user_id: str
    moderator_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class WarningSend(Event):
    """EventSub `channel.warning.send` v1."""

    TYPE: ClassVar[str] = "channel.warning.send"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    moderator_user_id: str
    moderator_user_login: str
    moderator_user_name: str
    user_id: str
    user_login: str
    user_name: str
    reason: str | None
    chat_rules_cited: list[str] | None


@dataclass(frozen=True, slots=True)
class WarningAcknowledge(Event):
    """EventSub `channel.warning.acknowledge` v1."""

    TYPE: ClassVar[str] = "channel.warning.acknowledge"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    user_id: str
    user_login: str
    user_name: str


def is_warned(conn: sqlite3.Connection, broadcaster_id: str, user_id: str) -> bool:
    """The user has a warning in the channel they haven't acknowledged."""
    row = conn.execute(
        "SELECT 1 FROM chat_warnings WHERE broadcaster_id = ? AND user_id = ? AND acknowledged_at IS NULL",
        (broadcaster_id, user_id),
    ).fetchone()
    return row is not None


def warn(s: Services, broadcaster_id: str, moderator_id: str, user_id: str, reason: str) -> Warning:
    """Warn Chat User: nobody warns the broadcaster, a moderator, or themselves. Publishes
    `channel.warning.send`."""
    if not users.exists(s.conn, user_id):
        raise BadRequest("The ID in user_id was not found")
    if user_id == moderator_id or moderators.is_moderator(s.conn, broadcaster_id, user_id):
        raise BadRequest(MAY_NOT)
    if len(reason) > MAX_REASON:
        raise BadRequest(f"The text in the reason field is too long (at most {MAX_REASON} characters)")
    row = WarningRow(s.ids.guid(), broadcaster_id, user_id, moderator_id, reason, s.now())
    insert_rows(s.conn, "INSERT", [row])
    names = (users.names(s.conn, u) for u in (broadcaster_id, moderator_id, user_id))
    caster, mod, target = names
    s.publish(WarningSend(*caster, *mod, *target, reason, None))
    return Warning(broadcaster_id, user_id, moderator_id, reason)


def acknowledge_warning(s: Services, broadcaster_id: str, user_id: str) -> WarningRow:
    """The warned user acknowledges their warnings in the channel, and may chat again. Publishes
    `channel.warning.acknowledge`."""
    checks.user(s, "broadcaster_id", broadcaster_id)
    checks.user(s, "user_id", user_id)
    if not is_warned(s.conn, broadcaster_id, user_id):
        raise NotFound("The user has no warning to acknowledge in this channel")
    now = s.now()
    s.conn.execute(
        "UPDATE chat_warnings SET acknowledged_at = ? WHERE broadcaster_id = ? AND user_id = ? "
        "AND acknowledged_at IS NULL",
        (now, broadcaster_id, user_id),
    )
    row = s.conn.execute(
        "SELECT id, broadcaster_id, user_id, moderator_id, reason, created_at, acknowledged_at "
        "FROM chat_warnings WHERE broadcaster_id = ? AND user_id = ? ORDER BY created_at DESC, id LIMIT 1",
        (broadcaster_id, user_id),
    ).fetchone()
    s.publish(WarningAcknowledge(*users.names(s.conn, broadcaster_id), *users.names(s.conn, user_id)))
    return WarningRow(*row)
