"""The SQL behind units made by hand (MockTwitch's builders, the control API, `twitch-mock add`):
whole user records, one-row upserts of relationships, the channel fields a stream shows, and the
wipe that `twitch-mock reset` regenerates from. Inserts of many rows stay in store/world.py."""

from __future__ import annotations

import sqlite3
from dataclasses import fields
from typing import Any, Final

from twitch_mock.store.users import UserRecord
from twitch_mock.store.world import Row, insert_rows

_RECORD_COLUMNS = ", ".join(f.name for f in fields(UserRecord))
# Tables whose rows say "user_id has a role in broadcaster_id's channel".
ROLE_TABLES: Final = frozenset({"follows", "moderators", "vips", "editors", "bans", "subscriptions"})
CHANNEL_FIELDS: Final = frozenset({"title", "game_id", "broadcaster_language"})


class UnitStore:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def records(self, batch: int | None = None) -> list[UserRecord]:
        """Every user (of one generation batch, when given), oldest row first."""
        where, args = ("WHERE batch = ?", (batch,)) if batch is not None else ("", ())
        rows = self.conn.execute(f"SELECT {_RECORD_COLUMNS} FROM users {where} ORDER BY rowid", args)
        return [_record(row) for row in rows]

    def record(self, user_id: str) -> UserRecord | None:
        row = self.conn.execute(f"SELECT {_RECORD_COLUMNS} FROM users WHERE id = ?", (user_id,)).fetchone()
        return None if row is None else _record(row)

    def category_exists(self, category_id: str) -> bool:
        found = self.conn.execute("SELECT 1 FROM categories WHERE id = ?", (category_id,)).fetchone()
        return found is not None

    def put(self, row: Row) -> None:
        """Insert one row, replacing the row it collides with (a relationship made again)."""
        insert_rows(self.conn, "INSERT OR REPLACE", [row])

    def has_role(self, table: str, broadcaster_id: str, user_id: str) -> bool:
        _check_role(table)
        found = self.conn.execute(
            f"SELECT 1 FROM {table} WHERE broadcaster_id = ? AND user_id = ?", (broadcaster_id, user_id)
        ).fetchone()
        return found is not None

    def is_banned(self, broadcaster_id: str, user_id: str, now: str) -> bool:
        """A permanent ban, or a timeout that hasn't ended by `now` (RFC3339, whole seconds)."""
        found = self.conn.execute(
            "SELECT 1 FROM bans WHERE broadcaster_id = ? AND user_id = ? "
            "AND (expires_at IS NULL OR expires_at > ?)",
            (broadcaster_id, user_id, now),
        ).fetchone()
        return found is not None

    def drop_role(self, table: str, broadcaster_id: str, user_id: str) -> None:
        _check_role(table)
        self.conn.execute(
            f"DELETE FROM {table} WHERE broadcaster_id = ? AND user_id = ?", (broadcaster_id, user_id)
        )

    def set_channel(self, user_id: str, values: dict[str, Any]) -> None:
        """Update channel fields (title, category, language) that streams and channels show."""
        unknown = set(values) - CHANNEL_FIELDS
        if unknown:
            raise ValueError(f"not channel fields: {sorted(unknown)}")
        if values:
            assignments = ", ".join(f"{name} = ?" for name in values)
            self.conn.execute(f"UPDATE users SET {assignments} WHERE id = ?", (*values.values(), user_id))

    def size(self) -> int:
        """The database's size in bytes."""
        pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
        return int(pages) * int(self.conn.execute("PRAGMA page_size").fetchone()[0])

    def batches(self) -> list[tuple[int, int]]:
        """(batch, users) for every generation batch, in order; hand-made users (batch 0) left out."""
        rows = self.conn.execute(
            "SELECT batch, count(*) FROM users WHERE batch > 0 GROUP BY batch ORDER BY batch"
        )
        return [(int(batch), int(count)) for batch, count in rows]

    def wipe(self) -> None:
        """Delete every unit and the generator's bookkeeping; other meta (signing keys) stays."""
        tables = [
            r[0]
            for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        self.conn.execute("PRAGMA defer_foreign_keys = ON")
        for table in tables:
            if table != "meta":
                self.conn.execute(f'DELETE FROM "{table}"')
        self.conn.execute("DELETE FROM meta WHERE key LIKE 'generate.%'")


def _record(row: tuple[Any, ...]) -> UserRecord:
    values = list(row)
    values[15] = bool(values[15])  # is_branded_content
    return UserRecord(*values)


def _check_role(table: str) -> None:
    if table not in ROLE_TABLES:
        raise ValueError(f"not a role table: {table}")
