"""Guest Star (dev.twitch.tv/docs/api/reference/#get-guest-star-session, BETA): the row types of
sessions, invites and slots, and their reads: the session in progress, its guests by slot, and
whether a user is one of its guests (invited or seated), who may read the session.

Sessions are written by domain/guest_star.py, invites and slots by domain/guest_star_slots.py."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import ClassVar, Final

from twitch_mock.core.errors import BadRequest
from twitch_mock.store.rows import Select

HOST_SLOT: Final = "0"
INVALID_SESSION: Final = "Invalid session_id"


@dataclass(frozen=True, slots=True)
class SessionRow:
    TABLE: ClassVar[str] = "guest_star_sessions"
    id: str
    broadcaster_id: str
    started_at: str
    ended_at: str | None


@dataclass(frozen=True, slots=True)
class InviteRow:
    TABLE: ClassVar[str] = "guest_star_invites"
    session_id: str
    user_id: str
    invited_at: str
    status: str
    is_video_enabled: bool
    is_audio_enabled: bool
    is_video_available: bool
    is_audio_available: bool


@dataclass(frozen=True, slots=True)
class Invite:
    """A Get Guest Star Invites item."""

    user_id: str
    invited_at: str
    status: str
    is_video_enabled: bool
    is_audio_enabled: bool
    is_video_available: bool
    is_audio_available: bool


@dataclass(frozen=True, slots=True)
class SlotRow:
    TABLE: ClassVar[str] = "guest_star_slots"
    session_id: str
    slot_id: str
    user_id: str
    assigned_at: str
    is_live: bool
    volume: int
    audio_host: bool
    audio_guest: bool
    audio_available: bool
    video_host: bool
    video_guest: bool
    video_available: bool


@dataclass(frozen=True, slots=True)
class SlotChanges:
    """What Update Guest Star Slot Settings may change; None leaves a setting as it is."""

    is_audio_enabled: bool | None = None
    is_video_enabled: bool | None = None
    is_live: bool | None = None
    volume: int | None = None


@dataclass(frozen=True, slots=True)
class MediaSettings:
    is_host_enabled: bool
    is_guest_enabled: bool
    is_available: bool


@dataclass(frozen=True, slots=True)
class Guest:
    """A guest of a session (the host included), as Get Guest Star Session lists them."""

    slot_id: str
    is_live: bool
    user_id: str
    user_display_name: str
    user_login: str
    volume: int
    assigned_at: str
    audio_settings: MediaSettings
    video_settings: MediaSettings


@dataclass(frozen=True, slots=True)
class Session:
    """A Get/Create/End Guest Star Session item."""

    id: str
    guests: list[Guest]


# --- queries -----------------------------------------------------------------------------------

SESSION = Select(SessionRow, "guest_star_sessions")


NAMES = (
    "SELECT id, login, display_name FROM users "
    "WHERE id IN (SELECT user_id FROM guest_star_slots WHERE session_id = ?)"
)


INVITE = Select(Invite, "guest_star_invites")
INVITE_ROW = Select(InviteRow, "guest_star_invites")
SLOT = Select(SlotRow, "guest_star_slots")


def active(conn: sqlite3.Connection, broadcaster_id: str) -> SessionRow | None:
    """The channel's session in progress."""
    return SESSION.one(conn, "broadcaster_id = ? AND ended_at IS NULL", (broadcaster_id,))


def session(conn: sqlite3.Connection, session_id: str) -> Session:
    """A session and its guests by slot (the host first)."""
    seated = SLOT.all(conn, "session_id = ?", (session_id,), "CAST(slot_id AS INTEGER)")
    names = {row[0]: (row[1], row[2]) for row in conn.execute(NAMES, (session_id,))}
    guests = [
        Guest(
            slot_id=g.slot_id,
            is_live=g.is_live,
            user_id=g.user_id,
            user_display_name=names[g.user_id][1],
            user_login=names[g.user_id][0],
            volume=g.volume,
            assigned_at=g.assigned_at,
            audio_settings=MediaSettings(g.audio_host, g.audio_guest, g.audio_available),
            video_settings=MediaSettings(g.video_host, g.video_guest, g.video_available),
        )
        for g in seated
    ]
    return Session(session_id, guests)


def active_session(conn: sqlite3.Connection, broadcaster_id: str) -> list[Session]:
    """Get Guest Star Session: the session in progress, if there is one."""
    found = active(conn, broadcaster_id)
    return [] if found is None else [session(conn, found.id)]


def require_session(conn: sqlite3.Connection, broadcaster_id: str, session_id: str) -> SessionRow:
    """The channel's session in progress, which `session_id` must name (400 otherwise)."""
    found = active(conn, broadcaster_id)
    if found is None or found.id != session_id:
        raise BadRequest(INVALID_SESSION)
    return found


def is_guest(conn: sqlite3.Connection, broadcaster_id: str, user_id: str) -> bool:
    """The user is invited to, or seated in, the channel's session in progress."""
    found = conn.execute(
        "SELECT 1 FROM guest_star_sessions s WHERE s.broadcaster_id = ? AND s.ended_at IS NULL AND ("
        "EXISTS (SELECT 1 FROM guest_star_invites WHERE session_id = s.id AND user_id = ?) OR "
        "EXISTS (SELECT 1 FROM guest_star_slots WHERE session_id = s.id AND user_id = ?))",
        (broadcaster_id, user_id, user_id),
    ).fetchone()
    return found is not None
