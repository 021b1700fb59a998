"""Shared chat (dev.twitch.tv/docs/api/reference/#get-shared-chat-session): a host channel shares
its chat with other channels; every participant (the host included) is in one session at most.
Sessions start and end through the control API (`start_shared_chat`, `end_shared_chat`), which
publish `channel.shared_chat.begin` / `.end` to every participant's channel.

This module owns `shared_chat_sessions` and `shared_chat_participants`: their row types, SQL and
rules."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.core.errors import BadRequest, NotFound
from twitch_mock.domain import checks, users
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import Select, insert_rows, json_objects


@dataclass(frozen=True, slots=True)
class SessionRow:
    TABLE: ClassVar[str] = "shared_chat_sessions"
    session_id: str
    host_broadcaster_id: str
    created_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    TABLE: ClassVar[str] = "shared_chat_participants"
    broadcaster_id: str
    session_id: str
    position: int


@dataclass(frozen=True, slots=True)
class Participant:
    broadcaster_id: str


@dataclass(frozen=True, slots=True)
class SharedChatSession:
    """A Get Shared Chat Session item."""

    session_id: str
    host_broadcaster_id: str
    participants: list[Participant]
    created_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class EventParticipant:
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str


@dataclass(frozen=True, slots=True)
class SharedChatBegin(Event):
    """EventSub `channel.shared_chat.begin` v1, one per participant channel."""

    TYPE: ClassVar[str] = "channel.shared_chat.begin"
    session_id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    host_broadcaster_user_id: str
    host_broadcaster_user_login: str
    host_broadcaster_user_name: str
    participants: list[EventParticipant]


@dataclass(frozen=True, slots=True)
class SharedChatEnd(Event):
    """EventSub `channel.shared_chat.end` v1, one per participant channel."""

    TYPE: ClassVar[str] = "channel.shared_chat.end"
    session_id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    host_broadcaster_user_id: str
    host_broadcaster_user_login: str
    host_broadcaster_user_name: str


SESSION = Select(
    SharedChatSession,
    "shared_chat_sessions s",
    alias="s",
    participants=json_objects(
        "FROM shared_chat_participants p WHERE p.session_id = s.session_id ORDER BY p.position",
        broadcaster_id="p.broadcaster_id",
    ),
)


def session(conn: sqlite3.Connection, broadcaster_id: str) -> list[SharedChatSession]:
    """The session the channel takes part in (none: an empty list)."""
    return SESSION.all(
        conn,
        "s.session_id = (SELECT session_id FROM shared_chat_participants WHERE broadcaster_id = ?)",
        (broadcaster_id,),
    )


def start_shared_chat(
    s: Services, host_broadcaster_id: str, participant_ids: Sequence[str]
) -> SharedChatSession:
    """The host shares its chat with these channels (at least one other, none in a session)."""
    everyone = list(dict.fromkeys([host_broadcaster_id, *participant_ids]))
    if len(everyone) < 2:
        raise BadRequest("A shared chat session needs the host and at least one other channel")
    for n, channel in enumerate(everyone):
        checks.user(s, "host_broadcaster_id" if n == 0 else "participant_ids", channel)
        if session(s.conn, channel):
            raise BadRequest(f"The channel {channel} is in a shared chat session already")
    now = s.now()
    row = SessionRow(s.ids.guid(), host_broadcaster_id, now, now)
    insert_rows(s.conn, "INSERT", [row])
    insert_rows(s.conn, "INSERT", [ParticipantRow(c, row.session_id, n) for n, c in enumerate(everyone)])
    host = users.names(s.conn, host_broadcaster_id)
    names = [EventParticipant(*users.names(s.conn, c)) for c in everyone]
    for each in names:
        s.publish(SharedChatBegin(row.session_id, *_triple(each), *host, names))
    return session(s.conn, host_broadcaster_id)[0]


def end_shared_chat(s: Services, host_broadcaster_id: str) -> SharedChatSession:
    """The host's session ends for every participant."""
    found = SESSION.one(s.conn, "s.host_broadcaster_id = ?", (host_broadcaster_id,))
    if found is None:
        raise NotFound("The channel hosts no shared chat session")
    s.conn.execute("DELETE FROM shared_chat_sessions WHERE session_id = ?", (found.session_id,))
    host = users.names(s.conn, host_broadcaster_id)
    for p in found.participants:
        s.publish(SharedChatEnd(found.session_id, *users.names(s.conn, p.broadcaster_id), *host))
    return found


def _triple(p: EventParticipant) -> tuple[str, str, str]:
    return p.broadcaster_user_id, p.broadcaster_user_login, p.broadcaster_user_name
