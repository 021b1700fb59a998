"""Categories (games) and the fixed catalogue of stream tags (dev.twitch.tv/docs/api/reference/#get-games,
#get-top-games). A `CategoryRow` is also Twitch's Game item.

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select


@dataclass(frozen=True, slots=True)
class CategoryRow:
    TABLE: ClassVar[str] = "categories"
    id: str
    name: str
    box_art_url: str
    igdb_id: str


@dataclass(frozen=True, slots=True)
class TagRow:
    TABLE: ClassVar[str] = "tags"
    id: str
    tag_name: str
    is_auto: bool = False


def category_ids(conn: sqlite3.Connection) -> dict[str, str]:
    """Category name -> id."""
    return {r[0]: r[1] for r in conn.execute("SELECT name, id FROM categories")}


# --- Get Games, Get Top Games -------------------------------------------------------------------

GAME = Select(CategoryRow, "categories c", alias="c")
# Viewers per category: the live streams of channels set to it (a stream's category is its channel's).
TOP_SOURCE = (
    "categories c LEFT JOIN (SELECT u.game_id AS game_id, SUM(s.viewer_count) AS viewers "
    "FROM streams s JOIN users u ON u.id = s.user_id GROUP BY u.game_id) t ON t.game_id = c.id"
)
TOP_GAME = Select(CategoryRow, TOP_SOURCE, alias="c")
TOP_ORDER = Order.of("COALESCE(t.viewers, 0) DESC", "c.id")


def games(
    conn: sqlite3.Connection, ids: Sequence[str] = (), names: Sequence[str] = (), igdb_ids: Sequence[str] = ()
) -> list[CategoryRow]:
    """The categories with these ids, exact names or IGDB ids, once each, in the order asked for
    (ids, then names, then IGDB ids); unknown ones are left out."""
    terms = [
        (column, values) for column, values in (("id", ids), ("name", names), ("igdb_id", igdb_ids)) if values
    ]
    if not terms:
        return []
    where = " OR ".join(f"c.{column} IN ({','.join('?' * len(values))})" for column, values in terms)
    found = GAME.all(conn, where, [v for _, values in terms for v in values])
    position: dict[str, int] = {}
    for value in (*ids, *names, *igdb_ids):
        position.setdefault(value, len(position))

    def first_asked(game: CategoryRow) -> int:
        return min(position.get(key, len(position)) for key in (game.id, game.name, game.igdb_id or "\0"))

    return sorted(found, key=first_asked)


def top_games(conn: sqlite3.Connection, window: Window) -> Slice[CategoryRow]:
    """Every category, the most watched first (live viewers of the channels set to it)."""
    return TOP_GAME.page(conn, window, TOP_ORDER)
