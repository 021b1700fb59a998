"""Hype trains (dev.twitch.tv/docs/api/reference/#get-hype-train-status). A train is current while
its `expires_at` lies ahead of the mock's clock (computed when read: an expired train is history).
The records are the ended trains with the highest level (then total), shared and not shared
apart; a record's `achieved_at` is when that train ended. `top_contributions` holds the top
contributor of each contribution type, highest first.

`contribute` and `end` (builders for tests and the control API) start, move and end a train and
publish `channel.hype_train.begin` / `.progress` / `.end` (v2). A train that simply expires
publishes its `end` when the mock's clock passes `expires_at` (a timer, domain/timers.py, which
`contribute` sets and moves, `end` clears, and `expire` fires).

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from typing import ClassVar, Final

from twitch_mock.core.clock import parse_rfc3339, rfc3339
from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import checks, timers
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import Select, insert_rows, json_objects, person

TIMER: Final = "hype_train.end"
TRAIN_TYPES: Final = ("regular", "golden_kappa", "treasure")
CONTRIBUTION_TYPES: Final = ("bits", "subscription", "other")


@dataclass(frozen=True, slots=True)
class HypeTrainRow:
    TABLE: ClassVar[str] = "hype_trains"
    id: str
    broadcaster_id: str
    level: int
    total: int
    progress: int
    goal: int
    type: str
    is_shared_train: bool
    started_at: str
    expires_at: str


@dataclass(frozen=True, slots=True)
class ContributionRow:
    TABLE: ClassVar[str] = "hype_train_contributions"
    train_id: str
    user_id: str
    type: str
    total: int


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    TABLE: ClassVar[str] = "hype_train_participants"
    train_id: str
    broadcaster_id: str


@dataclass(frozen=True, slots=True)
class Contribution:
    user_id: str
    user_login: str
    user_name: str
    type: str
    total: int


@dataclass(frozen=True, slots=True)
class Participant:
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str


@dataclass(frozen=True, slots=True)
class HypeTrain:
    """Get Hype Train Status's `current`."""

    id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    level: int
    total: int
    progress: int
    goal: int
    top_contributions: list[Contribution]
    shared_train_participants: list[Participant] | None
    started_at: str
    expires_at: str
    type: str
    is_shared_train: bool


@dataclass(frozen=True, slots=True)
class Record:
    level: int
    total: int
    achieved_at: str


@dataclass(frozen=True, slots=True)
class HypeTrainStatus:
    """A Get Hype Train Status item."""

    current: HypeTrain | None
    all_time_high: Record | None
    shared_all_time_high: Record | None


@dataclass(frozen=True, slots=True)
class _Train:
    id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    level: int
    total: int
    progress: int
    goal: int
    top_contributions: list[Contribution]
    shared_train_participants: list[Participant]
    started_at: str
    expires_at: str
    type: str
    is_shared_train: bool


# the top contributor of each type: ranked within the type by total, then user id
_TOP = (
    "FROM (SELECT c.*, row_number() OVER (PARTITION BY c.type ORDER BY c.total DESC, c.user_id) AS rank"
    " FROM hype_train_contributions c WHERE c.train_id = t.id) c JOIN users cu ON cu.id = c.user_id"
    " WHERE c.rank = 1 ORDER BY c.total DESC, c.type"
)
TRAIN = Select(
    _Train,
    "hype_trains t JOIN users u ON u.id = t.broadcaster_id",
    alias="t",
    **person("broadcaster_user", "u"),
    top_contributions=json_objects(
        _TOP,
        user_id="cu.id",
        user_login="cu.login",
        user_name="cu.display_name",
        type="c.type",
        total="c.total",
    ),
    shared_train_participants=json_objects(
        "FROM hype_train_participants p JOIN users pu ON pu.id = p.broadcaster_id WHERE p.train_id = t.id"
        " ORDER BY pu.id",
        broadcaster_user_id="pu.id",
        broadcaster_user_login="pu.login",
        broadcaster_user_name="pu.display_name",
    ),
)
ROW = Select(HypeTrainRow, "hype_trains")


def status(conn: sqlite3.Connection, broadcaster_id: str, now: float) -> HypeTrainStatus:
    clock = rfc3339(now)
    where = "t.broadcaster_id = ? AND t.started_at <= ? AND t.expires_at > ?"
    running = TRAIN.all(conn, where, (broadcaster_id, clock, clock), "t.started_at DESC")
    train = running[0] if running else None
    current = None
    if train is not None:
        shared = train.shared_train_participants if train.is_shared_train else None
        current = HypeTrain(
            train.id, train.broadcaster_user_id, train.broadcaster_user_login, train.broadcaster_user_name,
            train.level, train.total, train.progress, train.goal, train.top_contributions, shared,
            train.started_at, train.expires_at, train.type, train.is_shared_train,
        )  # fmt: skip
    return HypeTrainStatus(
        current, _record(conn, broadcaster_id, clock, False), _record(conn, broadcaster_id, clock, True)
    )


def _record(conn: sqlite3.Connection, broadcaster_id: str, clock: str, shared: bool) -> Record | None:
    row = conn.execute(
        "SELECT level, total, expires_at FROM hype_trains"
        " WHERE broadcaster_id = ? AND is_shared_train = ? AND expires_at <= ?"
        " ORDER BY level DESC, total DESC, expires_at LIMIT 1",
        (broadcaster_id, int(shared), clock),
    ).fetchone()
    return None if row is None else Record(int(row[0]), int(row[1]), row[2])


# --- builders: contributions start and move a train; the control API exposes them -----------------

LEVEL_GOALS: Final = (
    1600,
    2000,
    2400,
    3000,
    3500,
    4000,
    5000,
    6000,
    7000,
    8000,
)  # points to finish levels 1..10
EXPIRY = 300  # seconds: a train runs 5 minutes, counted again from each new level
COOLDOWN = 3600


@dataclass(frozen=True, slots=True)
class HypeTrainBegin(Event):
    """EventSub `channel.hype_train.begin` v2."""

    TYPE: ClassVar[str] = "channel.hype_train.begin"
    VERSION: ClassVar[str] = "2"
    id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    total: int
    progress: int
    goal: int
    top_contributions: list[Contribution]
    level: int
    all_time_high_level: int
    all_time_high_total: int
    shared_train_participants: list[Participant] | None
    started_at: str
    expires_at: str
    type: str
    is_shared_train: bool


@dataclass(frozen=True, slots=True)
class HypeTrainProgress(Event):
    """EventSub `channel.hype_train.progress` v2 (begin's fields without the all-time high)."""

    TYPE: ClassVar[str] = "channel.hype_train.progress"
    VERSION: ClassVar[str] = "2"
    id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    total: int
    progress: int
    goal: int
    top_contributions: list[Contribution]
    level: int
    shared_train_participants: list[Participant] | None
    started_at: str
    expires_at: str
    type: str
    is_shared_train: bool


@dataclass(frozen=True, slots=True)
class HypeTrainEnd(Event):
    """EventSub `channel.hype_train.end` v2."""

    TYPE: ClassVar[str] = "channel.hype_train.end"
    VERSION: ClassVar[str] = "2"
    id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    total: int
    top_contributions: list[Contribution]
    level: int
    shared_train_participants: list[Participant] | None
    started_at: str
    ended_at: str
    cooldown_ends_at: str
    type: str
    is_shared_train: bool


def contribute(s: Services, broadcaster_id: str, user_id: str, kind: str, amount: int) -> HypeTrain:
    """`user_id` adds `amount` points of `kind` to the channel's train, starting one when none is
    running (`channel.hype_train.begin`) or moving it on (`.progress`); each level reached extends
    the train by 5 minutes. Tier 1-3 subscriptions count 500, 1000 and 2500 points."""
    _, channel = checks.pair(s, user_id, broadcaster_id)
    if not channel.broadcaster_type:
        raise BadRequest("Only affiliates and partners have Hype Trains; the broadcaster is neither")
    checks.choice("type", kind, CONTRIBUTION_TYPES)
    checks.number("total", amount, 1, 1_000_000)
    now = s.clock.now()
    found = _running(s.conn, broadcaster_id, now)
    begin = found is None
    row = found or HypeTrainRow(
        s.ids.guid(),
        broadcaster_id,
        1,
        0,
        0,
        LEVEL_GOALS[0],
        "regular",
        False,
        rfc3339(now),
        rfc3339(now + EXPIRY),
    )
    level, progress, goal, expires = row.level, row.progress + amount, row.goal, row.expires_at
    while progress >= goal:
        progress, level = progress - goal, level + 1
        goal, expires = LEVEL_GOALS[min(level, len(LEVEL_GOALS)) - 1], rfc3339(now + EXPIRY)
    row = replace(
        row, level=level, total=row.total + amount, progress=progress, goal=goal, expires_at=expires
    )
    if begin:
        insert_rows(s.conn, "INSERT", [row])
    else:  # an UPDATE: REPLACE would delete the row and, by cascade, its contributions
        s.conn.execute(
            "UPDATE hype_trains SET level = ?, total = ?, progress = ?, goal = ?, expires_at = ?"
            " WHERE id = ?",
            (row.level, row.total, row.progress, row.goal, row.expires_at, row.id),
        )
    s.conn.execute(
        "INSERT INTO hype_train_contributions (train_id, user_id, type, total) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (train_id, user_id, type) DO UPDATE SET total = total + excluded.total",
        (row.id, user_id, kind, amount),
    )
    train = status(s.conn, broadcaster_id, now).current
    assert train is not None
    common = (train.id, train.broadcaster_user_id, train.broadcaster_user_login, train.broadcaster_user_name,
              train.total, train.progress, train.goal, train.top_contributions, train.level)  # fmt: skip
    rest = (
        train.shared_train_participants,
        train.started_at,
        train.expires_at,
        train.type,
        train.is_shared_train,
    )
    timers.set_timer(s, TIMER, row.id, row.expires_at)
    if begin:
        record = _record(s.conn, broadcaster_id, rfc3339(now), False)
        s.publish(
            HypeTrainBegin(*common, record.level if record else 0, record.total if record else 0, *rest)
        )
    else:
        s.publish(HypeTrainProgress(*common, *rest))
    return train


def end(s: Services, broadcaster_id: str) -> HypeTrainEnd:
    """End the channel's running train now (rather than at its `expires_at`) and publish
    `channel.hype_train.end`; the channel's cooldown ends an hour later."""
    now = s.clock.now()
    train = status(s.conn, broadcaster_id, now).current
    if train is None:
        raise BadRequest("The broadcaster has no Hype Train in progress")
    s.conn.execute("UPDATE hype_trains SET expires_at = ? WHERE id = ?", (rfc3339(now), train.id))
    timers.clear_timer(s, TIMER, train.id)
    event = _end_event(train, now)
    s.publish(event)
    return event


def expire(s: Services, train_id: str, due_at: str) -> None:
    """The train's time ran out (its timer fired): `channel.hype_train.end`, ended at `expires_at`."""
    found = TRAIN.one(s.conn, "t.id = ?", (train_id,))
    if found is None or found.expires_at != due_at:
        return  # gone with a reset, or moved on: its timer was moved with it
    s.publish(_end_event(found, parse_rfc3339(due_at)))


def _end_event(train: HypeTrain | _Train, ended: float) -> HypeTrainEnd:
    shared = train.shared_train_participants if train.is_shared_train else None
    return HypeTrainEnd(
        train.id, train.broadcaster_user_id, train.broadcaster_user_login, train.broadcaster_user_name,
        train.total, train.top_contributions, train.level, shared, train.started_at,
        rfc3339(ended), rfc3339(ended + COOLDOWN), train.type, train.is_shared_train,
    )  # fmt: skip


def _running(conn: sqlite3.Connection, broadcaster_id: str, now: float) -> HypeTrainRow | None:
    clock = rfc3339(now)
    where = "broadcaster_id = ? AND started_at <= ? AND expires_at > ?"
    found = ROW.all(conn, where, (broadcaster_id, clock, clock), "started_at DESC")
    return found[0] if found else None
