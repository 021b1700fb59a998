"""Chat messages sent in a channel (dev.twitch.tv/docs/api/reference/#send-chat-message,
#delete-chat-messages): chat adds them (`add_message`: Send Chat Message once its rules let a
message through, the builders, AutoMod releasing a held one), which publishes `channel.chat.message`;
moderators delete one or all of them, and a ban clears the banned user's. A deleted message stays in
the table, marked `deleted`. A reply names its parent and the first message of its thread.

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar, Final

import orjson

from twitch_mock.core.clock import parse_rfc3339
from twitch_mock.core.errors import BadRequest, NotFound
from twitch_mock.domain import checks, emotes, roles, users
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
    reply_parent_message_id: str | None = None
    thread_message_id: str | None = None


@dataclass(frozen=True, slots=True)
class Cheermote:
    prefix: str
    bits: int
    tier: int


@dataclass(frozen=True, slots=True)
class EmoteRef:
    id: str
    emote_set_id: str
    owner_id: str
    format: list[str]


@dataclass(frozen=True, slots=True)
class Mention:
    user_id: str
    user_name: str
    user_login: str


@dataclass(frozen=True, slots=True)
class MessageFragment:
    type: str  # text, cheermote, emote or mention
    text: str
    cheermote: Cheermote | None = None
    emote: EmoteRef | None = None
    mention: Mention | None = None


@dataclass(frozen=True, slots=True)
class MessageBody:
    text: str
    fragments: list[MessageFragment]


@dataclass(frozen=True, slots=True)
class Badge:
    set_id: str
    id: str
    info: str


@dataclass(frozen=True, slots=True)
class Cheer:
    bits: int


@dataclass(frozen=True, slots=True)
class Reply:
    parent_message_id: str
    parent_message_body: str
    parent_user_id: str
    parent_user_name: str
    parent_user_login: str
    thread_message_id: str
    thread_user_id: str
    thread_user_name: str
    thread_user_login: str


@dataclass(frozen=True, slots=True)
class ChatMessage(Event):
    """EventSub `channel.chat.message` v1 (the shared-chat `source_*` fields are null: the mock has
    no shared chat session to send from)."""

    TYPE: ClassVar[str] = "channel.chat.message"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    chatter_user_id: str
    chatter_user_login: str
    chatter_user_name: str
    message_id: str
    message: MessageBody
    message_type: str
    badges: list[Badge]
    cheer: Cheer | None
    color: str
    reply: Reply | None
    channel_points_custom_reward_id: str | None
    source_broadcaster_user_id: str | None = None
    source_broadcaster_user_login: str | None = None
    source_broadcaster_user_name: str | None = None
    source_message_id: str | None = None
    source_badges: list[Badge] | None = None
    is_source_only: bool | None = None


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


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a message's event names: the channel, the chatter, their colour and badges."""

    broadcaster: tuple[str, str, str]
    chatter: tuple[str, str, str]
    color: str
    badges: list[Badge]


def add_message(
    s: Services,
    broadcaster_id: str,
    user_id: str,
    text: str,
    message_id: str | None = None,
    reply_parent_message_id: str | None = None,
) -> ChatMessageRow:
    """A message `user_id` sent in `broadcaster_id`'s chat now, optionally a reply (a builder: chat
    and the control API use it; Send Chat Message checks the channel's rules first). The id is a new
    UUID unless given. Publishes `channel.chat.message`."""
    checks.user(s, "broadcaster_id", broadcaster_id)
    checks.user(s, "user_id", user_id)
    if not text.strip() or len(text) > MAX_TEXT:
        raise BadRequest(f'The value of "text" must be 1 to {MAX_TEXT} characters')
    if message_id is not None and message(s.conn, message_id) is not None:
        raise BadRequest(f'The chat message "{message_id}" exists already')
    return post(s, broadcaster_id, user_id, text, s.now(), message_id, reply_parent_message_id)


def post(
    s: Services,
    broadcaster_id: str,
    user_id: str,
    text: str,
    now: str,
    message_id: str | None = None,
    reply_parent_message_id: str | None = None,
    speaker: Speaker | None = None,
) -> ChatMessageRow:
    """Store a message whose users are known and publish it (`speaker`: the event's names, when the
    caller has them already; Send Chat Message's hot path)."""
    parent = None
    if reply_parent_message_id is not None:
        parent = reply_parent(s.conn, broadcaster_id, reply_parent_message_id)
    thread = None if parent is None else parent.thread_message_id or parent.id
    row = ChatMessageRow(
        message_id or s.ids.ordered_guid(),
        broadcaster_id,
        user_id,
        text,
        now,
        False,
        reply_parent_message_id,
        thread,
    )
    insert_rows(s.conn, "INSERT", [row])
    s.publish(_event(s, row, parent, speaker or _speaker(s.conn, broadcaster_id, user_id)))
    return row


def reply_parent(conn: sqlite3.Connection, broadcaster_id: str, message_id: str) -> ChatMessageRow:
    """The message a reply answers: one of the channel's, not deleted."""
    found = message(conn, message_id)
    if found is None or found.broadcaster_id != broadcaster_id or found.deleted:
        raise BadRequest("The ID in reply_parent_message_id is not valid")
    return found


def _speaker(conn: sqlite3.Connection, broadcaster_id: str, user_id: str) -> Speaker:
    color = conn.execute("SELECT chat_color FROM users WHERE id = ?", (user_id,)).fetchone()
    return Speaker(
        users.names(conn, broadcaster_id),
        users.names(conn, user_id),
        (color[0] if color else None) or "",
        badges(conn, broadcaster_id, user_id),
    )


def _event(s: Services, row: ChatMessageRow, parent: ChatMessageRow | None, speaker: Speaker) -> ChatMessage:
    reply = None
    if parent is not None:
        thread = (
            parent if row.thread_message_id == parent.id else message(s.conn, row.thread_message_id or "")
        )
        assert thread is not None
        p, t = users.names(s.conn, parent.user_id), users.names(s.conn, thread.user_id)
        reply = Reply(parent.id, parent.text, p[0], p[2], p[1], thread.id, t[0], t[2], t[1])
    return ChatMessage(
        *speaker.broadcaster,
        *speaker.chatter,
        row.id,
        MessageBody(row.text, fragments(s.conn, row.broadcaster_id, row.text)),
        "text",
        speaker.badges,
        None,
        speaker.color,
        reply,
        None,
    )


GLOBAL_EMOTES: Final = MappingProxyType(
    {name: EmoteRef(i, "0", "0", ["static"]) for i, name in emotes.GLOBAL_EMOTE_IDS}
)


def fragments(conn: sqlite3.Connection, broadcaster_id: str, text: str) -> list[MessageFragment]:
    """The message cut into text, emote (Twitch's global emotes and the channel's own, by their
    case-sensitive names) and mention (`@login` of a user) fragments; runs of text are joined."""
    words = text.split(" ")
    known: dict[str, tuple[str, str, str, int]] = {  # name -> its row, for the channel emotes used
        row[1]: row
        for row in conn.execute(
            "SELECT id, name, emote_set_id, animated FROM channel_emotes WHERE broadcaster_id = ? "
            "AND name IN (SELECT value FROM json_each(?))",
            (broadcaster_id, orjson.dumps(words).decode()),
        )
    }
    out: list[MessageFragment] = []
    start = at = 0  # where the current run of text starts; where the word starts
    for word in words:
        if word in known or word in GLOBAL_EMOTES or word[:1] == "@":
            special = _special(conn, broadcaster_id, word, known)
            if special is not None:
                if at > start:
                    out.append(MessageFragment("text", text[start:at]))
                out.append(special)
                start = at + len(word)
        at += len(word) + 1
    if start < len(text):
        out.append(MessageFragment("text", text[start:]))
    return out


def _special(
    conn: sqlite3.Connection, broadcaster_id: str, word: str, known: dict[str, tuple[str, str, str, int]]
) -> MessageFragment | None:
    own = known.get(word)
    if own is not None:
        i, _, set_id, animated = own
        formats = ["static", "animated"] if animated else ["static"]
        return MessageFragment("emote", word, emote=EmoteRef(i, set_id, broadcaster_id, formats))
    emote = GLOBAL_EMOTES.get(word)
    if emote is not None:
        return MessageFragment("emote", word, emote=emote)
    if word.startswith("@") and len(word) > 1:
        found = users.by_login(conn, word[1:])
        if found is not None:
            return MessageFragment(
                "mention", word, mention=Mention(found.id, found.display_name, found.login)
            )
    return None


def badges(conn: sqlite3.Connection, broadcaster_id: str, user_id: str) -> list[Badge]:
    """The chat badges the user wears in the channel: broadcaster or moderator, VIP, subscriber."""
    out = []
    if user_id == broadcaster_id:
        out.append(Badge("broadcaster", "1", ""))
    elif roles.has_role(conn, "moderators", broadcaster_id, user_id):
        out.append(Badge("moderator", "1", ""))
    if roles.has_role(conn, "vips", broadcaster_id, user_id):
        out.append(Badge("vip", "1", ""))
    tier = conn.execute(
        "SELECT tier FROM subscriptions WHERE broadcaster_id = ? AND user_id = ?", (broadcaster_id, user_id)
    ).fetchone()
    if tier is not None:
        out.append(Badge("subscriber", "0" if tier[0] == "1000" else tier[0], "1"))
    return out


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
