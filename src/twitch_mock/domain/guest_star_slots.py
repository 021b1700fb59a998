"""Guest Star invites and slots (dev.twitch.tv/docs/api/reference/#send-guest-star-invite,
#assign-guest-star-slot, BETA): invites only for real users who are not the host and not already in
the session; a guest who is ready takes an empty slot ("1" to the channel's slot count), one guest
a slot; each change publishes `channel.guest_star_guest.update`.

This module owns the rules and writes of `guest_star_invites` and `guest_star_slots` (their row
types and reads are in domain/guest_star_rows.py); every slot is written by `_seat`, the host's
too (`seat_host`, when a session starts)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import Final

from twitch_mock.core.errors import BadRequest, Forbidden, NotFound
from twitch_mock.domain import checks, users
from twitch_mock.domain.guest_star_events import GuestStarGuestUpdate
from twitch_mock.domain.guest_star_rows import (
    HOST_SLOT,
    INVITE,
    INVITE_ROW,
    SLOT,
    Invite,
    InviteRow,
    SlotChanges,
    SlotRow,
    active,
    require_session,
)
from twitch_mock.domain.guest_star_settings import settings_row
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import insert_rows

# --- invites -----------------------------------------------------------------------------------

INVITE_STATUSES: Final = ("INVITED", "ACCEPTED", "READY")
GUEST_STATES: Final = {"INVITED": "invited", "ACCEPTED": "accepted", "READY": "ready"}


def invites(conn: sqlite3.Connection, broadcaster_id: str, session_id: str) -> list[Invite]:
    """Get Guest Star Invites: the session's pending invites, oldest first."""
    require_session(conn, broadcaster_id, session_id)
    return INVITE.all(conn, "session_id = ?", (session_id,), "invited_at, user_id")


def _invite(conn: sqlite3.Connection, session_id: str, user_id: str) -> InviteRow | None:
    return INVITE_ROW.one(conn, "session_id = ? AND user_id = ?", (session_id, user_id))


def _slot_of(conn: sqlite3.Connection, session_id: str, user_id: str) -> SlotRow | None:
    return SLOT.one(conn, "session_id = ? AND user_id = ?", (session_id, user_id))


def _slot(conn: sqlite3.Connection, session_id: str, slot_id: str) -> SlotRow | None:
    return SLOT.one(conn, "session_id = ? AND slot_id = ?", (session_id, slot_id))


def send_invite(s: Services, broadcaster_id: str, moderator_id: str, session_id: str, guest_id: str) -> None:
    """Send Guest Star Invite: a real user who is neither the host nor already invited or seated."""
    require_session(s.conn, broadcaster_id, session_id)
    if not users.exists(s.conn, guest_id):
        raise BadRequest("Invalid guest_id")
    if guest_id == broadcaster_id:
        raise Forbidden("Unauthorized guest invited")
    if _invite(s.conn, session_id, guest_id) or _slot_of(s.conn, session_id, guest_id):
        raise Forbidden("Guest already invited")
    insert_rows(
        s.conn, "INSERT", [InviteRow(session_id, guest_id, s.now(), "INVITED", True, True, True, True)]
    )
    _guest_event(s, broadcaster_id, moderator_id, session_id, guest_id, None, "invited")


def delete_invite(
    s: Services, broadcaster_id: str, moderator_id: str, session_id: str, guest_id: str
) -> None:
    """Delete Guest Star Invite."""
    require_session(s.conn, broadcaster_id, session_id)
    if _invite(s.conn, session_id, guest_id) is None:
        raise NotFound("No invite exists for specified guest_id")
    s.conn.execute(
        "DELETE FROM guest_star_invites WHERE session_id = ? AND user_id = ?", (session_id, guest_id)
    )
    _guest_event(s, broadcaster_id, moderator_id, session_id, guest_id, None, "removed")


def answer_invite(
    s: Services, broadcaster_id: str, guest_id: str, status: str, *, video: bool = True, audio: bool = True
) -> InviteRow:
    """The invited guest acknowledges (ACCEPTED) or is ready to join (READY), with their devices'
    state: what a guest does in Twitch's UI, for the control API (no Helix endpoint does it)."""
    checks.choice("status", status, INVITE_STATUSES)
    found = active(s.conn, broadcaster_id)
    row = None if found is None else _invite(s.conn, found.id, guest_id)
    if found is None or row is None:
        raise NotFound("No invite exists for specified guest_id")
    row = replace(row, status=status, is_video_enabled=video, is_audio_enabled=audio)
    insert_rows(s.conn, "INSERT OR REPLACE", [row])
    _guest_event(s, broadcaster_id, None, found.id, guest_id, None, GUEST_STATES[status])
    return row


# --- slots -------------------------------------------------------------------------------------

RESTRICTED: Final = "The request is attempting to modify a restricted slot"


def _seat(s: Services, *rows: SlotRow) -> None:
    """Each guest sits where their row says, replacing whoever sat there and wherever they sat
    before (a slot holds one guest, a guest holds one slot)."""
    insert_rows(s.conn, "INSERT OR REPLACE", list(rows))


def seat_host(s: Services, session_id: str, host_id: str) -> None:
    """A new session's host, live in slot "0" with everything on."""
    _seat(s, SlotRow(session_id, HOST_SLOT, host_id, s.now(), True, 100, True, True, True, True, True, True))


def _slot_number(s: Services, broadcaster_id: str, slot_id: str, name: str = "slot_id") -> str:
    """A guest slot: "1" to the channel's slot count ("0" is the host's: 403)."""
    if slot_id == HOST_SLOT:
        raise Forbidden("Cannot assign host slot" if name == "slot_id" else RESTRICTED)
    if not slot_id.isdigit() or not 1 <= int(slot_id) <= settings_row(s, broadcaster_id).slot_count:
        raise BadRequest(f"Invalid {name}")
    return str(int(slot_id))


def assign_slot(
    s: Services, broadcaster_id: str, moderator_id: str, session_id: str, guest_id: str, slot_id: str
) -> None:
    """Assign Guest Star Slot: an invited guest who is ready takes an empty slot, backstage."""
    require_session(s.conn, broadcaster_id, session_id)
    slot_id = _slot_number(s, broadcaster_id, slot_id)
    invite = _invite(s.conn, session_id, guest_id)
    if _slot_of(s.conn, session_id, guest_id) is not None:
        raise Forbidden("Guest already assigned to slot")
    if invite is None:
        raise Forbidden("Guest not invited to session")
    if invite.status != "READY":
        raise Forbidden("Guest is not ready to join")
    if _slot(s.conn, session_id, slot_id) is not None:
        raise Forbidden("Slot already assigned to a guest")
    s.conn.execute(
        "DELETE FROM guest_star_invites WHERE session_id = ? AND user_id = ?", (session_id, guest_id)
    )
    row = SlotRow(
        session_id, slot_id, guest_id, s.now(), False, 100, True, invite.is_audio_enabled,
        invite.is_audio_available, True, invite.is_video_enabled, invite.is_video_available,
    )  # fmt: skip
    _seat(s, row)
    _guest_event(s, broadcaster_id, moderator_id, session_id, guest_id, row, "backstage")


def move_slot(
    s: Services, broadcaster_id: str, moderator_id: str, session_id: str, source: str, destination: str | None
) -> None:
    """Update Guest Star Slot: the guest in `source` moves to `destination`, swapping with its guest."""
    require_session(s.conn, broadcaster_id, session_id)
    source = _slot_number(s, broadcaster_id, source, "source_slot_id")
    moving = _slot(s.conn, session_id, source)
    if moving is None:
        raise BadRequest("Invalid source_slot_id")
    if destination is None:
        return
    destination = _slot_number(s, broadcaster_id, destination, "destination_slot_id")
    if destination == source:
        return
    other = _slot(s.conn, session_id, destination)
    moved = [replace(moving, slot_id=destination)] + ([replace(other, slot_id=source)] if other else [])
    _seat(s, *moved)
    for row in moved:
        _guest_event(s, broadcaster_id, moderator_id, session_id, row.user_id, row, _state(row))


def delete_slot(
    s: Services, broadcaster_id: str, moderator_id: str, session_id: str, guest_id: str, slot_id: str,
    reinvite: bool = False,
) -> None:  # fmt: skip
    """Delete Guest Star Slot: the guest leaves the session (back to the invites, with `reinvite`)."""
    require_session(s.conn, broadcaster_id, session_id)
    if slot_id == HOST_SLOT:
        raise Forbidden(RESTRICTED)
    row = _slot(s.conn, session_id, slot_id)
    if row is None or row.user_id != guest_id:
        raise NotFound("guest_id or slot_id not found")
    s.conn.execute("DELETE FROM guest_star_slots WHERE session_id = ? AND slot_id = ?", (session_id, slot_id))
    if reinvite:
        invite = InviteRow(
            session_id, guest_id, s.now(), "INVITED", row.video_guest, row.audio_guest, row.video_available,
            row.audio_available,
        )  # fmt: skip
        insert_rows(s.conn, "INSERT", [invite])
    _guest_event(
        s, broadcaster_id, moderator_id, session_id, guest_id, None, "invited" if reinvite else "removed"
    )


def update_slot_settings(
    s: Services, broadcaster_id: str, moderator_id: str, session_id: str, slot_id: str, changes: SlotChanges
) -> None:
    """Update Guest Star Slot Settings: what the host lets the slot share, its volume, whether it is
    live (moderators only where the channel's settings allow it)."""
    require_session(s.conn, broadcaster_id, session_id)
    if changes == SlotChanges():
        raise BadRequest(
            "At least one of is_audio_enabled, is_video_enabled, is_live or volume must be specified"
        )
    if changes.volume is not None and not 0 <= changes.volume <= 100:
        raise BadRequest("Invalid volume")
    row = _slot(s.conn, session_id, slot_id)
    if row is None:
        raise BadRequest("Invalid slot_id")
    if (
        changes.is_live is not None
        and moderator_id != broadcaster_id
        and not settings_row(s, broadcaster_id).is_moderator_send_live_enabled
    ):
        raise Forbidden(RESTRICTED)
    updated = replace(
        row,
        audio_host=row.audio_host if changes.is_audio_enabled is None else changes.is_audio_enabled,
        video_host=row.video_host if changes.is_video_enabled is None else changes.is_video_enabled,
        is_live=row.is_live if changes.is_live is None else changes.is_live,
        volume=row.volume if changes.volume is None else changes.volume,
    )
    if updated == row:
        return
    _seat(s, updated)
    _guest_event(s, broadcaster_id, moderator_id, session_id, row.user_id, updated, _state(updated))


def _state(row: SlotRow) -> str:
    return "live" if row.is_live else "backstage"


def _guest_event(
    s: Services, broadcaster_id: str, moderator_id: str | None, session_id: str, guest_id: str,
    slot: SlotRow | None, state: str,
) -> None:  # fmt: skip
    """`channel.guest_star_guest.update` for a guest's new state (`slot`: where they sit now)."""
    host = users.names(s.conn, broadcaster_id)
    moderator: tuple[str | None, ...] = users.names(s.conn, moderator_id) if moderator_id else (None,) * 3
    guest = users.names(s.conn, guest_id)
    s.publish(
        GuestStarGuestUpdate(
            broadcaster_user_id=host[0],
            broadcaster_user_login=host[1],
            broadcaster_user_name=host[2],
            session_id=session_id,
            moderator_user_id=moderator[0],
            moderator_user_login=moderator[1],
            moderator_user_name=moderator[2],
            guest_user_id=guest[0],
            guest_user_login=guest[1],
            guest_user_name=guest[2],
            slot_id=slot.slot_id if slot else None,
            state=state,
            host_user_id=host[0],
            host_user_login=host[1],
            host_user_name=host[2],
            host_video_enabled=slot.video_host if slot else None,
            host_audio_enabled=slot.audio_host if slot else None,
            host_volume=slot.volume if slot else None,
        )
    )
