"""The unauthenticated `/units/<kind>` listings that twitch-cli offers for looking at generated data
(clients, users, categories, streams, subscriptions, tags, teams, videos). Unlike twitch-cli's, the
listings use clean snake_case keys, stable order and real (keyset) paging. Each query reads tables
other modules own; nothing here writes."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from twitch_mock.domain.categories import CategoryRow, TagRow
from twitch_mock.domain.teams import TeamRow
from twitch_mock.domain.users import UserRecord
from twitch_mock.domain.videos import VideoRow
from twitch_mock.store.auth import Client
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select, json_list, json_objects, person


@dataclass(frozen=True, slots=True)
class UnitUser(UserRecord):
    """Every column of a user and their channel, plus the category's name and the channel's tags."""

    game_name: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UnitStream:
    id: str
    user_id: str
    user_login: str
    user_name: str
    game_id: str
    game_name: str
    type: str
    title: str
    language: str
    tags: tuple[str, ...]
    viewer_count: int
    started_at: str
    is_mature: bool
    thumbnail_url: str


@dataclass(frozen=True, slots=True)
class UnitSubscription:
    broadcaster_id: str
    broadcaster_login: str
    broadcaster_name: str
    user_id: str
    user_login: str
    user_name: str
    tier: str
    is_gift: bool
    gifter_id: str | None
    gifter_login: str | None
    gifter_name: str | None
    created_at: str


@dataclass(frozen=True, slots=True)
class TeamUser:
    user_id: str
    user_login: str
    user_name: str


@dataclass(frozen=True, slots=True)
class UnitTeam(TeamRow):
    users: tuple[TeamUser, ...] = ()


@dataclass(frozen=True, slots=True)
class MutedSegment:
    offset: int
    duration: int


@dataclass(frozen=True, slots=True)
class UnitVideo(VideoRow):
    """A video's columns, its owner's login and name, its page and its muted segments."""

    user_login: str = ""
    user_name: str = ""
    url: str = ""
    muted_segments: tuple[MutedSegment, ...] = ()


_STREAM_THUMBNAIL = (
    "'https://static-cdn.jtvnw.net/previews-ttv/live_user_' || u.login || '-{width}x{height}.jpg'"
)
_BY_ROWID = Order.of("t.rowid")

CLIENTS = Select(
    Client,
    "clients t",
    alias="t",
    redirect_uris=json_list("uri", "FROM client_redirect_uris WHERE client_id = t.id ORDER BY position"),
)
USERS = Select(
    UnitUser,
    "users t LEFT JOIN categories c ON c.id = t.game_id",
    alias="t",
    game_id="COALESCE(t.game_id, '')",
    game_name="COALESCE(c.name, '')",
)
CATEGORIES = Select(CategoryRow, "categories t", alias="t")
TAGS = Select(TagRow, "tags t", alias="t")
STREAMS = Select(
    UnitStream,
    "streams t JOIN users u ON u.id = t.user_id LEFT JOIN categories c ON c.id = u.game_id",
    alias="t",
    **person("user", "u"),
    game_id="COALESCE(u.game_id, '')",
    game_name="COALESCE(c.name, '')",
    title="u.title",
    language="u.broadcaster_language",
    tags="u.tags",
    thumbnail_url=_STREAM_THUMBNAIL,
)
SUBSCRIPTIONS = Select(
    UnitSubscription,
    "subscriptions t JOIN users b ON b.id = t.broadcaster_id JOIN users u ON u.id = t.user_id "
    "LEFT JOIN users g ON g.id = t.gifter_id",
    alias="t",
    **person("broadcaster", "b"),
    **person("user", "u"),
    gifter_login="g.login",
    gifter_name="g.display_name",
)
TEAMS = Select(
    UnitTeam,
    "teams t",
    alias="t",
    users=json_objects(
        "FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = t.id ORDER BY u.login",
        user_id="u.id",
        user_login="u.login",
        user_name="u.display_name",
    ),
)
VIDEOS = Select(
    UnitVideo,
    "videos t JOIN users u ON u.id = t.user_id",
    alias="t",
    user_login="u.login",
    user_name="u.display_name",
    url="'https://www.twitch.tv/videos/' || t.id",
    muted_segments=json_objects(
        'FROM video_muted_segments WHERE video_id = t.id ORDER BY "offset"',
        offset='"offset"',
        duration="duration",
    ),
)
KINDS: dict[str, Select[Any]] = {
    "clients": CLIENTS,
    "users": USERS,
    "categories": CATEGORIES,
    "streams": STREAMS,
    "subscriptions": SUBSCRIPTIONS,
    "tags": TAGS,
    "teams": TEAMS,
    "videos": VIDEOS,
}


def listing(conn: sqlite3.Connection, kind: str, window: Window) -> Slice[Any]:
    """One page of `/units/<kind>`, oldest row first."""
    return KINDS[kind].page(conn, window, _BY_ROWID)


__all__: Sequence[str] = ["KINDS", "listing"]
