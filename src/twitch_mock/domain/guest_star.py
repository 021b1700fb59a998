"""Guest Star (dev.twitch.tv/docs/api/reference/#get-channel-guest-star-settings, BETA): a channel's
settings and its sessions, and the row types and queries of their invites and slots (whose rules
are in domain/guest_star_slots.py). One session per channel at a time; the host sits in slot "0"
from the start.

A channel's settings row is written the first time they are read or changed (Twitch's defaults: 4
slots, tiled layout, moderators may send guests live, browser-source audio on), so its browser
source token stays the same from then on.

This module owns `guest_star_settings` and `guest_star_sessions` (row types, SQL and rules) and the
row types and reads of `guest_star_invites` and `guest_star_slots`."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from typing import ClassVar, Final

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import checks, users
from twitch_mock.domain.guest_star_events import (
    GuestStarSessionBegin,
    GuestStarSessionEnd,
    GuestStarSettingsUpdate,
)
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import Select, insert_rows

LAYOUTS: Final = ("TILED_LAYOUT", "SCREENSHARE_LAYOUT", "HORIZONTAL_LAYOUT", "VERTICAL_LAYOUT")
MIN_SLOTS, MAX_SLOTS, DEFAULT_SLOTS = 1, 6, 4
HOST_SLOT: Final = "0"
SESSION_LIMIT: Final = "Session limit reached (1 active call)"
ALREADY_ENDED: Final = "Session has already been ended"
INVALID_SESSION: Final = "Invalid session_id"


@dataclass(frozen=True, slots=True)
class SettingsRow:
    """A Get Channel Guest Star Settings item is this row without `broadcaster_id`."""

    TABLE: ClassVar[str] = "guest_star_settings"
    broadcaster_id: str
    is_moderator_send_live_enabled: bool
    slot_count: int
    is_browser_source_audio_enabled: bool
    group_layout: str
    browser_source_token: str


@dataclass(frozen=True, slots=True)
class Settings:
    """A Get Channel Guest Star Settings item."""

    is_moderator_send_live_enabled: bool
    slot_count: int
    is_browser_source_audio_enabled: bool
    group_layout: str
    browser_source_token: str


@dataclass(frozen=True, slots=True)
class SettingsChanges:
    """What Update Channel Guest Star Settings may change; None leaves a setting as it is."""

    is_moderator_send_live_enabled: bool | None = None
    slot_count: int | None = None
    is_browser_source_audio_enabled: bool | None = None
    group_layout: str | None = None
    regenerate_browser_sources: bool = False


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

SETTINGS = Select(SettingsRow, "guest_star_settings")
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


# --- settings ----------------------------------------------------------------------------------


def settings_row(s: Services, broadcaster_id: str) -> SettingsRow:
    """The channel's settings, written with Twitch's defaults the first time."""
    found = SETTINGS.one(s.conn, "broadcaster_id = ?", (broadcaster_id,))
    if found is None:
        checks.user(s, "broadcaster_id", broadcaster_id)
        found = SettingsRow(broadcaster_id, True, DEFAULT_SLOTS, True, LAYOUTS[0], s.ids.mixed(22).lower())
        insert_rows(s.conn, "INSERT", [found])
    return found


def settings(s: Services, broadcaster_id: str) -> Settings:
    """Get Channel Guest Star Settings."""
    row = settings_row(s, broadcaster_id)
    return Settings(
        row.is_moderator_send_live_enabled,
        row.slot_count,
        row.is_browser_source_audio_enabled,
        row.group_layout,
        row.browser_source_token,
    )


def update_settings(s: Services, broadcaster_id: str, changes: SettingsChanges) -> None:
    """Update Channel Guest Star Settings; publishes `channel.guest_star_settings.update`."""
    if changes.slot_count is not None and not MIN_SLOTS <= changes.slot_count <= MAX_SLOTS:
        raise BadRequest("Invalid slot_count")
    if changes.group_layout is not None and changes.group_layout not in LAYOUTS:
        raise BadRequest("Invalid group_layout")
    current = settings_row(s, broadcaster_id)
    updated = replace(
        current,
        **{
            name: value
            for name in (
                "is_moderator_send_live_enabled",
                "slot_count",
                "is_browser_source_audio_enabled",
                "group_layout",
            )
            if (value := getattr(changes, name)) is not None
        },
    )
    if changes.regenerate_browser_sources:
        updated = replace(updated, browser_source_token=s.ids.mixed(22).lower())
    if updated == current:
        return
    insert_rows(s.conn, "INSERT OR REPLACE", [updated])
    s.publish(
        GuestStarSettingsUpdate(
            *users.names(s.conn, broadcaster_id),
            updated.is_moderator_send_live_enabled,
            updated.slot_count,
            updated.is_browser_source_audio_enabled,
            updated.group_layout,
        )
    )


# --- sessions ----------------------------------------------------------------------------------


def create_session(s: Services, broadcaster_id: str) -> Session:
    """Create Guest Star Session: the host in slot "0"; publishes `channel.guest_star_session.begin`."""
    checks.user(s, "broadcaster_id", broadcaster_id)
    if active(s.conn, broadcaster_id) is not None:
        raise BadRequest(SESSION_LIMIT)
    settings_row(s, broadcaster_id)
    row = SessionRow(_new_id(s), broadcaster_id, s.now(), None)
    insert_rows(s.conn, "INSERT", [row])
    _seat_host(s, row.id, broadcaster_id)
    names = users.names(s.conn, broadcaster_id)
    s.publish(GuestStarSessionBegin(*names, row.id, row.started_at, *names))
    return session(s.conn, row.id)


def end_session(s: Services, broadcaster_id: str, session_id: str) -> Session:
    """End Guest Star Session: the session as it was when it ended; publishes
    `channel.guest_star_session.end`."""
    found = SESSION.one(s.conn, "id = ? AND broadcaster_id = ?", (session_id, broadcaster_id))
    if found is None:
        raise BadRequest(INVALID_SESSION)
    if found.ended_at is not None:
        raise BadRequest(ALREADY_ENDED)
    ended = session(s.conn, session_id)
    now = s.now()
    s.conn.execute("UPDATE guest_star_sessions SET ended_at = ? WHERE id = ?", (now, session_id))
    names = users.names(s.conn, broadcaster_id)
    s.publish(GuestStarSessionEnd(*names, session_id, found.started_at, now, *names))
    return ended


def _seat_host(s: Services, session_id: str, host_id: str) -> None:
    host = SlotRow(session_id, HOST_SLOT, host_id, s.now(), True, 100, True, True, True, True, True, True)
    insert_rows(s.conn, "INSERT", [host])


def _new_id(s: Services) -> str:
    while True:
        candidate = s.ids.mixed(27)
        if SESSION.one(s.conn, "id = ?", (candidate,)) is None:
            return candidate
