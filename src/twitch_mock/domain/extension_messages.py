"""What extensions send (dev.twitch.tv/docs/api/reference/#send-extension-pubsub-message,
#send-extension-chat-message): PubSub messages and chat messages, accepted and recorded, within
Twitch's limits (PubSub: 100 a minute per extension and channel; chat: 12 a minute per channel).

This module owns extension_pubsub_messages and extension_chat_messages."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.core.clock import rfc3339
from twitch_mock.core.errors import (
    BadRequest,
    NotFound,
    TooManyRequests,
    Unauthorized,
    Unprocessable,
    malformed,
)
from twitch_mock.domain import checks
from twitch_mock.domain.extensions import Claims, dumps, row
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import Select, insert_rows

MAX_PUBSUB = 5 * 1024
MAX_CHAT = 280
PUBSUB_PER_MINUTE = 100
CHAT_PER_MINUTE = 12
MINUTE = 60
TOO_MANY = "The app exceeded the number of requests that it may make per minute"


@dataclass(frozen=True, slots=True)
class PubSubMessageRow:
    TABLE: ClassVar[str] = "extension_pubsub_messages"
    id: str
    extension_id: str
    broadcaster_id: str
    is_global_broadcast: bool
    targets: str  # JSON array
    message: str
    sent_at: str


@dataclass(frozen=True, slots=True)
class ChatMessageRow:
    TABLE: ClassVar[str] = "extension_chat_messages"
    id: str
    extension_id: str
    extension_version: str
    broadcaster_id: str
    text: str
    sent_at: str


def _recent(s: Services, table: str, where: str, args: Sequence[str]) -> int:
    """How many messages matching `where` were sent in the last minute (on the mock's clock)."""
    since = rfc3339(s.clock.now() - MINUTE)
    sql = f"SELECT count(*) FROM {table} WHERE {where} AND sent_at > ?"
    return int(s.conn.execute(sql, (*args, since)).fetchone()[0])


def send_pubsub(
    s: Services,
    claims: Claims,
    targets: Sequence[str],
    broadcaster_id: str | None,
    is_global: bool,
    message: str,
) -> PubSubMessageRow:
    if is_global:
        if broadcaster_id:
            raise BadRequest("The broadcaster_id field may only be set if is_global_broadcast is false")
        if list(targets) != ["global"]:
            raise malformed("target", 'a global broadcast must target only "global"')
    else:
        if not broadcaster_id:
            raise BadRequest('Missing required parameter "broadcaster_id"')
        if "global" in targets:
            raise malformed("target", 'the "global" target needs is_global_broadcast set to true')
        if claims.channel_id != broadcaster_id:
            raise Unauthorized("The ID in broadcaster_id must match the channel_id claim in the JWT")
    for target in targets:
        if target not in ("broadcast", "global") and not re.fullmatch(r"whisper-[0-9]+", target):
            raise malformed(
                "target", f'each target is "broadcast", "global" or "whisper-<user-id>", not {target!r}'
            )
        if target not in claims.send and "*" not in claims.send:
            raise Unauthorized(f'The JWT token\'s pubsub_perms do not allow sending to "{target}"')
    if len(message.encode()) > MAX_PUBSUB:
        raise Unprocessable("The message is too large")
    where, args = "extension_id = ? AND broadcaster_id = ?", (claims.extension_id, broadcaster_id or "")
    if _recent(s, "extension_pubsub_messages", where, args) >= PUBSUB_PER_MINUTE:
        raise TooManyRequests(f"{TOO_MANY}: {PUBSUB_PER_MINUTE} PubSub messages per channel")
    row = PubSubMessageRow(
        s.ids.guid(),
        claims.extension_id,
        broadcaster_id or "",
        is_global,
        dumps(list(targets)),
        message,
        s.now(),
    )
    insert_rows(s.conn, "INSERT", [row])
    return row


def send_chat(s: Services, claims: Claims, broadcaster_id: str, version: str, text: str) -> ChatMessageRow:
    if claims.channel_id != broadcaster_id:
        raise Unauthorized(
            "The ID in the broadcaster_id query parameter must match the channel_id claim in the JWT"
        )
    found = row(s.conn, claims.extension_id, version)
    if found is None:
        raise NotFound("The extension version was not found")
    if not found.has_chat_support:
        raise BadRequest("The extension does not support chat")
    if not text.strip():
        raise malformed("text", "the value must not be empty")
    if len(text) > MAX_CHAT:
        raise BadRequest("The message is too long")
    checks.user(s, "broadcaster_id", broadcaster_id)
    if _recent(s, "extension_chat_messages", "broadcaster_id = ?", (broadcaster_id,)) >= CHAT_PER_MINUTE:
        raise TooManyRequests(f"{TOO_MANY}: {CHAT_PER_MINUTE} extension chat messages per channel")
    message = ChatMessageRow(s.ids.guid(), claims.extension_id, version, broadcaster_id, text, s.now())
    insert_rows(s.conn, "INSERT", [message])
    return message


def pubsub_messages(conn: sqlite3.Connection, extension_id: str) -> list[PubSubMessageRow]:
    return Select(PubSubMessageRow, "extension_pubsub_messages").all(
        conn, "extension_id = ?", (extension_id,), "sent_at, id"
    )


def chat_messages(conn: sqlite3.Connection, extension_id: str) -> list[ChatMessageRow]:
    return Select(ChatMessageRow, "extension_chat_messages").all(
        conn, "extension_id = ?", (extension_id,), "sent_at, id"
    )
