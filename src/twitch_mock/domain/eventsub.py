"""EventSub subscriptions as stored: the one table `eventsub_subscriptions` and every query on it
(the rules that decide who may create what live in eventsub/, which knows the types). A
subscription's JSON is Twitch's subscription object (reference/eventsub.md a.4); its transport
keeps the webhook secret, which the JSON never shows."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

import orjson

from twitch_mock.domain.outbox import Event
from twitch_mock.store.paging import Order, Slice, Window, slice_rows

ENABLED = "enabled"
PENDING = "webhook_callback_verification_pending"
LIVE = (ENABLED, PENDING)  # the statuses that count (cost, duplicates)

STATUSES = (
    "enabled", "webhook_callback_verification_pending", "webhook_callback_verification_failed",
    "notification_failures_exceeded", "authorization_revoked", "moderator_removed", "user_removed",
    "chat_user_banned", "version_removed", "beta_maintenance", "websocket_disconnected",
    "websocket_failed_ping_pong", "websocket_received_inbound_traffic", "websocket_connection_unused",
    "websocket_internal_error", "websocket_network_timeout", "websocket_network_error",
    "websocket_failed_to_reconnect",
)  # fmt: skip

COLUMNS = (
    "n, id, client_id, user_id, status, type, version, condition, match_key, method, session_id, "
    "callback, secret, conduit_id, connected_at, disconnected_at, created_at, cost"
)
PAGE = Order.of("n")


@dataclass(frozen=True, slots=True)
class Subscription:
    n: int
    id: str
    client_id: str
    user_id: str | None  # whose grant authorizes it (the token's user for websocket)
    status: str
    type: str
    version: str
    condition: dict[str, str]
    match_key: str
    method: str
    session_id: str | None = None
    callback: str | None = None
    secret: str | None = None
    conduit_id: str | None = None
    connected_at: str | None = None
    disconnected_at: str | None = None
    created_at: str = ""
    cost: int = 0

    def transport_json(self, *, full: bool = True) -> dict[str, Any]:
        """`transport` as Create and Get show it (`full`), or as a message payload carries it."""
        if self.method == "websocket":
            found: dict[str, Any] = {"method": "websocket", "session_id": self.session_id}
            if full:
                found["connected_at"] = self.connected_at
                if self.disconnected_at:
                    found["disconnected_at"] = self.disconnected_at
            return found
        if self.method == "webhook":
            return {"method": "webhook", "callback": self.callback}
        return {"method": "conduit", "conduit_id": self.conduit_id}

    def to_json(self, *, full: bool = True, status: str | None = None) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": status or self.status,
            "type": self.type,
            "version": self.version,
            "condition": self.condition,
            "created_at": self.created_at,
            "transport": self.transport_json(full=full),
            "cost": self.cost,
        }


@dataclass(frozen=True, slots=True)
class SubscriptionCreated(Event):
    """Internal: a subscription was stored (a webhook's challenge goes out after the commit)."""

    TYPE: ClassVar[str] = "mock.eventsub.created"
    subscription_id: str


@dataclass(frozen=True, slots=True)
class GrantsChanged(Event):
    """Internal: tokens of (client, user) were deleted; subscriptions that relied on them are
    checked after the commit."""

    TYPE: ClassVar[str] = "mock.eventsub.grants"
    client_id: str
    user_id: str


# stored row -> its Subscription: dispatch reads every matching row once per event, and a row's
# subscription is immutable (nothing changes its condition dict), so an unchanged row is parsed once
_MADE: dict[tuple[Any, ...], Subscription] = {}
MADE_MAX = 20_000


def _make(row: Sequence[Any]) -> Subscription:
    key = tuple(row)
    found = _MADE.get(key)
    if found is None:
        values = list(key)
        values[7] = orjson.loads(values[7])
        found = Subscription(*values)
        if len(_MADE) >= MADE_MAX:
            _MADE.clear()
        _MADE[key] = found
    return found


# Counts this process's writes to the subscriptions table (any connection): a cache of what the
# table holds (EventSub.subscribed and .matching) is kept while this and Database.epoch() stay the same.
_writes = 0


def writes() -> int:
    return _writes


def _wrote() -> None:
    global _writes
    _writes += 1


def enabled_kinds(conn: sqlite3.Connection) -> frozenset[tuple[str, str]]:
    """The (type, version) of every enabled subscription."""
    rows = conn.execute("SELECT DISTINCT type, version FROM eventsub_subscriptions WHERE status = 'enabled'")
    return frozenset((str(r[0]), str(r[1])) for r in rows)


def insert(conn: sqlite3.Connection, sub: Subscription) -> Subscription:
    """Store a new subscription (its `n` is assigned here)."""
    _wrote()
    cursor = conn.execute(
        f"INSERT INTO eventsub_subscriptions ({COLUMNS}) VALUES (NULL,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            sub.id,
            sub.client_id,
            sub.user_id,
            sub.status,
            sub.type,
            sub.version,
            orjson.dumps(sub.condition, option=orjson.OPT_SORT_KEYS).decode(),
            sub.match_key,
            sub.method,
            sub.session_id,
            sub.callback,
            sub.secret,
            sub.conduit_id,
            sub.connected_at,
            sub.disconnected_at,
            sub.created_at,
            sub.cost,
        ),
    )
    return replace(sub, n=int(cursor.lastrowid or 0))


def get(conn: sqlite3.Connection, subscription_id: str) -> Subscription | None:
    row = conn.execute(
        f"SELECT {COLUMNS} FROM eventsub_subscriptions WHERE id = ?", (subscription_id,)
    ).fetchone()
    return None if row is None else _make(row)


def _all(conn: sqlite3.Connection, where: str, args: Sequence[Any]) -> list[Subscription]:
    sql = f"SELECT {COLUMNS} FROM eventsub_subscriptions WHERE {where} ORDER BY n"
    return [_make(r) for r in conn.execute(sql, args)]


def matching(conn: sqlite3.Connection, type_: str, version: str, keys: Sequence[str]) -> list[Subscription]:
    """The enabled subscriptions of a type and version whose condition key is one of `keys` (the
    index on (type, match_key, status) answers it)."""
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    where = f"type = ? AND match_key IN ({marks}) AND status = ? AND version = ?"
    return _all(conn, where, [type_, *keys, ENABLED, version])


def of_session(conn: sqlite3.Connection, session_id: str, live_only: bool = True) -> list[Subscription]:
    where = "session_id = ?" + (" AND status = 'enabled'" if live_only else "")
    return _all(conn, where, [session_id])


def of_user(conn: sqlite3.Connection, client_id: str, user_id: str) -> list[Subscription]:
    """The live subscriptions a user's grant to a client authorizes."""
    return _all(conn, "client_id = ? AND user_id = ? AND status IN (?, ?)", [client_id, user_id, *LIVE])


def naming_user(conn: sqlite3.Connection, user_id: str) -> list[Subscription]:
    """Live subscriptions whose condition names the user."""
    where = (
        "status IN (?, ?) AND (user_id = ? OR EXISTS "
        "(SELECT 1 FROM json_each(condition) WHERE json_each.value = ?))"
    )
    return _all(conn, where, [*LIVE, user_id, user_id])


def duplicate(
    conn: sqlite3.Connection,
    client_id: str,
    user_id: str | None,
    type_: str,
    version: str,
    condition: dict[str, str],
) -> Subscription | None:
    """A live subscription of the same client (and user, for websocket) with this type and condition."""
    text = orjson.dumps(condition, option=orjson.OPT_SORT_KEYS).decode()
    where = "client_id = ? AND type = ? AND version = ? AND condition = ? AND status IN (?, ?)"
    args: list[Any] = [client_id, type_, version, text, *LIVE]
    if user_id is not None:
        where += " AND method = 'websocket' AND user_id = ?"
        args.append(user_id)
    else:
        where += " AND method != 'websocket'"
    found = _all(conn, where, args)
    return found[0] if found else None


def _scope(websocket_user: str | None) -> tuple[str, list[Any]]:
    """Whose list a caller sees: an app token the client's webhook and conduit subscriptions, a
    user token the websocket subscriptions that user created."""
    if websocket_user is None:
        return "method != 'websocket'", []
    return "method = 'websocket' AND user_id = ?", [websocket_user]


def page(
    conn: sqlite3.Connection,
    window: Window,
    client_id: str,
    websocket_user: str | None,
    where: str = "",
    args: Sequence[Any] = (),
) -> Slice[Subscription]:
    """One page of the caller's subscriptions, oldest first, with an optional filter."""
    scope, scope_args = _scope(websocket_user)
    conditions, values = [f"client_id = ? AND {scope}"], [client_id, *scope_args]
    if where:
        conditions.append(where)
        values += list(args)
    if window.after is not None:
        seek, seek_args = PAGE.seek(window.after, False)
        conditions.append(seek)
        values += seek_args
    sql = (
        f"SELECT {COLUMNS} FROM eventsub_subscriptions WHERE "
        + " AND ".join(f"({c})" for c in conditions)
        + " ORDER BY n LIMIT ?"
    )
    rows = conn.execute(sql, [*values, window.limit + 1]).fetchall()
    return slice_rows([(_make(r), (r[0],)) for r in rows], Window(window.limit, after=window.after))


def totals(conn: sqlite3.Connection, client_id: str, websocket_user: str | None) -> tuple[int, int]:
    """`total` (every subscription the caller has) and `total_cost` (of the live ones)."""
    scope, args = _scope(websocket_user)
    row = conn.execute(
        f"SELECT count(*), coalesce(sum(CASE WHEN status IN (?, ?) THEN cost ELSE 0 END), 0) "
        f"FROM eventsub_subscriptions WHERE client_id = ? AND {scope}",
        [*LIVE, client_id, *args],
    ).fetchone()
    return int(row[0]), int(row[1])


def session_users(conn: sqlite3.Connection, client_id: str, user_id: str) -> set[str]:
    """The websocket sessions holding live subscriptions of (client, user)."""
    rows = conn.execute(
        "SELECT DISTINCT session_id FROM eventsub_subscriptions WHERE client_id = ? AND user_id = ? "
        "AND method = 'websocket' AND status = 'enabled'",
        (client_id, user_id),
    )
    return {r[0] for r in rows}


def count_session(conn: sqlite3.Connection, session_id: str) -> int:
    row = conn.execute(
        "SELECT count(*) FROM eventsub_subscriptions WHERE session_id = ? AND status = 'enabled'",
        (session_id,),
    ).fetchone()
    return int(row[0])


def set_status(
    conn: sqlite3.Connection, subscription_id: str, status: str, disconnected_at: str | None = None
) -> bool:
    _wrote()
    cursor = conn.execute(
        "UPDATE eventsub_subscriptions SET status = ?, disconnected_at = coalesce(?, disconnected_at) "
        "WHERE id = ?",
        (status, disconnected_at, subscription_id),
    )
    return cursor.rowcount > 0


def disable_session(conn: sqlite3.Connection, session_id: str, status: str, at: str) -> list[str]:
    """A websocket session ended: its live subscriptions get `status`; their ids."""
    _wrote()
    ids = [r[0] for r in conn.execute(
        "SELECT id FROM eventsub_subscriptions WHERE session_id = ? AND status = 'enabled'", (session_id,)
    )]  # fmt: skip
    conn.execute(
        "UPDATE eventsub_subscriptions SET status = ?, disconnected_at = ? "
        "WHERE session_id = ? AND status = 'enabled'",
        (status, at, session_id),
    )
    return ids


def move_session(conn: sqlite3.Connection, old: str, new: str, connected_at: str) -> int:
    """A reconnect: the old session's live subscriptions now belong to the new one."""
    _wrote()
    cursor = conn.execute(
        "UPDATE eventsub_subscriptions SET session_id = ?, connected_at = ? WHERE session_id = ? "
        "AND status = 'enabled'",
        (new, connected_at, old),
    )
    return cursor.rowcount


def delete(conn: sqlite3.Connection, subscription_id: str) -> bool:
    _wrote()
    return conn.execute("DELETE FROM eventsub_subscriptions WHERE id = ?", (subscription_id,)).rowcount > 0
