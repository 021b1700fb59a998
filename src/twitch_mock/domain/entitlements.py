"""Drops entitlements (dev.twitch.tv/docs/api/reference/#get-drops-entitlements).

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class EntitlementRow:
    TABLE: ClassVar[str] = "drops_entitlements"
    id: str
    benefit_id: str
    user_id: str
    game_id: str
    timestamp: str
    fulfillment_status: str
    last_updated: str
