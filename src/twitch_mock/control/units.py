"""Builders for units with chosen attributes: users (with their channel) and live streams.
Each takes exactly the attributes given, generates the rest, validates everything first and writes
only when all of it is valid. Callers run them inside one transaction (the dispatcher does for the
control API; `MockTwitch` and `twitch-mock add` do for theirs). Clients are registered by
oauth.clients.register_client, which the control API reaches through the Controller.

Relationships between users (follows, subscriptions, bans, roles) are in relations.py."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.control import checks
from twitch_mock.core.errors import Conflict
from twitch_mock.generator.names import NAME_WORDS, OFFLINE_IMAGE_URL, PROFILE_IMAGE_URL
from twitch_mock.http.context import Services
from twitch_mock.store.users import UserRecord
from twitch_mock.store.world_rows import ChatSettingsRow, StreamRow

USER_TYPES = ("", "admin", "global_mod", "staff")
BROADCASTER_TYPES = ("", "affiliate", "partner")
STREAM_TYPES = ("live",)


@dataclass(frozen=True, slots=True)
class UserSpec:
    """What a caller may choose about a new user; None means "generate it"."""

    login: str | None = None
    id: str | None = None
    display_name: str | None = None
    type: str = ""
    broadcaster_type: str = ""
    description: str = ""
    email: str | None = None
    created_at: str | None = None
    profile_image_url: str | None = None
    offline_image_url: str | None = None
    game_id: str | None = None
    title: str = ""
    broadcaster_language: str = "en"


@dataclass(frozen=True, slots=True)
class StreamSpec:
    user_id: str
    id: str | None = None
    viewer_count: int | None = None
    started_at: str | None = None
    is_mature: bool = False
    type: str = "live"
    title: str | None = None  # these three change the channel, which the stream shows
    game_id: str | None = None
    language: str | None = None


def create_user(services: Services, spec: UserSpec) -> UserRecord:
    login = _login(services, spec.login)
    record = UserRecord(
        id=_user_id(services, spec.id),
        login=login,
        display_name=spec.display_name or spec.login or login,
        type=checks.choice("type", spec.type, USER_TYPES),
        broadcaster_type=checks.choice("broadcaster_type", spec.broadcaster_type, BROADCASTER_TYPES),
        description=spec.description,
        profile_image_url=spec.profile_image_url if spec.profile_image_url is not None else PROFILE_IMAGE_URL,
        offline_image_url=_offline_image(spec),
        view_count=0,
        email=spec.email if spec.email is not None else f"{login}@example.com",
        created_at=checks.time_or_now(services, "created_at", spec.created_at),
        game_id=checks.category(services, spec.game_id),
        title=spec.title,
        broadcaster_language=spec.broadcaster_language,
    )
    services.store.users.insert([record])
    services.store.world.add([ChatSettingsRow(record.id)])
    return record


def create_stream(services: Services, spec: StreamSpec) -> StreamRow:
    """The user goes live (replacing a stream they already have)."""
    checks.user(services, "user_id", spec.user_id)
    channel = {
        "title": spec.title,
        "game_id": checks.category(services, spec.game_id),
        "broadcaster_language": spec.language,
    }
    row = StreamRow(
        id=_numeric(services, "id", spec.id, 11),
        user_id=spec.user_id,
        type=checks.choice("type", spec.type, STREAM_TYPES),
        viewer_count=_viewers(services, spec.viewer_count),
        started_at=checks.time_or_now(services, "started_at", spec.started_at),
        is_mature=spec.is_mature,
    )
    units = checks.units(services)
    units.set_channel(spec.user_id, {k: v for k, v in channel.items() if v is not None})
    units.put(row)
    return row


def _login(services: Services, login: str | None) -> str:
    if login is None:
        return _fresh_login(services)
    checks.matches("login", login, checks.LOGIN, "1-25 letters, digits or underscores")
    if services.store.users.by_login(login) is not None:
        raise Conflict(f"The login {login.lower()} is taken")
    return login.lower()


def _fresh_login(services: Services) -> str:
    """A login in the generator's style ("pixelotter4821") that no user has yet."""
    while True:
        first, second = services.ids.sample(NAME_WORDS, 2)
        login = f"{first}{second}"[:20].lower() + services.ids.numeric(4)
        if services.store.users.by_login(login) is None:
            return login


def _user_id(services: Services, user_id: str | None) -> str:
    if user_id is None:
        while True:
            user_id = services.ids.numeric(9)
            if not services.store.users.exists(user_id):
                return user_id
    checks.matches("id", user_id, checks.NUMERIC_ID, "a numeric id")
    if services.store.users.exists(user_id):
        raise Conflict(f"A user with id {user_id} already exists")
    return user_id


def _numeric(services: Services, field: str, value: str | None, digits: int) -> str:
    if value is None:
        return services.ids.numeric(digits)
    return checks.matches(field, value, checks.NUMERIC_ID, "a numeric id")


def _viewers(services: Services, viewers: int | None) -> int:
    if viewers is None:
        return services.ids.between(0, 200)
    return checks.number("viewer_count", viewers, 0, 10**9)


def _offline_image(spec: UserSpec) -> str:
    if spec.offline_image_url is not None:
        return spec.offline_image_url
    return OFFLINE_IMAGE_URL if spec.broadcaster_type else ""
