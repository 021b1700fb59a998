"""Subscriptions (dev.twitch.tv/docs/api/reference/#get-broadcaster-subscriptions, #check-user-
subscription): who subscribes to which channel, at which tier, gifted by whom.

This module owns the `subscriptions` table: its row types, SQL and rules. Creating a subscription
publishes `channel.subscribe` (after `channel.subscription.gift` for gifts: `gift` gives `count`
subscriptions to users who have none, one gift event for all); a resub message shared in chat
publishes `channel.subscription.message`; a subscription that ends, `channel.subscription.end`."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar, Final

from twitch_mock.core.clock import parse_rfc3339
from twitch_mock.core.errors import BadRequest
from twitch_mock.core.omit import OMIT, Omit, Sparse
from twitch_mock.domain import checks, users
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select, insert_rows, person

TIERS = ("1000", "2000", "3000")
# Sub points per tier (Twitch: Tier 1 is worth 1 point, Tier 2 2 points, Tier 3 6 points).
POINTS: Final = {"1000": 1, "2000": 2, "3000": 6}
PRICES: Final = {"2000": "$9.99", "3000": "$24.99"}


@dataclass(frozen=True, slots=True)
class SubscriptionRow:
    TABLE: ClassVar[str] = "subscriptions"
    broadcaster_id: str
    user_id: str
    tier: str
    is_gift: bool
    gifter_id: str | None
    created_at: str


@dataclass(frozen=True, slots=True)
class BroadcasterSubscription:
    """A Get Broadcaster Subscriptions item; gifter_* are "" when it is not a gift."""

    broadcaster_id: str
    broadcaster_login: str
    broadcaster_name: str
    gifter_id: str
    gifter_login: str
    gifter_name: str
    is_gift: bool
    plan_name: str
    tier: str
    user_id: str
    user_name: str
    user_login: str


@dataclass(frozen=True, slots=True)
class UserSubscription(Sparse):
    """A Check User Subscription item; the gifter_* fields only when it is a gift."""

    broadcaster_id: str
    broadcaster_login: str
    broadcaster_name: str
    is_gift: bool
    tier: str
    gifter_id: str | Omit = OMIT
    gifter_login: str | Omit = OMIT
    gifter_name: str | Omit = OMIT


@dataclass(frozen=True, slots=True)
class ChannelSubscribe(Event):
    """EventSub `channel.subscribe` v1: a user subscribed to a channel (gifts included)."""

    TYPE: ClassVar[str] = "channel.subscribe"
    user_id: str
    user_login: str
    user_name: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    tier: str
    is_gift: bool


@dataclass(frozen=True, slots=True)
class ChannelSubscriptionGift(Event):
    """EventSub `channel.subscription.gift` v1: a user gifted subscriptions in a channel."""

    TYPE: ClassVar[str] = "channel.subscription.gift"
    user_id: str | None
    user_login: str | None
    user_name: str | None
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    total: int
    tier: str
    cumulative_total: int | None
    is_anonymous: bool


@dataclass(frozen=True, slots=True)
class ChannelSubscriptionEnd(ChannelSubscribe):
    """EventSub `channel.subscription.end` v1: a subscription ended (the same fields as subscribe)."""

    TYPE: ClassVar[str] = "channel.subscription.end"


@dataclass(frozen=True, slots=True)
class Emote:
    begin: int
    end: int
    id: str


@dataclass(frozen=True, slots=True)
class ResubText:
    text: str
    emotes: list[Emote]


@dataclass(frozen=True, slots=True)
class ChannelSubscriptionMessage(Event):
    """EventSub `channel.subscription.message` v1: a subscriber shared a resub message in chat
    (`streak_months` is null when they chose not to share it)."""

    TYPE: ClassVar[str] = "channel.subscription.message"
    user_id: str
    user_login: str
    user_name: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    tier: str
    message: ResubText
    cumulative_months: int
    streak_months: int | None
    duration_months: int


@dataclass(frozen=True, slots=True)
class SubscriptionTotals:
    total: int
    points: int


_JOINS = (
    "subscriptions s JOIN users b ON b.id = s.broadcaster_id JOIN users u ON u.id = s.user_id"
    " LEFT JOIN users g ON g.id = s.gifter_id"
)
_PLAN = (
    "'Channel Subscription (' || b.login || ')' || CASE s.tier "
    + " ".join(f"WHEN '{tier}' THEN ': {price} Sub'" for tier, price in PRICES.items())
    + " ELSE '' END"
)
SUBSCRIPTION = Select(
    BroadcasterSubscription,
    _JOINS,
    alias="s",
    **person("broadcaster", "b"),
    **person("user", "u"),
    gifter_id="COALESCE(g.id, '')",
    gifter_login="COALESCE(g.login, '')",
    gifter_name="COALESCE(g.display_name, '')",
    plan_name=_PLAN,
)
USER_SUBSCRIPTION = Select(
    UserSubscription,
    _JOINS,
    alias="s",
    **person("broadcaster", "b"),
    gifter_id="g.id",
    gifter_login="g.login",
    gifter_name="g.display_name",
)
NEWEST_FIRST = Order.of("s.created_at DESC", "s.user_id")
_POINTS_SQL = "CASE tier " + " ".join(f"WHEN '{t}' THEN {p}" for t, p in POINTS.items()) + " ELSE 0 END"


# --- queries ---------------------------------------------------------------------------------


def subscribers(
    conn: sqlite3.Connection, broadcaster_id: str, window: Window, user_ids: Sequence[str] = ()
) -> Slice[BroadcasterSubscription]:
    """The channel's subscriptions, newest first (only these subscribers', when given)."""
    where, args = "s.broadcaster_id = ?", [broadcaster_id]
    if user_ids:
        where += f" AND s.user_id IN ({','.join('?' * len(user_ids))})"
        args += user_ids
    return SUBSCRIPTION.page(conn, window, NEWEST_FIRST, where, args)


def totals(conn: sqlite3.Connection, broadcaster_id: str) -> SubscriptionTotals:
    """How many subscribe to the channel, and the sub points they are worth."""
    row = conn.execute(
        f"SELECT count(*), COALESCE(sum({_POINTS_SQL}), 0) FROM subscriptions WHERE broadcaster_id = ?",
        (broadcaster_id,),
    ).fetchone()
    return SubscriptionTotals(int(row[0]), int(row[1]))


def subscription(conn: sqlite3.Connection, user_id: str, broadcaster_id: str) -> UserSubscription | None:
    """The user's subscription to the channel, as Check User Subscription shows it."""
    found = USER_SUBSCRIPTION.one(conn, "s.broadcaster_id = ? AND s.user_id = ?", (broadcaster_id, user_id))
    if found is None or found.is_gift:
        return found
    return replace(found, gifter_id=OMIT, gifter_login=OMIT, gifter_name=OMIT)


# --- writes ----------------------------------------------------------------------------------


def subscribe(
    s: Services,
    user_id: str,
    broadcaster_id: str,
    tier: str = "1000",
    gifter_id: str | None = None,
    created_at: str | None = None,
) -> SubscriptionRow:
    """Only affiliates and partners have subscribers; subscribing again replaces the subscription.
    Publishes `channel.subscribe` (after `channel.subscription.gift` for a gift)."""
    user, channel = checks.pair(s, user_id, broadcaster_id)
    gifter = None
    if not channel.broadcaster_type:
        raise BadRequest("Only affiliates and partners have subscribers; the broadcaster is neither")
    if gifter_id is not None:
        gifter = checks.user(s, "gifter_id", gifter_id)
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
    if gifter is not None:
        s.publish(
            ChannelSubscriptionGift(
                gifter.id,
                gifter.login,
                gifter.display_name,
                channel.id,
                channel.login,
                channel.display_name,
                1,
                row.tier,
                _gifted(s.conn, gifter.id, channel.id),
                False,
            )
        )
    s.publish(
        ChannelSubscribe(
            user.id,
            user.login,
            user.display_name,
            channel.id,
            channel.login,
            channel.display_name,
            row.tier,
            row.is_gift,
        )
    )
    return row


@dataclass(frozen=True, slots=True)
class Gift:
    """What `gift` made: the recipients' ids (`gifter_id` null for an anonymous gift)."""

    broadcaster_id: str
    gifter_id: str | None
    tier: str
    total: int
    user_ids: list[str]


def gift(
    s: Services,
    gifter_id: str,
    broadcaster_id: str,
    count: int = 1,
    tier: str = "1000",
    anonymous: bool = False,
) -> Gift:
    """`gifter_id` gives `count` subscriptions in the channel to users who have none (the oldest
    users first): one `channel.subscription.gift` (anonymous: no gifter shown or stored), then a
    `channel.subscribe` for each."""
    gifter = checks.user(s, "gifter_id", gifter_id)
    channel = checks.user(s, "broadcaster_id", broadcaster_id)
    if not channel.broadcaster_type:
        raise BadRequest("Only affiliates and partners have subscribers; the broadcaster is neither")
    checks.number("count", count, 1, 100)
    checks.choice("tier", tier, TIERS)
    found = s.conn.execute(
        "SELECT id FROM users WHERE id NOT IN (?, ?) AND id NOT IN "
        "(SELECT user_id FROM subscriptions WHERE broadcaster_id = ?) ORDER BY created_at, id LIMIT ?",
        (broadcaster_id, gifter_id, broadcaster_id, count),
    ).fetchall()
    if len(found) < count:
        raise BadRequest(f"Only {len(found)} users without a subscription to the channel can receive gifts")
    now, stored_gifter = s.now(), None if anonymous else gifter.id
    rows = [SubscriptionRow(broadcaster_id, r[0], tier, True, stored_gifter, now) for r in found]
    insert_rows(s.conn, "INSERT", rows)
    shown: tuple[str | None, str | None, str | None] = (
        (None, None, None) if anonymous else (gifter.id, gifter.login, gifter.display_name)
    )
    channel_names = (channel.id, channel.login, channel.display_name)
    cumulative = None if anonymous else _gifted(s.conn, gifter.id, broadcaster_id)
    s.publish(ChannelSubscriptionGift(*shown, *channel_names, count, tier, cumulative, anonymous))
    for row in rows:
        s.publish(ChannelSubscribe(*users.names(s.conn, row.user_id), *channel_names, tier, True))
    return Gift(broadcaster_id, stored_gifter, tier, count, [row.user_id for row in rows])


def resubscribe(
    s: Services,
    user_id: str,
    broadcaster_id: str,
    message: str = "",
    cumulative_months: int | None = None,
    share_streak: bool = True,
    duration_months: int = 1,
) -> ChannelSubscriptionMessage:
    """The subscriber shares a resub message in chat (`channel.subscription.message`); their
    cumulative months default to the months since the subscription began (at least 1)."""
    user, channel = checks.pair(s, user_id, broadcaster_id)
    row = s.conn.execute(
        "SELECT tier, created_at FROM subscriptions WHERE broadcaster_id = ? AND user_id = ?",
        (broadcaster_id, user_id),
    ).fetchone()
    if row is None:
        raise BadRequest("The user does not subscribe to the broadcaster")
    if len(message) > 500:
        raise BadRequest('"message" must be at most 500 characters')
    checks.number("duration_months", duration_months, 1, 12)
    if cumulative_months is None:
        cumulative_months = 1 + int((s.clock.now() - parse_rfc3339(row[1])) // (30 * 86_400))
    checks.number("cumulative_months", cumulative_months, 1, 1200)
    event = ChannelSubscriptionMessage(
        user.id, user.login, user.display_name, channel.id, channel.login, channel.display_name, row[0],
        ResubText(message, []), cumulative_months, cumulative_months if share_streak else None,
        duration_months,
    )  # fmt: skip
    s.publish(event)
    return event


def end_subscription(s: Services, user_id: str, broadcaster_id: str) -> ChannelSubscriptionEnd:
    """The user's subscription to the channel ends (`channel.subscription.end`): it leaves Get
    Broadcaster Subscriptions."""
    user, channel = checks.pair(s, user_id, broadcaster_id)
    row = s.conn.execute(
        "DELETE FROM subscriptions WHERE broadcaster_id = ? AND user_id = ? RETURNING tier, is_gift",
        (broadcaster_id, user_id),
    ).fetchone()
    if row is None:
        raise BadRequest("The user does not subscribe to the broadcaster")
    event = ChannelSubscriptionEnd(
        user.id, user.login, user.display_name, channel.id, channel.login, channel.display_name, row[0],
        bool(row[1]),
    )  # fmt: skip
    s.publish(event)
    return event


def _gifted(conn: sqlite3.Connection, gifter_id: str, broadcaster_id: str) -> int:
    """How many of the channel's current subscriptions the user gifted."""
    row = conn.execute(
        "SELECT count(*) FROM subscriptions WHERE broadcaster_id = ? AND gifter_id = ?",
        (broadcaster_id, gifter_id),
    ).fetchone()
    return int(row[0])


def counted(conn: sqlite3.Connection, broadcaster_id: str, since: str = "") -> tuple[int, int]:
    """(subscriptions, sub points) of the channel's current subscriptions created at or after
    `since` (creator goals count these)."""
    row = conn.execute(
        "SELECT count(*), COALESCE(sum(CASE tier WHEN '3000' THEN 6 WHEN '2000' THEN 2 ELSE 1 END), 0)"
        " FROM subscriptions WHERE broadcaster_id = ? AND created_at >= ?",
        (broadcaster_id, since),
    ).fetchone()
    return int(row[0]), int(row[1])
