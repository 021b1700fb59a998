"""Chat announcements and shoutouts (dev.twitch.tv/docs/api/reference/#send-chat-announcement,
#send-a-shoutout), with Twitch's rate limits on the mock clock: one announcement every 2 seconds
per sender and channel; a shoutout every 2 minutes per channel and the same target once an hour.

This module owns `chat_announcements` and `shoutouts`: their row types, SQL and rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Final

from twitch_mock.core.clock import rfc3339
from twitch_mock.core.errors import BadRequest, Forbidden, TooManyRequests
from twitch_mock.domain import chat, moderators, streams, users
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.domain.users import User
from twitch_mock.store.rows import insert_rows

ANNOUNCEMENT_COLORS: Final = ("blue", "green", "orange", "purple", "primary")
MAX_ANNOUNCEMENT = 500
ANNOUNCEMENT_EVERY = 2.0
SHOUTOUT_EVERY, SHOUTOUT_TARGET_EVERY = 120.0, 3600.0
TOO_MANY_ANNOUNCEMENTS = (
    "The sender has exceeded the number of announcements they may send to this broadcaster_id within a "
    "given window"
)
TOO_MANY_SHOUTOUTS = (
    "The broadcaster exceeded the number of Shoutouts they may send within a given window. "
    "See the endpoint's Rate Limits."
)
TOO_MANY_TARGET_SHOUTOUTS = (
    "The broadcaster exceeded the number of Shoutouts they may send the same broadcaster within a given "
    "window. See the endpoint's Rate Limits."
)


@dataclass(frozen=True, slots=True)
class AnnouncementRow:
    TABLE: ClassVar[str] = "chat_announcements"
    id: str
    broadcaster_id: str
    moderator_id: str
    message: str
    color: str
    created_at: str
    sent_at: float


@dataclass(frozen=True, slots=True)
class ShoutoutRow:
    TABLE: ClassVar[str] = "shoutouts"
    id: str
    from_broadcaster_id: str
    to_broadcaster_id: str
    moderator_id: str
    viewer_count: int
    started_at: str
    sent_at: float


@dataclass(frozen=True, slots=True)
class ChatBadge:
    set_id: str
    id: str
    info: str


@dataclass(frozen=True, slots=True)
class Fragment:
    type: str
    text: str
    cheermote: None = None
    emote: None = None
    mention: None = None


@dataclass(frozen=True, slots=True)
class NoticeMessage:
    text: str
    fragments: list[Fragment]


@dataclass(frozen=True, slots=True)
class AnnouncementNotice:
    color: str  # Twitch's upper-case name: PRIMARY, BLUE, GREEN, ORANGE, PURPLE


@dataclass(frozen=True, slots=True)
class ChatNotification(Event):
    """EventSub `channel.chat.notification` v1. Every notice object is present; only the one that
    `notice_type` names is not null (this mock publishes `announcement`)."""

    TYPE: ClassVar[str] = "channel.chat.notification"
    VERSION: ClassVar[str] = "1"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    chatter_user_id: str
    chatter_user_login: str
    chatter_user_name: str
    chatter_is_anonymous: bool
    color: str
    badges: list[ChatBadge]
    system_message: str
    message_id: str
    message: NoticeMessage
    notice_type: str
    announcement: AnnouncementNotice | None = None
    sub: None = None
    resub: None = None
    sub_gift: None = None
    community_sub_gift: None = None
    gift_paid_upgrade: None = None
    prime_paid_upgrade: None = None
    pay_it_forward: None = None
    raid: None = None
    unraid: None = None
    bits_badge_tier: None = None
    charity_donation: None = None
    shared_chat_sub: None = None
    shared_chat_resub: None = None
    shared_chat_sub_gift: None = None
    shared_chat_community_sub_gift: None = None
    shared_chat_gift_paid_upgrade: None = None
    shared_chat_prime_paid_upgrade: None = None
    shared_chat_pay_it_forward: None = None
    shared_chat_raid: None = None
    shared_chat_announcement: None = None
    source_broadcaster_user_id: None = None
    source_broadcaster_user_login: None = None
    source_broadcaster_user_name: None = None
    source_message_id: None = None
    source_badges: None = field(default=None)


@dataclass(frozen=True, slots=True)
class ShoutoutCreate(Event):
    """EventSub `channel.shoutout.create` v1 (the sender's side)."""

    TYPE: ClassVar[str] = "channel.shoutout.create"
    VERSION: ClassVar[str] = "1"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    to_broadcaster_user_id: str
    to_broadcaster_user_login: str
    to_broadcaster_user_name: str
    moderator_user_id: str
    moderator_user_login: str
    moderator_user_name: str
    viewer_count: int
    started_at: str
    cooldown_ends_at: str
    target_cooldown_ends_at: str


@dataclass(frozen=True, slots=True)
class ShoutoutReceive(Event):
    """EventSub `channel.shoutout.receive` v1 (the receiver's side)."""

    TYPE: ClassVar[str] = "channel.shoutout.receive"
    VERSION: ClassVar[str] = "1"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    from_broadcaster_user_id: str
    from_broadcaster_user_login: str
    from_broadcaster_user_name: str
    viewer_count: int
    started_at: str


def _user(s: Services, name: str, user_id: str) -> User:
    found = users.get(s.conn, user_id)
    if found is None:
        raise BadRequest(f"The ID in {name} is not valid")
    return found


def _color(s: Services, user_id: str) -> str:
    found = chat.chat_colors(s.conn, [user_id])
    return found[0].color if found else ""


# --- announcements -------------------------------------------------------------------------------


def send_announcement(
    s: Services, broadcaster_id: str, moderator_id: str, message: str, color: str = "primary"
) -> AnnouncementRow:
    """Post an announcement (longer messages are cut to 500 characters, as Twitch does) and publish
    `channel.chat.notification` with notice_type `announcement`."""
    broadcaster = _user(s, "broadcaster_id", broadcaster_id)
    moderator = _user(s, "moderator_id", moderator_id)
    if not moderators.is_moderator(s.conn, broadcaster_id, moderator_id):
        raise Forbidden("The user in moderator_id is not one of the broadcaster's moderators")
    now = s.clock.now()
    last = s.conn.execute(
        "SELECT MAX(sent_at) FROM chat_announcements WHERE broadcaster_id = ? AND moderator_id = ?",
        (broadcaster_id, moderator_id),
    ).fetchone()[0]
    if last is not None and now - last < ANNOUNCEMENT_EVERY:
        raise TooManyRequests(TOO_MANY_ANNOUNCEMENTS)
    text = message[:MAX_ANNOUNCEMENT]
    row = AnnouncementRow(s.ids.guid(), broadcaster_id, moderator_id, text, color, rfc3339(now), now)
    insert_rows(s.conn, "INSERT", [row])
    badge = (
        ChatBadge("broadcaster", "1", "")
        if moderator_id == broadcaster_id
        else ChatBadge("moderator", "1", "")
    )
    s.publish(
        ChatNotification(
            broadcaster.id,
            broadcaster.login,
            broadcaster.display_name,
            moderator.id,
            moderator.login,
            moderator.display_name,
            chatter_is_anonymous=False,
            color=_color(s, moderator_id),
            badges=[badge],
            system_message="",
            message_id=row.id,
            message=NoticeMessage(text, [Fragment("text", text)]),
            notice_type="announcement",
            announcement=AnnouncementNotice(color.upper()),
        )
    )
    return row


# --- shoutouts -----------------------------------------------------------------------------------


def send_shoutout(s: Services, from_id: str, to_id: str, moderator_id: str) -> ShoutoutRow:
    """A live channel (with viewers) shouts out another; publishes `channel.shoutout.create` and
    `channel.shoutout.receive`."""
    sender = _user(s, "from_broadcaster_id", from_id)
    target = _user(s, "to_broadcaster_id", to_id)
    moderator = _user(s, "moderator_id", moderator_id)
    if from_id == to_id:
        raise BadRequest("The broadcaster may not give themselves a Shoutout")
    viewers = streams.viewer_count(s.conn, from_id)
    if not viewers:
        raise BadRequest("The broadcaster is not streaming live or does not have one or more viewers")
    if users.is_blocked(s.conn, to_id, from_id):
        raise Forbidden("The broadcaster may not send the specified broadcaster a Shoutout")
    now = s.clock.now()
    last_any, last_target = s.conn.execute(
        "SELECT MAX(sent_at), MAX(CASE WHEN to_broadcaster_id = ? THEN sent_at END) "
        "FROM shoutouts WHERE from_broadcaster_id = ?",
        (to_id, from_id),
    ).fetchone()
    if last_target is not None and now - last_target < SHOUTOUT_TARGET_EVERY:
        raise TooManyRequests(TOO_MANY_TARGET_SHOUTOUTS)
    if last_any is not None and now - last_any < SHOUTOUT_EVERY:
        raise TooManyRequests(TOO_MANY_SHOUTOUTS)
    row = ShoutoutRow(s.ids.guid(), from_id, to_id, moderator_id, viewers, rfc3339(now), now)
    insert_rows(s.conn, "INSERT", [row])
    s.publish(
        ShoutoutCreate(
            sender.id,
            sender.login,
            sender.display_name,
            target.id,
            target.login,
            target.display_name,
            moderator.id,
            moderator.login,
            moderator.display_name,
            viewers,
            row.started_at,
            rfc3339(now + SHOUTOUT_EVERY),
            rfc3339(now + SHOUTOUT_TARGET_EVERY),
        )
    )
    s.publish(
        ShoutoutReceive(
            target.id,
            target.login,
            target.display_name,
            sender.id,
            sender.login,
            sender.display_name,
            viewers,
            row.started_at,
        )
    )
    return row
