"""Moderation state a batch starts with (bans and moderators are made with the other channel roles,
generator/relations.py): recent chat messages in some channels, messages AutoMod holds for review,
and Shield Mode that was used once. The all-units channel gets each: a few chat messages, two held
messages and a Shield Mode activation by its broadcaster that has since ended."""

from __future__ import annotations

from collections.abc import Sequence

from twitch_mock.domain.automod import HeldMessageRow, verdict
from twitch_mock.domain.chat_messages import ChatMessageRow
from twitch_mock.domain.shield_mode import ShieldModeRow
from twitch_mock.generator.plan import DAY, HOUR, Plan
from twitch_mock.store.rows import Row

CHAT_SHARE = 0.25  # of the other affiliates and partners have recent chat
SHIELD_SHARE = 0.1
CHAT_LINES = (
    "hi chat!", "PogChamp", "what game is next?", "LUL", "gg", "first time here, love the stream",
    "that was close", "can you play the new map?", "hype!", "Kappa", "o7", "lets gooo",
)  # fmt: skip
HELD_LINES = ("this is a scam lol", "you idiot", "what a stupid play", "badword badword")


def moderation(plan: Plan) -> Sequence[Sequence[Row]]:
    messages: list[ChatMessageRow] = []
    held: list[HeldMessageRow] = []
    shields: list[ShieldModeRow] = []
    for channel in plan.casters:
        star = plan.is_star(channel)
        b = plan.users[channel].id
        if star or plan.rng.random() < CHAT_SHARE:
            for author in plan.others(channel, 5 if star else plan.rng.randint(1, 4)):
                sent = plan.ago(plan.rng.random() * 2 * HOUR)
                text = plan.ids.choice(CHAT_LINES)
                messages.append(ChatMessageRow(plan.ids.guid(), b, plan.users[author].id, text, sent))
        if star:
            for author in plan.others(channel, 2):
                text = plan.ids.choice(HELD_LINES)
                category, level = verdict(text) or ("swearing", 4)
                held_at = plan.ago(plan.rng.random() * HOUR)
                held.append(
                    HeldMessageRow(plan.ids.guid(), b, plan.users[author].id, text, category, level, held_at)
                )
        if star or plan.rng.random() < SHIELD_SHARE:
            shields.append(ShieldModeRow(b, False, b, plan.ago(plan.rng.random() * 7 * DAY)))
    return messages, held, shields
