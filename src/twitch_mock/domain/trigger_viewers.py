"""Triggers of what a viewer does in a channel (`twitch-mock event trigger`, domain/triggers.py):
follow, subscribe, gift, resubscribe, unsubscribe, cheer, raid, and a moderator's ban, unban and
moderator changes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from twitch_mock.domain import bans, bits, follows, moderators, raids, subscriptions, users
from twitch_mock.domain.services import Services
from twitch_mock.domain.trigger_flags import Handler, Trigger, viewer_id


def _follow(s: Services, t: Trigger) -> None:
    follows.follow(s, viewer_id(s, t), t.broadcaster)


def _subscribe(s: Services, t: Trigger) -> None:
    subscriptions.subscribe(s, viewer_id(s, t), t.broadcaster, t.tier)


def _gift_one(s: Services, t: Trigger) -> None:
    gifter = t.gifter or users.create_user(s).id
    subscriptions.subscribe(s, viewer_id(s, t), t.broadcaster, t.tier, gifter_id=gifter)


def _gift(s: Services, t: Trigger) -> None:
    gifter = t.gifter or t.viewer or users.create_user(s).id
    subscriptions.gift(s, gifter, t.broadcaster, t.cost or 1, t.tier, t.anonymous)


def _subscriber(s: Services, t: Trigger) -> str:
    """The viewer when they subscribe; else a new subscriber."""
    viewer = viewer_id(s, t)
    if subscriptions.subscription(s.conn, viewer, t.broadcaster) is None:
        subscriptions.subscribe(s, viewer, t.broadcaster, t.tier)
    return viewer


def _resub(s: Services, t: Trigger) -> None:
    message = t.description if t.description is not None else "Another month!"
    subscriptions.resubscribe(s, _subscriber(s, t), t.broadcaster, message, cumulative_months=t.cost)


def _unsubscribe(s: Services, t: Trigger) -> None:
    subscriptions.end_subscription(s, _subscriber(s, t), t.broadcaster)


def _cheer(s: Services, t: Trigger) -> None:
    amount = t.cost or 100
    message = t.description if t.description is not None else f"Cheer{amount}"
    bits.cheer(s, viewer_id(s, t), t.broadcaster, amount, message, anonymous=t.anonymous)


def _raid(s: Services, t: Trigger) -> None:
    raids.arrive(s, viewer_id(s, t), t.broadcaster, t.cost if t.cost is not None else s.ids.between(1, 500))


def _ban(s: Services, t: Trigger) -> None:
    bans.ban(s, viewer_id(s, t), t.broadcaster, reason=t.description or "")


def _unban(s: Services, t: Trigger) -> None:
    viewer = viewer_id(s, t)
    if not bans.is_banned(s, t.broadcaster, viewer):
        bans.ban(s, viewer, t.broadcaster)
    bans.unban(s, t.broadcaster, t.broadcaster, viewer)


def _add_moderator(s: Services, t: Trigger) -> None:
    moderators.add_moderator(s, viewer_id(s, t), t.broadcaster)


def _remove_moderator(s: Services, t: Trigger) -> None:
    viewer = viewer_id(s, t)
    if not moderators.is_moderator(s.conn, t.broadcaster, viewer):
        moderators.add_moderator(s, viewer, t.broadcaster)
    moderators.remove_moderator(s, t.broadcaster, viewer)


KINDS: Final[Mapping[str, tuple[str, Handler]]] = {
    "follow": ("channel.follow", _follow),
    "subscribe": ("channel.subscribe", _subscribe),
    "gift": ("channel.subscribe", _gift_one),
    "channel-gift": ("channel.subscription.gift", _gift),
    "subscribe-message": ("channel.subscription.message", _resub),
    "unsubscribe": ("channel.subscription.end", _unsubscribe),
    "cheer": ("channel.cheer", _cheer),
    "raid": ("channel.raid", _raid),
    "ban": ("channel.ban", _ban),
    "unban": ("channel.unban", _unban),
    "add-moderator": ("channel.moderator.add", _add_moderator),
    "remove-moderator": ("channel.moderator.remove", _remove_moderator),
}
