"""Send Chat Message's rules (dev.twitch.tv/docs/api/reference/#send-chat-message): whether the
channel's state lets a message through, checked on every message, in this order:

1. a ban (`msg_banned`) or a timeout (`msg_timedout`), and a warning not yet acknowledged
   (`msg_warned`);
2. for everyone but the broadcaster and the moderators: Shield Mode (only followers, subscribers and
   VIPs may chat: `msg_shield_mode`), followers-only mode and its duration in minutes
   (`msg_followersonly_zero`, `msg_followersonly`, `msg_followersonly_followed`; VIPs are exempt),
   subscriber-only (`msg_subsonly`), emote-only (every word an emote: `msg_emoteonly`), slow mode
   on the mock's clock (`msg_slowmode`; VIPs exempt), the same text as one's own last message less
   than 30 s ago (`msg_duplicate`; VIPs exempt), unique chat (the same text as any message in the
   channel in the last 10 minutes: `msg_r9k`), blocked terms (`msg_rejected_mandatory`), and AutoMod
   (`msg_rejected`: the message is held, domain/automod.py, and its id is the held message's;
   `automod.message.hold` and `channel.chat.user_message_hold` are published).

Codes and texts are the chat server's NOTICE ids (reference/tmi-chat.md, c.6); `msg_warned`'s and
`msg_shield_mode`'s texts are the mock's own. A message that passes is stored and published
(domain/chat_messages.py). The sender's standing in the channel comes from one query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from twitch_mock.core.clock import parse_rfc3339, rfc3339
from twitch_mock.core.errors import BadRequest
from twitch_mock.core.omit import OMIT, Omit, Sparse
from twitch_mock.domain import automod, automod_settings, blocked_terms, chat, chat_messages, checks, emotes
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services

DUPLICATE_WINDOW = 30
UNIQUE_WINDOW = 600
GLOBAL_EMOTE_NAMES = frozenset(name for _, name in emotes.GLOBAL_EMOTE_IDS)


@dataclass(frozen=True, slots=True)
class DropReason:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class SentMessage(Sparse):
    """A Send Chat Message item; `drop_reason` only when the message was not sent."""

    message_id: str
    is_sent: bool
    drop_reason: DropReason | Omit = OMIT


@dataclass(frozen=True, slots=True)
class ChatUserMessageHold(Event):
    """EventSub `channel.chat.user_message_hold` v1: AutoMod holds the user's own message."""

    TYPE: ClassVar[str] = "channel.chat.user_message_hold"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    user_id: str
    user_login: str
    user_name: str
    message_id: str
    message: chat_messages.MessageBody


@dataclass(frozen=True, slots=True)
class Standing:
    """What the rules need to know about the sender and the channel, from one query."""

    login: str  # the channel's
    name: str
    sender_login: str | None  # None: no such user
    sender_name: str
    color: str
    moderator: bool
    vip: bool
    tier: str | None  # the sender's subscription, if any
    ban: str | None  # None: not banned; "": permanently; else when the timeout ends
    warned: bool
    followed_at: str | None
    last_sent_at: str | None
    last_text: str | None
    shield: bool
    terms_version: int | None
    settings: chat.ChatSettingsRow
    automod: automod_settings.AutoModSettingsRow


MODES = (
    "slow_mode", "slow_mode_wait_time", "follower_mode", "follower_mode_duration", "subscriber_mode",
    "emote_mode", "unique_chat_mode", "non_moderator_chat_delay", "non_moderator_chat_delay_duration",
)  # fmt: skip
FLAGS = frozenset(
    (
        "slow_mode",
        "follower_mode",
        "subscriber_mode",
        "emote_mode",
        "unique_chat_mode",
        "non_moderator_chat_delay",
    )
)
LEVELS = ("overall_level", *automod_settings.CATEGORIES)
STANDING = f"""
SELECT b.login, b.display_name, u.login, u.display_name, COALESCE(u.chat_color, ''),
  EXISTS (SELECT 1 FROM moderators WHERE broadcaster_id = :b AND user_id = :u),
  EXISTS (SELECT 1 FROM vips WHERE broadcaster_id = :b AND user_id = :u),
  (SELECT tier FROM subscriptions WHERE broadcaster_id = :b AND user_id = :u),
  (SELECT COALESCE(expires_at, '') FROM bans WHERE broadcaster_id = :b AND user_id = :u
     AND (expires_at IS NULL OR expires_at > :now)),
  EXISTS (SELECT 1 FROM chat_warnings WHERE broadcaster_id = :b AND user_id = :u
     AND acknowledged_at IS NULL),
  (SELECT followed_at FROM follows WHERE broadcaster_id = :b AND user_id = :u),
  last.sent_at, last.text,
  COALESCE((SELECT is_active FROM shield_mode WHERE broadcaster_id = :b), 0),
  (SELECT version FROM blocked_term_versions WHERE broadcaster_id = :b),
  {", ".join(f"c.{m}" for m in MODES)}, {", ".join(f"a.{c}" for c in LEVELS)}
FROM users b
LEFT JOIN users u ON u.id = :u
LEFT JOIN chat_settings c ON c.broadcaster_id = b.id
LEFT JOIN automod_settings a ON a.broadcaster_id = b.id
LEFT JOIN (SELECT sent_at, text FROM chat_messages WHERE broadcaster_id = :b AND user_id = :u
  ORDER BY sent_at DESC, rowid DESC LIMIT 1) last
WHERE b.id = :b
"""


def standing(s: Services, broadcaster_id: str, user_id: str, now: str) -> Standing | None:
    """None when there is no such channel."""
    row = s.conn.execute(STANDING, {"b": broadcaster_id, "u": user_id, "now": now}).fetchone()
    if row is None:
        return None
    modes = row[15 : 15 + len(MODES)]
    levels = row[15 + len(MODES) :]
    flags = {m: (bool(v) if m in FLAGS else v) for m, v in zip(MODES, modes, strict=True)}
    settings = chat.ChatSettingsRow(broadcaster_id, **flags)
    automod = automod_settings.AutoModSettingsRow(broadcaster_id, levels[0], *(v or 0 for v in levels[1:]))
    return Standing(
        row[0], row[1], row[2], row[3] or "", row[4], bool(row[5]), bool(row[6]), row[7], row[8],
        bool(row[9]), row[10], row[11], row[12], bool(row[13]), row[14], settings, automod,
    )  # fmt: skip


def send(
    s: Services, broadcaster_id: str, sender_id: str, text: str, reply_parent_message_id: str | None = None
) -> SentMessage:
    """Send Chat Message: the message goes through the channel's rules; sent, it is stored and
    `channel.chat.message` is published; caught by AutoMod, it is held."""
    now = s.now()
    who = standing(s, broadcaster_id, sender_id, now)
    if who is None:
        raise BadRequest("The ID in broadcaster_id is not valid")
    if who.sender_login is None:
        raise BadRequest("The ID in sender_id is not valid")
    if reply_parent_message_id is not None:
        chat_messages.reply_parent(s.conn, broadcaster_id, reply_parent_message_id)
    privileged = who.moderator or sender_id == broadcaster_id
    reason = _refusal(s, broadcaster_id, who, privileged, text)
    if reason is not None:
        return SentMessage("", False, reason)
    if not privileged and automod_settings.caught(who.automod, text) is not None:
        held = automod.hold_message(s, broadcaster_id, sender_id, text)
        body = chat_messages.MessageBody(text, chat_messages.fragments(s.conn, broadcaster_id, text))
        caster, sender = (broadcaster_id, who.login, who.name), (sender_id, who.sender_login, who.sender_name)
        s.publish(ChatUserMessageHold(*caster, *sender, held.id, body))
        return SentMessage(held.id, False, DropReason("msg_rejected", REJECTED))
    speaker = chat_messages.Speaker(
        (broadcaster_id, who.login, who.name),
        (sender_id, who.sender_login, who.sender_name),
        who.color,
        _badges(who, sender_id == broadcaster_id),
    )
    row = chat_messages.post(s, broadcaster_id, sender_id, text, now, None, reply_parent_message_id, speaker)
    return SentMessage(row.id, True)


def _badges(who: Standing, broadcaster: bool) -> list[chat_messages.Badge]:
    """As chat_messages.badges, from the standing."""
    Badge = chat_messages.Badge
    out = [Badge("broadcaster", "1", "")] if broadcaster else []
    if who.moderator and not broadcaster:
        out.append(Badge("moderator", "1", ""))
    if who.vip:
        out.append(Badge("vip", "1", ""))
    if who.tier is not None:
        out.append(Badge("subscriber", "0" if who.tier == "1000" else who.tier, "1"))
    return out


REJECTED = "Hey! Your message is being checked by mods and has not been sent."
MANDATORY = "Your message wasn't posted due to conflicts with the channel's moderation settings."


def viewer_chats(
    s: Services, broadcaster_id: str, user_id: str, text: str, reply_parent_message_id: str | None = None
) -> SentMessage:
    """A viewer chats (the control API's builder): the same rules as Send Chat Message."""
    checks.user(s, "broadcaster_id", broadcaster_id)
    checks.user(s, "user_id", user_id)
    return send(s, broadcaster_id, user_id, text, reply_parent_message_id)


def _refusal(
    s: Services, broadcaster_id: str, who: Standing, privileged: bool, text: str
) -> DropReason | None:
    channel = who.login
    if who.ban == "":
        return DropReason("msg_banned", f"You are permanently banned from talking in {channel}.")
    if who.ban is not None:
        left = int(parse_rfc3339(who.ban) - s.clock.now() + 0.999)
        return DropReason(
            "msg_timedout", f"You are banned from talking in {channel} for {left} more seconds."
        )
    if who.warned:
        return DropReason("msg_warned", f"You received a warning in {channel}. Acknowledge it to chat again.")
    if privileged:
        return None
    return (
        _shield_and_followers(s, who, who.settings)
        or _modes(s, broadcaster_id, who, who.settings, text)
        or _terms(s, broadcaster_id, who.terms_version, text)
    )


def _shield_and_followers(s: Services, who: Standing, settings: chat.ChatSettingsRow) -> DropReason | None:
    if who.shield and who.followed_at is None and not (who.vip or who.tier is not None):
        return DropReason("msg_shield_mode", f"{who.login} is in Shield Mode: only followers may chat.")
    if not settings.follower_mode or who.vip:
        return None
    minutes = settings.follower_mode_duration or 0
    if who.followed_at is None:
        if not minutes:
            return DropReason(
                "msg_followersonly_zero",
                f"This room is in followers-only mode. Follow {who.login} to join the community!",
            )
        return DropReason(
            "msg_followersonly",
            f"This room is in {_minutes(minutes)} followers-only mode. "
            f"Follow {who.login} to join the community!",
        )
    followed = s.clock.now() - parse_rfc3339(who.followed_at)
    if followed < minutes * 60:
        return DropReason(
            "msg_followersonly_followed",
            f"This room is in {_minutes(minutes)} followers-only mode. You have been following for "
            f"{_minutes(int(followed // 60))}. Continue following to chat!",
        )
    return None


def _modes(
    s: Services, broadcaster_id: str, who: Standing, settings: chat.ChatSettingsRow, text: str
) -> DropReason | None:
    if settings.subscriber_mode and who.tier is None:
        return DropReason(
            "msg_subsonly",
            "This room is in subscribers only mode. To talk, purchase a channel subscription at "
            f"https://www.twitch.tv/products/{who.login}/ticket?ref=subscriber_only_mode_chat.",
        )
    if settings.emote_mode and not _only_emotes(s, broadcaster_id, text):
        return DropReason(
            "msg_emoteonly",
            "This room is in emote only mode. You can find your currently available emoticons using the "
            "smiley in the chat text area.",
        )
    since = None if who.last_sent_at is None else s.clock.now() - parse_rfc3339(who.last_sent_at)
    wait = settings.slow_mode_wait_time or 0
    if settings.slow_mode and since is not None and since < wait and not who.vip:
        return DropReason(
            "msg_slowmode",
            "This room is in slow mode and you are sending messages too quickly. You will be able to talk "
            f"again in {int(wait - since + 0.999)} seconds.",
        )
    if since is not None and since < DUPLICATE_WINDOW and who.last_text == text and not who.vip:
        return DropReason(
            "msg_duplicate",
            "Your message was not sent because it is identical to the previous one you sent, less than 30 "
            "seconds ago.",
        )
    if settings.unique_chat_mode and _repeated(s, broadcaster_id, text):
        return DropReason(
            "msg_r9k", "This room is in r9k mode and the message you attempted to send is not unique."
        )
    return None


def _terms(s: Services, broadcaster_id: str, version: int | None, text: str) -> DropReason | None:
    compiled = blocked_terms.compiled(s, broadcaster_id, version)
    if compiled is not None and compiled.search(text) is not None:
        return DropReason("msg_rejected_mandatory", MANDATORY)
    return None


def _only_emotes(s: Services, broadcaster_id: str, text: str) -> bool:
    words = text.split()
    channel = {
        r[0]
        for r in s.conn.execute("SELECT name FROM channel_emotes WHERE broadcaster_id = ?", (broadcaster_id,))
    }
    return bool(words) and all(w in GLOBAL_EMOTE_NAMES or w in channel for w in words)


def _repeated(s: Services, broadcaster_id: str, text: str) -> bool:
    args: dict[str, Any] = {"b": broadcaster_id, "since": _ago(s, UNIQUE_WINDOW), "text": text}
    found = s.conn.execute(
        "SELECT 1 FROM chat_messages WHERE broadcaster_id = :b AND sent_at >= :since AND deleted = 0 "
        "AND lower(trim(text)) = lower(trim(:text)) LIMIT 1",
        args,
    ).fetchone()
    return found is not None


def _ago(s: Services, seconds: float) -> str:
    return rfc3339(s.clock.now() - seconds)


def _minutes(minutes: int) -> str:
    """Twitch's way of naming a followers-only duration: "10 minutes", "1 hour", "3 days"."""
    for size, unit in ((43_200, "month"), (10_080, "week"), (1_440, "day"), (60, "hour")):
        if minutes >= size and minutes % size == 0:
            count = minutes // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
