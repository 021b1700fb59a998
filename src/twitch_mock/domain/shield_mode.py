"""A channel's Shield Mode (dev.twitch.tv/docs/api/reference/#get-shield-mode-status,
#update-shield-mode-status): whether it is on, and who last turned it on, when. A channel whose
Shield Mode was never activated has no row and reads as inactive with "" fields.

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.domain import users
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import Select, insert_rows, person


@dataclass(frozen=True, slots=True)
class ShieldModeRow:
    TABLE: ClassVar[str] = "shield_mode"
    broadcaster_id: str
    is_active: bool
    moderator_id: str
    last_activated_at: str


@dataclass(frozen=True, slots=True)
class ShieldModeStatus:
    """A Get / Update Shield Mode Status item."""

    is_active: bool
    moderator_id: str
    moderator_login: str
    moderator_name: str
    last_activated_at: str


@dataclass(frozen=True, slots=True)
class ShieldModeBegin(Event):
    """EventSub `channel.shield_mode.begin` v1."""

    TYPE: ClassVar[str] = "channel.shield_mode.begin"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    moderator_user_id: str
    moderator_user_login: str
    moderator_user_name: str
    started_at: str


@dataclass(frozen=True, slots=True)
class ShieldModeEnd(Event):
    """EventSub `channel.shield_mode.end` v1."""

    TYPE: ClassVar[str] = "channel.shield_mode.end"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    moderator_user_id: str
    moderator_user_login: str
    moderator_user_name: str
    ended_at: str


NEVER = ShieldModeStatus(False, "", "", "", "")
STATUS = Select(
    ShieldModeStatus,
    "shield_mode s JOIN users m ON m.id = s.moderator_id",
    alias="s",
    **person("moderator", "m"),
)


def status(conn: sqlite3.Connection, broadcaster_id: str) -> ShieldModeStatus:
    return STATUS.one(conn, "s.broadcaster_id = ?", (broadcaster_id,)) or NEVER


def update(s: Services, broadcaster_id: str, moderator_id: str, is_active: bool) -> ShieldModeStatus:
    """Turn Shield Mode on or off; publishes `channel.shield_mode.begin` / `.end` when it changes.
    Turning it on again (already on) changes nothing."""
    before = status(s.conn, broadcaster_id)
    if is_active == before.is_active:
        return before
    caster, mod = users.names(s.conn, broadcaster_id), users.names(s.conn, moderator_id)
    now = s.now()
    if is_active:
        insert_rows(s.conn, "INSERT OR REPLACE", [ShieldModeRow(broadcaster_id, True, moderator_id, now)])
        s.publish(ShieldModeBegin(*caster, *mod, now))
    else:
        s.conn.execute("UPDATE shield_mode SET is_active = 0 WHERE broadcaster_id = ?", (broadcaster_id,))
        s.publish(ShieldModeEnd(*caster, *mod, now))
    return status(s.conn, broadcaster_id)
