"""Chat: per-channel chat settings, users' chat colours (with who has Turbo or Prime), and who is in
a channel's chat (dev.twitch.tv/docs/api/reference/#get-chat-settings, #update-chat-settings,
#get-user-chat-color, #update-user-chat-color, #get-chatters). Announcements and shoutouts are in
domain/chat_notices.py.

This module owns `chat_settings`, `chat_premium`, `chatters` and the `chat_color` column of `users`:
their row types, SQL and rules."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar, Final

from twitch_mock.core.errors import BadRequest
from twitch_mock.core.omit import OMIT, Omit, Sparse
from twitch_mock.domain import checks
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select, insert_rows, person

DEFAULT_SLOW_WAIT, DEFAULT_FOLLOWER_DURATION = 30, 0
SLOW_WAIT = (3, 120)
FOLLOWER_DURATION = (0, 129_600)
CHAT_DELAYS: Final = (2, 4, 6)
# The colours every user may choose, and the hex code Twitch stores for each.
NAMED_COLORS: Final = {
    "blue": "#0000FF", "blue_violet": "#8A2BE2", "cadet_blue": "#5F9EA0", "chocolate": "#D2691E",
    "coral": "#FF7F50", "dodger_blue": "#1E90FF", "firebrick": "#B22222", "golden_rod": "#DAA520",
    "green": "#008000", "hot_pink": "#FF69B4", "orange_red": "#FF4500", "red": "#FF0000",
    "sea_green": "#2E8B57", "spring_green": "#00FF7F", "yellow_green": "#9ACD32",
}  # fmt: skip
HEX_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
PREMIUM_KINDS: Final = ("turbo", "prime")


@dataclass(frozen=True, slots=True)
class ChatSettingsRow:
    """Twitch's defaults for a new channel: every mode off, no durations."""

    TABLE: ClassVar[str] = "chat_settings"
    broadcaster_id: str
    slow_mode: bool = False
    slow_mode_wait_time: int | None = None
    follower_mode: bool = False
    follower_mode_duration: int | None = None
    subscriber_mode: bool = False
    emote_mode: bool = False
    unique_chat_mode: bool = False
    non_moderator_chat_delay: bool = False
    non_moderator_chat_delay_duration: int | None = None


@dataclass(frozen=True, slots=True)
class PremiumRow:
    """The user has Turbo or Prime, so may pick any hex chat colour."""

    TABLE: ClassVar[str] = "chat_premium"
    user_id: str
    kind: str = "turbo"


@dataclass(frozen=True, slots=True)
class ChatterRow:
    """A viewer in a channel's chat (shown while the channel is live)."""

    TABLE: ClassVar[str] = "chatters"
    broadcaster_id: str
    user_id: str
    created_at: str  # when they joined


@dataclass(frozen=True, slots=True)
class ChatSettings(Sparse):
    """A Get / Update Chat Settings item. `moderator_id` and the non-moderator chat delay are there
    only when a moderator of the channel asks (Update Chat Settings always has them)."""

    broadcaster_id: str
    slow_mode: bool
    slow_mode_wait_time: int | None
    follower_mode: bool
    follower_mode_duration: int | None
    subscriber_mode: bool
    emote_mode: bool
    unique_chat_mode: bool
    moderator_id: str | Omit = OMIT
    non_moderator_chat_delay: bool | Omit = OMIT
    non_moderator_chat_delay_duration: int | Omit | None = OMIT


@dataclass(frozen=True, slots=True)
class UserChatColor:
    user_id: str
    user_login: str
    user_name: str
    color: str


@dataclass(frozen=True, slots=True)
class Chatter:
    user_id: str
    user_login: str
    user_name: str


@dataclass(frozen=True, slots=True)
class ChatSettingsChanges:
    """What Update Chat Settings may change; None leaves a field as it is."""

    slow_mode: bool | None = None
    slow_mode_wait_time: int | None = None
    follower_mode: bool | None = None
    follower_mode_duration: int | None = None
    subscriber_mode: bool | None = None
    emote_mode: bool | None = None
    unique_chat_mode: bool | None = None
    non_moderator_chat_delay: bool | None = None
    non_moderator_chat_delay_duration: int | None = None


@dataclass(frozen=True, slots=True)
class ChatSettingsUpdate(Event):
    """EventSub `channel.chat_settings.update` v1."""

    TYPE: ClassVar[str] = "channel.chat_settings.update"
    VERSION: ClassVar[str] = "1"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    emote_mode: bool
    follower_mode: bool
    follower_mode_duration_minutes: int | None
    slow_mode: bool
    slow_mode_wait_time_seconds: int | None
    subscriber_mode: bool
    unique_chat_mode: bool


# A user without a chat_settings row (made by hand) has Twitch's defaults.
SETTINGS = Select(
    ChatSettingsRow,
    "users u LEFT JOIN chat_settings c ON c.broadcaster_id = u.id",
    broadcaster_id="u.id",
    **{
        f: f"COALESCE(c.{f}, 0)"
        for f in (
            "slow_mode",
            "follower_mode",
            "subscriber_mode",
            "emote_mode",
            "unique_chat_mode",
            "non_moderator_chat_delay",
        )
    },
    slow_mode_wait_time="c.slow_mode_wait_time",
    follower_mode_duration="c.follower_mode_duration",
    non_moderator_chat_delay_duration="c.non_moderator_chat_delay_duration",
)
COLORS = Select(UserChatColor, "users u", **person("user", "u"), color="u.chat_color")
CHATTERS = Select(Chatter, "users u", **person("user", "u"))
CHATTER_ORDER = Order.of("u.id")
# In a live channel's chat: the broadcaster, the moderators and the stored viewers, minus the banned.
# An offline channel (no streams row) has nobody in chat.
IN_CHAT = (
    "EXISTS (SELECT 1 FROM streams WHERE user_id = ?) "
    "AND (u.id = ? OR u.id IN (SELECT user_id FROM moderators WHERE broadcaster_id = ?) "
    "OR u.id IN (SELECT user_id FROM chatters WHERE broadcaster_id = ?)) "
    "AND u.id NOT IN (SELECT user_id FROM bans WHERE broadcaster_id = ? "
    "AND (expires_at IS NULL OR expires_at > ?))"
)


# --- chat settings -------------------------------------------------------------------------------


def settings_row(conn: sqlite3.Connection, broadcaster_id: str) -> ChatSettingsRow | None:
    return SETTINGS.one(conn, "u.id = ?", (broadcaster_id,))


def shown(row: ChatSettingsRow, moderator_id: str | None) -> ChatSettings:
    """The settings as Twitch shows them: the delay fields only for a moderator (`moderator_id`)."""
    out = ChatSettings(
        row.broadcaster_id,
        row.slow_mode,
        row.slow_mode_wait_time,
        row.follower_mode,
        row.follower_mode_duration,
        row.subscriber_mode,
        row.emote_mode,
        row.unique_chat_mode,
    )
    if moderator_id is None:
        return out
    return replace(
        out,
        moderator_id=moderator_id,
        non_moderator_chat_delay=row.non_moderator_chat_delay,
        non_moderator_chat_delay_duration=row.non_moderator_chat_delay_duration,
    )


def chat_settings(conn: sqlite3.Connection, broadcaster_id: str, moderator_id: str | None) -> ChatSettings:
    row = settings_row(conn, broadcaster_id)
    if row is None:
        raise BadRequest("The ID in broadcaster_id was not found")
    return shown(row, moderator_id)


def update_settings(
    s: Services, broadcaster_id: str, moderator_id: str, changes: ChatSettingsChanges
) -> ChatSettings:
    """Apply Update Chat Settings' changes, all or none, and publish `channel.chat_settings.update`."""
    current = settings_row(s.conn, broadcaster_id)
    if current is None:
        raise BadRequest("The ID in broadcaster_id was not found")
    slow, wait = _mode(
        current.slow_mode,
        current.slow_mode_wait_time,
        changes.slow_mode,
        changes.slow_mode_wait_time,
        ("slow_mode", "slow_mode_wait_time"),
        DEFAULT_SLOW_WAIT,
    )
    follower, duration = _mode(
        current.follower_mode,
        current.follower_mode_duration,
        changes.follower_mode,
        changes.follower_mode_duration,
        ("follower_mode", "follower_mode_duration"),
        DEFAULT_FOLLOWER_DURATION,
    )
    delay, delay_duration = _mode(
        current.non_moderator_chat_delay,
        current.non_moderator_chat_delay_duration,
        changes.non_moderator_chat_delay,
        changes.non_moderator_chat_delay_duration,
        ("non_moderator_chat_delay", "non_moderator_chat_delay_duration"),
        None,
    )
    updated = ChatSettingsRow(
        broadcaster_id,
        slow,
        wait,
        follower,
        duration,
        _keep(current.subscriber_mode, changes.subscriber_mode),
        _keep(current.emote_mode, changes.emote_mode),
        _keep(current.unique_chat_mode, changes.unique_chat_mode),
        delay,
        delay_duration,
    )
    if updated != current:
        insert_rows(s.conn, "INSERT OR REPLACE", [updated])
        found = checks.user(s, "broadcaster_id", broadcaster_id)
        login, name = found.login, found.display_name
        s.publish(
            ChatSettingsUpdate(
                broadcaster_id,
                login,
                name,
                updated.emote_mode,
                updated.follower_mode,
                updated.follower_mode_duration,
                updated.slow_mode,
                updated.slow_mode_wait_time,
                updated.subscriber_mode,
                updated.unique_chat_mode,
            )
        )
    return shown(updated, moderator_id)


def _keep(current: bool, change: bool | None) -> bool:
    return current if change is None else change


def _mode(
    on: bool,
    value: int | None,
    turn: bool | None,
    new_value: int | None,
    names: tuple[str, str],
    default: int | None,
) -> tuple[bool, int | None]:
    """A mode and its value, as Twitch's docs put it: a value is set only together with its mode set
    to true; the mode set to true alone takes the default value; set to false, the value is null."""
    mode, field = names
    if new_value is not None and turn is not True:
        raise BadRequest(f"To set {field}, the request must also set {mode} to true")
    if turn is None:
        return on, value
    if not turn:
        return False, None
    if new_value is None and default is None:
        raise BadRequest(f"If {mode} is true, the {field} field must be set to a valid value")
    return True, new_value if new_value is not None else default


# --- chat colours --------------------------------------------------------------------------------


def chat_colors(conn: sqlite3.Connection, user_ids: Sequence[str]) -> list[UserChatColor]:
    """The colours of these users, in the order asked for (unknown ids are left out)."""
    if not user_ids:
        return []
    found = COLORS.all(conn, f"u.id IN ({','.join('?' * len(user_ids))})", user_ids)
    position = {u: n for n, u in enumerate(user_ids)}
    return sorted(found, key=lambda c: position[c.user_id])


def is_premium(conn: sqlite3.Connection, user_id: str) -> bool:
    return conn.execute("SELECT 1 FROM chat_premium WHERE user_id = ?", (user_id,)).fetchone() is not None


def set_premium(s: Services, user_id: str, kind: str | None) -> None:
    """Give the user Turbo or Prime (`kind`), or take it away (None)."""
    checks.user(s, "user_id", user_id)
    if kind is None:
        s.conn.execute("DELETE FROM chat_premium WHERE user_id = ?", (user_id,))
        return
    insert_rows(
        s.conn, "INSERT OR REPLACE", [PremiumRow(user_id, checks.choice("kind", kind, PREMIUM_KINDS))]
    )


def set_chat_color(s: Services, user_id: str, color: str) -> str:
    """A named colour (case-insensitive) or, for Turbo and Prime users, a hex code; stored as the
    uppercase hex code Twitch reports."""
    named = NAMED_COLORS.get(color.lower())
    if named is None:
        if not HEX_COLOR.fullmatch(color):
            raise BadRequest("The named color in the color query parameter is not valid")
        if not is_premium(s.conn, user_id):
            raise BadRequest("To specify a Hex color code, the user must be a Turbo or Prime user")
    code = named or color.upper()
    s.conn.execute("UPDATE users SET chat_color = ? WHERE id = ?", (code, user_id))
    return code


# --- chatters ------------------------------------------------------------------------------------


def chatters(s: Services, broadcaster_id: str, window: Window) -> tuple[Slice[Chatter], int]:
    """A page of the channel's chatters and how many there are; an offline channel has none."""
    args = (broadcaster_id,) * 5 + (s.now(),)
    total = s.conn.execute(f"SELECT count(*) FROM users u WHERE {IN_CHAT}", args).fetchone()[0]
    return CHATTERS.page(s.conn, window, CHATTER_ORDER, IN_CHAT, args), int(total)


def join_chat(s: Services, broadcaster_id: str, user_id: str) -> ChatterRow:
    """The user opens the channel's chat (they show in Get Chatters while the channel is live)."""
    checks.user(s, "broadcaster_id", broadcaster_id)
    checks.user(s, "user_id", user_id)
    row = ChatterRow(broadcaster_id, user_id, s.now())
    insert_rows(s.conn, "INSERT OR IGNORE", [row])
    return row


def leave_chat(s: Services, broadcaster_id: str, user_id: str) -> bool:
    cursor = s.conn.execute(
        "DELETE FROM chatters WHERE broadcaster_id = ? AND user_id = ?", (broadcaster_id, user_id)
    )
    return cursor.rowcount > 0
