"""AutoMod (dev.twitch.tv/docs/api/reference/#check-automod-status, #manage-held-automod-messages):
whether AutoMod would let a message through, and the messages it holds for a moderator to allow or
deny.

The mock's AutoMod is a fixed, documented rule so tests can rely on it: a message is held (not
permitted) when one of its words, compared without case and with repeated letters collapsed
("Baaadword" is "badword"), is in `HELD_WORDS` and the channel's AutoMod level for the word's
category catches it (domain/automod_settings.py, which answers Check AutoMod Status). Held messages
come from chat (`hold_message`, the builder); allowing one posts it to chat (chat_messages), denying
it drops it.

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import ClassVar, Final

from twitch_mock.core.errors import BadRequest, Forbidden, NotFound
from twitch_mock.domain import chat_messages, checks, moderators, users
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import Select, insert_rows

# word -> (AutoMod category, level 1-4)
HELD_WORDS: Final = {
    "badword": ("swearing", 4),
    "idiot": ("bullying", 2),
    "stupid": ("bullying", 1),
    "scam": ("aggression", 3),
    "hate": ("aggression", 2),
}
WORD = re.compile(r"[a-z0-9]+")
REPEATS = re.compile(r"(.)\1+")


def _suspect(words: dict[str, tuple[str, int]]) -> re.Pattern[str]:
    """A pattern that finds every word `verdict` may hold (and maybe more): each held word as it is,
    and with each letter repeated, for the words that squeeze to it ("b+a+d+..." finds "baaadword")."""
    forms = sorted({re.escape(w) for w in words} | {"".join(f"{re.escape(c)}+" for c in w) for w in words})
    return re.compile(f"(?<![a-z0-9])(?:{'|'.join(forms)})(?![a-z0-9])")


SUSPECT = _suspect(HELD_WORDS)
PENDING, ALLOWED, DENIED = "PENDING", "ALLOWED", "DENIED"
ACTIONS: Final = ("ALLOW", "DENY")


@dataclass(frozen=True, slots=True)
class HeldMessageRow:
    TABLE: ClassVar[str] = "automod_held_messages"
    id: str
    broadcaster_id: str
    user_id: str
    text: str
    category: str
    level: int
    held_at: str
    status: str = PENDING
    moderator_id: str | None = None
    resolved_at: str | None = None


@dataclass(frozen=True, slots=True)
class AutoModStatus:
    """A Check AutoMod Status item."""

    msg_id: str
    is_permitted: bool


@dataclass(frozen=True, slots=True)
class Fragment:
    type: str
    text: str
    cheermote: None = None
    emote: None = None


@dataclass(frozen=True, slots=True)
class HeldText:
    text: str
    fragments: list[Fragment] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AutoModMessageHold(Event):
    """EventSub `automod.message.hold` v1."""

    TYPE: ClassVar[str] = "automod.message.hold"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    user_id: str
    user_login: str
    user_name: str
    message_id: str
    message: HeldText
    category: str
    level: int
    held_at: str


@dataclass(frozen=True, slots=True)
class AutoModMessageUpdate(Event):
    """EventSub `automod.message.update` v1; `status` is "Approved" or "Denied"."""

    TYPE: ClassVar[str] = "automod.message.update"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    user_id: str
    user_login: str
    user_name: str
    moderator_user_id: str
    moderator_user_login: str
    moderator_user_name: str
    message_id: str
    message: HeldText
    category: str
    level: int
    status: str
    held_at: str


HELD = Select(HeldMessageRow, "automod_held_messages")


def verdict(text: str) -> tuple[str, int] | None:
    """The (category, level) AutoMod holds `text` for, or None when it is permitted (most messages
    are: one search tells, before the word-by-word look)."""
    lowered = text.lower()
    if SUSPECT.search(lowered) is None:
        return None
    for word in WORD.findall(lowered):
        found = HELD_WORDS.get(REPEATS.sub(r"\1", word)) or HELD_WORDS.get(word)
        if found:
            return found
    return None


def held(conn: sqlite3.Connection, message_id: str) -> HeldMessageRow | None:
    return HELD.one(conn, "id = ?", (message_id,))


def hold_message(
    s: Services, broadcaster_id: str, user_id: str, text: str, message_id: str | None = None
) -> HeldMessageRow:
    """A chat message AutoMod holds for review (the builder chat and the control API use), with the
    category and level of the rule it breaks (`swearing`, 4 when it breaks none). Publishes
    `automod.message.hold`."""
    checks.user(s, "broadcaster_id", broadcaster_id)
    checks.user(s, "user_id", user_id)
    if not text.strip() or len(text) > chat_messages.MAX_TEXT:
        raise BadRequest(f'The value of "text" must be 1 to {chat_messages.MAX_TEXT} characters')
    category, level = verdict(text) or ("swearing", 4)
    row = HeldMessageRow(message_id or s.ids.guid(), broadcaster_id, user_id, text, category, level, s.now())
    if held(s.conn, row.id) is not None:
        raise BadRequest(f'The held message "{row.id}" exists already')
    insert_rows(s.conn, "INSERT", [row])
    s.publish(
        AutoModMessageHold(
            *users.names(s.conn, broadcaster_id),
            *users.names(s.conn, user_id),
            row.id,
            _text(text),
            category,
            level,
            row.held_at,
        )
    )
    return row


def manage(s: Services, moderator_id: str, message_id: str, action: str) -> HeldMessageRow:
    """Manage Held AutoMod Messages: a moderator of the message's channel allows it (it goes to
    chat) or denies it. An unknown message, or one already handled, is a 404."""
    found = held(s.conn, message_id)
    if found is None or found.status != PENDING:
        raise NotFound("The message specified in the msg_id field was not found")
    if not moderators.is_moderator(s.conn, found.broadcaster_id, moderator_id):
        raise Forbidden("The user in user_id is not one of the broadcaster's moderators")
    status = ALLOWED if action == "ALLOW" else DENIED
    now = s.now()
    s.conn.execute(
        "UPDATE automod_held_messages SET status = ?, moderator_id = ?, resolved_at = ? WHERE id = ?",
        (status, moderator_id, now, message_id),
    )
    if status == ALLOWED:
        chat_messages.add_message(s, found.broadcaster_id, found.user_id, found.text, found.id)
    s.publish(
        AutoModMessageUpdate(
            *users.names(s.conn, found.broadcaster_id),
            *users.names(s.conn, found.user_id),
            *users.names(s.conn, moderator_id),
            found.id,
            _text(found.text),
            found.category,
            found.level,
            "Approved" if status == ALLOWED else "Denied",
            found.held_at,
        )
    )
    updated = held(s.conn, message_id)
    assert updated is not None
    return updated


def _text(text: str) -> HeldText:
    return HeldText(text, [Fragment("text", text)])
