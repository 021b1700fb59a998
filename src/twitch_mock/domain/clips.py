"""Clips (dev.twitch.tv/docs/api/reference/#get-clips).

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class ClipRow:
    TABLE: ClassVar[str] = "clips"
    id: str
    broadcaster_id: str
    creator_id: str
    video_id: str
    game_id: str
    language: str
    title: str
    view_count: int
    created_at: str
    duration: float
    vod_offset: int | None
    is_featured: bool
