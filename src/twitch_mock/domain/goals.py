"""Creator goals (dev.twitch.tv/docs/api/reference/#get-creator-goals). A goal's `current_amount`
is computed from the world when read, where the mock has the data: a follower goal counts the
channel's followers; subscription goals count its subscriptions (`subscription_count`) or their sub
points, 1, 2 and 6 for tiers 1 to 3 (`subscription`), and the `new_` variants only those created
since the goal was. `new_bit` and `new_cheerer` goals keep their stored amount.

This module owns the `goals` table: its row type, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from typing import ClassVar, Final

from twitch_mock.domain import follows, subscriptions
from twitch_mock.store.rows import Select, person

TYPES: Final = (
    "follower", "subscription", "subscription_count", "new_subscription", "new_subscription_count", "new_bit",
    "new_cheerer",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class GoalRow:
    TABLE: ClassVar[str] = "goals"
    id: str
    broadcaster_id: str
    type: str
    description: str
    current_amount: int
    target_amount: int
    created_at: str


@dataclass(frozen=True, slots=True)
class Goal:
    """A Get Creator Goals item."""

    id: str
    broadcaster_id: str
    broadcaster_name: str
    broadcaster_login: str
    type: str
    description: str
    current_amount: int
    target_amount: int
    created_at: str


GOAL = Select(
    Goal, "goals g JOIN users u ON u.id = g.broadcaster_id", alias="g", **person("broadcaster", "u")
)


def goals(conn: sqlite3.Connection, broadcaster_id: str) -> list[Goal]:
    """The broadcaster's active goals, oldest first, with their current amounts."""
    found = GOAL.all(conn, "g.broadcaster_id = ?", (broadcaster_id,), "g.created_at, g.id")
    return [replace(goal, current_amount=current_amount(conn, goal)) for goal in found]


def current_amount(conn: sqlite3.Connection, goal: Goal) -> int:
    if goal.type == "follower":
        return follows.follower_count(conn, goal.broadcaster_id)
    if goal.type in ("subscription", "subscription_count", "new_subscription", "new_subscription_count"):
        since = goal.created_at if goal.type.startswith("new_") else ""
        count, points = subscriptions.totals(conn, goal.broadcaster_id, since)
        return count if goal.type.endswith("_count") else points
    return goal.current_amount
