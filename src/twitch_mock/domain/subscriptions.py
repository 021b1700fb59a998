"""Subscriptions (dev.twitch.tv/docs/api/reference/#get-broadcaster-subscriptions).

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import checks
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import insert_rows

TIERS = ("1000", "2000", "3000")


@dataclass(frozen=True, slots=True)
class SubscriptionRow:
    TABLE: ClassVar[str] = "subscriptions"
    broadcaster_id: str
    user_id: str
    tier: str
    is_gift: bool
    gifter_id: str | None
    created_at: str


def subscribe(
    s: Services,
    user_id: str,
    broadcaster_id: str,
    tier: str = "1000",
    gifter_id: str | None = None,
    created_at: str | None = None,
) -> SubscriptionRow:
    """Only affiliates and partners have subscribers; subscribing again replaces the subscription."""
    _, channel = checks.pair(s, user_id, broadcaster_id)
    if not channel.broadcaster_type:
        raise BadRequest("Only affiliates and partners have subscribers; the broadcaster is neither")
    if gifter_id is not None:
        checks.user(s, "gifter_id", gifter_id)
        if gifter_id == user_id:
            raise BadRequest('"gifter_id" must be a different user from "user_id"')
    row = SubscriptionRow(
        broadcaster_id,
        user_id,
        checks.choice("tier", tier, TIERS),
        gifter_id is not None,
        gifter_id,
        checks.time_or_now(s, "created_at", created_at),
    )
    insert_rows(s.conn, "INSERT OR REPLACE", [row])
    return row


def totals(conn: sqlite3.Connection, broadcaster_id: str, since: str = "") -> tuple[int, int]:
    """(subscriptions, sub points: 1, 2 and 6 for tiers 1 to 3) of the channel's current
    subscriptions created at or after `since`."""
    row = conn.execute(
        "SELECT count(*), COALESCE(sum(CASE tier WHEN '3000' THEN 6 WHEN '2000' THEN 2 ELSE 1 END), 0)"
        " FROM subscriptions WHERE broadcaster_id = ? AND created_at >= ?",
        (broadcaster_id, since),
    ).fetchone()
    return int(row[0]), int(row[1])
