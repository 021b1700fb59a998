"""Chat: per-channel chat settings (dev.twitch.tv/docs/api/reference/#get-chat-settings).

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class ChatSettingsRow:
    """Twitch's defaults for a new channel: every mode off, no durations."""

    TABLE: ClassVar[str] = "chat_settings"
    broadcaster_id: str
    slow_mode: bool = False
    slow_mode_wait_time: int | None = None
    follower_mode: bool = False
    follower_mode_duration: int | None = None
    subscriber_mode: bool = False
    emote_mode: bool = False
    unique_chat_mode: bool = False
    non_moderator_chat_delay: bool = False
    non_moderator_chat_delay_duration: int | None = None
