"""Teams and their members (dev.twitch.tv/docs/api/reference/#get-teams).

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class TeamRow:
    TABLE: ClassVar[str] = "teams"
    id: str
    team_name: str
    team_display_name: str
    info: str
    thumbnail_url: str
    background_image_url: str | None
    banner: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class TeamMemberRow:
    TABLE: ClassVar[str] = "team_members"
    team_id: str
    user_id: str


def team_id(conn: sqlite3.Connection, team_name: str) -> str | None:
    row = conn.execute("SELECT id FROM teams WHERE team_name = ?", (team_name,)).fetchone()
    return None if row is None else str(row[0])
