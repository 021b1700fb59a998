"""Custom Power-ups (dev.twitch.tv/docs/api/reference/#get-custom-power-up, new in 2026): what an
affiliate's or partner's viewers can buy with Bits, shaped like a custom reward (twurple's
HelixCustomPowerUp is the reference for the fields). The mock records no Power-up purchases, so
every Power-up is in stock, with no cooldown running; `redemptions_redeemed_current_stream` is 0
while the channel is live and the Power-up has a per-stream limit, null otherwise.

This module owns `custom_power_ups`: its row type, SQL and rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Final

from twitch_mock.domain import channel_points, streams, users
from twitch_mock.domain.channel_points import GlobalCooldown, Image, MaxPerStream, MaxPerUserPerStream
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import Select

MAX_IDS = 50
DEFAULT_IMAGE: Final = "https://static-cdn.jtvnw.net/custom-power-up-images/default-{}.png"


@dataclass(frozen=True, slots=True)
class PowerUpRow:
    TABLE: ClassVar[str] = "custom_power_ups"
    id: str
    broadcaster_id: str
    title: str
    prompt: str
    bits: int
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
    created_at: str


@dataclass(frozen=True, slots=True)
class PowerUp:
    """A Get Custom Power-up item."""

    broadcaster_id: str
    broadcaster_login: str
    broadcaster_name: str
    id: str
    image: Image | None  # null: no uploaded image, the default one shows
    background_color: str
    is_enabled: bool
    bits: int
    title: str
    prompt: str
    is_user_input_required: bool
    max_per_stream_setting: MaxPerStream
    max_per_user_per_stream_setting: MaxPerUserPerStream
    global_cooldown_setting: GlobalCooldown
    is_paused: bool
    is_in_stock: bool
    default_image: Image
    redemptions_redeemed_current_stream: int | None
    cooldown_expires_at: str | None


ROW = Select(PowerUpRow, "custom_power_ups")


def power_ups(s: Services, broadcaster_id: str, ids: Sequence[str] = ()) -> list[PowerUp]:
    """The channel's Power-ups, oldest first; with `ids`, those of them (unknown ids left out)."""
    channel_points.require_affiliate(s.conn, broadcaster_id)
    where, args = "broadcaster_id = ?", [broadcaster_id]
    if ids:
        unique = list(dict.fromkeys(ids))
        where += f" AND id IN ({','.join('?' * len(unique))})"
        args += unique
    rows = ROW.all(s.conn, where, args, "created_at, id")
    _, login, name = users.names(s.conn, broadcaster_id)
    live = streams.is_live(s.conn, broadcaster_id)
    default = Image(*(DEFAULT_IMAGE.format(n) for n in (1, 2, 4)))
    return [
        PowerUp(
            broadcaster_id,
            login,
            name,
            r.id,
            None,
            r.background_color,
            r.is_enabled,
            r.bits,
            r.title,
            r.prompt,
            r.is_user_input_required,
            MaxPerStream(r.max_per_stream_enabled, r.max_per_stream),
            MaxPerUserPerStream(r.max_per_user_per_stream_enabled, r.max_per_user_per_stream),
            GlobalCooldown(r.global_cooldown_enabled, r.global_cooldown_seconds),
            r.is_paused,
            True,
            default,
            0 if live and r.max_per_stream_enabled else None,
            None,
        )
        for r in rows
    ]
