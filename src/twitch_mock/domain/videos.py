"""Videos and their muted segments (dev.twitch.tv/docs/api/reference/#get-videos).

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class VideoRow:
    TABLE: ClassVar[str] = "videos"
    id: str
    stream_id: str | None
    user_id: str
    title: str
    description: str
    created_at: str
    published_at: str
    viewable: str
    view_count: int
    language: str
    type: str
    duration: str


@dataclass(frozen=True, slots=True)
class MutedSegmentRow:
    TABLE: ClassVar[str] = "video_muted_segments"
    video_id: str
    offset: int
    duration: int
