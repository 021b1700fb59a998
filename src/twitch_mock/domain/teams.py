"""Teams and their members (dev.twitch.tv/docs/api/reference/#get-teams, #get-channel-teams).

This module owns the `teams` and `team_members` tables: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.core.errors import BadRequest, Conflict
from twitch_mock.domain import checks
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import Select, insert_rows, json_objects, person

TEAM_LOGO_URL = "https://static-cdn.jtvnw.net/jtv_user_pictures/team-{name}-team_logo_image-{key}-600x600.png"
TEAM_BANNER_URL = "https://static-cdn.jtvnw.net/jtv_user_pictures/team-{name}-banner_image-{key}-1200x380.png"
TEAM_BACKGROUND_URL = (
    "https://static-cdn.jtvnw.net/jtv_user_pictures/team-{name}-background_image-{key}-1920x1080.png"
)


@dataclass(frozen=True, slots=True)
class TeamRow:
    TABLE: ClassVar[str] = "teams"
    id: str
    team_name: str
    team_display_name: str
    info: str
    thumbnail_url: str
    background_image_url: str | None
    banner: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class TeamMemberRow:
    TABLE: ClassVar[str] = "team_members"
    team_id: str
    user_id: str


@dataclass(frozen=True, slots=True)
class TeamUser:
    user_id: str
    user_name: str
    user_login: str


@dataclass(frozen=True, slots=True)
class Team:
    """A Get Teams item: the team and its members."""

    id: str
    team_name: str
    team_display_name: str
    info: str
    thumbnail_url: str
    background_image_url: str | None
    banner: str | None
    created_at: str
    updated_at: str
    users: list[TeamUser]


@dataclass(frozen=True, slots=True)
class ChannelTeam:
    """A Get Channel Teams item: a team the broadcaster belongs to."""

    broadcaster_id: str
    broadcaster_login: str
    broadcaster_name: str
    id: str
    team_name: str
    team_display_name: str
    info: str
    thumbnail_url: str
    background_image_url: str | None
    banner: str | None
    created_at: str
    updated_at: str


TEAM = Select(
    Team,
    "teams t",
    alias="t",
    users=json_objects(
        "FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = t.id ORDER BY u.login",
        user_id="u.id",
        user_name="u.display_name",
        user_login="u.login",
    ),
)
CHANNEL_TEAM = Select(
    ChannelTeam,
    "team_members m JOIN teams t ON t.id = m.team_id JOIN users b ON b.id = m.user_id",
    alias="t",
    **person("broadcaster", "b"),
)


# --- queries ---------------------------------------------------------------------------------


def team_id(conn: sqlite3.Connection, team_name: str) -> str | None:
    row = conn.execute("SELECT id FROM teams WHERE team_name = ?", (team_name,)).fetchone()
    return None if row is None else str(row[0])


def by_name(conn: sqlite3.Connection, name: str) -> Team | None:
    """Team names are lowercase; the lookup ignores case."""
    return TEAM.one(conn, "t.team_name = ?", (name.lower(),))


def by_id(conn: sqlite3.Connection, team: str) -> Team | None:
    return TEAM.one(conn, "t.id = ?", (team,))


def channel_teams(conn: sqlite3.Connection, broadcaster_id: str) -> list[ChannelTeam]:
    """The teams the broadcaster is a member of, by team name."""
    return CHANNEL_TEAM.all(conn, "m.user_id = ?", (broadcaster_id,), "t.team_name, t.id")


# --- builders --------------------------------------------------------------------------------


def create_team(s: Services, name: str, display_name: str | None = None, info: str = "") -> TeamRow:
    """A team with Twitch-style image URLs and no members yet."""
    checks.matches("team_name", name, checks.LOGIN, "1-25 letters, digits or underscores")
    if team_id(s.conn, name.lower()) is not None:
        raise Conflict(f"The team {name.lower()} exists already")
    key = s.ids.secret(32)
    name = name.lower()
    now = s.now()
    row = TeamRow(
        s.ids.numeric(5),
        name,
        display_name or name,
        info,
        TEAM_LOGO_URL.format(name=name, key=key),
        TEAM_BACKGROUND_URL.format(name=name, key=key),
        TEAM_BANNER_URL.format(name=name, key=key),
        now,
        now,
    )
    insert_rows(s.conn, "INSERT", [row])
    return row


def join_team(s: Services, team_id: str, user_id: str) -> TeamMemberRow:
    """The user joins the team (joining twice is harmless)."""
    checks.user(s, "user_id", user_id)
    if by_id(s.conn, team_id) is None:
        raise BadRequest(f'The team in "team_id" does not exist: {team_id}')
    row = TeamMemberRow(team_id, user_id)
    insert_rows(s.conn, "INSERT OR IGNORE", [row])
    return row
