"""A channel's pinned chat message (Get / Pin / Update Pinned / Unpin Chat Message, open beta
2026-05-15: reference/helix-catalog.md). One message at a time; pinning another replaces it. A pin
lasts `duration_seconds` (30 to 1800) or, without one, until the stream ends; it is over when read
after its end, computed from the clock, or once its message is deleted; a pin without an end is
cleared when the stream goes offline (`stream.offline`, whatever ends it: a reaction wired in
domain/wiring.py). Send Chat Message's `pin` pins the message it sends through `pin_sent`, with the
same rule as Pin Chat Message (the broadcaster or one of their moderators). Twitch documents no
EventSub type for pins, so nothing is published.

This module owns `pinned_chat_messages`: its row type, SQL and rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.core.clock import rfc3339
from twitch_mock.core.errors import Forbidden, NotFound
from twitch_mock.domain import chat_messages, moderators
from twitch_mock.domain.chat_messages import MessageFragment
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import Select, insert_rows, person

MIN_DURATION, MAX_DURATION = 30, 1800
NOT_FOUND = "The message specified in message_id was not found"
NOT_PINNED = "The message specified in message_id is not the pinned message"
NOT_MODERATOR = "The user in {} is not one of the broadcaster's moderators"


@dataclass(frozen=True, slots=True)
class PinRow:
    TABLE: ClassVar[str] = "pinned_chat_messages"
    broadcaster_id: str
    message_id: str
    pinned_by: str
    starts_at: str
    ends_at: str | None
    updated_at: str


@dataclass(frozen=True, slots=True)
class PinnedText:
    text: str
    fragments: list[MessageFragment]


@dataclass(frozen=True, slots=True)
class PinnedMessage:
    """A Get Pinned Chat Message item."""

    message_id: str
    broadcaster_id: str
    sender_user_id: str
    sender_user_login: str
    sender_user_name: str
    pinned_by_user_id: str
    pinned_by_user_login: str
    pinned_by_user_name: str
    message: PinnedText
    starts_at: str
    ends_at: str | None
    updated_at: str


@dataclass(frozen=True, slots=True)
class _Pinned:
    message_id: str
    broadcaster_id: str
    sender_user_id: str
    sender_user_login: str
    sender_user_name: str
    pinned_by_user_id: str
    pinned_by_user_login: str
    pinned_by_user_name: str
    text: str
    starts_at: str
    ends_at: str | None
    updated_at: str


PINNED = Select(
    _Pinned,
    "pinned_chat_messages p JOIN chat_messages m ON m.id = p.message_id AND m.deleted = 0 "
    "JOIN users u ON u.id = m.user_id JOIN users b ON b.id = p.pinned_by",
    alias="p",
    **person("sender_user", "u"),
    **person("pinned_by_user", "b"),
    text="m.text",
)
IN_FORCE = "p.broadcaster_id = ? AND (p.ends_at IS NULL OR p.ends_at > ?)"


def pinned(s: Services, broadcaster_id: str) -> list[PinnedMessage]:
    """The channel's pinned message, if one is pinned now (zero or one item)."""
    found = PINNED.one(s.conn, IN_FORCE, (broadcaster_id, s.now()))
    if found is None:
        return []
    fragments = chat_messages.fragments(s.conn, broadcaster_id, found.text)
    return [
        PinnedMessage(
            found.message_id, found.broadcaster_id, found.sender_user_id, found.sender_user_login,
            found.sender_user_name, found.pinned_by_user_id, found.pinned_by_user_login,
            found.pinned_by_user_name, PinnedText(found.text, fragments), found.starts_at, found.ends_at,
            found.updated_at,
        )
    ]  # fmt: skip


def _ends(s: Services, duration: int | None) -> str | None:
    return None if duration is None else rfc3339(s.clock.now() + duration)


def pin(s: Services, broadcaster_id: str, moderator_id: str, message_id: str, duration: int | None) -> None:
    """Pin Chat Message: one of the channel's messages (not deleted), replacing any pin."""
    found = chat_messages.message(s.conn, message_id)
    if found is None or found.broadcaster_id != broadcaster_id or found.deleted:
        raise NotFound(NOT_FOUND)
    now = s.now()
    row = PinRow(broadcaster_id, message_id, moderator_id, now, _ends(s, duration), now)
    insert_rows(s.conn, "INSERT OR REPLACE", [row])


def _current(s: Services, broadcaster_id: str, message_id: str) -> None:
    found = pinned(s, broadcaster_id)
    if not found or found[0].message_id != message_id:
        raise NotFound(NOT_PINNED)


def update_pin(
    s: Services, broadcaster_id: str, moderator_id: str, message_id: str, duration: int | None
) -> None:
    """Update Pinned Chat Message: the pin's end moves to `duration` from now (or the stream's end)."""
    _current(s, broadcaster_id, message_id)
    s.conn.execute(
        "UPDATE pinned_chat_messages SET ends_at = ?, updated_at = ?, pinned_by = ? WHERE broadcaster_id = ?",
        (_ends(s, duration), s.now(), moderator_id, broadcaster_id),
    )


def unpin(s: Services, broadcaster_id: str, message_id: str) -> None:
    """Unpin Chat Message."""
    _current(s, broadcaster_id, message_id)
    s.conn.execute("DELETE FROM pinned_chat_messages WHERE broadcaster_id = ?", (broadcaster_id,))


def pin_sent(s: Services, broadcaster_id: str, sender_id: str, message_id: str) -> None:
    """Send Chat Message with `pin`: the message just sent is pinned until the stream ends, by its
    sender, who must be the broadcaster or one of their moderators (403 otherwise)."""
    if not moderators.is_moderator(s.conn, broadcaster_id, sender_id):
        raise Forbidden(NOT_MODERATOR.format("sender_id"))
    pin(s, broadcaster_id, sender_id, message_id, None)


def stream_ended(s: Services, event: Event) -> None:
    """After `stream.offline`: the channel's pin that lasts until the stream ends is over."""
    broadcaster_id = getattr(event, "broadcaster_user_id", None)
    s.conn.execute(
        "DELETE FROM pinned_chat_messages WHERE broadcaster_id = ? AND ends_at IS NULL", (broadcaster_id,)
    )
