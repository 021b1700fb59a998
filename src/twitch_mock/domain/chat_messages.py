"""Chat messages sent in a channel, as far as moderation needs them (dev.twitch.tv/docs/api/reference/
#delete-chat-messages): chat adds them (`add_message`), moderators delete one or all of them, and a
ban clears the banned user's. A deleted message stays in the table, marked `deleted`.

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.core.clock import parse_rfc3339
from twitch_mock.core.errors import BadRequest, NotFound
from twitch_mock.domain import checks, roles, users
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import Select, insert_rows

MAX_AGE = 6 * 3600  # Delete Chat Messages reaches back six hours
MAX_TEXT = 500


@dataclass(frozen=True, slots=True)
class ChatMessageRow:
    TABLE: ClassVar[str] = "chat_messages"
    id: str
    broadcaster_id: str
    user_id: str
    text: str
    sent_at: str
    deleted: bool = False


@dataclass(frozen=True, slots=True)
class ChatMessageDelete(Event):
    """EventSub `channel.chat.message_delete` v1."""

    TYPE: ClassVar[str] = "channel.chat.message_delete"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    target_user_id: str
    target_user_login: str
    target_user_name: str
    message_id: str


@dataclass(frozen=True, slots=True)
class ChatClear(Event):
    """EventSub `channel.chat.clear` v1."""

    TYPE: ClassVar[str] = "channel.chat.clear"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str


@dataclass(frozen=True, slots=True)
class ChatClearUserMessages(Event):
    """EventSub `channel.chat.clear_user_messages` v1: a ban or timeout removed the user's messages."""

    TYPE: ClassVar[str] = "channel.chat.clear_user_messages"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    target_user_id: str
    target_user_login: str
    target_user_name: str


MESSAGE = Select(ChatMessageRow, "chat_messages")


def message(conn: sqlite3.Connection, message_id: str) -> ChatMessageRow | None:
    return MESSAGE.one(conn, "id = ?", (message_id,))


def add_message(
    s: Services, broadcaster_id: str, user_id: str, text: str, message_id: str | None = None
) -> ChatMessageRow:
    """A message `user_id` sent in `broadcaster_id`'s chat now (a builder: chat and the control API
    use it). The id is a new UUID unless given."""
    checks.user(s, "broadcaster_id", broadcaster_id)
    checks.user(s, "user_id", user_id)
    if not text.strip() or len(text) > MAX_TEXT:
        raise BadRequest(f'The value of "text" must be 1 to {MAX_TEXT} characters')
    row = ChatMessageRow(message_id or s.ids.guid(), broadcaster_id, user_id, text, s.now())
    if message(s.conn, row.id) is not None:
        raise BadRequest(f'The chat message "{row.id}" exists already')
    insert_rows(s.conn, "INSERT", [row])
    return row


def delete_messages(s: Services, broadcaster_id: str, moderator_id: str, message_id: str | None) -> None:
    """Delete Chat Messages: one message (sent in the last six hours, not the broadcaster's nor
    another moderator's), or with no id every message in the channel."""
    caster = users.names(s.conn, broadcaster_id)
    if message_id is None:
        s.conn.execute(
            "UPDATE chat_messages SET deleted = 1 WHERE broadcaster_id = ? AND deleted = 0", (broadcaster_id,)
        )
        s.publish(ChatClear(*caster))
        return
    found = message(s.conn, message_id)
    if found is None or found.broadcaster_id != broadcaster_id or found.deleted:
        raise NotFound("The ID in message_id was not found")
    if s.clock.now() - parse_rfc3339(found.sent_at) > MAX_AGE:
        raise NotFound("The specified message was created more than 6 hours ago")
    if found.user_id == broadcaster_id:
        raise BadRequest("You may not delete the broadcaster's messages")
    if found.user_id != moderator_id and roles.has_role(s.conn, "moderators", broadcaster_id, found.user_id):
        raise BadRequest("You may not delete another moderator's messages")
    s.conn.execute("UPDATE chat_messages SET deleted = 1 WHERE id = ?", (message_id,))
    s.publish(ChatMessageDelete(*caster, *users.names(s.conn, found.user_id), message_id))


def clear_user(s: Services, broadcaster_id: str, user_id: str) -> None:
    """A ban or timeout: the user's messages in the channel are deleted
    (publishes `channel.chat.clear_user_messages`)."""
    s.conn.execute(
        "UPDATE chat_messages SET deleted = 1 WHERE broadcaster_id = ? AND user_id = ? AND deleted = 0",
        (broadcaster_id, user_id),
    )
    s.publish(ChatClearUserMessages(*users.names(s.conn, broadcaster_id), *users.names(s.conn, user_id)))
