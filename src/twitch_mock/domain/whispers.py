"""Whispers (dev.twitch.tv/docs/api/reference/#send-whisper): private messages between two users.

This module owns the `whispers` table: its row type, SQL and rules. Sending one publishes
`user.whisper.message` (heard by the recipient's subscriptions)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.core.clock import rfc3339
from twitch_mock.core.errors import BadRequest, Forbidden, NotFound, TooManyRequests
from twitch_mock.domain import users
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import Select, insert_rows

# Longer messages are cut to these lengths (Twitch truncates, it doesn't refuse): 500 characters
# to someone who has never whispered the sender, 10,000 to someone who has.
MAX_TO_STRANGER = 500
MAX_TO_CONTACT = 10_000
MAX_RECIPIENTS_PER_DAY = 40  # unique recipients in any 24 hours
DAY = 86_400


@dataclass(frozen=True, slots=True)
class WhisperRow:
    TABLE: ClassVar[str] = "whispers"
    id: str
    from_user_id: str
    to_user_id: str
    text: str
    created_at: str


@dataclass(frozen=True, slots=True)
class WhisperText:
    text: str


@dataclass(frozen=True, slots=True)
class UserWhisperMessage(Event):
    """EventSub `user.whisper.message` v1: the user in to_user_id received a whisper."""

    TYPE: ClassVar[str] = "user.whisper.message"
    from_user_id: str
    from_user_login: str
    from_user_name: str
    to_user_id: str
    to_user_login: str
    to_user_name: str
    whisper_id: str
    whisper: WhisperText


WHISPER = Select(WhisperRow, "whispers")


def has_whispered(conn: sqlite3.Connection, from_user_id: str, to_user_id: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM whispers WHERE from_user_id = ? AND to_user_id = ? LIMIT 1", (from_user_id, to_user_id)
    ).fetchone()
    return row is not None


def recent_recipients(s: Services, from_user_id: str) -> set[str]:
    """Whom the user whispered in the last 24 hours."""
    since = rfc3339(s.clock.now() - DAY)
    rows = s.conn.execute(
        "SELECT DISTINCT to_user_id FROM whispers WHERE from_user_id = ? AND created_at > ?",
        (from_user_id, since),
    )
    return {r[0] for r in rows}


def received(conn: sqlite3.Connection, user_id: str) -> list[WhisperRow]:
    """The whispers the user received, oldest first."""
    return WHISPER.all(conn, "to_user_id = ?", (user_id,), "created_at, rowid")


def send_whisper(s: Services, from_user_id: str, to_user_id: str, message: str) -> WhisperRow:
    """Store the whisper (cut to the length Twitch allows) and publish `user.whisper.message`."""
    if from_user_id == to_user_id:
        raise BadRequest("The ID in the from_user_id and to_user_id query parameters must be different")
    if not to_user_id.isdigit():
        raise BadRequest("The ID in the to_user_id query parameter is not valid")
    sender, recipient = users.get(s.conn, from_user_id), users.get(s.conn, to_user_id)
    if sender is None:
        raise BadRequest("The ID in the from_user_id query parameter is not valid")
    if recipient is None:
        raise NotFound("The ID in to_user_id was not found")
    if not message:
        raise BadRequest("The message field must not contain an empty string")
    if users.is_blocked(s.conn, to_user_id, from_user_id):
        raise Forbidden("The user in to_user_id doesn't allow whisper messages from the user in from_user_id")
    recipients = recent_recipients(s, from_user_id)
    if to_user_id not in recipients and len(recipients) >= MAX_RECIPIENTS_PER_DAY:
        raise TooManyRequests("The sending user exceeded the number of whisper requests that they may make")
    limit = MAX_TO_CONTACT if has_whispered(s.conn, to_user_id, from_user_id) else MAX_TO_STRANGER
    row = WhisperRow(s.ids.guid(), from_user_id, to_user_id, message[:limit], s.now())
    insert_rows(s.conn, "INSERT", [row])
    s.publish(
        UserWhisperMessage(
            sender.id,
            sender.login,
            sender.display_name,
            recipient.id,
            recipient.login,
            recipient.display_name,
            row.id,
            WhisperText(row.text),
        )
    )
    return row
