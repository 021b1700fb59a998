"""Drops entitlements (dev.twitch.tv/docs/api/reference/#get-drops-entitlements, #update-drops-
entitlements): benefits granted to users by games, and their fulfillment status.

This module owns the `drops_entitlements` table: its row type, SQL and rules. The mock has one
organization, which owns every game, so every client may read and update every entitlement (a user
token only the user's own)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Final

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import checks
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select, insert_rows

STATUSES: Final = ("CLAIMED", "FULFILLED")
# The groups of an Update Drops Entitlements answer, in the order they are listed.
OUTCOMES: Final = ("SUCCESS", "INVALID_ID", "NOT_FOUND", "UNAUTHORIZED", "UPDATE_FAILED")
# The one organization of the mock, which owns every game (and so every entitlement).
ORGANIZATION_ID: Final = "8a6f6d5e-0b3c-4c1e-9f3a-6d2b1e0c4a71"
ENTITLEMENT_ID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


@dataclass(frozen=True, slots=True)
class EntitlementRow:
    """A row, and a Get Drops Entitlements item."""

    TABLE: ClassVar[str] = "drops_entitlements"
    id: str
    benefit_id: str
    user_id: str
    game_id: str
    timestamp: str
    fulfillment_status: str
    last_updated: str


@dataclass(frozen=True, slots=True)
class EntitlementFilter:
    ids: Sequence[str] = ()
    user_id: str | None = None
    game_id: str | None = None
    fulfillment_status: str | None = None


@dataclass(frozen=True, slots=True)
class UpdateOutcome:
    """One group of an Update Drops Entitlements answer."""

    status: str
    ids: list[str]


@dataclass(frozen=True, slots=True)
class DropEntitlementGrant(Event):
    """EventSub `drop.entitlement.grant` v1 (one entry of its batched `events`)."""

    TYPE: ClassVar[str] = "drop.entitlement.grant"
    organization_id: str
    category_id: str
    category_name: str
    campaign_id: str
    user_id: str
    user_name: str
    user_login: str
    entitlement_id: str
    benefit_id: str
    created_at: str


ENTITLEMENT = Select(EntitlementRow, "drops_entitlements e", alias="e")
NEWEST_FIRST = Order.of("e.timestamp DESC", "e.id")


def entitlements(conn: sqlite3.Connection, where: EntitlementFilter, window: Window) -> Slice[EntitlementRow]:
    """Entitlements matching every filter given, newest first."""
    clauses: list[str] = []
    args: list[str] = []
    if where.ids:
        clauses.append(f"e.id IN ({','.join('?' * len(where.ids))})")
        args += where.ids
    for column, value in (
        ("user_id", where.user_id),
        ("game_id", where.game_id),
        ("fulfillment_status", where.fulfillment_status),
    ):
        if value is not None:
            clauses.append(f"e.{column} = ?")
            args.append(value)
    return ENTITLEMENT.page(conn, window, NEWEST_FIRST, " AND ".join(clauses), args)


def entitlement(conn: sqlite3.Connection, entitlement_id: str) -> EntitlementRow | None:
    return ENTITLEMENT.one(conn, "e.id = ?", (entitlement_id,))


def update_status(
    s: Services, ids: Sequence[str], status: str, user_id: str | None = None
) -> list[UpdateOutcome]:
    """Set the status of each entitlement, and say what happened to each id. With `user_id` (a user
    token), only that user's entitlements may change; the others are UNAUTHORIZED."""
    if status not in STATUSES:
        raise ValueError(f"not a fulfillment status: {status}")
    groups: dict[str, list[str]] = {outcome: [] for outcome in OUTCOMES}
    now = s.now()
    for entitlement_id in dict.fromkeys(ids):
        if not ENTITLEMENT_ID.fullmatch(entitlement_id):
            groups["INVALID_ID"].append(entitlement_id)
            continue
        found = entitlement(s.conn, entitlement_id)
        if found is None:
            groups["NOT_FOUND"].append(entitlement_id)
        elif user_id is not None and found.user_id != user_id:
            groups["UNAUTHORIZED"].append(entitlement_id)
        else:
            s.conn.execute(
                "UPDATE drops_entitlements SET fulfillment_status = ?, last_updated = ? WHERE id = ?",
                (status, now, entitlement_id),
            )
            groups["SUCCESS"].append(entitlement_id)
    return [UpdateOutcome(outcome, found) for outcome, found in groups.items() if found]


def grant(
    s: Services, user_id: str, game_id: str, benefit_id: str | None = None, campaign_id: str | None = None
) -> EntitlementRow:
    """A drop the user earned in a game, CLAIMED; publishes `drop.entitlement.grant`."""
    user = checks.user(s, "user_id", user_id)
    found = s.conn.execute("SELECT name FROM categories WHERE id = ?", (game_id,)).fetchone()
    if found is None:
        raise BadRequest(f'The category in "game_id" does not exist: {game_id}')
    now = s.now()
    row = EntitlementRow(s.ids.guid(), benefit_id or s.ids.guid(), user.id, game_id, now, "CLAIMED", now)
    insert_rows(s.conn, "INSERT", [row])
    s.publish(
        DropEntitlementGrant(
            ORGANIZATION_ID,
            game_id,
            str(found[0]),
            campaign_id or s.ids.guid(),
            user.id,
            user.display_name,
            user.login,
            row.id,
            row.benefit_id,
            now,
        )
    )
    return row
