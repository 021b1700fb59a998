"""Follows: `user_id` follows `broadcaster_id` (dev.twitch.tv/docs/api/reference/#get-channel-followers).

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.domain import checks
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import insert_rows


@dataclass(frozen=True, slots=True)
class FollowRow:
    """`user_id` follows `broadcaster_id`."""

    TABLE: ClassVar[str] = "follows"
    broadcaster_id: str
    user_id: str
    followed_at: str


def follow(s: Services, user_id: str, broadcaster_id: str, followed_at: str | None = None) -> FollowRow:
    """`user_id` follows `broadcaster_id` (following again sets the time)."""
    checks.pair(s, user_id, broadcaster_id)
    row = FollowRow(broadcaster_id, user_id, checks.time_or_now(s, "followed_at", followed_at))
    insert_rows(s.conn, "INSERT OR REPLACE", [row])
    return row


def follower_count(conn: sqlite3.Connection, broadcaster_id: str) -> int:
    return int(
        conn.execute("SELECT count(*) FROM follows WHERE broadcaster_id = ?", (broadcaster_id,)).fetchone()[0]
    )
