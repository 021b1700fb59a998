"""The SQLite connection: opening, schema creation and migration, transactions, snapshot/restore.

One connection, owned by the thread that runs the server's event loop. Writes run inside
`transaction()`, so a request either completes or changes nothing. Reset restores a snapshot taken
after seeding (the backup API, so it works for files and for `:memory:` alike)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

SCHEMA_VERSION = 5
CHECKPOINT_PAGES = 8192


def _added_in(version: int) -> str:
    """The statements of store/schema/v<version>/*.sql, in file-name order: what a version adds.
    Each family that needs new tables (or columns) in that version has a file of its own there."""
    folder = resources.files("twitch_mock.store").joinpath("schema", f"v{version}")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


# MIGRATIONS[n] brings a database from version n to n + 1. Never edit a released step; add one.
MIGRATIONS: dict[int, Callable[[], str]] = {
    1: lambda: _added_in(2),
    2: lambda: _added_in(3),
    3: lambda: _added_in(4),
    4: lambda: _added_in(5),
}


class StoreError(Exception):
    """The database cannot be used (cannot be opened, newer than this version, ...)."""


def _nothing() -> None:
    pass


def schema_sql() -> str:
    """The latest schema: version 1's schema.sql and what every later version added."""
    base = resources.files("twitch_mock.store").joinpath("schema.sql").read_text(encoding="utf-8")
    return "\n".join([base, *(_added_in(v) for v in range(2, SCHEMA_VERSION + 1))])


class Database:
    """Owns the sqlite3 connection."""

    def __init__(self, path: str, *, exclusive: bool = False) -> None:
        """`exclusive`: hold the file's lock for as long as the connection is open (SQLite's
        exclusive locking mode), so no statement pays for taking and dropping file locks; no other
        process can use the file meanwhile. A serving mock opens its file this way."""
        self.path = path
        self.exclusive = exclusive and path != ":memory:"
        # Whether another connection can write: not to a file held exclusively, nor to `:memory:`.
        self.shared = not exclusive and path != ":memory:"
        # Called after each COMMIT / ROLLBACK of a transaction this object ran (the event outbox).
        self.on_commit: Callable[[], None] = _nothing
        self.on_rollback: Callable[[], None] = _nothing
        try:
            if path != ":memory:":
                _create_private(Path(path).expanduser())
            self.conn = sqlite3.connect(
                path if path == ":memory:" else str(Path(path).expanduser()),
                isolation_level=None,
                check_same_thread=False,
            )
            self._restores = 0
            self._rollbacks = 0
            # BEGIN / COMMIT / ROLLBACK go through one cursor kept for them: `conn.execute` makes a
            # new cursor each time (1.5 % of a one-statement read request, callgrind)
            self._control = self.conn.cursor()
            self._configure()
            if path != ":memory:":
                _private_companions(Path(path).expanduser())
            self._migrate()
            if self.exclusive:
                with self.transaction():  # take the lock now: a second server fails here, not later
                    pass
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open database {path}: {exc}") from exc

    def _configure(self) -> None:
        c = self.conn
        c.execute("PRAGMA busy_timeout=5000")
        if self.exclusive:  # before the first access, so the WAL index lives in memory
            c.execute("PRAGMA locking_mode=EXCLUSIVE")
        if self.path != ":memory:":
            c.execute("PRAGMA journal_mode=WAL")
            # No fsync, ever: a commit is safe once SQLite has handed it to the OS, so a crash or
            # kill of the mock loses nothing; an OS crash or power cut may lose recent commits or
            # damage the file (a mock's world is regenerated or imported from a snapshot). With
            # NORMAL every checkpoint fsyncs the file and the WAL: ~100 ms on this machine's disk,
            # a stall of the event loop every ~1,200 Create Polls (~95 µs a write, 12 % of them).
            c.execute("PRAGMA synchronous=OFF")
            # SQLite's default checkpoints every 1,000 WAL pages (a Create Poll writes ~7), each a
            # stall of the event loop while it copies them into the file; every CHECKPOINT_PAGES
            # pages (32 MiB) they are rarer, and a page written often is copied once.
            c.execute(f"PRAGMA wal_autocheckpoint={CHECKPOINT_PAGES}")
        c.execute("PRAGMA foreign_keys=ON")

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"database {self.path} has schema version {version}, newer than this twitch-mock's "
                f"{SCHEMA_VERSION}; upgrade twitch-mock"
            )
        if version == 0:
            tables = self.conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
            if tables:
                raise StoreError(f"{self.path} is an SQLite database, but not one of twitch-mock's")
            with self.transaction():
                for statement in _statements(schema_sql()):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            return
        while version < SCHEMA_VERSION:
            with self.transaction():
                for statement in _statements(MIGRATIONS[version]()):
                    self.conn.execute(statement)
                version += 1
                self.conn.execute(f"PRAGMA user_version={version}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception. Nested use joins the outer one."""
        if self.conn.in_transaction:
            yield self.conn
            return
        control = self._control
        control.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            control.execute("ROLLBACK")
            self._rollbacks += 1
            self.on_rollback()
            raise
        control.execute("COMMIT")
        self.on_commit()

    def reading(self) -> Reading:
        """One deferred read transaction: every query inside sees the same snapshot, and a file
        database takes its locks once instead of once per statement."""
        return Reading(self)

    def epoch(self) -> tuple[int, int, int]:
        """Changes whenever the data may have changed other than by this connection's committed
        statements: another connection committed (`data_version`), a snapshot was restored or the
        world wiped (`replaced`), a transaction was rolled back. A cache of one table compares it,
        together with a count its table's own code keeps of its writes (AuthStore's tokens,
        EventSub's subscriptions), and so outlives the writes to every other table."""
        other = self.conn.execute("PRAGMA data_version").fetchone()[0] if self.shared else 0
        return other, self._restores, self._rollbacks

    def snapshot(self) -> sqlite3.Connection:
        """A copy of the whole database in memory, to `restore` later."""
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        self.conn.backup(copy)
        return copy

    def restore(self, snapshot: sqlite3.Connection) -> None:
        self.replaced()
        snapshot.backup(self.conn)

    def replaced(self) -> None:
        """Every table may have changed at once (a restore, a wipe): caches keyed on `epoch` go."""
        self._restores += 1

    def close(self) -> None:
        if self.path != ":memory:":
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()


class Reading:
    """`Database.reading()`: a class rather than a generator context manager, since every read
    request enters one. It commits, or rolls back when the block raises.

    Where no other connection can write (`not db.shared`: a file held exclusively, `:memory:`),
    every SELECT sees the same data anyway, so the transaction begins only at the block's first
    write (sqlite3's implicit BEGIN DEFERRED before INSERT, UPDATE, DELETE, REPLACE): a request
    that only reads runs no BEGIN / COMMIT at all (6 % of a one-statement read, callgrind). A
    shared database begins at once, so all the block's SELECTs read one snapshot."""

    __slots__ = ("began", "conn", "db", "lazy")

    def __init__(self, db: Database) -> None:
        self.db = db
        self.conn = db.conn
        self.began = False
        self.lazy = False

    def __enter__(self) -> sqlite3.Connection:
        if not self.conn.in_transaction:
            if self.db.shared:
                self.db._control.execute("BEGIN")
            else:
                self.conn.isolation_level = "DEFERRED"  # BEGIN before the first write, if any
                self.lazy = True
            self.began = True
        return self.conn

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        # A read request may write (GET /oauth2/authorize issues codes): on an error, undo it.
        try:
            if self.began and self.conn.in_transaction:
                if kind is None:
                    self.db._control.execute("COMMIT")
                    self.db.on_commit()
                else:
                    self.db._control.execute("ROLLBACK")
                    self.db._rollbacks += 1
                    self.db.on_rollback()
        finally:
            if self.lazy:
                self.conn.isolation_level = None  # back to explicit transactions only


def _create_private(path: Path) -> None:
    """The file (and a directory made for it) readable by this user only: it holds client secrets
    and the signing key. SQLite gives its -wal / -shm / -journal files the database file's mode."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _private_companions(path: Path) -> None:
    """-wal / -shm left by an older run with a wider mode are narrowed to 0600 (files we own)."""
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        with contextlib.suppress(OSError):
            if companion.stat().st_mode & 0o077:
                companion.chmod(0o600)


def _statements(script: str) -> list[str]:
    """Split a schema script into statements: pieces up to a `;` joined until SQLite calls them
    complete, so a trigger's `BEGIN ... ; ... END;` stays one statement (the schema has no
    semicolons inside strings, and `--` comments run to the end of their line)."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    statements: list[str] = []
    pending = ""
    for piece in "\n".join(lines).split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                statements.append(pending.strip().removesuffix(";").strip())
            pending = ""
    if pending.strip(" \n;"):
        statements.append(pending.strip().removesuffix(";").strip())
    return statements
