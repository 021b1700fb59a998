"""Search (dev.twitch.tv/docs/api/reference/#search-categories, #search-channels): SQL LIKE
matching over the categories and the users' channels, in keyset pages.

- Search Categories: the name contains every word of the query, case-insensitively; by name.
- Search Channels: the login starts with the query (a phrase's spaces become nothing or `_`:
  "angel of death" finds angelofdeath... and angel_of_death...). With `live_only`, only live
  channels, matched on login, display name or category name. Live channels first, the most
  watched first, then by login.

It reads tables that other families own and writes none."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select


@dataclass(frozen=True, slots=True)
class Category:
    """A Search Categories item."""

    box_art_url: str
    name: str
    id: str


@dataclass(frozen=True, slots=True)
class ChannelResult:
    """A Search Channels item."""

    broadcaster_language: str
    broadcaster_login: str
    display_name: str
    game_id: str
    game_name: str
    id: str
    is_live: bool
    tag_ids: list[str]  # deprecated by Twitch: always []
    tags: list[str]
    thumbnail_url: str
    title: str
    started_at: str  # "" while offline


CATEGORY = Select(Category, "categories c", alias="c")
CATEGORY_ORDER = Order.of("c.name", "c.id")
CHANNEL = Select(
    ChannelResult,
    "users u LEFT JOIN streams s ON s.user_id = u.id LEFT JOIN categories c ON c.id = u.game_id",
    alias="u",
    broadcaster_login="u.login",
    game_id="COALESCE(u.game_id, '')",
    game_name="COALESCE(c.name, '')",
    is_live="s.id IS NOT NULL",
    tag_ids="'[]'",
    tags="u.tags",
    thumbnail_url="u.profile_image_url",
    started_at="COALESCE(s.started_at, '')",
)
CHANNEL_ORDER = Order.of("COALESCE(s.viewer_count, -1) DESC", "u.login")
LIKE = "LIKE ? ESCAPE '\\'"


def _escaped(text: str) -> str:
    """`text` matched literally by LIKE (its %, _ and \\ escaped)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def categories(conn: sqlite3.Connection, query: str, window: Window) -> Slice[Category]:
    words = query.split()
    if not words:
        return Slice([])
    where = " AND ".join(f"c.name {LIKE}" for _ in words)
    return CATEGORY.page(conn, window, CATEGORY_ORDER, where, [f"%{_escaped(w)}%" for w in words])


def channels(conn: sqlite3.Connection, query: str, live_only: bool, window: Window) -> Slice[ChannelResult]:
    words = query.split()
    if not words:
        return Slice([])
    prefixes = list(dict.fromkeys(_escaped(joiner.join(words)) + "%" for joiner in ("", "_")))
    columns = ("u.login", "u.display_name", "c.name") if live_only else ("u.login",)
    tests = [f"{column} {LIKE}" for column in columns for _ in prefixes]
    args = [p for _ in columns for p in prefixes]
    if live_only:  # a category name keeps its spaces: "league of" finds League of Legends
        tests.append(f"c.name {LIKE}")
        args.append(_escaped(" ".join(words)) + "%")
    where = "(" + " OR ".join(tests) + ")" + (" AND s.id IS NOT NULL" if live_only else "")
    return CHANNEL.page(conn, window, CHANNEL_ORDER, where, args)
