"""Creator goals (dev.twitch.tv/docs/api/reference/#get-creator-goals): the all-units user has a
follower, a subscription and a new-bits goal; about a quarter of the other affiliates and partners
have one follower or subscription goal. Current amounts are computed from the world when read."""

from __future__ import annotations

from twitch_mock.domain.goals import GoalRow
from twitch_mock.generator.plan import DAY, Plan

SHARE = 0.25
DESCRIPTIONS = {
    "follower": "Road to {n} followers!",
    "subscription": "{n} sub points for a new emote",
    "subscription_count": "{n} subs and I dye my hair",
    "new_subscription": "{n} new sub points this month",
    "new_subscription_count": "{n} new subs this stream",
    "new_bit": "{n} bits for the charity stream",
    "new_cheerer": "{n} cheerers tonight",
}


def goals(plan: Plan) -> list[GoalRow]:
    rows: list[GoalRow] = []
    for channel in plan.casters:
        if plan.is_star(channel):
            kinds = ["follower", "subscription_count", "new_bit"]
        elif plan.rng.random() < SHARE:
            kinds = [plan.rng.choice(("follower", "subscription", "new_subscription_count"))]
        else:
            continue
        for kind in kinds:
            target = plan.rng.randrange(10, 200) * 10
            rows.append(
                GoalRow(
                    id=plan.ids.guid(),
                    broadcaster_id=plan.users[channel].id,
                    type=kind,
                    description=DESCRIPTIONS[kind].format(n=target),
                    target_amount=target,
                    created_at=plan.ago(plan.rng.random() * min(plan.ages[channel], 60 * DAY)),
                )
            )
    return rows
