"""The catalogue of content classification labels (dev.twitch.tv/docs/api/reference/#get-content-
classification-labels): Twitch's fixed list, ids, names and descriptions as Twitch gives them in
en-US. No table: the list is the same for every channel and never changes at run time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# Locales Twitch documents (its list spells Brazilian Portuguese "pt-BT"; both spellings work).
LOCALES: Final = (
    "bg-BG", "cs-CZ", "da-DK", "de-DE", "el-GR", "en-GB", "en-US", "es-ES", "es-MX", "fi-FI", "fr-FR",
    "hu-HU", "it-IT", "ja-JP", "ko-KR", "nl-NL", "no-NO", "pl-PL", "pt-BR", "pt-BT", "pt-PT", "ro-RO",
    "ru-RU", "sk-SK", "sv-SE", "th-TH", "tr-TR", "vi-VN", "zh-CN", "zh-TW",
)  # fmt: skip
DEFAULT_LOCALE: Final = "en-US"


@dataclass(frozen=True, slots=True)
class Label:
    """A Get Content Classification Labels item."""

    id: str
    description: str
    name: str


LABELS: Final = (
    Label(
        "DebatedSocialIssuesAndPolitics",
        "Discussions or debates about politics or sensitive social issues such as elections, civic "
        "integrity, military conflict, and civil rights in a polarizing manner.",
        "Politics and Sensitive Social Issues",
    ),
    Label(
        "DrugsIntoxication",
        "Excessive tobacco glorification or promotion, any marijuana consumption/use, legal drug and "
        "alcohol induced intoxication, discussions of illegal drugs.",
        "Drugs, Intoxication, or Excessive Tobacco Use",
    ),
    Label(
        "Gambling",
        "Participating in online or in-person gambling, poker or fantasy sports, that involve the "
        "exchange of real money.",
        "Gambling",
    ),
    Label(
        "MatureGame",
        "Games that are rated Mature or less suitable for a younger audience.",
        "Mature-rated game",
    ),
    Label(
        "ProfanityVulgarity",
        "Prolonged, and repeated use of obscenities, profanities, and vulgarities, especially as a "
        "regular part of speech.",
        "Significant Profanity or Vulgarity",
    ),
    Label(
        "SexualThemes",
        "Content that focuses on sexualized physical attributes and activities, sexual topics, or "
        "experiences.",
        "Sexual Themes",
    ),
    Label(
        "ViolentGraphic",
        "Simulations and/or depictions of realistic violence, gore, extreme injury, or death.",
        "Violent and Graphic Depictions",
    ),
)


def labels(locale: str = DEFAULT_LOCALE) -> list[Label]:
    """The labels in Twitch's order. Only en-US texts are known, so every locale gets them."""
    return list(LABELS)
