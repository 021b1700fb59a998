"""Channel VIPs (dev.twitch.tv/docs/api/reference/#get-vips, #add-channel-vip,
#remove-channel-vip). `add_vip` is the one write path (the control API, `MockTwitch.add_vip` and
Add Channel VIP, which checks Twitch's rules first); every change publishes `channel.vip.add` or
`channel.vip.remove`. Twitch's 10-per-10-seconds limits on adding and removing count the changes
logged in `vip_changes`.

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Final

from twitch_mock.core.errors import BadRequest, Conflict, NotFound, TooManyRequests, Unprocessable
from twitch_mock.domain import bans, checks, roles, users
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select, insert_rows

VIP_SLOTS: Final = 10  # the slots a channel starts with (help.twitch.tv, Managing Roles)
CHANGES_PER_WINDOW, WINDOW_SECONDS = 10, 10
MODERATOR: Final = (
    "The user in user_id is a moderator. To make them a VIP, you must first remove them as a moderator"
)


@dataclass(frozen=True, slots=True)
class VipRow:
    TABLE: ClassVar[str] = "vips"
    broadcaster_id: str
    user_id: str
    created_at: str


@dataclass(frozen=True, slots=True)
class VipChangeRow:
    """A VIP added or removed at `at`, for the rate limits."""

    TABLE: ClassVar[str] = "vip_changes"
    broadcaster_id: str
    action: str  # 'add' or 'remove'
    at: str


@dataclass(frozen=True, slots=True)
class Vip:
    """A Get VIPs item."""

    user_id: str
    user_name: str
    user_login: str


@dataclass(frozen=True, slots=True)
class ChannelVipAdd(Event):
    """EventSub `channel.vip.add` v1."""

    TYPE: ClassVar[str] = "channel.vip.add"
    VERSION: ClassVar[str] = "1"
    user_id: str
    user_login: str
    user_name: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str


@dataclass(frozen=True, slots=True)
class ChannelVipRemove(Event):
    """EventSub `channel.vip.remove` v1."""

    TYPE: ClassVar[str] = "channel.vip.remove"
    VERSION: ClassVar[str] = "1"
    user_id: str
    user_login: str
    user_name: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str


VIP = Select(Vip, "vips v JOIN users u ON u.id = v.user_id", user_id="u.id", user_name="u.display_name",
             user_login="u.login")  # fmt: skip
VIP_ORDER = Order.of("v.created_at DESC", "v.user_id")


def vips(
    conn: sqlite3.Connection, broadcaster_id: str, window: Window, user_ids: Sequence[str] = ()
) -> Slice[Vip]:
    """The channel's VIPs, newest first; only those in `user_ids` when given."""
    where, args = "v.broadcaster_id = ?", [broadcaster_id, *user_ids]
    if user_ids:
        where += f" AND v.user_id IN ({','.join('?' * len(user_ids))})"
    return VIP.page(conn, window, VIP_ORDER, where, args)


def is_vip(conn: sqlite3.Connection, broadcaster_id: str, user_id: str) -> bool:
    return roles.has_role(conn, "vips", broadcaster_id, user_id)


def add_vip(s: Services, user_id: str, broadcaster_id: str) -> VipRow:
    """A banned user can't be made a VIP, nor a moderator (remove that role first). Adding a VIP
    again keeps them (and publishes nothing)."""
    user, broadcaster = checks.pair(s, user_id, broadcaster_id)
    if bans.is_banned(s, broadcaster_id, user_id):
        raise BadRequest("The user is banned from the channel")
    if roles.has_role(s.conn, "moderators", broadcaster_id, user_id):
        raise Unprocessable("The user is a moderator in the channel; remove that role first")
    row = VipRow(broadcaster_id, user_id, s.now())
    if insert_rows(s.conn, "INSERT OR IGNORE", [row]):
        s.publish(ChannelVipAdd(user.id, user.login, user.display_name, *_names(broadcaster)))
    found = s.conn.execute(
        "SELECT created_at FROM vips WHERE broadcaster_id = ? AND user_id = ?", (broadcaster_id, user_id)
    ).fetchone()
    return VipRow(broadcaster_id, user_id, found[0])


def add_channel_vip(s: Services, broadcaster_id: str, user_id: str) -> VipRow:
    """Add Channel VIP: Twitch's checks, in Twitch's codes, then `add_vip`."""
    _known(s, "broadcaster_id", broadcaster_id)
    _known(s, "user_id", user_id)
    if user_id == broadcaster_id:
        raise BadRequest("The ID in user_id is not valid: the broadcaster can't be their own VIP")
    if bans.is_banned(s, broadcaster_id, user_id):
        raise BadRequest("The user in user_id is banned from the broadcaster's channel")
    if roles.has_role(s.conn, "moderators", broadcaster_id, user_id):
        raise Unprocessable(MODERATOR)
    if is_vip(s.conn, broadcaster_id, user_id):
        raise Unprocessable("The user in user_id is already a VIP")
    count = s.conn.execute("SELECT count(*) FROM vips WHERE broadcaster_id = ?", (broadcaster_id,)).fetchone()
    if count[0] >= VIP_SLOTS:
        raise Conflict("The broadcaster doesn't have available VIP slots")
    _limit(s, broadcaster_id, "add")
    _log(s, broadcaster_id, "add")
    return add_vip(s, user_id, broadcaster_id)


def remove_channel_vip(s: Services, broadcaster_id: str, user_id: str) -> None:
    """Remove Channel VIP (by the broadcaster, or the VIP themselves); publishes `channel.vip.remove`."""
    _known(s, "broadcaster_id", broadcaster_id)
    _known(s, "user_id", user_id)
    if not is_vip(s.conn, broadcaster_id, user_id):
        raise Unprocessable("The user in user_id is not a VIP in the broadcaster's channel")
    _limit(s, broadcaster_id, "remove")
    drop_vip(s, broadcaster_id, user_id)
    _log(s, broadcaster_id, "remove")


def drop_vip(s: Services, broadcaster_id: str, user_id: str) -> bool:
    """End the user's VIP role, if they have one, and publish `channel.vip.remove`; whether they had
    one (Remove Channel VIP, and a ban)."""
    if not roles.drop_role(s.conn, "vips", broadcaster_id, user_id):
        return False
    user, broadcaster = users.record(s.conn, user_id), users.record(s.conn, broadcaster_id)
    assert user is not None and broadcaster is not None
    s.publish(ChannelVipRemove(user.id, user.login, user.display_name, *_names(broadcaster)))
    return True


def _known(s: Services, field: str, user_id: str) -> users.UserRecord:
    found = users.record(s.conn, user_id)
    if found is None:
        raise NotFound(f"The ID in {field} was not found")
    return found


def _names(user: users.UserRecord) -> tuple[str, str, str]:
    return user.id, user.login, user.display_name


def _limit(s: Services, broadcaster_id: str, action: str) -> None:
    """At most 10 VIPs added (or removed) through Helix by a broadcaster within 10 seconds."""
    since = s.clock.rfc3339(-WINDOW_SECONDS)
    s.conn.execute("DELETE FROM vip_changes WHERE broadcaster_id = ? AND at <= ?", (broadcaster_id, since))
    recent = s.conn.execute(
        "SELECT count(*) FROM vip_changes WHERE broadcaster_id = ? AND action = ?", (broadcaster_id, action)
    ).fetchone()
    if recent[0] >= CHANGES_PER_WINDOW:
        raise TooManyRequests(
            f"The broadcaster exceeded the number of VIPs that they may {action} within a 10-second window"
        )


def _log(s: Services, broadcaster_id: str, action: str) -> None:
    insert_rows(s.conn, "INSERT", [VipChangeRow(broadcaster_id, action, s.now())])
