"""The Cheermote catalogue (dev.twitch.tv/docs/api/reference/#get-cheermotes): a fixed list of
global Cheermotes, plus a custom one for each affiliate or partner channel. Nothing random: the
same request always gets the same answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

CDN: Final = "https://d3aqoihi2n8ty8.cloudfront.net"
SIZES: Final = ("1", "1.5", "2", "3", "4")
# Twitch's Cheer tiers: minimum Bits and colour.
TIERS: Final = ((1, "#979797"), (100, "#9c3ee8"), (1000, "#1db2a5"), (5000, "#0099fe"), (10000, "#f43021"))
# (prefix, type, last_updated, is_charitable), in Twitch's `order`.
GLOBAL: Final = (
    ("Cheer", "global_first_party", "2018-05-22T00:06:04Z", False),
    ("DoodleCheer", "global_first_party", "2018-05-22T00:06:05Z", False),
    ("BibleThump", "global_first_party", "2018-05-22T00:06:06Z", False),
    ("cheerwhal", "global_first_party", "2018-05-22T00:06:07Z", False),
    ("Corgo", "global_first_party", "2018-05-22T00:06:08Z", False),
    ("Kappa", "global_first_party", "2018-05-22T00:06:09Z", False),
    ("Charity", "global_first_party", "2019-12-03T18:14:29Z", True),
    ("Streamlabs", "global_third_party", "2018-05-22T00:06:10Z", False),
    ("Muxy", "global_third_party", "2018-05-22T00:06:11Z", False),
)
CUSTOM_UPDATED: Final = "2020-01-01T00:00:00Z"


@dataclass(frozen=True, slots=True)
class CheermoteTheme:
    animated: dict[str, str]
    static: dict[str, str]


@dataclass(frozen=True, slots=True)
class CheermoteImages:
    dark: CheermoteTheme
    light: CheermoteTheme


@dataclass(frozen=True, slots=True)
class CheermoteTier:
    min_bits: int
    id: str
    color: str
    images: CheermoteImages
    can_cheer: bool
    show_in_bits_card: bool


@dataclass(frozen=True, slots=True)
class Cheermote:
    prefix: str
    tiers: list[CheermoteTier]
    type: str
    order: int
    last_updated: str
    is_charitable: bool


def _theme(base: str, theme: str, bits: int) -> CheermoteTheme:
    def urls(kind: str, extension: str) -> dict[str, str]:
        return {size: f"{base}/{theme}/{kind}/{bits}/{size}.{extension}" for size in SIZES}

    return CheermoteTheme(urls("animated", "gif"), urls("static", "png"))


def _cheermote(prefix: str, base: str, kind: str, order: int, updated: str, charitable: bool) -> Cheermote:
    tiers = [
        CheermoteTier(
            bits, str(bits), color, CheermoteImages(_theme(base, "dark", bits), _theme(base, "light", bits)),
            True, True,
        )
        for bits, color in TIERS
    ]  # fmt: skip
    return Cheermote(prefix, tiers, kind, order, updated, charitable)


GLOBAL_CHEERMOTES: Final = tuple(
    _cheermote(prefix, f"{CDN}/actions/{prefix.lower()}", kind, n + 1, updated, charitable)
    for n, (prefix, kind, updated, charitable) in enumerate(GLOBAL)
)


def custom_cheermote(broadcaster_id: str, login: str) -> Cheermote:
    """An affiliate's or partner's own Cheermote: "<login>Cheer"."""
    base = f"{CDN}/partner-actions/{broadcaster_id}/{login}"
    return _cheermote(f"{login}Cheer", base, "channel_custom", 1, CUSTOM_UPDATED, False)
