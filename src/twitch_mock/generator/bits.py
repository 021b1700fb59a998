"""Cheers (dev.twitch.tv/docs/api/reference/#get-bits-leaderboard): the all-units channel gets a
few dozen from a dozen users, some of them in the last hours (so day and week leaderboards have
rows) and a few anonymous; other affiliates and partners get up to three. O(N) rows per batch."""

from __future__ import annotations

from twitch_mock.domain.bits import CheerRow
from twitch_mock.generator.plan import HOUR, Plan

STAR_CHEERS = 40
STAR_CHEERERS = 12
RECENT_SHARE = 0.25
ANONYMOUS_SHARE = 0.1
AMOUNTS = (1, 5, 10, 50, 100, 100, 250, 500, 1000, 5000)
MESSAGES = ("Cheer{bits} great stream!", "Cheer{bits}", "Cheer{bits} GG", "Cheer{bits} hype!")


def cheers(plan: Plan) -> list[CheerRow]:
    rows: list[CheerRow] = []
    for channel in plan.casters:
        star = plan.is_star(channel)
        fans = plan.others(channel, STAR_CHEERERS if star else 3)
        for _ in range(STAR_CHEERS if star else plan.rng.randint(0, 3)):
            if fans:
                rows.append(_cheer(plan, channel, plan.ids.choice(fans)))
    return rows


def _cheer(plan: Plan, channel: int, user: int) -> CheerRow:
    bits = plan.ids.choice(AMOUNTS)
    recent = plan.rng.random() < RECENT_SHARE
    when = (
        plan.ago(plan.rng.random() * min(6 * HOUR, plan.ages[channel], plan.ages[user]))
        if recent
        else plan.since(channel, user)
    )
    return CheerRow(
        plan.ids.guid(),
        plan.users[channel].id,
        plan.users[user].id,
        bits,
        plan.ids.choice(MESSAGES).format(bits=bits),
        plan.rng.random() < ANONYMOUS_SHARE,
        when,
    )
