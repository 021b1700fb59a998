"""Follows: `user_id` follows `broadcaster_id` (dev.twitch.tv/docs/api/reference/#get-channel-followers,
#get-followed-channels). Both lists are newest first and page by (followed_at, the other user's
id), so follows made between two requests land before the cursor and never shift a later page.

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.domain import checks, roles
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select, insert_rows, person


@dataclass(frozen=True, slots=True)
class FollowRow:
    """`user_id` follows `broadcaster_id`."""

    TABLE: ClassVar[str] = "follows"
    broadcaster_id: str
    user_id: str
    followed_at: str


@dataclass(frozen=True, slots=True)
class ChannelFollow(Event):
    """EventSub `channel.follow` v2: `user_id` started following the broadcaster."""

    TYPE: ClassVar[str] = "channel.follow"
    VERSION: ClassVar[str] = "2"
    user_id: str
    user_login: str
    user_name: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    followed_at: str


@dataclass(frozen=True, slots=True)
class Follower:
    """A Get Channel Followers item."""

    user_id: str
    user_login: str
    user_name: str
    followed_at: str


@dataclass(frozen=True, slots=True)
class FollowedChannel:
    """A Get Followed Channels item."""

    broadcaster_id: str
    broadcaster_login: str
    broadcaster_name: str
    followed_at: str


FOLLOWER = Select(
    Follower, "follows f JOIN users u ON u.id = f.user_id", **person("user", "u"), followed_at="f.followed_at"
)
FOLLOWED = Select(
    FollowedChannel,
    "follows f JOIN users u ON u.id = f.broadcaster_id",
    **person("broadcaster", "u"),
    followed_at="f.followed_at",
)
FOLLOWER_ORDER = Order.of("f.followed_at DESC", "f.user_id DESC")
FOLLOWED_ORDER = Order.of("f.followed_at DESC", "f.broadcaster_id DESC")


def follow(s: Services, user_id: str, broadcaster_id: str, followed_at: str | None = None) -> FollowRow:
    """`user_id` follows `broadcaster_id` (following again sets the time); a new follow publishes
    `channel.follow`."""
    user, broadcaster = checks.pair(s, user_id, broadcaster_id)
    row = FollowRow(broadcaster_id, user_id, checks.time_or_now(s, "followed_at", followed_at))
    new = not roles.has_role(s.conn, "follows", broadcaster_id, user_id)
    insert_rows(s.conn, "INSERT OR REPLACE", [row])
    if new:
        names = (
            user.id,
            user.login,
            user.display_name,
            broadcaster.id,
            broadcaster.login,
            broadcaster.display_name,
        )
        s.publish(ChannelFollow(*names, row.followed_at))
    return row


def _where(column: str, other: str, other_id: str | None) -> tuple[str, list[str]]:
    if other_id is None:
        return f"f.{column} = ?", []
    return f"f.{column} = ? AND f.{other} = ?", [other_id]


def followers(
    conn: sqlite3.Connection, broadcaster_id: str, window: Window, user_id: str | None = None
) -> Slice[Follower]:
    """The broadcaster's followers, newest first (only `user_id`, when given)."""
    where, args = _where("broadcaster_id", "user_id", user_id)
    return FOLLOWER.page(conn, window, FOLLOWER_ORDER, where, [broadcaster_id, *args])


def follower_count(conn: sqlite3.Connection, broadcaster_id: str, user_id: str | None = None) -> int:
    where, args = _where("broadcaster_id", "user_id", user_id)
    return int(
        conn.execute(f"SELECT count(*) FROM follows f WHERE {where}", [broadcaster_id, *args]).fetchone()[0]
    )


def followed(
    conn: sqlite3.Connection, user_id: str, window: Window, broadcaster_id: str | None = None
) -> Slice[FollowedChannel]:
    """The channels the user follows, newest first (only `broadcaster_id`, when given)."""
    where, args = _where("user_id", "broadcaster_id", broadcaster_id)
    return FOLLOWED.page(conn, window, FOLLOWED_ORDER, where, [user_id, *args])


def followed_count(conn: sqlite3.Connection, user_id: str, broadcaster_id: str | None = None) -> int:
    where, args = _where("user_id", "broadcaster_id", broadcaster_id)
    return int(conn.execute(f"SELECT count(*) FROM follows f WHERE {where}", [user_id, *args]).fetchone()[0])
