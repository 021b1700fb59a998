"""Generated chat: who has Turbo or Prime (about 1 in 8 users, and the all-units user), the viewers
in each channel's chat (shown while the channel is live), and the custom badges and emotes of every
affiliate and partner (dev.twitch.tv/docs/api/reference/#get-chatters, #get-channel-emotes,
#get-channel-chat-badges). Each channel draws a small bounded number of rows."""

from __future__ import annotations

import re
from collections.abc import Sequence

from twitch_mock.domain.chat import ChatterRow, PremiumRow
from twitch_mock.domain.emotes import BadgeRow, EmoteRow
from twitch_mock.generator.plan import HOUR, Plan
from twitch_mock.store.rows import Row

PREMIUM_SHARE = 0.125
MAX_CHATTERS = 12
STAR_CHATTERS = 10
EMOTE_WORDS = (
    "Hype",
    "Love",
    "GG",
    "Wave",
    "Pog",
    "Lul",
    "Cry",
    "Rage",
    "Heart",
    "Clap",
    "Hi",
    "Wow",
    "Sip",
    "Cozy",
    "Dance",
    "Think",
    "Salute",
    "Pat",
    "Rip",
    "Win",
)
SUB_BADGES = (
    ("0", "Subscriber"),
    ("3", "3-Month Subscriber"),
    ("6", "6-Month Subscriber"),
    ("12", "1-Year Subscriber"),
    ("24", "2-Year Subscriber"),
)
BITS_BADGES = ("1", "100", "1000", "5000")
BITS_URL = "https://bits.twitch.tv"


def chat(plan: Plan) -> Sequence[Sequence[Row]]:
    return premium(plan), chatters(plan), badges(plan), channel_emotes(plan)


def premium(plan: Plan) -> list[PremiumRow]:
    rows: list[PremiumRow] = []
    for n, user in enumerate(plan.users):
        if plan.is_star(n) or plan.rng.random() < PREMIUM_SHARE:
            rows.append(
                PremiumRow(user.id, "turbo" if plan.is_star(n) or plan.rng.random() < 0.5 else "prime")
            )
    return rows


def chatters(plan: Plan) -> list[ChatterRow]:
    """Viewers of every channel with a broadcaster type (the ones that stream); the broadcaster and
    the moderators are in chat without a row."""
    rows: list[ChatterRow] = []
    for n in plan.casters:
        count = STAR_CHATTERS if plan.is_star(n) else plan.rng.randint(0, MAX_CHATTERS)
        for viewer in plan.others(n, count):
            rows.append(
                ChatterRow(plan.users[n].id, plan.users[viewer].id, plan.ago(plan.rng.random() * HOUR))
            )
    return rows


def badges(plan: Plan) -> list[BadgeRow]:
    """Subscriber badges (partners also for tiers 2 and 3) and Bits badges for some channels."""
    rows: list[BadgeRow] = []
    for n in plan.casters:
        user, star = plan.users[n], plan.is_star(n)
        tiers = ("", "2000", "3000") if user.broadcaster_type == "partner" else ("",)
        versions = SUB_BADGES if star else SUB_BADGES[: plan.rng.randint(1, len(SUB_BADGES))]
        for tier in tiers:
            for months, title in versions:
                version = months if not tier else str(int(tier) + int(months))
                rows.append(
                    BadgeRow(
                        user.id,
                        "subscriber",
                        version,
                        plan.ids.guid(),
                        title,
                        title,
                        "subscribe_to_channel",
                        None,
                    )
                )
        if star or plan.rng.random() < 0.5:
            for bits in BITS_BADGES[: 4 if star else plan.rng.randint(1, 4)]:
                rows.append(
                    BadgeRow(
                        user.id,
                        "bits",
                        bits,
                        plan.ids.guid(),
                        f"cheer {bits}",
                        f"cheer {bits}",
                        "visit_url",
                        BITS_URL,
                    )
                )
    return rows


def channel_emotes(plan: Plan) -> list[EmoteRow]:
    """Per channel: a tier-1 subscriber set, and for some channels tier 2 and 3 sets, a follower set
    and a Bits tier set; each set holds 1-4 emotes named <prefix><Word>."""
    rows: list[EmoteRow] = []
    for n in plan.casters:
        user, star = plan.users[n], plan.is_star(n)
        prefix = (re.sub(r"[^a-z]", "", user.login) or "chan")[: plan.rng.randint(4, 6)]
        words = iter(plan.rng.sample(EMOTE_WORDS, len(EMOTE_WORDS)))
        groups = [("subscriptions", "1000")]
        for kind in (
            ("subscriptions", "2000"),
            ("subscriptions", "3000"),
            ("follower", ""),
            ("bitstier", ""),
        ):
            if star or plan.rng.random() < 0.4:
                groups.append(kind)
        for emote_type, tier in groups:
            set_id = plan.ids.numeric(10)
            for _ in range(plan.rng.randint(2, 4) if star else plan.rng.randint(1, 4)):
                word = next(words, None)
                if word is None:
                    break
                emote_id = f"emotesv2_{plan.rng.getrandbits(128):032x}"
                rows.append(
                    EmoteRow(
                        emote_id,
                        user.id,
                        prefix + word,
                        emote_type,
                        tier,
                        set_id,
                        plan.rng.random() < 0.2,
                        len(rows),
                    )
                )
    return rows
