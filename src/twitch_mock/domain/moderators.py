"""Channel moderators (dev.twitch.tv/docs/api/reference/#get-moderators, #add-channel-moderator,
#remove-channel-moderator).

`add_moderator` is the one write path (Helix, the control API, `MockTwitch`): a banned user can't be
made a moderator, nor a VIP (the roles exclude each other). `add_channel_moderator` adds the
refusals Twitch's Add Channel Moderator makes before it.

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.core.errors import BadRequest, Unprocessable
from twitch_mock.domain import bans, checks, roles, users
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import ListOrder, Order, Slice, Window
from twitch_mock.store.rows import Select, insert_rows, person

BANNED = "The user in user_id cannot become a moderator because they're banned from the channel"
VIP = "The user in user_id is a VIP. To make them a moderator, you must first remove them as a VIP"


@dataclass(frozen=True, slots=True)
class ModeratorRow:
    TABLE: ClassVar[str] = "moderators"
    broadcaster_id: str
    user_id: str
    created_at: str


@dataclass(frozen=True, slots=True)
class Moderator:
    """A Get Moderators item."""

    user_id: str
    user_login: str
    user_name: str


@dataclass(frozen=True, slots=True)
class ChannelModeratorAdd(Event):
    """EventSub `channel.moderator.add` v1."""

    TYPE: ClassVar[str] = "channel.moderator.add"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    user_id: str
    user_login: str
    user_name: str


@dataclass(frozen=True, slots=True)
class ChannelModeratorRemove(Event):
    """EventSub `channel.moderator.remove` v1."""

    TYPE: ClassVar[str] = "channel.moderator.remove"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    user_id: str
    user_login: str
    user_name: str


MODERATORS = Select(
    Moderator, "moderators m JOIN users u ON u.id = m.user_id", alias="m", **person("user", "u")
)
ORDER = Order.of("m.created_at DESC", "m.user_id DESC")  # newest first (the index serves both)


def is_moderator(conn: sqlite3.Connection, broadcaster_id: str, user_id: str) -> bool:
    """The broadcaster counts as a moderator of their own channel."""
    return user_id == broadcaster_id or roles.has_role(conn, "moderators", broadcaster_id, user_id)


def moderators(
    conn: sqlite3.Connection, broadcaster_id: str, window: Window, user_ids: Sequence[str] = ()
) -> Slice[Moderator]:
    """Get Moderators: newest first; with `user_ids`, those of them who are moderators, in the
    order asked for."""
    if not user_ids:
        return MODERATORS.page(conn, window, ORDER, "m.broadcaster_id = ?", (broadcaster_id,))
    wanted = list(dict.fromkeys(user_ids))
    marks = ",".join("?" * len(wanted))
    found = MODERATORS.all(
        conn, f"m.broadcaster_id = ? AND m.user_id IN ({marks})", [broadcaster_id, *wanted]
    )
    position = {u: n for n, u in enumerate(wanted)}
    rows = sorted(found, key=lambda m: position[m.user_id])

    def key(row: Moderator) -> tuple[int]:
        return (position[row.user_id],)

    return ListOrder(key).page(rows, window)


def add_moderator(s: Services, user_id: str, broadcaster_id: str) -> ModeratorRow:
    """The user becomes a moderator (again: the row is replaced); publishes `channel.moderator.add`
    when they were not one. A banned user can't be made a moderator, nor a VIP."""
    checks.pair(s, user_id, broadcaster_id)
    if bans.is_banned(s, broadcaster_id, user_id):
        raise BadRequest(BANNED)
    if roles.has_role(s.conn, "vips", broadcaster_id, user_id):
        raise Unprocessable(VIP)
    was = roles.has_role(s.conn, "moderators", broadcaster_id, user_id)
    row = ModeratorRow(broadcaster_id, user_id, s.now())
    insert_rows(s.conn, "INSERT OR REPLACE", [row])
    if not was:
        s.publish(ChannelModeratorAdd(*users.names(s.conn, broadcaster_id), *users.names(s.conn, user_id)))
    return row


def add_channel_moderator(s: Services, broadcaster_id: str, user_id: str) -> ModeratorRow:
    """Add Channel Moderator: Twitch refuses a moderator (the broadcaster counts as one)."""
    _known(s, user_id)
    if is_moderator(s.conn, broadcaster_id, user_id):
        raise BadRequest("The user in user_id is already a moderator in the broadcaster's chat room")
    return add_moderator(s, user_id, broadcaster_id)


def remove_moderator(s: Services, broadcaster_id: str, user_id: str) -> None:
    """Remove Channel Moderator (and a ban's end of the role): publishes `channel.moderator.remove`."""
    _known(s, user_id)
    if not roles.drop_role(s.conn, "moderators", broadcaster_id, user_id):
        raise BadRequest("The user in user_id is not a moderator in the broadcaster's chat room")
    s.publish(ChannelModeratorRemove(*users.names(s.conn, broadcaster_id), *users.names(s.conn, user_id)))


def _known(s: Services, user_id: str) -> None:
    if not users.exists(s.conn, user_id):
        raise BadRequest("The ID in user_id was not found")


@dataclass(frozen=True, slots=True)
class ModeratedChannel:
    """A Get Moderated Channels item."""

    broadcaster_id: str
    broadcaster_login: str
    broadcaster_name: str


MODERATED = Select(
    ModeratedChannel, "moderators m JOIN users u ON u.id = m.broadcaster_id", **person("broadcaster", "u")
)
MODERATED_ORDER = Order.of("u.login", "u.id")


def moderated_channels(conn: sqlite3.Connection, user_id: str, window: Window) -> Slice[ModeratedChannel]:
    """Get Moderated Channels: the channels where the user is a moderator (the moderators table read
    the other way), by login."""
    return MODERATED.page(conn, window, MODERATED_ORDER, "m.user_id = ?", (user_id,))
