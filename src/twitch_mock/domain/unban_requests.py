"""Unban requests (dev.twitch.tv/docs/api/reference/#get-unban-requests, #resolve-unban-requests): a
user banned from a channel asks to be unbanned (`request_unban`, the builder), and a moderator
approves (the user is unbanned through domain/bans.py, so `channel.unban` is published) or denies it.
Only a banned user may ask, and only once at a time.

This module owns `unban_requests`: its row type, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import ClassVar, Final

from twitch_mock.core.errors import BadRequest, NotFound
from twitch_mock.domain import bans, checks, users
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select, insert_rows, person

STATUSES: Final = ("pending", "approved", "denied", "acknowledged", "canceled")
RESOLUTIONS: Final = ("approved", "denied")
MAX_TEXT = 500


@dataclass(frozen=True, slots=True)
class UnbanRequestRow:
    TABLE: ClassVar[str] = "unban_requests"
    id: str
    broadcaster_id: str
    user_id: str
    text: str
    status: str
    created_at: str
    moderator_id: str | None = None
    resolved_at: str | None = None
    resolution_text: str | None = None


@dataclass(frozen=True, slots=True)
class UnbanRequest:
    """A Get / Resolve Unban Requests item (moderator fields are "" until it is resolved)."""

    id: str
    broadcaster_name: str
    broadcaster_login: str
    broadcaster_id: str
    moderator_id: str
    moderator_login: str
    moderator_name: str
    user_id: str
    user_login: str
    user_name: str
    text: str
    status: str
    created_at: str
    resolved_at: str | None
    resolution_text: str | None


@dataclass(frozen=True, slots=True)
class UnbanRequestCreate(Event):
    """EventSub `channel.unban_request.create` v1."""

    TYPE: ClassVar[str] = "channel.unban_request.create"
    id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    user_id: str
    user_login: str
    user_name: str
    text: str
    created_at: str


@dataclass(frozen=True, slots=True)
class UnbanRequestResolve(Event):
    """EventSub `channel.unban_request.resolve` v1."""

    TYPE: ClassVar[str] = "channel.unban_request.resolve"
    id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    moderator_user_id: str | None
    moderator_user_login: str | None
    moderator_user_name: str | None
    user_id: str
    user_login: str
    user_name: str
    resolution_text: str | None
    status: str


REQUESTS = Select(
    UnbanRequest,
    "unban_requests r JOIN users b ON b.id = r.broadcaster_id JOIN users u ON u.id = r.user_id "
    "LEFT JOIN users m ON m.id = r.moderator_id",
    alias="r",
    **person("broadcaster", "b"),
    moderator_id="COALESCE(m.id, '')",
    moderator_login="COALESCE(m.login, '')",
    moderator_name="COALESCE(m.display_name, '')",
    **person("user", "u"),
)
ORDER = Order.of("r.created_at DESC", "r.id DESC")  # the newest first


def unban_requests(
    conn: sqlite3.Connection, broadcaster_id: str, status: str, window: Window, user_id: str | None = None
) -> Slice[UnbanRequest]:
    where, args = "r.broadcaster_id = ? AND r.status = ?", [broadcaster_id, status]
    if user_id is not None:
        where, args = where + " AND r.user_id = ?", [*args, user_id]
    return REQUESTS.page(conn, window, ORDER, where, args)


def request_unban(s: Services, broadcaster_id: str, user_id: str, text: str) -> UnbanRequestRow:
    """A banned user asks to be unbanned (one pending request at a time). Publishes
    `channel.unban_request.create`."""
    checks.pair(s, user_id, broadcaster_id)
    if not bans.is_banned(s, broadcaster_id, user_id):
        raise BadRequest("Only a user banned from the channel may ask to be unbanned")
    if not text.strip() or len(text) > MAX_TEXT:
        raise BadRequest(f'The value of "text" must be 1 to {MAX_TEXT} characters')
    pending = s.conn.execute(
        "SELECT 1 FROM unban_requests WHERE broadcaster_id = ? AND user_id = ? AND status = 'pending'",
        (broadcaster_id, user_id),
    ).fetchone()
    if pending:
        raise BadRequest("The user has an unban request pending in this channel")
    row = UnbanRequestRow(s.ids.guid(), broadcaster_id, user_id, text, "pending", s.now())
    insert_rows(s.conn, "INSERT", [row])
    caster, user = users.names(s.conn, broadcaster_id), users.names(s.conn, user_id)
    s.publish(UnbanRequestCreate(row.id, *caster, *user, text, row.created_at))
    return row


def resolve(
    s: Services, broadcaster_id: str, moderator_id: str, request_id: str, status: str, text: str | None
) -> UnbanRequest:
    """Resolve Unban Requests: approve (the user is unbanned) or deny a pending request. Publishes
    `channel.unban_request.resolve`."""
    found = REQUESTS.one(s.conn, "r.id = ? AND r.broadcaster_id = ?", (request_id, broadcaster_id))
    if found is None:
        raise NotFound("The unban request ID was not found")
    if found.status != "pending":
        raise BadRequest("Invalid requested update")
    if text is not None and len(text) > MAX_TEXT:
        raise BadRequest(f"The resolution_text may be at most {MAX_TEXT} characters")
    s.conn.execute(
        "UPDATE unban_requests SET status = ?, moderator_id = ?, resolved_at = ?, resolution_text = ? "
        "WHERE id = ?",
        (status, moderator_id, s.now(), text, request_id),
    )
    if status == "approved" and bans.is_banned(s, broadcaster_id, found.user_id):
        bans.unban(s, broadcaster_id, moderator_id, found.user_id)
    caster, mod = users.names(s.conn, broadcaster_id), users.names(s.conn, moderator_id)
    user = users.names(s.conn, found.user_id)
    s.publish(UnbanRequestResolve(request_id, *caster, *mod, *user, text, status))
    resolved = REQUESTS.one(s.conn, "r.id = ?", (request_id,))
    assert resolved is not None
    return resolved
