"""Polls and predictions (dev.twitch.tv/docs/api/reference/#get-polls, #get-predictions).

The all-units user has one ACTIVE poll and one ACTIVE prediction, plus ended ones of every kind;
about a third of the other affiliates and partners have one ended poll and one past prediction.
Predictions with two outcomes are BLUE and PINK, with more all BLUE (as on Twitch). Bets come
from other users, one per user."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from twitch_mock.domain.polls import PollChoiceRow, PollRow
from twitch_mock.domain.predictions import BetRow, OutcomeRow, PredictionRow
from twitch_mock.generator.plan import DAY, HOUR, QUIET, Plan
from twitch_mock.generator.texts import POLLS, PREDICTIONS

ENDED_POLLS = ("COMPLETED", "TERMINATED", "ARCHIVED")
PAST_PREDICTIONS = ("RESOLVED", "RESOLVED", "RESOLVED", "CANCELED")
POLL_DURATIONS = (60, 120, 300, 600, 1800)
PREDICTION_WINDOWS = (60, 120, 300, 600, 1800)
PAST_SHARE = 0.3


@dataclass(slots=True)
class Votes:
    polls: list[PollRow] = field(default_factory=list)
    choices: list[PollChoiceRow] = field(default_factory=list)
    predictions: list[PredictionRow] = field(default_factory=list)
    outcomes: list[OutcomeRow] = field(default_factory=list)
    bets: list[BetRow] = field(default_factory=list)


def votes(plan: Plan) -> Votes:
    made = Votes()
    for channel in plan.casters:
        polls: tuple[str, ...]
        predictions: tuple[str, ...]
        if plan.is_star(channel):
            polls, predictions = ("ACTIVE", *ENDED_POLLS), ("ACTIVE", "RESOLVED", "CANCELED")
        elif plan.rng.random() < PAST_SHARE:
            polls, predictions = (plan.ids.choice(ENDED_POLLS),), (plan.ids.choice(PAST_PREDICTIONS),)
        else:
            continue
        for status in polls:
            _poll(plan, channel, status, made)
        for status in predictions:
            _prediction(plan, channel, status, made)
    return made


def _past(plan: Plan, channel: int, lasted: int) -> float:
    """How long ago something that lasted `lasted` seconds started: within the last 30 days."""
    return lasted + HOUR + plan.rng.random() * min(plan.ages[channel], 30 * DAY)


def _poll(plan: Plan, channel: int, status: str, made: Votes) -> None:
    rng = plan.rng
    title, answers = plan.ids.choice(POLLS)
    active = status == "ACTIVE"
    duration = QUIET if active else plan.ids.choice(POLL_DURATIONS)
    started = rng.randint(10, 120) if active else _past(plan, channel, duration)
    lasted = rng.randint(10, duration - 1) if status == "TERMINATED" else duration
    points = rng.random() < 0.3
    poll = PollRow(
        id=plan.ids.guid(),
        broadcaster_id=plan.users[channel].id,
        title=title,
        bits_voting_enabled=False,
        bits_per_vote=0,
        channel_points_voting_enabled=points,
        channel_points_per_vote=plan.ids.choice((100, 500, 1000)) if points else 0,
        status=status,
        duration=duration,
        started_at=plan.ago(started),
        ended_at=None if active else plan.ago(started - lasted),
    )
    made.polls.append(poll)
    for position, answer in enumerate(answers[: rng.randint(2, len(answers))]):
        votes = rng.randint(0, 200)
        by_points = rng.randint(0, votes) if points else 0
        made.choices.append(PollChoiceRow(plan.ids.guid(), poll.id, position, answer, votes, by_points, 0))


def _prediction(plan: Plan, channel: int, status: str, made: Votes) -> None:
    rng = plan.rng
    title, answers = plan.ids.choice(PREDICTIONS)
    answers = answers[: rng.randint(2, len(answers))]
    colors = ("BLUE", "PINK") if len(answers) == 2 else ("BLUE",) * len(answers)
    prediction_id = plan.ids.guid()
    outcomes = [
        OutcomeRow(plan.ids.guid(), prediction_id, n, answer, color)
        for n, (answer, color) in enumerate(zip(answers, colors, strict=True))
    ]
    active = status == "ACTIVE"
    window = QUIET if active else plan.ids.choice(PREDICTION_WINDOWS)
    created = rng.randint(10, 300) if active else _past(plan, channel, window)
    locked = None if active or (status == "CANCELED" and rng.random() < 0.5) else plan.ago(created - window)
    ended = None if active else plan.ago(created - window - rng.randint(60, HOUR))
    winner = plan.ids.choice(outcomes).id if status == "RESOLVED" else None
    made.predictions.append(
        PredictionRow(
            prediction_id,
            plan.users[channel].id,
            title,
            winner,
            window,
            status,
            plan.ago(created),
            ended,
            locked,
        )
    )
    made.outcomes += outcomes
    bets = [
        BetRow(prediction_id, plan.ids.choice(outcomes).id, plan.users[user].id, rng.randint(10, 10_000))
        for user in plan.others(channel, 10 if plan.is_star(channel) else rng.randint(0, 8))
    ]
    made.bets += _paid(bets, status, winner)


def _paid(bets: list[BetRow], status: str, winner: str | None) -> list[BetRow]:
    """Bets with the payouts an ended prediction made (domain/predictions.py's rule)."""
    if status == "CANCELED":
        return [replace(b, payout=b.channel_points) for b in bets]
    if status != "RESOLVED":
        return bets
    pool = sum(b.channel_points for b in bets)
    winners = max(sum(b.channel_points for b in bets if b.outcome_id == winner), 1)
    return [
        replace(b, payout=b.channel_points * pool // winners if b.outcome_id == winner else 0) for b in bets
    ]
