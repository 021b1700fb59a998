"""Categories (games) and the fixed catalogue of stream tags (dev.twitch.tv/docs/api/reference/#get-games).

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import ClassVar


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
