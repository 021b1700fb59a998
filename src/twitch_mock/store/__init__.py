"""All SQL lives in this package: one module per family, each returning frozen dataclasses whose
field names are Twitch's JSON keys. `Store` bundles them over one `Database`."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager

from twitch_mock.store.auth import AuthStore
from twitch_mock.store.db import Database, StoreError
from twitch_mock.store.meta import MetaStore
from twitch_mock.store.paging import Window
from twitch_mock.store.users import UserStore
from twitch_mock.store.world import WorldStore

__all__ = ["Database", "Store", "StoreError", "Window"]


class Store:
    """The families of the store over one connection. Restoring a snapshot keeps the connection,
    so these objects stay valid across resets."""

    def __init__(self, db: Database) -> None:
        self.db = db
        conn = db.conn
        self.meta = MetaStore(conn)
        self.users = UserStore(conn)
        self.auth = AuthStore(conn, db.version)
        self.world = WorldStore(conn)

    @classmethod
    def open(cls, path: str, *, exclusive: bool = False) -> Store:
        return cls(Database(path, exclusive=exclusive))

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        return self.db.transaction()

    def close(self) -> None:
        self.db.close()
