"""World snapshots: the whole database (every unit, client, token, signing key, subscription) and the
mock's clock offset in one versioned file, to export and import (`twitch-mock export/import`,
`GET /_mock/export`, `POST /_mock/import`).

The file is an SQLite database (open it with `sqlite3` to look inside): the schema version is its
`PRAGMA user_version`, and its `meta` table says what it is (`snapshot.format`) and holds the clock
(`snapshot.clock_offset`). Importing checks everything on an in-memory copy first: that it is an
SQLite file, a twitch-mock snapshot, not from a newer twitch-mock (refused, version named), intact
(`PRAGMA quick_check`); an older schema is migrated on the copy. Only then does the copy replace the
database, in one step (SQLite's backup API), so a bad file changes nothing."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from twitch_mock.store.db import MIGRATIONS, SCHEMA_VERSION, Database, _statements

FORMAT = "twitch-mock-snapshot"
FORMAT_VERSION = 1
KEY_FORMAT = "snapshot.format"
KEY_CLOCK = "snapshot.clock_offset"
MEDIA_TYPE = "application/vnd.sqlite3"


class SnapshotError(Exception):
    """The file can't be imported; nothing was changed."""


@dataclass
class Loaded:
    """A checked snapshot, migrated to this version, in memory: ready to restore."""

    conn: sqlite3.Connection
    clock_offset: float
    schema_version: int  # the version the file had


def export_world(db: Database, clock_offset: float) -> bytes:
    """The database and the clock offset as the bytes of one SQLite file."""
    copy = sqlite3.connect(":memory:")
    try:
        db.conn.backup(copy)
        with copy:
            _set(copy, KEY_FORMAT, f"{FORMAT}/{FORMAT_VERSION}")
            _set(copy, KEY_CLOCK, repr(float(clock_offset)))
        return _rollback_journal(bytes(copy.serialize()))
    finally:
        copy.close()


def _rollback_journal(data: bytes) -> bytes:
    """The file's header with its journal mode reset from WAL (header bytes 18-19 = 2, copied by the
    backup from a served database) to rollback (1): SQLite can't open a WAL file from memory."""
    if len(data) > 20 and data[18:20] == b"\x02\x02":
        return data[:18] + b"\x01\x01" + data[20:]
    return data


def _set(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def load_world(data: bytes) -> Loaded:
    """The snapshot in `data`, checked and migrated; SnapshotError with the reason otherwise."""
    if not data.startswith(b"SQLite format 3\x00"):
        raise SnapshotError("not a twitch-mock snapshot: the file is not an SQLite database")
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        return _check(conn, data)
    except BaseException:
        conn.close()
        raise


def _check(conn: sqlite3.Connection, data: bytes) -> Loaded:
    try:
        conn.deserialize(_rollback_journal(data))
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        found = conn.execute("SELECT value FROM meta WHERE key = ?", (KEY_FORMAT,)).fetchone()
    except sqlite3.Error as exc:
        raise SnapshotError(f"the file is damaged or not a twitch-mock snapshot: {exc}") from None
    if found is None or not str(found[0]).startswith(FORMAT + "/"):
        raise SnapshotError("not a twitch-mock snapshot: it has no snapshot.format (a plain database?)")
    format_version = str(found[0]).split("/", 1)[1]
    if not format_version.isdigit() or int(format_version) > FORMAT_VERSION:
        raise SnapshotError(
            f"the snapshot has format {found[0]}, newer than this twitch-mock's {FORMAT}/{FORMAT_VERSION}; "
            "upgrade twitch-mock"
        )
    if version > SCHEMA_VERSION:
        raise SnapshotError(
            f"the snapshot has schema version {version}, newer than this twitch-mock's {SCHEMA_VERSION}; "
            "upgrade twitch-mock to import it"
        )
    if version < 1:
        raise SnapshotError(f"the snapshot has schema version {version}, which no twitch-mock wrote")
    try:
        check = conn.execute("PRAGMA quick_check").fetchall()
        if check != [("ok",)]:
            raise SnapshotError(f"the snapshot is damaged: {check[0][0]}")
        clock = conn.execute("SELECT value FROM meta WHERE key = ?", (KEY_CLOCK,)).fetchone()
        offset = float(clock[0]) if clock is not None else 0.0
        migrated = version
        while migrated < SCHEMA_VERSION:
            with conn:
                for statement in _statements(MIGRATIONS[migrated]()):
                    conn.execute(statement)
                migrated += 1
                conn.execute(f"PRAGMA user_version={migrated}")
        with conn:
            conn.execute("DELETE FROM meta WHERE key LIKE 'snapshot.%'")
    except sqlite3.Error as exc:
        raise SnapshotError(f"the snapshot is damaged: {exc}") from None
    except ValueError as exc:
        raise SnapshotError(f"the snapshot is damaged: bad {KEY_CLOCK}: {exc}") from None
    return Loaded(conn, offset, version)
