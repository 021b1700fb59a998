"""Channel moderators (dev.twitch.tv/docs/api/reference/#get-moderators).

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.core.errors import BadRequest, Unprocessable
from twitch_mock.domain import bans, checks, roles
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import insert_rows


@dataclass(frozen=True, slots=True)
class ModeratorRow:
    TABLE: ClassVar[str] = "moderators"
    broadcaster_id: str
    user_id: str
    created_at: str


def is_moderator(conn: sqlite3.Connection, broadcaster_id: str, user_id: str) -> bool:
    """The broadcaster counts as a moderator of their own channel."""
    return user_id == broadcaster_id or roles.has_role(conn, "moderators", broadcaster_id, user_id)


def add_moderator(s: Services, user_id: str, broadcaster_id: str) -> ModeratorRow:
    """A banned user can't be made a moderator, nor a VIP (remove that role first)."""
    checks.pair(s, user_id, broadcaster_id)
    if bans.is_banned(s, broadcaster_id, user_id):
        raise BadRequest("The user is banned from the channel")
    if roles.has_role(s.conn, "vips", broadcaster_id, user_id):
        raise Unprocessable("The user is a VIP in the channel; remove that role first")
    row = ModeratorRow(broadcaster_id, user_id, s.now())
    insert_rows(s.conn, "INSERT OR REPLACE", [row])
    return row
