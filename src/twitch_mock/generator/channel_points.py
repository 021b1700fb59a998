"""Channel points (dev.twitch.tv/docs/api/reference/#get-custom-reward,
#get-custom-reward-redemption): every affiliate and partner gets 1-3 custom rewards, owned by the
mock's confidential client so an app token of that client may manage them, and each reward a few
redemptions by other users, mostly still UNFULFILLED."""

from __future__ import annotations

from twitch_mock.domain.channel_points import RewardRow
from twitch_mock.domain.redemptions import RedemptionRow
from twitch_mock.generator.plan import DAY, Plan
from twitch_mock.generator.texts import REDEMPTION_INPUTS, REWARD_COLORS, REWARDS

REDEMPTION_STATUSES = ("UNFULFILLED", "FULFILLED", "CANCELED")
REDEMPTION_WEIGHTS = (80, 15, 5)
COOLDOWNS = (60, 300, 900, 3600)


def channel_points(plan: Plan) -> tuple[list[RewardRow], list[RedemptionRow]]:
    rewards: list[RewardRow] = []
    redemptions: list[RedemptionRow] = []
    for channel in plan.casters:
        star = plan.is_star(channel)
        for offer in plan.rng.sample(REWARDS, 3 if star else plan.rng.randint(1, 3)):
            age = plan.rng.random() * plan.ages[channel]
            reward = _reward(plan, channel, offer, plan.ago(age))
            rewards.append(reward)
            for user in plan.others(channel, 4 if star else plan.rng.randint(0, 3)):
                redemptions.append(_redemption(plan, reward, user, min(age, 7 * DAY)))
    return rewards, redemptions


def _reward(plan: Plan, channel: int, offer: tuple[str, str, int, bool], created_at: str) -> RewardRow:
    rng = plan.rng
    title, prompt, cost, needs_input = offer
    per_stream = rng.randint(1, 20) if rng.random() < 0.2 else 0
    per_user = rng.randint(1, 5) if rng.random() < 0.2 else 0
    cooldown = plan.ids.choice(COOLDOWNS) if rng.random() < 0.2 else 0
    return RewardRow(
        id=plan.ids.guid(),
        broadcaster_id=plan.users[channel].id,
        client_id=plan.catalog.client_id,
        title=title,
        prompt=prompt,
        cost=cost,
        background_color=plan.ids.choice(REWARD_COLORS),
        is_enabled=rng.random() < 0.9,
        is_user_input_required=needs_input,
        max_per_stream_enabled=per_stream > 0,
        max_per_stream=per_stream,
        max_per_user_per_stream_enabled=per_user > 0,
        max_per_user_per_stream=per_user,
        global_cooldown_enabled=cooldown > 0,
        global_cooldown_seconds=cooldown,
        is_paused=rng.random() < 0.05,
        is_in_stock=True,
        should_redemptions_skip_request_queue=rng.random() < 0.2,
        redemptions_redeemed_current_stream=None,
        cooldown_expires_at=None,
        created_at=created_at,
    )


def _redemption(plan: Plan, reward: RewardRow, user: int, within: float) -> RedemptionRow:
    """A redemption of `reward` by `user` within the last `within` seconds."""
    user_input = plan.ids.choice(REDEMPTION_INPUTS) if reward.is_user_input_required else ""
    status = REDEMPTION_STATUSES[plan.weighted(REDEMPTION_WEIGHTS)]
    redeemed_at = plan.ago(plan.rng.random() * within)
    return RedemptionRow(
        plan.ids.guid(),
        reward.id,
        reward.broadcaster_id,
        plan.users[user].id,
        user_input,
        status,
        redeemed_at,
    )
