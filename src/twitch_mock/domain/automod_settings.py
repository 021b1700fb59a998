"""A channel's AutoMod settings (dev.twitch.tv/docs/api/reference/#get-automod-settings,
#update-automod-settings), and what they hold back.

A level per category, 0 (off) to 4 (most filtering), or an `overall_level` that sets them all (as
Twitch's example shows: at 3, bullying is 2 and swearing 0). A channel that never set them has
AutoMod off: every level 0, `overall_level` null. A word of the mock's AutoMod list
(domain/automod.py, `HELD_WORDS`: each word has a category and a severity 1-4) is caught when the
channel's level for its category is at least 5 - severity: level 1 catches only the worst words,
level 4 every listed word. Check AutoMod Status and Send Chat Message both ask `caught`; blocked
terms (domain/blocked_terms.py) are never permitted either.

This module owns `automod_settings`: its row type, SQL and rules."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import ClassVar, Final

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import automod, blocked_terms, users
from twitch_mock.domain.automod import AutoModStatus
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import Select, insert_rows

CATEGORIES: Final = (
    "disability", "aggression", "sexuality_sex_or_gender", "misogyny", "bullying", "swearing",
    "race_ethnicity_or_religion", "sex_based_terms",
)  # fmt: skip
MAX_LEVEL = 4
REQUIRED = "The overall_level setting or one or more individual settings like aggression is required"
EXCLUSIVE = "The overall_level setting and the individual settings are mutually exclusive; don't set both"


@dataclass(frozen=True, slots=True)
class AutoModSettingsRow:
    TABLE: ClassVar[str] = "automod_settings"
    broadcaster_id: str
    overall_level: int | None = None
    disability: int = 0
    aggression: int = 0
    sexuality_sex_or_gender: int = 0
    misogyny: int = 0
    bullying: int = 0
    swearing: int = 0
    race_ethnicity_or_religion: int = 0
    sex_based_terms: int = 0


@dataclass(frozen=True, slots=True)
class AutoModSettings:
    """A Get / Update AutoMod Settings item."""

    broadcaster_id: str
    moderator_id: str
    overall_level: int | None
    disability: int
    aggression: int
    sexuality_sex_or_gender: int
    misogyny: int
    bullying: int
    swearing: int
    race_ethnicity_or_religion: int
    sex_based_terms: int


@dataclass(frozen=True, slots=True)
class AutoModSettingsUpdate(Event):
    """EventSub `automod.settings.update` v1."""

    TYPE: ClassVar[str] = "automod.settings.update"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    moderator_user_id: str
    moderator_user_login: str
    moderator_user_name: str
    bullying: int
    overall_level: int | None
    disability: int
    race_ethnicity_or_religion: int
    misogyny: int
    sexuality_sex_or_gender: int
    aggression: int
    sex_based_terms: int
    swearing: int


SETTINGS = Select(AutoModSettingsRow, "automod_settings")


def settings_row(conn: sqlite3.Connection, broadcaster_id: str) -> AutoModSettingsRow:
    return SETTINGS.one(conn, "broadcaster_id = ?", (broadcaster_id,)) or AutoModSettingsRow(broadcaster_id)


def shown(row: AutoModSettingsRow, moderator_id: str) -> AutoModSettings:
    levels = [getattr(row, c) for c in CATEGORIES]
    return AutoModSettings(row.broadcaster_id, moderator_id, row.overall_level, *levels)


def overall(level: int) -> dict[str, int]:
    """The category levels an overall level sets: bullying a step lower, swearing only at 4."""
    levels = dict.fromkeys(CATEGORIES, level)
    levels["bullying"] = max(level - 1, 0)
    levels["swearing"] = MAX_LEVEL if level == MAX_LEVEL else 0
    return levels


def update(
    s: Services, broadcaster_id: str, moderator_id: str, overall_level: int | None, levels: dict[str, int]
) -> AutoModSettings:
    """Update AutoMod Settings: either the overall level, or individual levels (the ones not sent
    become 0, as Twitch's second example shows). Publishes `automod.settings.update`."""
    if overall_level is None and not levels:
        raise BadRequest(REQUIRED)
    if overall_level is not None and levels:
        raise BadRequest(EXCLUSIVE)
    chosen = overall(overall_level) if overall_level is not None else dict.fromkeys(CATEGORIES, 0) | levels
    row = AutoModSettingsRow(broadcaster_id, overall_level, **chosen)
    insert_rows(s.conn, "INSERT OR REPLACE", [row])
    caster, mod = users.names(s.conn, broadcaster_id), users.names(s.conn, moderator_id)
    s.publish(
        AutoModSettingsUpdate(
            *caster,
            *mod,
            row.bullying,
            row.overall_level,
            row.disability,
            row.race_ethnicity_or_religion,
            row.misogyny,
            row.sexuality_sex_or_gender,
            row.aggression,
            row.sex_based_terms,
            row.swearing,
        )
    )
    return shown(row, moderator_id)


def caught(row: AutoModSettingsRow, text: str) -> tuple[str, int] | None:
    """The (category, severity) the channel's AutoMod holds `text` for, or None."""
    if row.overall_level is None and not any(getattr(row, c) for c in CATEGORIES):
        return None
    found = automod.verdict(text)
    if found is None:
        return None
    category, severity = found
    return found if getattr(row, category, 0) >= MAX_LEVEL + 1 - severity else None


def check_status(
    s: Services, broadcaster_id: str, messages: Sequence[tuple[str, str]]
) -> list[AutoModStatus]:
    """Check AutoMod Status: one answer per (msg_id, msg_text), in the order sent; a message is not
    permitted when it contains a blocked term or the channel's AutoMod would hold it."""
    row = settings_row(s.conn, broadcaster_id)
    return [
        AutoModStatus(
            msg_id, blocked_terms.blocked(s, broadcaster_id, text) is None and caught(row, text) is None
        )
        for msg_id, text in messages
    ]


assert [f.name for f in fields(AutoModSettingsRow)][2:] == list(CATEGORIES)
