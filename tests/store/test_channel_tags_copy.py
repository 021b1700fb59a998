"""users.tags, the JSON copy of a channel's channel_tags rows (schema v3), follows every write to
them, and a version-2 database gets its copies filled when it migrates."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from twitch_mock.store.db import Database

SCHEMAS = Path(__file__).resolve().parent / "schemas"


def tags(conn: sqlite3.Connection, user: str) -> list[str]:
    return list(json.loads(conn.execute("SELECT tags FROM users WHERE id = ?", (user,)).fetchone()[0]))


def add_user(conn: sqlite3.Connection, user: str) -> None:
    conn.execute(
        "INSERT INTO users (id, login, display_name, created_at) VALUES (?, ?, ?, '2020-01-01T00:00:00Z')",
        (user, f"u{user}", f"U{user}"),
    )


def test_the_copy_follows_inserts_updates_and_deletes_in_position_order() -> None:
    db = Database(":memory:")
    conn = db.conn
    add_user(conn, "1")
    add_user(conn, "2")
    assert tags(conn, "1") == []
    conn.executemany(
        "INSERT INTO channel_tags (broadcaster_id, position, tag) VALUES ('1', ?, ?)",
        [(1, "English"), (0, "Speedrun"), (2, "Chill")],
    )
    assert tags(conn, "1") == ["Speedrun", "English", "Chill"]
    conn.execute("UPDATE channel_tags SET position = 9 WHERE tag = 'Speedrun'")
    assert tags(conn, "1") == ["English", "Chill", "Speedrun"]
    conn.execute("UPDATE channel_tags SET broadcaster_id = '2' WHERE tag = 'Chill'")
    assert (tags(conn, "1"), tags(conn, "2")) == (["English", "Speedrun"], ["Chill"])
    conn.execute("DELETE FROM channel_tags WHERE broadcaster_id = '1'")
    assert tags(conn, "1") == []
    db.close()


def test_a_version_2_database_gets_its_copies_when_it_migrates(tmp_path: Path) -> None:
    path = str(tmp_path / "v2.db")
    with closing(sqlite3.connect(path, isolation_level=None)) as old:
        old.executescript((SCHEMAS / "v2.sql").read_text(encoding="utf-8"))
        add_user(old, "7")
        add_user(old, "8")
        old.executemany(
            "INSERT INTO channel_tags (broadcaster_id, position, tag) VALUES ('7', ?, ?)",
            [(1, "B"), (0, "A")],
        )
        old.execute("PRAGMA user_version=2")
    db = Database(path)
    assert (tags(db.conn, "7"), tags(db.conn, "8")) == (["A", "B"], [])
    db.close()
