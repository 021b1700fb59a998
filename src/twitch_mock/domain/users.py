"""Users and block lists (dev.twitch.tv/docs/api/reference/#get-users, #get-user-block-list).
This module owns the `users` rows (the channel columns belong to domain/channels.py) and `blocks`:
their row types, their SQL and their rules. Queries take the connection; rules take `Services`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from operator import attrgetter
from typing import ClassVar

from twitch_mock.core.errors import BadRequest, Conflict
from twitch_mock.core.omit import OMIT, Omit, Sparse
from twitch_mock.domain import checks
from twitch_mock.domain.names import NAME_WORDS, OFFLINE_IMAGE_URL, PROFILE_IMAGE_URL
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select, insert_rows, person

USER_TYPES = ("", "admin", "global_mod", "staff")
BROADCASTER_TYPES = ("", "affiliate", "partner")


@dataclass(frozen=True, slots=True)
class User(Sparse):
    """A Get Users item; `email` only for the token's own user with user:read:email."""

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
    email: str | Omit = OMIT


@dataclass(frozen=True, slots=True)
class UserRecord:
    """Every column of a users row, for inserting (the generator and the builders)."""

    TABLE: ClassVar[str] = "users"
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
class BlockRow:
    """`user_id` has blocked `target_user_id`."""

    TABLE: ClassVar[str] = "blocks"
    user_id: str
    target_user_id: str
    created_at: str


@dataclass(frozen=True, slots=True)
class BlockedUser:
    """A Get User Block List item."""

    user_id: str
    user_login: str
    display_name: str


USER = Select(User, "users", skip=("email",))
RECORD = Select(UserRecord, "users")
BLOCKED = Select(
    BlockedUser, "blocks b JOIN users u ON u.id = b.target_user_id", **person("user", "u", "display_name")
)
BLOCK_ORDER = Order.of("b.created_at DESC", "u.id")
_RECORD_FIELDS = [f.name for f in fields(UserRecord)]
_record_values = attrgetter(*_RECORD_FIELDS)  # several times faster than dataclasses.astuple


@lru_cache(maxsize=256)
def _find_sql(ids: int, logins: int) -> str:
    clauses = []
    if ids:
        clauses.append(f"id IN ({','.join('?' * ids)})")
    if logins:
        clauses.append(f"login IN ({','.join('?' * logins)})")
    return USER.sql(" OR ".join(clauses))


# --- queries ---------------------------------------------------------------------------------


def find(conn: sqlite3.Connection, ids: Sequence[str] = (), logins: Sequence[str] = ()) -> list[User]:
    """Users matching any of the ids or logins (logins case-insensitively), each once, in the order
    asked for."""
    if not ids and not logins:
        return []
    lowered = [login.lower() for login in logins]
    args = [*ids, *lowered]
    make = USER.make
    users = [make(row) for row in conn.execute(_find_sql(len(ids), len(lowered)), args)]
    if len(users) > 1:
        order = {key: n for n, key in reversed(list(enumerate(args)))}
        users.sort(key=lambda u: min(order.get(u.id, len(args)), order.get(u.login, len(args))))
    return users


def get(conn: sqlite3.Connection, user_id: str) -> User | None:
    return USER.one(conn, "id = ?", (user_id,))


def with_email(conn: sqlite3.Connection, user: User) -> User:
    row = conn.execute("SELECT email FROM users WHERE id = ?", (user.id,)).fetchone()
    return replace(user, email=row[0]) if row else user


def names(conn: sqlite3.Connection, user_id: str) -> tuple[str, str, str]:
    """A user's id, login and display name, the triple events carry ("" for a user who is gone)."""
    row = conn.execute("SELECT login, display_name FROM users WHERE id = ?", (user_id,)).fetchone()
    return (user_id, row[0], row[1]) if row else (user_id, "", "")


def exists(conn: sqlite3.Connection, user_id: str) -> bool:
    return conn.execute("SELECT 1 FROM users WHERE id = ?", (user_id,)).fetchone() is not None


def by_login(conn: sqlite3.Connection, login: str) -> User | None:
    return USER.one(conn, "login = ?", (login.lower(),))


def by_id_or_login(conn: sqlite3.Connection, name: str) -> User | None:
    """The user with this id or, failing that, with this login (case-insensitive)."""
    row = conn.execute(
        USER.sql("id = ? OR login = ?", "id = ? DESC") + " LIMIT 1", (name, name.lower(), name)
    ).fetchone()
    return None if row is None else USER.make(row)


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM users").fetchone()[0])


def ids(conn: sqlite3.Connection, limit: int = 1_000_000) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM users ORDER BY rowid LIMIT ?", (limit,))]


def logins(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT login FROM users")}


def records(conn: sqlite3.Connection, batch: int | None = None) -> list[UserRecord]:
    """Every user (of one generation batch, when given), oldest row first."""
    if batch is None:
        return RECORD.all(conn, order="rowid")
    return RECORD.all(conn, "batch = ?", (batch,), "rowid")


def record(conn: sqlite3.Connection, user_id: str) -> UserRecord | None:
    return RECORD.one(conn, "id = ?", (user_id,))


def batches(conn: sqlite3.Connection) -> list[tuple[int, int]]:
    """(batch, users) for every generation batch, in order; hand-made users (batch 0) left out."""
    rows = conn.execute("SELECT batch, count(*) FROM users WHERE batch > 0 GROUP BY batch ORDER BY batch")
    return [(int(batch), int(n)) for batch, n in rows]


def blocked(conn: sqlite3.Connection, user_id: str, window: Window) -> Slice[BlockedUser]:
    return BLOCKED.page(conn, window, BLOCK_ORDER, "b.user_id = ?", (user_id,))


def is_blocked(conn: sqlite3.Connection, user_id: str, target_user_id: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM blocks WHERE user_id = ? AND target_user_id = ?", (user_id, target_user_id)
    ).fetchone()
    return row is not None


# --- writes ----------------------------------------------------------------------------------


def insert(conn: sqlite3.Connection, new: Iterable[UserRecord]) -> None:
    """New users, in bulk (the generator) or one by one (`create_user`)."""
    marks = ",".join("?" * len(_RECORD_FIELDS))
    columns = ", ".join(_RECORD_FIELDS)
    conn.executemany(f"INSERT INTO users ({columns}) VALUES ({marks})", map(_record_values, new))


@dataclass(frozen=True, slots=True)
class UserUpdate(Event):
    """EventSub `user.update` v1. `email` is the user's address: a transport sends `""` instead (and
    `email_verified` false) to a subscription whose grant lacks user:read:email."""

    TYPE: ClassVar[str] = "user.update"
    user_id: str
    user_login: str
    user_name: str
    email: str
    email_verified: bool
    description: str


def set_description(conn: sqlite3.Connection, user_id: str, description: str) -> None:
    conn.execute("UPDATE users SET description = ? WHERE id = ?", (description, user_id))


def update_description(s: Services, user_id: str, description: str) -> None:
    """Update User: the user's description changes (`user.update`)."""
    set_description(s.conn, user_id, description)
    row = s.conn.execute(
        "SELECT id, login, display_name, email, description FROM users WHERE id = ?", (user_id,)
    ).fetchone()
    if row is not None:
        s.publish(UserUpdate(row[0], row[1], row[2], row[3], bool(row[3]), row[4]))


def block(s: Services, user_id: str, target_user_id: str) -> BlockRow:
    """`user_id` blocks `target_user_id`; blocking again keeps the first block. Helix's Block
    User, the control API and `MockTwitch.block` all come here."""
    if user_id == target_user_id:
        raise BadRequest("You cannot block yourself")
    row = BlockRow(user_id, target_user_id, s.now())
    insert_rows(s.conn, "INSERT OR IGNORE", [row])
    found = s.conn.execute(
        "SELECT created_at FROM blocks WHERE user_id = ? AND target_user_id = ?", (user_id, target_user_id)
    ).fetchone()
    return replace(row, created_at=found[0])


def unblock(conn: sqlite3.Connection, user_id: str, target_user_id: str) -> None:
    conn.execute("DELETE FROM blocks WHERE user_id = ? AND target_user_id = ?", (user_id, target_user_id))


def create_user(
    s: Services,
    login: str | None = None,
    *,
    id: str | None = None,
    display_name: str | None = None,
    type: str = "",
    broadcaster_type: str = "",
    description: str = "",
    email: str | None = None,
    created_at: str | None = None,
    profile_image_url: str | None = None,
    offline_image_url: str | None = None,
    game_id: str | None = None,
    title: str = "",
    broadcaster_language: str = "en",
) -> UserRecord:
    """A user and their channel, with exactly the attributes given (None: generated)."""
    made = _login(s, login)
    if offline_image_url is None:
        offline_image_url = OFFLINE_IMAGE_URL if broadcaster_type else ""
    new = UserRecord(
        id=_user_id(s, id),
        login=made,
        display_name=display_name or login or made,
        type=checks.choice("type", type, USER_TYPES),
        broadcaster_type=checks.choice("broadcaster_type", broadcaster_type, BROADCASTER_TYPES),
        description=description,
        profile_image_url=profile_image_url if profile_image_url is not None else PROFILE_IMAGE_URL,
        offline_image_url=offline_image_url,
        view_count=0,
        email=email if email is not None else f"{made}@example.com",
        created_at=checks.time_or_now(s, "created_at", created_at),
        game_id=checks.category(s, game_id),
        title=title,
        broadcaster_language=broadcaster_language,
    )
    insert(s.conn, [new])
    # chat's module reads users through checks; imported here, it needs no import cycle
    from twitch_mock.domain.chat import ChatSettingsRow

    insert_rows(s.conn, "INSERT", [ChatSettingsRow(new.id)])
    return new


def _login(s: Services, login: str | None) -> str:
    if login is None:
        return _fresh_login(s)
    checks.matches("login", login, checks.LOGIN, "1-25 letters, digits or underscores")
    if by_login(s.conn, login) is not None:
        raise Conflict(f"The login {login.lower()} is taken")
    return login.lower()


def _fresh_login(s: Services) -> str:
    """A login in the generator's style ("pixelotter4821") that no user has yet."""
    while True:
        first, second = s.ids.sample(NAME_WORDS, 2)
        login = f"{first}{second}"[:20].lower() + s.ids.numeric(4)
        if by_login(s.conn, login) is None:
            return login


def _user_id(s: Services, user_id: str | None) -> str:
    if user_id is None:
        while True:
            user_id = s.ids.numeric(9)
            if not exists(s.conn, user_id):
                return user_id
    checks.matches("id", user_id, checks.NUMERIC_ID, "a numeric id")
    if exists(s.conn, user_id):
        raise Conflict(f"A user with id {user_id} already exists")
    return user_id
