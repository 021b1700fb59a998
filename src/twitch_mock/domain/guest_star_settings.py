"""Guest Star channel settings (dev.twitch.tv/docs/api/reference/#get-channel-guest-star-settings,
BETA). A channel's settings row is written the first time they are read or changed (Twitch's
defaults: 4 slots, tiled layout, moderators may send guests live, browser-source audio on), so its
browser source token stays the same from then on.

This module owns `guest_star_settings`: its row type, SQL and rules."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar, Final

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import checks, users
from twitch_mock.domain.guest_star_events import GuestStarSettingsUpdate
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import Select, insert_rows

LAYOUTS: Final = ("TILED_LAYOUT", "SCREENSHARE_LAYOUT", "HORIZONTAL_LAYOUT", "VERTICAL_LAYOUT")
MIN_SLOTS, MAX_SLOTS, DEFAULT_SLOTS = 1, 6, 4


@dataclass(frozen=True, slots=True)
class SettingsRow:
    """A Get Channel Guest Star Settings item is this row without `broadcaster_id`."""

    TABLE: ClassVar[str] = "guest_star_settings"
    broadcaster_id: str
    is_moderator_send_live_enabled: bool
    slot_count: int
    is_browser_source_audio_enabled: bool
    group_layout: str
    browser_source_token: str


@dataclass(frozen=True, slots=True)
class Settings:
    """A Get Channel Guest Star Settings item."""

    is_moderator_send_live_enabled: bool
    slot_count: int
    is_browser_source_audio_enabled: bool
    group_layout: str
    browser_source_token: str


@dataclass(frozen=True, slots=True)
class SettingsChanges:
    """What Update Channel Guest Star Settings may change; None leaves a setting as it is."""

    is_moderator_send_live_enabled: bool | None = None
    slot_count: int | None = None
    is_browser_source_audio_enabled: bool | None = None
    group_layout: str | None = None
    regenerate_browser_sources: bool = False


SETTINGS = Select(SettingsRow, "guest_star_settings")


# --- settings ----------------------------------------------------------------------------------


def settings_row(s: Services, broadcaster_id: str) -> SettingsRow:
    """The channel's settings, written with Twitch's defaults the first time."""
    found = SETTINGS.one(s.conn, "broadcaster_id = ?", (broadcaster_id,))
    if found is None:
        checks.user(s, "broadcaster_id", broadcaster_id)
        found = SettingsRow(broadcaster_id, True, DEFAULT_SLOTS, True, LAYOUTS[0], s.ids.mixed(22).lower())
        insert_rows(s.conn, "INSERT", [found])
    return found


def settings(s: Services, broadcaster_id: str) -> Settings:
    """Get Channel Guest Star Settings."""
    row = settings_row(s, broadcaster_id)
    return Settings(
        row.is_moderator_send_live_enabled,
        row.slot_count,
        row.is_browser_source_audio_enabled,
        row.group_layout,
        row.browser_source_token,
    )


def update_settings(s: Services, broadcaster_id: str, changes: SettingsChanges) -> None:
    """Update Channel Guest Star Settings; publishes `channel.guest_star_settings.update`."""
    if changes.slot_count is not None and not MIN_SLOTS <= changes.slot_count <= MAX_SLOTS:
        raise BadRequest("Invalid slot_count")
    if changes.group_layout is not None and changes.group_layout not in LAYOUTS:
        raise BadRequest("Invalid group_layout")
    current = settings_row(s, broadcaster_id)
    updated = replace(
        current,
        **{
            name: value
            for name in (
                "is_moderator_send_live_enabled",
                "slot_count",
                "is_browser_source_audio_enabled",
                "group_layout",
            )
            if (value := getattr(changes, name)) is not None
        },
    )
    if changes.regenerate_browser_sources:
        updated = replace(updated, browser_source_token=s.ids.mixed(22).lower())
    if updated == current:
        return
    insert_rows(s.conn, "INSERT OR REPLACE", [updated])
    s.publish(
        GuestStarSettingsUpdate(
            *users.names(s.conn, broadcaster_id),
            updated.is_moderator_send_live_enabled,
            updated.slot_count,
            updated.is_browser_source_audio_enabled,
            updated.group_layout,
        )
    )
