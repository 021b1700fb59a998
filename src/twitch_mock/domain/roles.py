"""What the role tables (`moderators`, `vips`, `editors`, and `follows`, `subscriptions`, `bans`)
have in common: each row says "user_id has a role in broadcaster_id's channel". The rules of each
role are in its own module; this one only asks and removes, for any of them."""

from __future__ import annotations

import sqlite3
from typing import Final

ROLE_TABLES: Final = frozenset({"follows", "moderators", "vips", "editors", "bans", "subscriptions"})


def has_role(conn: sqlite3.Connection, table: str, broadcaster_id: str, user_id: str) -> bool:
    _check(table)
    found = conn.execute(
        f"SELECT 1 FROM {table} WHERE broadcaster_id = ? AND user_id = ?", (broadcaster_id, user_id)
    ).fetchone()
    return found is not None


def drop_role(conn: sqlite3.Connection, table: str, broadcaster_id: str, user_id: str) -> bool:
    """Remove the role; whether there was one."""
    _check(table)
    before = conn.total_changes
    conn.execute(f"DELETE FROM {table} WHERE broadcaster_id = ? AND user_id = ?", (broadcaster_id, user_id))
    return conn.total_changes > before


def _check(table: str) -> None:
    if table not in ROLE_TABLES:
        raise ValueError(f"not a role table: {table}")
