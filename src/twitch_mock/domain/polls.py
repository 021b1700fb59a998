"""Polls and their choices (dev.twitch.tv/docs/api/reference/#get-polls).

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class PollRow:
    TABLE: ClassVar[str] = "polls"
    id: str
    broadcaster_id: str
    title: str
    bits_voting_enabled: bool
    bits_per_vote: int
    channel_points_voting_enabled: bool
    channel_points_per_vote: int
    status: str
    duration: int
    started_at: str
    ended_at: str | None


@dataclass(frozen=True, slots=True)
class PollChoiceRow:
    TABLE: ClassVar[str] = "poll_choices"
    id: str
    poll_id: str
    position: int
    title: str
    votes: int
    channel_points_votes: int
    bits_votes: int
