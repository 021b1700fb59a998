"""Triggers of what a channel runs for a while (`twitch-mock event trigger`, domain/triggers.py):
charity campaigns, follower goals and Hype Trains, each started first when none runs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from twitch_mock.domain import charity, follows, goals, hypetrain, users
from twitch_mock.domain.services import Services
from twitch_mock.domain.trigger_flags import Handler, Trigger, viewer_id


def _campaign(s: Services, t: Trigger, *, new: bool = False) -> None:
    running = charity.campaigns(s.conn, t.broadcaster)
    if running and new:
        charity.stop_campaign(s, t.broadcaster)
    if not running or new:
        spec = charity.CampaignSpec(t.item_name or "Mock Charity", target_amount=1_500_000)
        charity.start_campaign(s, t.broadcaster, spec)


def _charity_start(s: Services, t: Trigger) -> None:
    _campaign(s, t, new=True)


def _charity_donate(s: Services, t: Trigger) -> None:
    _campaign(s, t)
    charity.donate(s, t.broadcaster, viewer_id(s, t), t.cost or 500)


def _charity_stop(s: Services, t: Trigger) -> None:
    _campaign(s, t)
    charity.stop_campaign(s, t.broadcaster)


def _goal(s: Services, t: Trigger) -> goals.Goal:
    """The channel's follower goal, or a new one."""
    found = [g for g in goals.goals(s.conn, t.broadcaster) if g.type == "follower"]
    if found:
        return found[0]
    target = t.cost or follows.follower_count(s.conn, t.broadcaster) + 10
    return goals.create_goal(s, t.broadcaster, "follower", target, t.description or "")


def _goal_begin(s: Services, t: Trigger) -> None:
    for goal in goals.goals(s.conn, t.broadcaster):
        if goal.type == "follower":
            goals.end_goal(s, goal.id)
    _goal(s, t)


def _goal_progress(s: Services, t: Trigger) -> None:
    _goal(s, t)
    follows.follow(s, users.create_user(s).id if t.viewer is None else t.viewer, t.broadcaster)


def _goal_end(s: Services, t: Trigger) -> None:
    goals.end_goal(s, _goal(s, t).id)


def _hype_contribution(s: Services, t: Trigger) -> None:
    hypetrain.contribute(s, t.broadcaster, viewer_id(s, t), "bits", t.cost or 100)


def _running_train(s: Services, t: Trigger) -> bool:
    return hypetrain.status(s.conn, t.broadcaster, s.clock.now()).current is not None


def _hype_begin(s: Services, t: Trigger) -> None:
    if _running_train(s, t):
        hypetrain.end(s, t.broadcaster)
    _hype_contribution(s, t)


def _hype_progress(s: Services, t: Trigger) -> None:
    if not _running_train(s, t):
        _hype_contribution(s, t)
    _hype_contribution(s, t)


def _hype_end(s: Services, t: Trigger) -> None:
    if not _running_train(s, t):
        _hype_contribution(s, t)
    hypetrain.end(s, t.broadcaster)


KINDS: Final[Mapping[str, tuple[str, Handler]]] = {
    "charity-start": ("channel.charity_campaign.start", _charity_start),
    "charity-donate": ("channel.charity_campaign.donate", _charity_donate),
    "charity-progress": ("channel.charity_campaign.progress", _charity_donate),
    "charity-stop": ("channel.charity_campaign.stop", _charity_stop),
    "goal-begin": ("channel.goal.begin", _goal_begin),
    "goal-progress": ("channel.goal.progress", _goal_progress),
    "goal-end": ("channel.goal.end", _goal_end),
    "hype-train-begin": ("channel.hype_train.begin", _hype_begin),
    "hype-train-progress": ("channel.hype_train.progress", _hype_progress),
    "hype-train-end": ("channel.hype_train.end", _hype_end),
}
