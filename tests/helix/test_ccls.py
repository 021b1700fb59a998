"""Helix Get Content Classification Labels: Twitch's seven labels, for any supported locale."""

from __future__ import annotations

import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error


def test_the_labels_in_twitchs_order(world: World) -> None:
    r = world.http.get("/helix/content_classification_labels", headers=world.headers())
    assert r.status_code == 200
    data = r.json()["data"]
    assert set(r.json()) == {"data"}
    assert [label["id"] for label in data] == [
        "DebatedSocialIssuesAndPolitics", "DrugsIntoxication", "Gambling", "MatureGame",
        "ProfanityVulgarity", "SexualThemes", "ViolentGraphic",
    ]  # fmt: skip
    assert data[3] == {
        "id": "MatureGame",
        "description": "Games that are rated Mature or less suitable for a younger audience.",
        "name": "Mature-rated game",
    }
    again = world.http.get("/helix/content_classification_labels?locale=de-DE", headers=world.headers())
    assert again.json()["data"] == data


@pytest.mark.parametrize("locale", ["en", "xx-XX", "EN-US"])
def test_an_unsupported_locale(world: World, locale: str) -> None:
    r = world.http.get(f"/helix/content_classification_labels?locale={locale}", headers=world.headers())
    assert_error(r, 400, 'The parameter "locale" was malformed: the value must be one of ' + ", ".join(
        ["bg-BG", "cs-CZ", "da-DK", "de-DE", "el-GR", "en-GB", "en-US", "es-ES", "es-MX", "fi-FI", "fr-FR",
         "hu-HU", "it-IT", "ja-JP", "ko-KR", "nl-NL", "no-NO", "pl-PL", "pt-BR", "pt-BT", "pt-PT", "ro-RO",
         "ru-RU", "sk-SK", "sv-SE", "th-TH", "tr-TR", "vi-VN", "zh-CN", "zh-TW"]
    ))  # fmt: skip


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /content_classification_labels": [
        lambda m: Call({}, m.app_token()),
        lambda m: Call({"locale": "fr-FR"}, as_user(m, 0)),
    ],
}
