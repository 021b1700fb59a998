"""EventSub conduits (dev.twitch.tv/docs/eventsub/handling-conduit-events, API reference "Create
Conduits" ... "Update Conduit Shards"): a client's pool of shards, each a webhook callback or a
WebSocket session, that its `conduit` subscriptions are delivered through.

This module owns `conduits` and `conduit_shards` (store/schema/v3/conduits.sql). A conduit has
shards "0".."shard_count-1"; a shard without a transport yet is `websocket_disconnected` with
`{"method": "websocket"}` (Twitch's answer for one is not documented). A webhook shard starts
`webhook_callback_verification_pending` and becomes `enabled` or
`webhook_callback_verification_failed` when its challenge is answered; a websocket shard is
`enabled` while its session lives. A shard that stops being usable publishes
`conduit.shard.disabled`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import ClassVar, Final

from twitch_mock.core.errors import BadRequest, NotFound, TooManyRequests
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select, insert_rows

MAX_CONDUITS: Final = 5  # per client
MAX_SHARDS: Final = 20_000
MAX_SHARD_UPDATES: Final = 100  # shards per Update Conduit Shards request (2026-06-18)
SECRET_LENGTH: Final = (10, 100)

ENABLED: Final = "enabled"
PENDING: Final = "webhook_callback_verification_pending"
DISCONNECTED: Final = "websocket_disconnected"
STATUSES: Final = (
    "enabled", "webhook_callback_verification_pending", "webhook_callback_verification_failed",
    "notification_failures_exceeded", "websocket_disconnected", "websocket_failed_ping_pong",
    "websocket_received_inbound_traffic", "websocket_internal_error", "websocket_network_timeout",
    "websocket_network_error", "websocket_failed_to_reconnect",
)  # fmt: skip
# statuses a shard leaves `enabled` (or verification) for: each publishes conduit.shard.disabled
DISABLED: Final = frozenset(STATUSES) - {ENABLED, PENDING}

INVALID_SHARD_COUNT: Final = "Invalid shard count."
CONDUIT_LIMIT: Final = "Conduit limit reached."
NOT_FOUND: Final = "Conduit not found."
OUT_OF_RANGE: Final = "The shard id is outside the conduit's range"
BAD_METHOD: Final = "The transport method is not valid; it must be webhook or websocket"
NO_CALLBACK: Final = "The callback is required for the webhook transport"
BAD_SECRET: Final = "The secret must be between 10 and 100 characters"
NO_SESSION: Final = "The session_id is required for the websocket transport"
NOT_CONNECTED: Final = "The websocket session is not connected"
INVALID: Final = "invalid_parameter"


@dataclass(frozen=True, slots=True)
class Conduit:
    """A Create / Get / Update Conduits item."""

    id: str
    shard_count: int


@dataclass(frozen=True, slots=True)
class ConduitRow:
    TABLE: ClassVar[str] = "conduits"
    id: str
    client_id: str
    shard_count: int
    created_at: str


@dataclass(frozen=True, slots=True)
class ShardRow:
    TABLE: ClassVar[str] = "conduit_shards"
    conduit_id: str
    shard_id: int
    status: str
    method: str | None = None
    callback: str | None = None
    secret: str | None = None
    session_id: str | None = None
    connected_at: str | None = None
    disconnected_at: str | None = None

    def transport(self) -> dict[str, str]:
        """The shard's `transport` as Twitch shows it (never the secret)."""
        if self.method == "webhook":
            return {"method": "webhook", "callback": self.callback or ""}
        shown = {"method": "websocket"}
        for name in ("session_id", "connected_at", "disconnected_at"):
            value = getattr(self, name)
            if value is not None:
                shown[name] = value
        return shown

    def shown(self) -> Shard:
        return Shard(str(self.shard_id), self.status, self.transport())


@dataclass(frozen=True, slots=True)
class Shard:
    """A Get / Update Conduit Shards item."""

    id: str
    status: str
    transport: dict[str, str]


@dataclass(frozen=True, slots=True)
class ShardError:
    """An Update Conduit Shards `errors[]` item."""

    id: str
    message: str
    code: str = INVALID


@dataclass(frozen=True, slots=True)
class ShardUpdate:
    """One Update Conduit Shards `shards[]` item as sent."""

    id: str
    method: str | None
    callback: str | None = None
    secret: str | None = None
    session_id: str | None = None


@dataclass(frozen=True, slots=True)
class ShardDisabled(Event):
    """EventSub `conduit.shard.disabled` v1. `client_id` (the conduit's owner) is what the
    subscription's condition names; it is not part of the payload."""

    TYPE: ClassVar[str] = "conduit.shard.disabled"
    VERSION: ClassVar[str] = "1"
    conduit_id: str
    shard_id: str
    status: str
    transport: dict[str, str]
    client_id: str = field(default="", metadata={"payload": False})


@dataclass(frozen=True, slots=True)
class ShardWebhookAssigned(Event):
    """Internal: a shard was given a webhook callback, which must now answer a challenge (sent by
    the conduit transport after the commit). No EventSub type carries it."""

    TYPE: ClassVar[str] = "mock.conduit.shard.webhook"
    conduit_id: str
    shard_id: str
    callback: str
    secret: str


@dataclass(frozen=True, slots=True)
class ConduitDeleted(Event):
    """Internal: a conduit and its shards are gone (its subscriptions turn disabled)."""

    TYPE: ClassVar[str] = "mock.conduit.deleted"
    conduit_id: str
    client_id: str


CONDUIT = Select(Conduit, "conduits c", alias="c")
SHARD = Select(ShardRow, "conduit_shards s", alias="s")
SHARD_ORDER = Order.of("s.shard_id")


def _check_count(count: int) -> None:
    if not 1 <= count <= MAX_SHARDS:
        raise BadRequest(INVALID_SHARD_COUNT)


def _owned(conn: sqlite3.Connection, client_id: str, conduit_id: str) -> ConduitRow:
    row = conn.execute(
        "SELECT id, client_id, shard_count, created_at FROM conduits WHERE id = ? AND client_id = ?",
        (conduit_id, client_id),
    ).fetchone()
    if row is None:
        raise NotFound(NOT_FOUND)
    return ConduitRow(*row)


def _add_shards(conn: sqlite3.Connection, conduit_id: str, start: int, stop: int) -> None:
    insert_rows(conn, "INSERT", [ShardRow(conduit_id, n, DISCONNECTED) for n in range(start, stop)])


def create(s: Services, client_id: str, shard_count: int) -> Conduit:
    _check_count(shard_count)
    (count,) = s.conn.execute("SELECT COUNT(*) FROM conduits WHERE client_id = ?", (client_id,)).fetchone()
    if count >= MAX_CONDUITS:
        raise TooManyRequests(CONDUIT_LIMIT)
    row = ConduitRow(s.ids.guid(), client_id, shard_count, s.now())
    insert_rows(s.conn, "INSERT", [row])
    _add_shards(s.conn, row.id, 0, shard_count)
    return Conduit(row.id, shard_count)


def conduits(conn: sqlite3.Connection, client_id: str) -> list[Conduit]:
    return CONDUIT.all(conn, "c.client_id = ?", (client_id,), "c.created_at, c.rowid")


def conduit_owner(conn: sqlite3.Connection, conduit_id: str) -> str | None:
    """The client that owns the conduit (None: no such conduit)."""
    row = conn.execute("SELECT client_id FROM conduits WHERE id = ?", (conduit_id,)).fetchone()
    return None if row is None else str(row[0])


def update(s: Services, client_id: str, conduit_id: str, shard_count: int) -> Conduit:
    """A new shard count: shards at and above it are deleted, new ones start unassigned."""
    _check_count(shard_count)
    current = _owned(s.conn, client_id, conduit_id)
    if shard_count < current.shard_count:
        s.conn.execute(
            "DELETE FROM conduit_shards WHERE conduit_id = ? AND shard_id >= ?", (conduit_id, shard_count)
        )
    elif shard_count > current.shard_count:
        _add_shards(s.conn, conduit_id, current.shard_count, shard_count)
    s.conn.execute("UPDATE conduits SET shard_count = ? WHERE id = ?", (shard_count, conduit_id))
    return Conduit(conduit_id, shard_count)


def delete(s: Services, client_id: str, conduit_id: str) -> None:
    _owned(s.conn, client_id, conduit_id)
    s.conn.execute("DELETE FROM conduits WHERE id = ?", (conduit_id,))  # shards cascade
    s.publish(ConduitDeleted(conduit_id, client_id))


def shards(
    conn: sqlite3.Connection, client_id: str, conduit_id: str, window: Window, status: str | None = None
) -> Slice[Shard]:
    """One page of the conduit's shards, by shard id, optionally only those with `status`."""
    _owned(conn, client_id, conduit_id)
    where, args = "s.conduit_id = ?", [conduit_id]
    if status is not None:
        where, args = where + " AND s.status = ?", [*args, status]
    page = SHARD.page(conn, window, SHARD_ORDER, where, args)
    return Slice([row.shown() for row in page.rows], page.first, page.last, page.more, page.backwards)


def shard(conn: sqlite3.Connection, conduit_id: str, shard_id: int) -> ShardRow | None:
    return SHARD.one(conn, "s.conduit_id = ? AND s.shard_id = ?", (conduit_id, shard_id))


def enabled_shards(conn: sqlite3.Connection, conduit_id: str) -> list[ShardRow]:
    """The shards a notification may go through, by shard id."""
    return SHARD.all(conn, "s.conduit_id = ? AND s.status = ?", (conduit_id, ENABLED), "s.shard_id")


def _shard_index(text: str, count: int) -> int | None:
    if not text.isascii() or not text.isdigit() or (len(text) > 1 and text[0] == "0"):
        return None
    n = int(text)
    return n if n < count else None


def _check_update(
    update: ShardUpdate,
    check_callback: Callable[[str], str | None],
    connected_at: Callable[[str], str | None],
) -> str | None:
    """Why this shard's new transport is refused (None: it is fine)."""
    if update.method == "webhook":
        if not update.callback:
            return NO_CALLBACK
        low, high = SECRET_LENGTH
        if update.secret is None or not (low <= len(update.secret) <= high) or not update.secret.isascii():
            return BAD_SECRET
        return check_callback(update.callback)
    if update.method == "websocket":
        if not update.session_id:
            return NO_SESSION
        return None if connected_at(update.session_id) is not None else NOT_CONNECTED
    return BAD_METHOD


def update_shards(
    s: Services,
    client_id: str,
    conduit_id: str,
    updates: Sequence[ShardUpdate],
    check_callback: Callable[[str], str | None],
    connected_at: Callable[[str], str | None],
) -> tuple[list[Shard], list[ShardError]]:
    """Give shards new transports; each one refused is an error, the others are applied.
    `check_callback(url)` is the webhook callback rule, `connected_at(session_id)` the connection
    time of a live WebSocket session (None: not connected)."""
    conduit = _owned(s.conn, client_id, conduit_id)
    done: list[Shard] = []
    errors: list[ShardError] = []
    for update in updates:
        index = _shard_index(update.id, conduit.shard_count)
        problem = OUT_OF_RANGE if index is None else _check_update(update, check_callback, connected_at)
        if problem is not None or index is None:
            errors.append(ShardError(update.id, problem or OUT_OF_RANGE))
            continue
        if update.method == "webhook":
            assert update.callback is not None and update.secret is not None
            row = ShardRow(conduit_id, index, PENDING, "webhook", update.callback, update.secret)
            s.publish(ShardWebhookAssigned(conduit_id, update.id, update.callback, update.secret))
        else:
            assert update.session_id is not None
            row = ShardRow(
                conduit_id, index, ENABLED, "websocket", session_id=update.session_id,
                connected_at=connected_at(update.session_id),
            )  # fmt: skip
        insert_rows(s.conn, "INSERT OR REPLACE", [row])
        done.append(row.shown())
    return done, errors


def set_shard_status(s: Services, conduit_id: str, shard_id: int, status: str, *, callback: str = "") -> bool:
    """A shard's new status (a webhook shard's challenge outcome, or its notifications failing);
    `callback`, when given, must still be the shard's (a shard re-assigned since is left alone).
    Publishes `conduit.shard.disabled` when the shard stops being usable. Whether it changed."""
    current = shard(s.conn, conduit_id, shard_id)
    if current is None or current.status == status or (callback and current.callback != callback):
        return False
    s.conn.execute(
        "UPDATE conduit_shards SET status = ? WHERE conduit_id = ? AND shard_id = ?",
        (status, conduit_id, shard_id),
    )
    if status in DISABLED:
        _disabled(s, replace(current, status=status))
    return True


def shard_disconnected(s: Services, session_id: str, status: str = DISCONNECTED) -> int:
    """The WebSocket session is gone (the websocket transport calls this when a session closes,
    with the close's reason as a shard status): every enabled shard on it becomes `status`, gets
    its `disconnected_at`, and publishes `conduit.shard.disabled`. How many shards."""
    if status not in DISABLED:
        raise ValueError(f"{status!r} is not a disabled shard status")
    found = SHARD.all(
        s.conn, "s.session_id = ? AND s.status = ?", (session_id, ENABLED), "s.conduit_id, s.shard_id"
    )
    now = s.now()
    for row in found:
        s.conn.execute(
            "UPDATE conduit_shards SET status = ?, disconnected_at = ? WHERE conduit_id = ? AND shard_id = ?",
            (status, now, row.conduit_id, row.shard_id),
        )
        _disabled(s, replace(row, status=status, disconnected_at=now))
    return len(found)


def session_moved(s: Services, old: str, new: str, connected_at: str) -> int:
    """A WebSocket session reconnected (`session_reconnect`, then the client connected to the
    reconnect URL): its enabled shards move to the new session, which connected at `connected_at`,
    and stay enabled (nothing is published). How many shards."""
    moved = s.conn.execute(
        "UPDATE conduit_shards SET session_id = ?, connected_at = ? WHERE session_id = ? AND status = ?",
        (new, connected_at, old, ENABLED),
    )
    return moved.rowcount


def _disabled(s: Services, row: ShardRow) -> None:
    owner = conduit_owner(s.conn, row.conduit_id) or ""
    s.publish(ShardDisabled(row.conduit_id, str(row.shard_id), row.status, row.transport(), owner))
