"""The database and the machinery every family's SQL uses: the connection and its transactions
(db.py), typed rows (rows.py), keyset pages (paging.py), the id.twitch.tv tables (auth.py) and the
database's own facts (meta.py). The world's tables and their rules are owned by the domain layer,
one module per family (domain/)."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager

from twitch_mock.store.auth import AuthStore
from twitch_mock.store.db import Database, StoreError
from twitch_mock.store.meta import MetaStore
from twitch_mock.store.paging import Window

__all__ = ["Database", "Store", "StoreError", "Window"]


class Store:
    """The families of the store over one connection. Restoring a snapshot keeps the connection,
    so these objects stay valid across resets."""

    def __init__(self, db: Database) -> None:
        self.db = db
        conn = db.conn
        self.meta = MetaStore(conn)
        self.auth = AuthStore(conn, db.epoch)

    @classmethod
    def open(cls, path: str, *, exclusive: bool = False) -> Store:
        return cls(Database(path, exclusive=exclusive))

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        return self.db.transaction()

    def size(self) -> int:
        """The database's size in bytes."""
        conn = self.db.conn
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        return int(pages) * int(conn.execute("PRAGMA page_size").fetchone()[0])

    def wipe(self) -> None:
        """Delete every unit and the generator's bookkeeping; other meta (signing keys) stays."""
        conn = self.db.conn
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        conn.execute("PRAGMA defer_foreign_keys = ON")
        for table in tables:
            if table != "meta":
                conn.execute(f'DELETE FROM "{table}"')
        conn.execute("DELETE FROM meta WHERE key LIKE 'generate.%'")
        self.db.replaced()

    def close(self) -> None:
        self.db.close()
