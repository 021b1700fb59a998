"""Hype trains (dev.twitch.tv/docs/api/reference/#get-hype-train-status): the all-units user has a
current train (at level 3, expiring an hour after generation, so a freshly started mock shows one,
with the timer that announces its end)
and three past ones, one of them shared with two other channels; about a tenth of the other
affiliates and partners have one past train. Each train has a few contributors of each type
(subscription totals are 500, 1000 or 2500 points, as Twitch counts tiers 1 to 3)."""

from __future__ import annotations

from dataclasses import dataclass, field

from twitch_mock.domain.hypetrain import LEVEL_GOALS as GOALS
from twitch_mock.domain.hypetrain import TIMER, ContributionRow, HypeTrainRow, ParticipantRow
from twitch_mock.domain.timers import TimerRow
from twitch_mock.generator.plan import DAY, HOUR, MINUTE, Plan

SHARE = 0.1


@dataclass(slots=True)
class Trains:
    trains: list[HypeTrainRow] = field(default_factory=list)
    contributions: list[ContributionRow] = field(default_factory=list)
    participants: list[ParticipantRow] = field(default_factory=list)
    timers: list[TimerRow] = field(default_factory=list)  # the current train's end (domain/timers.py)


def hype_trains(plan: Plan) -> Trains:
    made = Trains()
    for channel in plan.casters:
        if plan.is_star(channel):
            _train(plan, made, channel, level=3, ended_ago=None)
            for n, level in enumerate((5, 2, 4)):
                _train(plan, made, channel, level=level, ended_ago=(n + 1) * 3 * DAY, shared=n == 2)
        elif plan.rng.random() < SHARE:
            _train(plan, made, channel, level=plan.rng.randint(1, 4), ended_ago=plan.rng.randint(1, 60) * DAY)
    return made


def _train(
    plan: Plan, made: Trains, channel: int, *, level: int, ended_ago: float | None, shared: bool = False
) -> None:
    train_id = plan.ids.guid()
    progress = plan.rng.randrange(GOALS[level - 1])
    total = sum(GOALS[: level - 1]) + progress
    if ended_ago is None:
        started, expires = plan.ago(20 * MINUTE), plan.ahead(HOUR)
        made.timers.append(TimerRow(TIMER, train_id, expires))
    else:
        started, expires = plan.ago(ended_ago + 15 * MINUTE), plan.ago(ended_ago)
    made.trains.append(
        HypeTrainRow(
            train_id,
            plan.users[channel].id,
            level,
            total,
            progress,
            GOALS[level - 1],
            plan.rng.choice(("regular", "regular", "regular", "golden_kappa", "treasure")),
            shared,
            started,
            expires,
        )
    )
    for user in plan.others(channel, 6):
        kind = plan.rng.choice(("bits", "subscription", "other"))
        amount = (
            plan.rng.choice((500, 1000, 2500)) if kind == "subscription" else plan.rng.randrange(100, 2000)
        )
        made.contributions.append(ContributionRow(train_id, plan.users[user].id, kind, amount))
    if shared:
        for other in plan.others(channel, 2):
            made.participants.append(ParticipantRow(train_id, plan.users[other].id))
