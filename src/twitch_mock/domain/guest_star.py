"""Guest Star sessions (dev.twitch.tv/docs/api/reference/#create-guest-star-session, BETA): one
session per channel at a time; the host sits in slot "0" from the start (seated by
domain/guest_star_slots.py, the one writer of slots).

The family's modules: guest_star_rows.py (row types and reads), guest_star_settings.py (a
channel's settings), this module (sessions: it owns `guest_star_sessions`), guest_star_slots.py
(invites and slots) and guest_star_events.py (the EventSub events)."""

from __future__ import annotations

from typing import Final

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import checks, guest_star_slots, users
from twitch_mock.domain.guest_star_events import GuestStarSessionBegin, GuestStarSessionEnd
from twitch_mock.domain.guest_star_rows import INVALID_SESSION, SESSION, Session, SessionRow, active, session
from twitch_mock.domain.guest_star_settings import settings_row
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import insert_rows

SESSION_LIMIT: Final = "Session limit reached (1 active call)"
ALREADY_ENDED: Final = "Session has already been ended"


def create_session(s: Services, broadcaster_id: str) -> Session:
    """Create Guest Star Session: the host in slot "0"; publishes `channel.guest_star_session.begin`."""
    checks.user(s, "broadcaster_id", broadcaster_id)
    if active(s.conn, broadcaster_id) is not None:
        raise BadRequest(SESSION_LIMIT)
    settings_row(s, broadcaster_id)
    row = SessionRow(_new_id(s), broadcaster_id, s.now(), None)
    insert_rows(s.conn, "INSERT", [row])
    guest_star_slots.seat_host(s, row.id, broadcaster_id)
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


def _new_id(s: Services) -> str:
    while True:
        candidate = s.ids.mixed(27)
        if SESSION.one(s.conn, "id = ?", (candidate,)) is None:
            return candidate
