"""Drops entitlements (dev.twitch.tv/docs/api/reference/#get-drops-entitlements): a few per batch,
for distinct random users (the all-units user among them), each one of two benefits of this batch
in a random category, CLAIMED or already FULFILLED by the game."""

from __future__ import annotations

from twitch_mock.domain.entitlements import EntitlementRow
from twitch_mock.generator.plan import DAY, Plan

BENEFITS_PER_BATCH = 2
FULFILLED_SHARE = 0.4


def entitlements(plan: Plan) -> list[EntitlementRow]:
    count = min(len(plan.users), 3 + len(plan.users) // 20)
    benefits = [plan.ids.guid() for _ in range(BENEFITS_PER_BATCH)]
    rows: list[EntitlementRow] = []
    picked = plan.rng.sample(range(len(plan.users)), count)
    if plan.has_star and 0 not in picked:
        picked[-1] = 0  # the all-units user always has one
    for user in picked:
        claimed = plan.rng.random() * min(plan.ages[user], 30 * DAY)
        fulfilled = plan.rng.random() < FULFILLED_SHARE
        updated = claimed * plan.rng.random() if fulfilled else claimed
        rows.append(
            EntitlementRow(
                plan.ids.guid(),
                plan.ids.choice(benefits),
                plan.users[user].id,
                plan.ids.choice(plan.catalog.category_ids),
                plan.ago(claimed),
                "FULFILLED" if fulfilled else "CLAIMED",
                plan.ago(updated),
            )
        )
    return rows
