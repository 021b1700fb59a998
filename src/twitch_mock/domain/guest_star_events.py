"""The Guest Star events (EventSub beta: channel.guest_star_session.begin / .end,
channel.guest_star_guest.update, channel.guest_star_settings.update), published by
domain/guest_star.py; fields are the payload's `event` fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.domain.outbox import Event


@dataclass(frozen=True, slots=True)
class GuestStarSessionBegin(Event):
    TYPE: ClassVar[str] = "channel.guest_star_session.begin"
    VERSION: ClassVar[str] = "beta"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    session_id: str
    started_at: str
    host_user_id: str
    host_user_login: str
    host_user_name: str


@dataclass(frozen=True, slots=True)
class GuestStarSessionEnd(Event):
    TYPE: ClassVar[str] = "channel.guest_star_session.end"
    VERSION: ClassVar[str] = "beta"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    session_id: str
    started_at: str
    ended_at: str
    host_user_id: str
    host_user_login: str
    host_user_name: str


@dataclass(frozen=True, slots=True)
class GuestStarSettingsUpdate(Event):
    TYPE: ClassVar[str] = "channel.guest_star_settings.update"
    VERSION: ClassVar[str] = "beta"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    is_moderator_send_live_enabled: bool
    slot_count: int
    is_browser_source_audio_enabled: bool
    group_layout: str


@dataclass(frozen=True, slots=True)
class GuestStarGuestUpdate(Event):
    """A guest's state changed: `invited`, `accepted`, `ready`, `backstage` (in a slot, not live),
    `live` or `removed`. The moderator fields are null when the guest acted themselves."""

    TYPE: ClassVar[str] = "channel.guest_star_guest.update"
    VERSION: ClassVar[str] = "beta"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    session_id: str
    moderator_user_id: str | None
    moderator_user_login: str | None
    moderator_user_name: str | None
    guest_user_id: str | None
    guest_user_login: str | None
    guest_user_name: str | None
    slot_id: str | None
    state: str | None
    host_user_id: str
    host_user_login: str
    host_user_name: str
    host_video_enabled: bool | None
    host_audio_enabled: bool | None
    host_volume: int | None
