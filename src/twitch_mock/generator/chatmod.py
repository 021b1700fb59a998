"""Chat moderation state a batch starts with: blocked terms and AutoMod settings in some channels,
and warnings their users have since acknowledged. The all-units channel gets each: three blocked
terms (one with a wildcard), AutoMod at overall level 2, an acknowledged warning, and a pinned
message from its broadcaster (pinned until the stream ends).

Unban requests and suspicious-user marks need to know who is banned or a moderator, so they are
made with the channel roles (generator/requests.py)."""

from __future__ import annotations

from collections.abc import Sequence

from twitch_mock.domain.automod_settings import AutoModSettingsRow, overall
from twitch_mock.domain.blocked_terms import BlockedTermRow, TermVersion
from twitch_mock.domain.chat_messages import ChatMessageRow
from twitch_mock.domain.chat_warnings import WarningRow
from twitch_mock.domain.pinned_messages import PinRow
from twitch_mock.generator.plan import DAY, Plan
from twitch_mock.store.rows import Row

SHARE = 0.2  # of the other affiliates and partners have terms and AutoMod on
TERMS = ("spoilers", "crac*", "buy followers", "free bits", "giveaway scam", "link in bio")
WARN_REASONS = ("please keep it friendly", "no spoilers", "stop spamming", "english only please")


def chatmod(plan: Plan) -> Sequence[Sequence[Row]]:
    terms: list[BlockedTermRow] = []
    versions: list[TermVersion] = []
    settings: list[AutoModSettingsRow] = []
    warnings: list[WarningRow] = []
    messages: list[ChatMessageRow] = []
    pins: list[PinRow] = []
    for channel in plan.casters:
        star = plan.is_star(channel)
        if not star and plan.rng.random() >= SHARE:
            continue
        b = plan.users[channel].id
        for text in plan.ids.sample(TERMS, 3 if star else plan.rng.randint(1, 3)):
            at = plan.ago(plan.rng.random() * 30 * DAY)
            terms.append(BlockedTermRow(b, b, plan.ids.guid(), text, at, at))
        versions.append(TermVersion(b, plan.rng.getrandbits(62)))
        level = 2 if star else plan.rng.randint(1, 4)
        settings.append(AutoModSettingsRow(b, level, **overall(level)))
        for user in plan.others(channel, 1):
            at = plan.ago(plan.rng.random() * 7 * DAY)
            reason = plan.ids.choice(WARN_REASONS)
            warnings.append(WarningRow(plan.ids.guid(), b, plan.users[user].id, b, reason, at, at))
        if star:
            at = plan.ago(plan.rng.random() * 3600)
            messages.append(ChatMessageRow(plan.ids.guid(), b, b, "Welcome! Be kind, no spoilers.", at))
            pins.append(PinRow(b, messages[-1].id, b, at, None, at))
    return terms, versions, settings, warnings, messages, pins
