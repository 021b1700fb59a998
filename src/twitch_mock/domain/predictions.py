"""Predictions, their outcomes and bets (dev.twitch.tv/docs/api/reference/#get-predictions).

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class PredictionRow:
    TABLE: ClassVar[str] = "predictions"
    id: str
    broadcaster_id: str
    title: str
    winning_outcome_id: str | None
    prediction_window: int
    status: str
    created_at: str
    ended_at: str | None
    locked_at: str | None


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    TABLE: ClassVar[str] = "prediction_outcomes"
    id: str
    prediction_id: str
    position: int
    title: str
    color: str


@dataclass(frozen=True, slots=True)
class BetRow:
    TABLE: ClassVar[str] = "prediction_bets"
    prediction_id: str
    outcome_id: str
    user_id: str
    channel_points: int
