"""Channel VIPs (dev.twitch.tv/docs/api/reference/#get-vips).

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.core.errors import BadRequest, Unprocessable
from twitch_mock.domain import bans, checks, roles, users
from twitch_mock.domain.outbox import Event
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


@dataclass(frozen=True, slots=True)
class ChannelVipRemove(Event):
    """EventSub `channel.vip.remove` v1."""

    TYPE: ClassVar[str] = "channel.vip.remove"
    user_id: str
    user_login: str
    user_name: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str


def drop_vip(s: Services, broadcaster_id: str, user_id: str) -> bool:
    """End the user's VIP role, if they have one, and publish `channel.vip.remove`; whether they had."""
    if not roles.drop_role(s.conn, "vips", broadcaster_id, user_id):
        return False
    user, caster = users.record(s.conn, user_id), users.record(s.conn, broadcaster_id)
    assert user is not None and caster is not None
    s.publish(
        ChannelVipRemove(user.id, user.login, user.display_name, caster.id, caster.login, caster.display_name)
    )
    return True
