"""The changes behind `twitch-mock event trigger` (domain/triggers.py): one function per twitch-cli
event name, each made to happen through the family that owns the change, making first what it
needs and doesn't have (a `poll-end` without a running poll starts one). The functions live by
family: trigger_viewers.py, trigger_rewards.py, trigger_votes.py, trigger_campaigns.py and
trigger_channel.py, on trigger_flags.py (`Trigger`, `Handler`); this module joins their tables."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from twitch_mock.domain import (
    trigger_campaigns,
    trigger_channel,
    trigger_rewards,
    trigger_viewers,
    trigger_votes,
)
from twitch_mock.domain.trigger_flags import Handler, Trigger

__all__ = ["KINDS", "Handler", "Trigger"]

# handler key -> (the event type it names, the handler), in twitch-cli's order of families
KINDS: Final[Mapping[str, tuple[str, Handler]]] = {
    **trigger_viewers.KINDS,
    **trigger_rewards.KINDS,
    **trigger_votes.KINDS,
    **trigger_campaigns.KINDS,
    **trigger_channel.KINDS,
}
