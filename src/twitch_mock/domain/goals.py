"""Creator goals (dev.twitch.tv/docs/api/reference/#get-creator-goals). A goal's `current_amount`
is computed from the world when read, where the mock has the data: a follower goal counts the
channel's followers; subscription goals count its subscriptions (`subscription_count`) or their sub
points, 1, 2 and 6 for tiers 1 to 3 (`subscription`), and the `new_` variants only those created
since the goal was; `new_bit` and `new_cheerer` goals count the Bits cheered, and the distinct
cheerers, since the goal was created.

`create_goal` and `end_goal` (builders for tests and the control API) publish `channel.goal.begin`
and `.end`. Follows, subscriptions and cheers move the computed amounts; those modules do not know
about goals, so `progress` hears their events (domain/wiring.py) and publishes
`channel.goal.progress` for each goal of the channel whose amount they move.

This module owns the `goals` table: its row type, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from typing import ClassVar, Final

from twitch_mock.core.errors import BadRequest, Conflict, NotFound
from twitch_mock.domain import bits as bits_domain
from twitch_mock.domain import checks, follows, subscriptions
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import Select, insert_rows, person

TYPES: Final = (
    "follower", "subscription", "subscription_count", "new_subscription", "new_subscription_count", "new_bit",
    "new_cheerer",
)  # fmt: skip
MAX_DESCRIPTION = 40


@dataclass(frozen=True, slots=True)
class GoalRow:
    TABLE: ClassVar[str] = "goals"
    id: str
    broadcaster_id: str
    type: str
    description: str
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
    Goal,
    "goals g JOIN users u ON u.id = g.broadcaster_id",
    alias="g",
    **person("broadcaster", "u"),
    current_amount="0",  # computed after reading (current_amount)
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
        count, points = subscriptions.counted(conn, goal.broadcaster_id, since)
        return count if goal.type.endswith("_count") else points
    bits, cheerers = bits_domain.cheered(conn, goal.broadcaster_id, goal.created_at)
    return bits if goal.type == "new_bit" else cheerers


# --- builders: a goal's life, for tests and the control API ---------------------------------------


@dataclass(frozen=True, slots=True)
class GoalBegin(Event):
    """EventSub `channel.goal.begin` v1."""

    TYPE: ClassVar[str] = "channel.goal.begin"
    VERSION: ClassVar[str] = "1"
    id: str
    broadcaster_user_id: str
    broadcaster_user_name: str
    broadcaster_user_login: str
    type: str
    description: str
    current_amount: int
    target_amount: int
    started_at: str


@dataclass(frozen=True, slots=True)
class GoalEnd(Event):
    """EventSub `channel.goal.end` v1."""

    TYPE: ClassVar[str] = "channel.goal.end"
    VERSION: ClassVar[str] = "1"
    id: str
    broadcaster_user_id: str
    broadcaster_user_name: str
    broadcaster_user_login: str
    type: str
    description: str
    is_achieved: bool
    current_amount: int
    target_amount: int
    started_at: str
    ended_at: str


@dataclass(frozen=True, slots=True)
class GoalProgress(Event):
    """EventSub `channel.goal.progress` v1: the goal's current amount moved."""

    TYPE: ClassVar[str] = "channel.goal.progress"
    VERSION: ClassVar[str] = "1"
    id: str
    broadcaster_user_id: str
    broadcaster_user_name: str
    broadcaster_user_login: str
    type: str
    description: str
    current_amount: int
    target_amount: int
    started_at: str


# the goal types each event moves
MOVED_BY: Final = {
    "channel.follow": ("follower",),
    "channel.subscribe": ("subscription", "subscription_count", "new_subscription", "new_subscription_count"),
    "channel.subscription.end": ("subscription", "subscription_count", "new_subscription",
                                 "new_subscription_count"),
    "channel.cheer": ("new_bit", "new_cheerer"),
}  # fmt: skip


def progress(s: Services, event: Event) -> None:
    """After a follow, subscription (or its end) or cheer: `channel.goal.progress` for each of the
    channel's goals of a type it moves, with the amount that includes it."""
    kinds = MOVED_BY.get(event.TYPE, ())
    broadcaster_id = getattr(event, "broadcaster_user_id", None)
    if not kinds or broadcaster_id is None:
        return
    for goal in goals(s.conn, broadcaster_id):
        if goal.type in kinds:
            s.publish(GoalProgress(*_fields(goal)))


def create_goal(
    s: Services, broadcaster_id: str, kind: str, target_amount: int, description: str = ""
) -> Goal:
    """The broadcaster starts a goal (`channel.goal.begin`); one active goal per type."""
    checks.user(s, "broadcaster_id", broadcaster_id)
    checks.choice("type", kind, TYPES)
    checks.number("target_amount", target_amount, 1, 2**31 - 1)
    if len(description) > MAX_DESCRIPTION:
        raise BadRequest(f'"description" must be at most {MAX_DESCRIPTION} characters')
    if any(g.type == kind for g in goals(s.conn, broadcaster_id)):
        raise Conflict(f"The broadcaster already has an active {kind} goal")
    row = GoalRow(s.ids.guid(), broadcaster_id, kind, description, target_amount, s.now())
    insert_rows(s.conn, "INSERT", [row])
    goal = _goal(s.conn, row.id)
    s.publish(GoalBegin(*_fields(goal)))
    return goal


def end_goal(s: Services, goal_id: str) -> GoalEnd:
    """The goal ends (`channel.goal.end`, achieved when its amount reached the target) and is no
    longer listed."""
    goal = _goal(s.conn, goal_id)
    s.conn.execute("DELETE FROM goals WHERE id = ?", (goal_id,))
    event = GoalEnd(
        *_fields(goal)[:6], goal.current_amount >= goal.target_amount, goal.current_amount,
        goal.target_amount, goal.created_at, s.now(),
    )  # fmt: skip
    s.publish(event)
    return event


def _goal(conn: sqlite3.Connection, goal_id: str) -> Goal:
    found = GOAL.one(conn, "g.id = ?", (goal_id,))
    if found is None:
        raise NotFound(f"No goal has the id {goal_id}")
    return replace(found, current_amount=current_amount(conn, found))


def _fields(g: Goal) -> tuple[str, str, str, str, str, str, int, int, str]:
    return (
        g.id, g.broadcaster_id, g.broadcaster_name, g.broadcaster_login, g.type, g.description,
        g.current_amount, g.target_amount, g.created_at,
    )  # fmt: skip
