"""Validation shared by the domain's builders and rules: references to users and categories, Twitch's
formats for
logins, ids and times. Every failure is a `BadRequest` (400) that names the field, so the control
API, `twitch-mock add` and `MockTwitch` report bad input the same way."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from twitch_mock.core.clock import parse_rfc3339, rfc3339
from twitch_mock.core.errors import BadRequest
from twitch_mock.core.scopes import unknown_scopes
from twitch_mock.domain import users
from twitch_mock.domain.services import Services

LOGIN = re.compile(r"[A-Za-z0-9_]{1,25}")
NUMERIC_ID = re.compile(r"[0-9]{1,20}")


def user(services: Services, field: str, user_id: str) -> users.UserRecord:
    """The user `field` names; 400 when there is none."""
    found = users.record(services.conn, user_id)
    if found is None:
        raise BadRequest(f'The user in "{field}" does not exist: {user_id}')
    return found


def pair(services: Services, user_id: str, broadcaster_id: str) -> tuple[users.UserRecord, users.UserRecord]:
    """A user and a channel, which must be two different, existing users."""
    if user_id == broadcaster_id:
        raise BadRequest('"user_id" and "broadcaster_id" must be different users')
    return user(services, "user_id", user_id), user(services, "broadcaster_id", broadcaster_id)


def category(services: Services, game_id: str | None) -> str | None:
    found = game_id and services.conn.execute("SELECT 1 FROM categories WHERE id = ?", (game_id,)).fetchone()
    if game_id and not found:
        raise BadRequest(f'The category in "game_id" does not exist: {game_id}')
    return game_id or None


def choice(field: str, value: str, options: Sequence[str]) -> str:
    if value not in options:
        shown = ", ".join(repr(o) for o in options)
        raise BadRequest(f'The value of "{field}" must be one of {shown}, not {value!r}')
    return value


def time_or_now(services: Services, field: str, value: str | None) -> str:
    """An RFC3339 time, normalised to Twitch's form; the mock's current time when not given."""
    if value is None:
        return services.clock.rfc3339()
    try:
        return rfc3339(parse_rfc3339(value))
    except ValueError:
        raise BadRequest(f'The value of "{field}" must be an RFC3339 time, not {value!r}') from None


def number(field: str, value: int, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise BadRequest(f'The value of "{field}" must be an integer from {low} to {high}')
    return value


def matches(field: str, value: str, pattern: re.Pattern[str], what: str) -> str:
    if not pattern.fullmatch(value):
        raise BadRequest(f'The value of "{field}" must be {what}, not {value!r}')
    return value


def scopes(values: Iterable[str]) -> tuple[str, ...]:
    picked = tuple(dict.fromkeys(values))
    bad = unknown_scopes(picked)
    if bad:
        raise BadRequest(f"Unknown scope: {bad[0]}")
    return picked


def numeric_or_new(services: Services, field: str, value: str | None, digits: int) -> str:
    """A numeric id as given, or a new one of `digits` digits."""
    if value is None:
        return services.ids.numeric(digits)
    return matches(field, value, NUMERIC_ID, "a numeric id")
