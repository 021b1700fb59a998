"""Channel points: custom rewards and their redemptions (dev.twitch.tv/docs/api/reference/#create-custom-
rewards).

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class RewardRow:
    TABLE: ClassVar[str] = "custom_rewards"
    id: str
    broadcaster_id: str
    client_id: str
    title: str
    prompt: str
    cost: int
    background_color: str
    is_enabled: bool
    is_user_input_required: bool
    max_per_stream_enabled: bool
    max_per_stream: int
    max_per_user_per_stream_enabled: bool
    max_per_user_per_stream: int
    global_cooldown_enabled: bool
    global_cooldown_seconds: int
    is_paused: bool
    is_in_stock: bool
    should_redemptions_skip_request_queue: bool
    redemptions_redeemed_current_stream: int | None
    cooldown_expires_at: str | None
    created_at: str


@dataclass(frozen=True, slots=True)
class RedemptionRow:
    TABLE: ClassVar[str] = "redemptions"
    id: str
    reward_id: str
    broadcaster_id: str
    user_id: str
    user_input: str
    status: str
    redeemed_at: str
