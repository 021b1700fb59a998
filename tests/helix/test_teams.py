"""Helix Teams family: Get Teams and Get Channel Teams, and the builders that make teams."""

from __future__ import annotations

from typing import Any

import pytest
from reference_support import Call, Example

from conftest import World, assert_error
from twitch_mock.core.errors import BadRequest, Conflict
from twitch_mock.domain import teams
from twitch_mock.domain.teams import TeamRow


@pytest.fixture
def team(world: World) -> TeamRow:
    """ "livecoders" with carol and alice; "artists" with alice."""
    with world.store.transaction():
        row = teams.create_team(world.services, "LiveCoders", "Live Coders", "<p>We code</p>")
        for login in ("carol", "alice"):
            teams.join_team(world.services, row.id, world.users[login])
        other = teams.create_team(world.services, "artists")
        teams.join_team(world.services, other.id, world.users["alice"])
    return row


def get(world: World, path: str) -> Any:
    return world.http.get(f"/helix/teams{path}", headers=world.headers())


def test_get_teams_by_name_and_by_id(world: World, team: TeamRow) -> None:
    r = get(world, "?name=livecoders")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.json() == {
        "data": [
            {
                "id": team.id,
                "team_name": "livecoders",
                "team_display_name": "Live Coders",
                "info": "<p>We code</p>",
                "thumbnail_url": team.thumbnail_url,
                "background_image_url": team.background_image_url,
                "banner": team.banner,
                "created_at": world.services.now(),
                "updated_at": world.services.now(),
                "users": [
                    {"user_id": world.users["alice"], "user_name": "Alice", "user_login": "alice"},
                    {"user_id": world.users["carol"], "user_name": "Carol", "user_login": "carol"},
                ],
            }
        ]
    }
    assert team.thumbnail_url.startswith("https://static-cdn.jtvnw.net/jtv_user_pictures/team-livecoders-")
    assert get(world, f"?id={team.id}").json() == r.json()
    assert get(world, "?name=LiveCoders").json() == r.json()  # names ignore case


def test_a_team_without_members_has_an_empty_users_list(world: World) -> None:
    with world.store.transaction():
        teams.create_team(world.services, "lonely")
    assert get(world, "?name=lonely").json()["data"][0]["users"] == []


def test_get_channel_teams(world: World, team: TeamRow) -> None:
    r = get(world, f"/channel?broadcaster_id={world.users['alice']}")
    assert r.status_code == 200
    data = r.json()["data"]
    assert [t["team_name"] for t in data] == ["artists", "livecoders"]
    assert data[1] == {
        "broadcaster_id": world.users["alice"],
        "broadcaster_login": "alice",
        "broadcaster_name": "Alice",
        "id": team.id,
        "team_name": "livecoders",
        "team_display_name": "Live Coders",
        "info": "<p>We code</p>",
        "thumbnail_url": team.thumbnail_url,
        "background_image_url": team.background_image_url,
        "banner": team.banner,
        "created_at": team.created_at,
        "updated_at": team.updated_at,
    }
    assert get(world, f"/channel?broadcaster_id={world.users['bob']}").json() == {"data": []}


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        pytest.param("", 400, "The name or id query parameter is required", id="neither"),
        pytest.param("?name=&id=", 400, "The name or id query parameter is required", id="empty"),
        pytest.param("?name=livecoders&id=1", 400, "Specify either the name or id query parameter but not both", id="both"),
        pytest.param("?id=abc", 400, "The ID in the id query parameter is not valid", id="bad-id"),
        pytest.param("?id=424242", 404, "The specified team was not found", id="unknown-id"),
        pytest.param("?name=nobody", 404, "The specified team was not found", id="unknown-name"),
        pytest.param("/channel", 400, 'Missing required parameter "broadcaster_id"', id="channel-missing"),
        pytest.param("/channel?broadcaster_id=999", 404, "The broadcaster was not found", id="channel-unknown"),
    ],
)  # fmt: skip
def test_teams_errors(world: World, team: TeamRow, path: str, status: int, message: str) -> None:
    assert_error(get(world, path), status, message)


def test_builders_refuse_bad_input(world: World, team: TeamRow) -> None:
    with pytest.raises(Conflict), world.store.transaction():
        teams.create_team(world.services, "livecoders")
    with pytest.raises(BadRequest), world.store.transaction():
        teams.join_team(world.services, "424242", world.users["bob"])
    with pytest.raises(BadRequest), world.store.transaction():
        teams.join_team(world.services, team.id, "999")
    with world.store.transaction():
        teams.join_team(world.services, team.id, world.users["carol"])  # twice is harmless
    assert len(get(world, "?name=livecoders").json()["data"][0]["users"]) == 2


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /teams": [
        lambda m: Call({"name": "clidev"}, m.app_token()),
        lambda m: Call({"name": "clidev"}, m.user_token(m.users[0].id)),
    ],
    "GET /teams/channel": [lambda m: Call({"broadcaster_id": m.users[0].id}, m.app_token())],
}
