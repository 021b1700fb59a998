"""Channel VIPs (dev.twitch.tv/docs/api/reference/#get-vips).

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.core.errors import BadRequest, Unprocessable
from twitch_mock.domain import bans, checks, roles
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import insert_rows


@dataclass(frozen=True, slots=True)
class VipRow:
    TABLE: ClassVar[str] = "vips"
    broadcaster_id: str
    user_id: str
    created_at: str


def add_vip(s: Services, user_id: str, broadcaster_id: str) -> VipRow:
    """A banned user can't be made a VIP, nor a moderator (remove that role first)."""
    checks.pair(s, user_id, broadcaster_id)
    if bans.is_banned(s, broadcaster_id, user_id):
        raise BadRequest("The user is banned from the channel")
    if roles.has_role(s.conn, "moderators", broadcaster_id, user_id):
        raise Unprocessable("The user is a moderator in the channel; remove that role first")
    row = VipRow(broadcaster_id, user_id, s.now())
    insert_rows(s.conn, "INSERT OR REPLACE", [row])
    return row
