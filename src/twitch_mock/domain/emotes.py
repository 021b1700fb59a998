"""Emotes and chat badges (dev.twitch.tv/docs/api/reference/#get-channel-emotes, #get-emote-sets,
#get-global-emotes, #get-channel-chat-badges, #get-global-chat-badges).

A channel's custom emotes and badges are stored (`generate` makes them for affiliates and partners;
`add_emote` and `add_badge` for anything else), so every read answers the same and Get Emote Sets
finds exactly the sets that Get Channel Emotes lists. Twitch's global emotes and badges are constants.

This module owns `channel_emotes` and `chat_badges`: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Final

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import checks
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import Order, Slice, Window, slice_rows
from twitch_mock.store.rows import Select, insert_rows, json_objects

CDN = "https://static-cdn.jtvnw.net"
TEMPLATE: Final = f"{CDN}/emoticons/v2/{{{{id}}}}/{{{{format}}}}/{{{{theme_mode}}}}/{{{{scale}}}}"
SCALES: Final = ("1.0", "2.0", "3.0")
THEMES: Final = ("light", "dark")
EMOTE_TYPES: Final = ("subscriptions", "follower", "bitstier")
TIERS: Final = ("1000", "2000", "3000")


@dataclass(frozen=True, slots=True)
class EmoteRow:
    TABLE: ClassVar[str] = "channel_emotes"
    id: str
    broadcaster_id: str
    name: str
    emote_type: str
    tier: str
    emote_set_id: str
    animated: bool
    position: int


@dataclass(frozen=True, slots=True)
class BadgeRow:
    TABLE: ClassVar[str] = "chat_badges"
    broadcaster_id: str
    set_id: str
    id: str
    image_id: str
    title: str
    description: str
    click_action: str | None
    click_url: str | None


@dataclass(frozen=True, slots=True)
class EmoteImages:
    """Static, light-background image URLs (the `template` gives every variant)."""

    url_1x: str
    url_2x: str
    url_4x: str


@dataclass(frozen=True, slots=True)
class ChannelEmote:
    """A Get Channel Emotes item."""

    id: str
    name: str
    images: EmoteImages
    tier: str
    emote_type: str
    emote_set_id: str
    format: list[str]
    scale: list[str]
    theme_mode: list[str]


@dataclass(frozen=True, slots=True)
class SetEmote:
    """A Get Emote Sets item."""

    id: str
    name: str
    images: EmoteImages
    emote_type: str
    emote_set_id: str
    owner_id: str
    format: list[str]
    scale: list[str]
    theme_mode: list[str]


@dataclass(frozen=True, slots=True)
class GlobalEmote:
    """A Get Global Emotes item."""

    id: str
    name: str
    images: EmoteImages
    format: list[str]
    scale: list[str]
    theme_mode: list[str]


@dataclass(frozen=True, slots=True)
class BadgeVersion:
    id: str
    image_url_1x: str
    image_url_2x: str
    image_url_4x: str
    title: str
    description: str
    click_action: str | None
    click_url: str | None


@dataclass(frozen=True, slots=True)
class BadgeSet:
    """A Get Channel / Global Chat Badges item: versions ascend by id."""

    set_id: str
    versions: list[BadgeVersion]


def images(emote_id: str) -> EmoteImages:
    base = f"{CDN}/emoticons/v2/{emote_id}/static/light"
    return EmoteImages(f"{base}/1.0", f"{base}/2.0", f"{base}/3.0")


def badge_url(image_id: str, size: int) -> str:
    return f"{CDN}/badges/v1/{image_id}/{size}"


def _formats(animated: bool) -> list[str]:
    return ["static", "animated"] if animated else ["static"]


# --- Twitch's global emotes and badges (constants) -----------------------------------------------

GLOBAL_EMOTE_IDS: Final = (
    ("25", "Kappa"), ("354", "4Head"), ("86", "BibleThump"), ("41", "Kreygasm"), ("33", "DansGame"),
    ("245", "ResidentSleeper"), ("30259", "HeyGuys"), ("58127", "CoolCat"), ("58765", "NotLikeThis"),
    ("64138", "SeemsGood"), ("81273", "KomodoHype"), ("81274", "VoHiYo"), ("196892", "TwitchUnity"),
    ("425618", "LUL"),
)  # fmt: skip
GLOBAL_EMOTES: Final = tuple(
    GlobalEmote(i, name, images(i), ["static"], list(SCALES), list(THEMES)) for i, name in GLOBAL_EMOTE_IDS
)

_HELP = "https://help.twitch.tv/customer/en/portal/articles/659115-twitch-chat-badges-guide"
_VERIFIED = "https://blog.twitch.tv/2017/04/24/the-verified-badge-is-here-13381bc05735"
_TURBO = "https://www.twitch.tv/products/turbo?ref=chat_badge"
_GIFTED = "Has gifted {} to other viewers in this community"
# (set_id, version id, title, description, click_action, click_url), in Twitch's order: set, then id.
_GLOBAL_BADGES: Final = (
    ("bits", "1", "cheer 1", "cheer 1", "visit_url", "https://bits.twitch.tv"),
    ("bits", "100", "cheer 100", "cheer 100", "visit_url", "https://bits.twitch.tv"),
    ("bits", "1000", "cheer 1000", "cheer 1000", "visit_url", "https://bits.twitch.tv"),
    ("bits", "5000", "cheer 5000", "cheer 5000", "visit_url", "https://bits.twitch.tv"),
    ("bits", "10000", "cheer 10000", "cheer 10000", "visit_url", "https://bits.twitch.tv"),
    ("broadcaster", "1", "Broadcaster", "Broadcaster", None, None),
    ("moderator", "1", "Moderator", "Moderator", None, None),
    ("partner", "1", "Verified", "Verified", "visit_url", _VERIFIED),
    ("premium", "1", "Prime Gaming", "Prime Gaming", "visit_url", "https://gaming.amazon.com"),
    ("staff", "1", "Staff", "Twitch Staff", "visit_url", "https://www.twitch.tv/jobs?ref=chat_badge"),
    ("sub-gifter", "1", "Sub Gifter", _GIFTED.format("a subscription"), None, None),
    ("sub-gifter", "5", "5 Gift Subs", _GIFTED.format("5 subscriptions"), None, None),
    ("sub-gifter", "10", "10 Gift Subs", _GIFTED.format("10 subscriptions"), None, None),
    ("subscriber", "0", "Subscriber", "Subscriber", "subscribe_to_channel", None),
    ("turbo", "1", "Turbo", "A subscriber of Twitch's monthly premium user service", "visit_url", _TURBO),
    ("vip", "1", "VIP", "VIP", "visit_url", _HELP),
)  # fmt: skip


def _stable_guid(set_id: str, version: str) -> str:
    """A fixed image GUID per global badge version (the same in every process and run)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"twitch-mock:badge:{set_id}:{version}"))


def _badge_sets(rows: Sequence[tuple[str, str, str, str, str | None, str | None]]) -> tuple[BadgeSet, ...]:
    sets: dict[str, list[BadgeVersion]] = {}
    for set_id, version, title, description, action, url in rows:
        guid = _stable_guid(set_id, version)
        one, two, four = (badge_url(guid, size) for size in (1, 2, 3))
        sets.setdefault(set_id, []).append(
            BadgeVersion(version, one, two, four, title, description, action, url)
        )
    return tuple(BadgeSet(s, versions) for s, versions in sets.items())


GLOBAL_BADGES: Final = _badge_sets(_GLOBAL_BADGES)


# --- queries -------------------------------------------------------------------------------------

EMOTES = Select(EmoteRow, "channel_emotes")
_BADGE_VERSIONS = json_objects(
    "FROM chat_badges b WHERE b.broadcaster_id = s.broadcaster_id AND b.set_id = s.set_id "
    "ORDER BY CAST(b.id AS INTEGER), b.id",
    id="b.id",
    image_url_1x=f"'{CDN}/badges/v1/' || b.image_id || '/1'",
    image_url_2x=f"'{CDN}/badges/v1/' || b.image_id || '/2'",
    image_url_4x=f"'{CDN}/badges/v1/' || b.image_id || '/3'",
    title="b.title",
    description="b.description",
    click_action="b.click_action",
    click_url="b.click_url",
)
BADGE_SETS = Select(
    BadgeSet,
    "(SELECT DISTINCT broadcaster_id, set_id FROM chat_badges) s",
    alias="s",
    versions=_BADGE_VERSIONS,
)


def channel_emotes(conn: sqlite3.Connection, broadcaster_id: str) -> list[ChannelEmote]:
    rows = EMOTES.all(conn, "broadcaster_id = ?", (broadcaster_id,), "position, id")
    return [
        ChannelEmote(
            r.id,
            r.name,
            images(r.id),
            r.tier,
            r.emote_type,
            r.emote_set_id,
            _formats(r.animated),
            list(SCALES),
            list(THEMES),
        )
        for r in rows
    ]


def emote_sets(conn: sqlite3.Connection, set_ids: Sequence[str]) -> list[SetEmote]:
    """The emotes of these sets, set by set in the order asked for (unknown sets are left out)."""
    if not set_ids:
        return []
    marks = ",".join("?" * len(set_ids))
    rows = EMOTES.all(conn, f"emote_set_id IN ({marks})", set_ids, "position, id")
    order = {s: n for n, s in enumerate(set_ids)}
    rows.sort(key=lambda r: order[r.emote_set_id])
    return [
        SetEmote(
            r.id,
            r.name,
            images(r.id),
            r.emote_type,
            r.emote_set_id,
            r.broadcaster_id,
            _formats(r.animated),
            list(SCALES),
            list(THEMES),
        )
        for r in rows
    ]


def channel_badges(conn: sqlite3.Connection, broadcaster_id: str) -> list[BadgeSet]:
    return BADGE_SETS.all(conn, "s.broadcaster_id = ?", (broadcaster_id,), "s.set_id")


# --- builders (generate, the control API) --------------------------------------------------------


def add_emote(
    s: Services,
    broadcaster_id: str,
    name: str,
    emote_type: str,
    tier: str = "",
    emote_set_id: str | None = None,
) -> EmoteRow:
    """A custom emote of an affiliate's or partner's channel, in the channel's set for its type and
    tier (a new set when the channel has none yet, unless `emote_set_id` names one)."""
    owner = checks.user(s, "broadcaster_id", broadcaster_id)
    if not owner.broadcaster_type:
        raise BadRequest("Only affiliates and partners have custom emotes")
    checks.choice("emote_type", emote_type, EMOTE_TYPES)
    tier = checks.choice("tier", tier, TIERS) if emote_type == "subscriptions" else ""
    checks.matches("name", name, checks.LOGIN, "letters, digits or underscores")
    if emote_set_id is None:
        found = s.conn.execute(
            "SELECT emote_set_id FROM channel_emotes "
            "WHERE broadcaster_id = ? AND emote_type = ? AND tier = ?",
            (broadcaster_id, emote_type, tier),
        ).fetchone()
        emote_set_id = found[0] if found else s.ids.numeric(10)
    position = s.conn.execute(
        "SELECT COALESCE(MAX(position) + 1, 0) FROM channel_emotes WHERE broadcaster_id = ?",
        (broadcaster_id,),
    ).fetchone()[0]
    row = EmoteRow(
        f"emotesv2_{s.ids.rng.getrandbits(128):032x}",
        broadcaster_id,
        name,
        emote_type,
        tier,
        emote_set_id,
        False,
        int(position),
    )
    insert_rows(s.conn, "INSERT", [row])
    return row


def add_badge(
    s: Services, broadcaster_id: str, set_id: str, version: str, title: str, description: str = ""
) -> BadgeRow:
    """A custom badge version of a channel (replacing one with the same set and id)."""
    checks.user(s, "broadcaster_id", broadcaster_id)
    checks.choice("set_id", set_id, ("subscriber", "bits"))
    action, url = (
        ("subscribe_to_channel", None) if set_id == "subscriber" else ("visit_url", "https://bits.twitch.tv")
    )
    row = BadgeRow(broadcaster_id, set_id, version, s.ids.guid(), title, description or title, action, url)
    insert_rows(s.conn, "INSERT OR REPLACE", [row])
    return row


@dataclass(frozen=True, slots=True)
class UserEmote:
    """A Get User Emotes item."""

    id: str
    name: str
    emote_type: str
    emote_set_id: str
    owner_id: str
    format: list[str]
    scale: list[str]
    theme_mode: list[str]


PAGE_SIZE: Final = 100  # Get User Emotes takes no `first`; Twitch documents no page size
# The emotes a user may use: Twitch's global emotes first (group 0, in their order), then the
# channels' (group 1): the user's own (every emote), those of the channels they subscribe to
# (subscriber emotes up to their tier, follower emotes; not bits-tier ones), and `broadcaster_id`'s
# follower emotes when they follow it. Keyset order: (group, owner, position, id).
_GLOBAL_VALUES = ", ".join(f"('{i}', '{name}', {n})" for n, (i, name) in enumerate(GLOBAL_EMOTE_IDS))
USABLE = f"""
SELECT * FROM (
  SELECT g.column1 AS id, g.column2 AS name, 'globals' AS emote_type, '0' AS emote_set_id,
    '0' AS owner_id, 0 AS animated, 0 AS grp, g.column3 AS position
  FROM (VALUES {_GLOBAL_VALUES}) g
  UNION ALL
  SELECT e.id, e.name, e.emote_type, e.emote_set_id, e.broadcaster_id, e.animated, 1, e.position
  FROM channel_emotes e
  LEFT JOIN subscriptions s ON s.broadcaster_id = e.broadcaster_id AND s.user_id = ?
  WHERE e.broadcaster_id = ?
     OR (s.user_id IS NOT NULL AND e.emote_type <> 'bitstier'
         AND NOT (e.emote_type = 'subscriptions' AND e.tier > s.tier))
     OR (e.broadcaster_id = ? AND e.emote_type = 'follower'
         AND EXISTS (SELECT 1 FROM follows WHERE broadcaster_id = ? AND user_id = ?))
) x
"""
USABLE_ORDER: Final = Order.of("grp", "owner_id", "position", "id")


def user_emotes(
    conn: sqlite3.Connection, user_id: str, broadcaster_id: str | None, window: Window
) -> Slice[UserEmote]:
    """Get User Emotes: one page of the emotes the user may use in chat."""
    where, args = ("", []) if window.after is None else USABLE_ORDER.seek(window.after, False)
    sql = f"{USABLE}{' WHERE ' + where if where else ''} ORDER BY {USABLE_ORDER.sql()} LIMIT ?"
    caster = broadcaster_id or ""
    rows = conn.execute(sql, [user_id, user_id, caster, caster, user_id, *args, window.limit + 1]).fetchall()
    return slice_rows(
        [
            (
                UserEmote(
                    emote_id, name, kind, set_id, owner, _formats(bool(animated)), list(SCALES), list(THEMES)
                ),
                (grp, owner, position, emote_id),
            )
            for emote_id, name, kind, set_id, owner, animated, grp, position in rows
        ],
        window,
    )
