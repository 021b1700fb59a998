"""Bans and timeouts (dev.twitch.tv/docs/api/reference/#ban-user, #unban-user, #get-banned-users).

A timeout is a ban with an end: it ends on its own, computed from the clock whenever it is read, so
an ended timeout is neither listed nor counted (its row stays until the next ban replaces it).
`ban` is the one write path (Helix, the control API, `MockTwitch`); `ban_user` adds the refusals
Twitch's Ban User makes before it. A ban ends the user's moderator and VIP roles and clears their
chat messages.

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.core.clock import rfc3339
from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import chat_messages, checks, moderators, roles, users, vips
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import ListOrder, Order, Slice, Window
from twitch_mock.store.rows import Select, insert_rows, person

MAX_TIMEOUT = 1_209_600  # two weeks, Twitch's longest timeout
MAX_REASON = 500
ALREADY_BANNED = "user is already banned"


@dataclass(frozen=True, slots=True)
class BanRow:
    TABLE: ClassVar[str] = "bans"
    broadcaster_id: str
    user_id: str
    moderator_id: str
    reason: str
    created_at: str
    expires_at: str | None


@dataclass(frozen=True, slots=True)
class BannedUser:
    """A Get Banned Users item; `expires_at` is "" for a permanent ban."""

    user_id: str
    user_login: str
    user_name: str
    expires_at: str
    created_at: str
    reason: str
    moderator_id: str
    moderator_login: str
    moderator_name: str


@dataclass(frozen=True, slots=True)
class BanResult:
    """A Ban User item; `end_time` is None for a permanent ban."""

    broadcaster_id: str
    moderator_id: str
    user_id: str
    created_at: str
    end_time: str | None


@dataclass(frozen=True, slots=True)
class ChannelBan(Event):
    """EventSub `channel.ban` v1."""

    TYPE: ClassVar[str] = "channel.ban"
    user_id: str
    user_login: str
    user_name: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    moderator_user_id: str
    moderator_user_login: str
    moderator_user_name: str
    reason: str
    banned_at: str
    ends_at: str | None
    is_permanent: bool


@dataclass(frozen=True, slots=True)
class ChannelUnban(Event):
    """EventSub `channel.unban` v1."""

    TYPE: ClassVar[str] = "channel.unban"
    user_id: str
    user_login: str
    user_name: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    moderator_user_id: str
    moderator_user_login: str
    moderator_user_name: str


BANNED = Select(
    BannedUser,
    "bans b JOIN users u ON u.id = b.user_id JOIN users m ON m.id = b.moderator_id",
    alias="b",
    **person("user", "u"),
    **person("moderator", "m"),
    expires_at="COALESCE(b.expires_at, '')",
)
BANNED_ORDER = Order.of("b.user_id")
IN_FORCE = "(b.expires_at IS NULL OR b.expires_at > ?)"
CURRENT = Select(BanRow, "bans b", alias="b")


def current(s: Services, broadcaster_id: str, user_id: str) -> BanRow | None:
    """The user's ban or timeout in the channel, if one is in force now."""
    return CURRENT.one(
        s.conn, f"b.broadcaster_id = ? AND b.user_id = ? AND {IN_FORCE}", (broadcaster_id, user_id, s.now())
    )


def is_banned(s: Services, broadcaster_id: str, user_id: str) -> bool:
    """A permanent ban, or a timeout that hasn't ended by now."""
    return current(s, broadcaster_id, user_id) is not None


def banned(
    s: Services, broadcaster_id: str, window: Window, user_ids: Sequence[str] = ()
) -> Slice[BannedUser]:
    """Get Banned Users: bans and timeouts in force, in user id order; with `user_ids`, those of
    them in the order asked for."""
    where, args = f"b.broadcaster_id = ? AND {IN_FORCE}", [broadcaster_id, s.now()]
    if not user_ids:
        return BANNED.page(s.conn, window, BANNED_ORDER, where, args)
    wanted = list(dict.fromkeys(user_ids))
    found = BANNED.all(s.conn, f"{where} AND b.user_id IN ({','.join('?' * len(wanted))})", [*args, *wanted])
    position = {u: n for n, u in enumerate(wanted)}
    rows = sorted(found, key=lambda b: position[b.user_id])

    def key(row: BannedUser) -> tuple[int]:
        return (position[row.user_id],)

    return ListOrder(key).page(rows, window)


def ban(
    s: Services,
    user_id: str,
    broadcaster_id: str,
    moderator_id: str | None = None,
    reason: str = "",
    duration: int | None = None,
) -> BanRow:
    """A permanent ban, or a timeout of `duration` seconds, replacing any ban in place; the user stops
    being a moderator or VIP and their chat messages are cleared. Publishes `channel.ban` (and
    `channel.moderator.remove` / `channel.vip.remove` for a role that ends)."""
    checks.pair(s, user_id, broadcaster_id)
    moderator_id = moderator_id or broadcaster_id
    if moderator_id != broadcaster_id and not roles.has_role(
        s.conn, "moderators", broadcaster_id, moderator_id
    ):
        raise BadRequest('The user in "moderator_id" is not one of the broadcaster\'s moderators')
    now = s.clock.now()
    expires = None
    if duration is not None:
        expires = rfc3339(now + checks.number("duration", duration, 1, MAX_TIMEOUT))
    row = BanRow(broadcaster_id, user_id, moderator_id, reason, rfc3339(now), expires)
    if roles.has_role(s.conn, "moderators", broadcaster_id, user_id):
        moderators.remove_moderator(s, broadcaster_id, user_id)
    if roles.has_role(s.conn, "vips", broadcaster_id, user_id):
        vips.drop_vip(s, broadcaster_id, user_id)
    insert_rows(s.conn, "INSERT OR REPLACE", [row])
    chat_messages.clear_user(s, broadcaster_id, user_id)
    target, caster, mod = (users.names(s.conn, u) for u in (user_id, broadcaster_id, moderator_id))
    s.publish(ChannelBan(*target, *caster, *mod, reason, row.created_at, expires, expires is None))
    return row


def ban_user(
    s: Services, broadcaster_id: str, moderator_id: str, user_id: str, duration: int | None, reason: str
) -> BanResult:
    """Ban User: Twitch's refusals, then `ban`. A timeout may replace a timeout, or become a ban; a
    ban stays a ban. Only the broadcaster may ban a moderator; nobody bans the broadcaster or
    themselves."""
    if not users.exists(s.conn, user_id):
        raise BadRequest("The ID in user_id was not found")
    in_force = current(s, broadcaster_id, user_id)
    if in_force is not None and in_force.expires_at is None:
        raise BadRequest(ALREADY_BANNED)
    protected = user_id in (broadcaster_id, moderator_id) or (
        moderator_id != broadcaster_id and roles.has_role(s.conn, "moderators", broadcaster_id, user_id)
    )
    if protected:
        what = "banned" if duration is None else "put in a timeout"
        raise BadRequest(f"The user specified in the user_id field may not be {what}")
    row = ban(s, user_id, broadcaster_id, moderator_id, reason, duration)
    return BanResult(row.broadcaster_id, row.moderator_id, row.user_id, row.created_at, row.expires_at)


def unban(s: Services, broadcaster_id: str, moderator_id: str, user_id: str) -> None:
    """Unban User: ends a ban or a timeout in force, and publishes `channel.unban`."""
    if current(s, broadcaster_id, user_id) is None:
        raise BadRequest("The user specified in the user_id field is not banned")
    roles.drop_role(s.conn, "bans", broadcaster_id, user_id)
    target, caster, mod = (users.names(s.conn, u) for u in (user_id, broadcaster_id, moderator_id))
    s.publish(ChannelUnban(*target, *caster, *mod))
