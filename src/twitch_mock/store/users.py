"""Users and block lists (dev.twitch.tv/docs/api/reference/#get-users, #get-user-block-list)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from operator import attrgetter

from twitch_mock.store.paging import Window


@dataclass(frozen=True, slots=True)
class User:
    """A Get Users item, without `email`."""

    id: str
    login: str
    display_name: str
    type: str
    broadcaster_type: str
    description: str
    profile_image_url: str
    offline_image_url: str
    view_count: int
    created_at: str


@dataclass(frozen=True, slots=True)
class UserWithEmail(User):
    """A Get Users item for the token's own user when the token has user:read:email."""

    email: str


@dataclass(frozen=True, slots=True)
class UserRecord:
    """Every column of a users row, for inserting (the generator and the builders)."""

    id: str
    login: str
    display_name: str
    type: str
    broadcaster_type: str
    description: str
    profile_image_url: str
    offline_image_url: str
    view_count: int
    email: str
    created_at: str
    game_id: str | None = None
    title: str = ""
    broadcaster_language: str = "en"
    delay: int = 0
    is_branded_content: bool = False
    chat_color: str = ""
    batch: int = 0


@dataclass(frozen=True, slots=True)
class BlockedUser:
    """A Get User Block List item."""

    user_id: str
    user_login: str
    display_name: str


_USER_COLUMNS = (
    "id, login, display_name, type, broadcaster_type, description, profile_image_url, "
    "offline_image_url, view_count, created_at"
)
_RECORD_FIELDS = [f.name for f in fields(UserRecord)]
_RECORD_COLUMNS = ", ".join(_RECORD_FIELDS)
_record_values = attrgetter(*_RECORD_FIELDS)  # several times faster than dataclasses.astuple


@lru_cache(maxsize=256)
def _find_sql(ids: int, logins: int) -> str:
    clauses = []
    if ids:
        clauses.append(f"id IN ({','.join('?' * ids)})")
    if logins:
        clauses.append(f"login IN ({','.join('?' * logins)})")
    return f"SELECT {_USER_COLUMNS} FROM users WHERE {' OR '.join(clauses)}"


class UserStore:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def find(self, ids: Sequence[str] = (), logins: Sequence[str] = ()) -> list[User]:
        """Users matching any of the ids or logins (logins case-insensitively), each once,
        in the order asked for."""
        if not ids and not logins:
            return []
        lowered = [login.lower() for login in logins]
        args = [*ids, *lowered]
        users = [User(*row) for row in self.conn.execute(_find_sql(len(ids), len(lowered)), args)]
        if len(users) > 1:
            order = {key: n for n, key in reversed(list(enumerate(args)))}
            users.sort(key=lambda u: min(order.get(u.id, len(args)), order.get(u.login, len(args))))
        return users

    def get(self, user_id: str) -> User | None:
        row = self.conn.execute(f"SELECT {_USER_COLUMNS} FROM users WHERE id = ?", (user_id,)).fetchone()
        return User(*row) if row else None

    def with_email(self, user: User) -> UserWithEmail:
        row = self.conn.execute(
            f"SELECT {_USER_COLUMNS}, email FROM users WHERE id = ?", (user.id,)
        ).fetchone()
        return UserWithEmail(*row)

    def exists(self, user_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM users WHERE id = ?", (user_id,)).fetchone() is not None

    def by_login(self, login: str) -> User | None:
        row = self.conn.execute(
            f"SELECT {_USER_COLUMNS} FROM users WHERE login = ?", (login.lower(),)
        ).fetchone()
        return User(*row) if row else None

    def by_id_or_login(self, name: str) -> User | None:
        """The user with this id or, failing that, with this login (case-insensitive)."""
        row = self.conn.execute(
            f"SELECT {_USER_COLUMNS} FROM users WHERE id = ? OR login = ? ORDER BY id = ? DESC LIMIT 1",
            (name, name.lower(), name),
        ).fetchone()
        return User(*row) if row else None

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM users").fetchone()[0])

    def ids(self, limit: int = 1_000_000) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM users ORDER BY rowid LIMIT ?", (limit,))]

    def insert(self, records: Iterable[UserRecord]) -> None:
        marks = ",".join("?" * len(_RECORD_FIELDS))
        self.conn.executemany(
            f"INSERT INTO users ({_RECORD_COLUMNS}) VALUES ({marks})", map(_record_values, records)
        )

    def set_description(self, user_id: str, description: str) -> None:
        self.conn.execute("UPDATE users SET description = ? WHERE id = ?", (description, user_id))

    # --- block lists -------------------------------------------------------------------------

    def blocked(self, user_id: str, window: Window) -> list[BlockedUser]:
        rows = self.conn.execute(
            "SELECT u.id, u.login, u.display_name FROM blocks b JOIN users u ON u.id = b.target_user_id "
            "WHERE b.user_id = ? ORDER BY b.created_at DESC, u.id LIMIT ? OFFSET ?",
            (user_id, window.fetch, window.offset),
        ).fetchall()
        return [BlockedUser(*row) for row in rows]

    def block(self, user_id: str, target_user_id: str, created_at: str) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO blocks (user_id, target_user_id, created_at) VALUES (?, ?, ?)",
            (user_id, target_user_id, created_at),
        )

    def unblock(self, user_id: str, target_user_id: str) -> None:
        self.conn.execute(
            "DELETE FROM blocks WHERE user_id = ? AND target_user_id = ?", (user_id, target_user_id)
        )

    def is_blocked(self, user_id: str, target_user_id: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM blocks WHERE user_id = ? AND target_user_id = ?", (user_id, target_user_id)
        ).fetchone()
        return row is not None
