"""Triggers of channel points (`twitch-mock event trigger`, domain/triggers.py): custom rewards
added, updated and removed, and redemptions made and updated; a reward is made when none is named."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from twitch_mock.domain import channel_points, redemptions
from twitch_mock.domain.services import Services
from twitch_mock.domain.trigger_flags import Handler, Trigger, viewer_id


def _reward(s: Services, t: Trigger, *, new: bool = False) -> str:
    """The reward named by `item_id`, or a new one."""
    if t.item_id is not None and not new:
        channel_points.the_reward(s.conn, t.broadcaster, t.item_id, "item_id")
        return t.item_id
    title = t.item_name or f"Mock reward {s.ids.between(1000, 9999)}"
    changes = channel_points.RewardChanges(title=title, cost=t.cost or 100)
    return channel_points.create(s, t.broadcaster, t.client_id or "", changes).id


def _add_reward(s: Services, t: Trigger) -> None:
    _reward(s, t, new=True)


def _update_reward(s: Services, t: Trigger) -> None:
    changes = channel_points.RewardChanges(prompt=t.description or "Updated by a trigger")
    channel_points.update(s, t.broadcaster, _reward(s, t), changes)


def _remove_reward(s: Services, t: Trigger) -> None:
    channel_points.delete(s, t.broadcaster, _reward(s, t))


def _add_redemption(s: Services, t: Trigger) -> None:
    redemptions.redeem(s, _reward(s, t), viewer_id(s, t), t.description or "")


def _update_redemption(s: Services, t: Trigger) -> None:
    reward = _reward(s, t)
    made = redemptions.redeem(s, reward, viewer_id(s, t), t.description or "")
    status = (t.status or "FULFILLED").upper()
    redemptions.set_redemption_status(s, t.broadcaster, reward, [made.id], status)


KINDS: Final[Mapping[str, tuple[str, Handler]]] = {
    "add-reward": ("channel.channel_points_custom_reward.add", _add_reward),
    "update-reward": ("channel.channel_points_custom_reward.update", _update_reward),
    "remove-reward": ("channel.channel_points_custom_reward.remove", _remove_reward),
    "add-redemption": ("channel.channel_points_custom_reward_redemption.add", _add_redemption),
    "update-redemption": ("channel.channel_points_custom_reward_redemption.update", _update_redemption),
}
