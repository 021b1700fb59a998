"""A channel: the channel columns of `users` (title, category, language, delay, branded content), its tags
and content classification labels, and its editors (dev.twitch.tv/docs/api/reference/#get-channel-
information).

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar, Final

from orjson import Fragment

from twitch_mock.core.errors import BadRequest, malformed
from twitch_mock.domain import checks, roles
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import Select, insert_rows, json_list, person

# Content classification labels a broadcaster may set (MatureGame is set by Twitch from the category).
CCL_IDS: Final = (
    "DebatedSocialIssuesAndPolitics", "DrugsIntoxication", "SexualThemes", "ViolentGraphic", "Gambling",
    "ProfanityVulgarity",
)  # fmt: skip
MAX_TAGS, MAX_TAG_LENGTH, MAX_TITLE, MAX_DELAY = 10, 25, 140, 900
TAG = re.compile(r"[A-Za-z0-9]+", re.ASCII)
LANGUAGE = re.compile(r"[a-z]{2}|other")
CHANNEL_COLUMNS: Final = frozenset({"title", "game_id", "broadcaster_language"})


@dataclass(frozen=True, slots=True)
class ChannelTagRow:
    TABLE: ClassVar[str] = "channel_tags"
    broadcaster_id: str
    position: int
    tag: str


@dataclass(frozen=True, slots=True)
class EditorRow:
    TABLE: ClassVar[str] = "editors"
    broadcaster_id: str
    user_id: str
    created_at: str


@dataclass(frozen=True, slots=True)
class Editor:
    """A Get Channel Editors item."""

    user_id: str
    user_name: str
    created_at: str


@dataclass(frozen=True, slots=True)
class Channel:
    """A Get Channel Information item."""

    broadcaster_id: str
    broadcaster_login: str
    broadcaster_name: str
    broadcaster_language: str
    game_id: str
    game_name: str
    title: str
    delay: int
    tags: list[str]
    content_classification_labels: list[str]
    is_branded_content: bool


@dataclass(frozen=True, slots=True)
class ChannelUpdate(Event):
    """EventSub `channel.update` v2: the channel's title, language, category or labels changed."""

    TYPE: ClassVar[str] = "channel.update"
    VERSION: ClassVar[str] = "2"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    title: str
    language: str
    category_id: str
    category_name: str
    content_classification_labels: list[str]


@dataclass(frozen=True, slots=True)
class ChannelChanges:
    """What Modify Channel Information may change; None leaves a field as it is. An empty `game_id`
    (or "0") clears the category; `labels` enables (True) or disables (False) each label named."""

    game_id: str | None = None
    broadcaster_language: str | None = None
    title: str | None = None
    delay: int | None = None
    tags: Sequence[str] | None = None
    labels: Sequence[tuple[str, bool]] | None = None
    is_branded_content: bool | None = None


CHANNEL = Select(
    Channel,
    "users u LEFT JOIN categories c ON c.id = u.game_id",
    alias="u",
    **person("broadcaster", "u"),
    game_id="COALESCE(u.game_id, '')",
    game_name="COALESCE(c.name, '')",
    tags="u.tags",
    content_classification_labels=json_list(
        "label_id", "FROM channel_ccls WHERE broadcaster_id = u.id ORDER BY label_id"
    ),
)


EDITOR = Select(
    Editor, "editors e JOIN users u ON u.id = e.user_id", user_id="u.id", user_name="u.display_name",
    created_at="e.created_at",
)  # fmt: skip


def editors(conn: sqlite3.Connection, broadcaster_id: str) -> list[Editor]:
    """The broadcaster's editors, newest first (Twitch doesn't page this list)."""
    return EDITOR.all(conn, "e.broadcaster_id = ?", (broadcaster_id,), "e.created_at DESC, e.user_id")


def channels(conn: sqlite3.Connection, broadcaster_ids: Sequence[str]) -> list[Channel]:
    """The channels of these users, in the order asked for (unknown ids are left out)."""
    if not broadcaster_ids:
        return []
    make = CHANNEL.make
    found = [make(row) for row in conn.execute(_channels_sql(len(broadcaster_ids)), broadcaster_ids)]
    if len(found) < 2:
        return found
    position = {b: n for n, b in enumerate(broadcaster_ids)}
    return sorted(found, key=lambda c: position[c.broadcaster_id])


@cache
def _channels_sql(count: int) -> str:
    return CHANNEL.sql(_in_ids(count))


def _in_ids(count: int) -> str:
    return f"u.id IN ({','.join('?' * count)})"


def channels_json(conn: sqlite3.Connection, broadcaster_ids: Sequence[str]) -> list[Fragment]:
    """`channels`, as the JSON Get Channel Information sends (built by SQLite: the hot path)."""
    if not broadcaster_ids:
        return []
    if len(broadcaster_ids) == 1:  # nothing to order: SQLite's sorter is a third of the query
        return CHANNEL.all_json(conn, "u.id = ?", broadcaster_ids)
    return CHANNEL.all_json(
        conn,
        _in_ids(len(broadcaster_ids)) + " ORDER BY instr(?, ',' || u.id || ',')",
        [*broadcaster_ids, "," + ",".join(broadcaster_ids) + ","],
    )


def channel(conn: sqlite3.Connection, broadcaster_id: str) -> Channel | None:
    return CHANNEL.one(conn, "u.id = ?", (broadcaster_id,))


def is_editor(conn: sqlite3.Connection, broadcaster_id: str, user_id: str) -> bool:
    """The broadcaster counts as an editor of their own channel."""
    return user_id == broadcaster_id or roles.has_role(conn, "editors", broadcaster_id, user_id)


def add_editor(s: Services, user_id: str, broadcaster_id: str) -> EditorRow:
    checks.pair(s, user_id, broadcaster_id)
    row = EditorRow(broadcaster_id, user_id, s.now())
    insert_rows(s.conn, "INSERT OR REPLACE", [row])
    return row


def modify(s: Services, broadcaster_id: str, changes: ChannelChanges) -> Channel:
    """Apply Modify Channel Information's changes, all or none, and publish `channel.update`."""
    current = channel(s.conn, broadcaster_id)
    if current is None:
        raise BadRequest("The ID in broadcaster_id was not found")
    columns = _columns(s, current, changes)
    set_channel(s.conn, broadcaster_id, columns)
    if changes.tags is not None:
        _set_tags(s.conn, broadcaster_id, changes.tags)
    for label, enabled in changes.labels or ():
        verb = "INSERT OR IGNORE INTO channel_ccls (broadcaster_id, label_id) VALUES (?, ?)"
        if not enabled:
            verb = "DELETE FROM channel_ccls WHERE broadcaster_id = ? AND label_id = ?"
        s.conn.execute(verb, (broadcaster_id, label))
    updated = channel(s.conn, broadcaster_id)
    assert updated is not None
    if updated != current:
        s.publish(
            ChannelUpdate(
                updated.broadcaster_id,
                updated.broadcaster_login,
                updated.broadcaster_name,
                updated.title,
                updated.broadcaster_language,
                updated.game_id,
                updated.game_name,
                updated.content_classification_labels,
            )
        )
    return updated


def _columns(s: Services, current: Channel, changes: ChannelChanges) -> dict[str, Any]:
    """The users columns to write, each checked."""
    columns: dict[str, Any] = {}
    if changes.game_id is not None:
        game = "" if changes.game_id == "0" else changes.game_id
        if game and not s.conn.execute("SELECT 1 FROM categories WHERE id = ?", (game,)).fetchone():
            raise BadRequest("The ID in game_id is not valid")
        columns["game_id"] = game or None
    if changes.title is not None:
        if not changes.title.strip():
            raise malformed("title", "the value must not be empty")
        if len(changes.title) > MAX_TITLE:
            raise malformed("title", f"the length must be less than or equal to {MAX_TITLE}")
        columns["title"] = changes.title
    if changes.broadcaster_language is not None:
        if not LANGUAGE.fullmatch(changes.broadcaster_language):
            raise malformed("broadcaster_language", 'the value must be an ISO 639-1 code or "other"')
        columns["broadcaster_language"] = changes.broadcaster_language
    if changes.delay is not None:
        user = checks.user(s, "broadcaster_id", current.broadcaster_id)
        if changes.delay and user.broadcaster_type != "partner":
            raise BadRequest("Only partners may set a broadcast delay")
        if not 0 <= changes.delay <= MAX_DELAY:
            raise malformed("delay", f"the value must be from 0 to {MAX_DELAY}")
        columns["delay"] = changes.delay
    if changes.is_branded_content is not None:
        columns["is_branded_content"] = int(changes.is_branded_content)
    for tag in changes.tags or ():
        if not TAG.fullmatch(tag) or len(tag) > MAX_TAG_LENGTH:
            raise malformed("tags", f"each tag is 1 to {MAX_TAG_LENGTH} letters or digits, not {tag!r}")
    if changes.tags is not None and len({t.lower() for t in changes.tags}) > MAX_TAGS:
        raise malformed("tags", f"at most {MAX_TAGS} tags")
    return columns


def _set_tags(conn: sqlite3.Connection, broadcaster_id: str, tags: Sequence[str]) -> None:
    """Tags are case-insensitive: the first spelling of each is kept, in the order given."""
    unique = list({t.lower(): t for t in reversed(tags)}.values())[::-1]
    conn.execute("DELETE FROM channel_tags WHERE broadcaster_id = ?", (broadcaster_id,))
    insert_rows(conn, "INSERT", [ChannelTagRow(broadcaster_id, n, t) for n, t in enumerate(unique)])


def set_channel(conn: sqlite3.Connection, user_id: str, values: dict[str, Any]) -> None:
    """Update channel columns of the users row (title, category, language, delay, branded content)."""
    unknown = set(values) - CHANNEL_COLUMNS - {"delay", "is_branded_content"}
    if unknown:
        raise ValueError(f"not channel fields: {sorted(unknown)}")
    if values:
        assignments = ", ".join(f"{name} = ?" for name in values)
        conn.execute(f"UPDATE users SET {assignments} WHERE id = ?", (*values.values(), user_id))
