"""Hype trains (dev.twitch.tv/docs/api/reference/#get-hype-train-status). A train is current while
its `expires_at` lies ahead of the mock's clock (computed when read: an expired train is history).
The records are the ended trains with the highest level (then total), shared and not shared
apart; a record's `achieved_at` is when that train ended. `top_contributions` holds the top
contributor of each contribution type, highest first.

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import ClassVar, Final

from twitch_mock.core.clock import rfc3339
from twitch_mock.store.rows import Select, json_objects, person

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
