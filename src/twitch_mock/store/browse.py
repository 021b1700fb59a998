"""Read-only looks at any table, newest rows first, for the dashboard (`/_mock/ui`): the columns
asked for that the table has, so a section keeps working while families add columns."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any


def tables(conn: sqlite3.Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    if table not in tables(conn):
        return []
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def count(conn: sqlite3.Connection, table: str) -> int:
    if table not in tables(conn):
        return 0
    return int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])


def newest(
    conn: sqlite3.Connection, table: str, wanted: Sequence[str] | None = None, limit: int = 100
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Up to `limit` rows of `table`, the last inserted first: (the columns shown, the rows). A
    table that doesn't exist has none."""
    have = columns(conn, table)
    shown = [c for c in wanted if c in have] if wanted is not None else have
    if not shown:
        return [], []
    names = ", ".join(f'"{c}"' for c in shown)
    try:
        rows = conn.execute(f'SELECT {names} FROM "{table}" ORDER BY rowid DESC LIMIT ?', (limit,)).fetchall()
    except sqlite3.OperationalError:  # a WITHOUT ROWID table: its key order
        rows = conn.execute(f'SELECT {names} FROM "{table}" LIMIT ?', (limit,)).fetchall()
    return shown, [tuple(r) for r in rows]
