"""Stream schedules: segments and per-channel settings (dev.twitch.tv/docs/api/reference/#get-channel-
stream-schedule).

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class SegmentRow:
    TABLE: ClassVar[str] = "schedule_segments"
    id: str
    broadcaster_id: str
    start_time: str
    end_time: str
    title: str
    category_id: str | None
    is_recurring: bool
    canceled_until: str | None


@dataclass(frozen=True, slots=True)
class ScheduleSettingsRow:
    TABLE: ClassVar[str] = "schedule_settings"
    broadcaster_id: str
    timezone: str
    vacation_start_time: str | None = None
    vacation_end_time: str | None = None
