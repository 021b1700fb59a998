"""The schema has no index that another one makes useless: a plain index whose key columns (with
their order) begin another index of the same table serves no lookup the longer one can't, and
costs a page write per row."""

from __future__ import annotations

import sqlite3

from twitch_mock.store.db import Database


def keys(conn: sqlite3.Connection, index: str) -> list[tuple[str, int]]:
    rows = conn.execute('SELECT name, "desc", key FROM pragma_index_xinfo(?) ORDER BY seqno', (index,))
    return [(name, desc) for name, desc, key in rows if key]


def test_no_plain_index_is_a_prefix_of_another_on_its_table() -> None:
    db = Database(":memory:")
    conn = db.conn
    redundant = []
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        indexes = conn.execute(f"PRAGMA index_list('{table}')").fetchall()
        described = [(name, unique, partial, keys(conn, name)) for _, name, unique, _, partial in indexes]
        for name, unique, partial, columns in described:
            if unique or partial:
                continue
            for other, _, other_partial, other_columns in described:
                longer = len(other_columns) > len(columns) or (other_columns == columns and other < name)
                if (
                    other != name
                    and not other_partial
                    and longer
                    and other_columns[: len(columns)] == columns
                ):
                    redundant.append(f"{table}: {name} {columns} begins {other} {other_columns}")
    db.close()
    assert redundant == []
