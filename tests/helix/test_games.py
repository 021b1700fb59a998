"""Helix Games: Get Games (by id, exact name or IGDB id, at most 100 in all), Get Top Games (the
most watched first, keyset pages both ways)."""

from __future__ import annotations

from typing import Any

import pytest
from reference_support import Call, Example

from conftest import World, assert_error
from twitch_mock.domain.categories import CategoryRow
from twitch_mock.domain.channels import set_channel
from twitch_mock.domain.streams import create_stream
from twitch_mock.store.rows import insert_rows

ART = "https://static-cdn.jtvnw.net/ttv-boxart/{name}-{{width}}x{{height}}.jpg"
GAMES = [
    CategoryRow("33214", "Fortnite", ART.format(name="Fortnite"), "1905"),
    CategoryRow("27471", "Minecraft", ART.format(name="Minecraft"), "121"),
    CategoryRow("509658", "Just Chatting", ART.format(name="Just%20Chatting"), ""),
    CategoryRow("21779", "League of Legends", ART.format(name="League%20of%20Legends"), "115"),
]


@pytest.fixture
def games(world: World) -> World:
    """alice (50 viewers) and bob (30) stream Minecraft, carol (70) Fortnite; dave is set to League
    of Legends but offline."""
    s = world.services
    with world.store.transaction():
        insert_rows(s.conn, "INSERT", GAMES)
        for login, game, viewers in (("alice", "27471", 50), ("bob", "27471", 30), ("carol", "33214", 70)):
            create_stream(s, world.users[login], viewer_count=viewers, game_id=game)
        set_channel(s.conn, world.users["dave"], {"game_id": "21779"})
    return world


def get(world: World, path: str, **params: Any) -> Any:
    return world.http.get(f"/helix/{path}", params=params, headers=world.headers())


def as_json(game: CategoryRow) -> dict[str, str]:
    return {"id": game.id, "name": game.name, "box_art_url": game.box_art_url, "igdb_id": game.igdb_id}


def test_get_games_by_id_name_and_igdb_id(games: World) -> None:
    r = get(games, "games", id=["27471", "999"], name=["Just Chatting", "minecraft"], igdb_id=["115", "1905"])
    assert r.status_code == 200
    assert r.json() == {"data": [as_json(GAMES[1]), as_json(GAMES[2]), as_json(GAMES[3]), as_json(GAMES[0])]}
    assert get(games, "games", id="1").json() == {"data": []}
    assert get(games, "games", name="fortnite").json() == {"data": []}
    # names match exactly (case included) and duplicates come once
    assert get(games, "games", name=["Fortnite", "Fortnite"], id="33214").json()["data"] == [
        as_json(GAMES[0])
    ]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        pytest.param({}, "The request must specify the id or name or igdb_id query parameter", id="nothing"),
        pytest.param({"id": ""}, "The request must specify the id or name or igdb_id query parameter", id="empty"),
        pytest.param({"id": [str(n) for n in range(60)], "igdb_id": [str(n) for n in range(41)]},
                     "The combined number of game IDs (id and igdb_id) and game names that you specify in the "
                     "request must not exceed 100", id="combined"),
        pytest.param({"name": [str(n) for n in range(101)]},
                     'The parameter "name" was malformed: the number of values must be less than or equal to 100', id="names"),
    ],
)  # fmt: skip
def test_get_games_bad_input(games: World, params: dict[str, Any], message: str) -> None:
    assert_error(get(games, "games", **params), 400, message)


def test_top_games_most_watched_first(games: World) -> None:
    r = get(games, "games/top")
    assert r.status_code == 200
    body = r.json()
    # Minecraft 80, Fortnite 70, then the unwatched by id
    assert [g["name"] for g in body["data"]] == [
        "Minecraft",
        "Fortnite",
        "League of Legends",
        "Just Chatting",
    ]
    assert body["data"][0] == as_json(GAMES[1]) and body["pagination"] == {}


def test_top_games_pages_forwards_and_back(games: World) -> None:
    first = get(games, "games/top", first=2).json()
    assert [g["name"] for g in first["data"]] == ["Minecraft", "Fortnite"]
    second = get(games, "games/top", first=2, after=first["pagination"]["cursor"]).json()
    assert [g["name"] for g in second["data"]] == ["League of Legends", "Just Chatting"]
    assert second["pagination"] == {}
    third = get(games, "games/top", first=1, after=first["pagination"]["cursor"]).json()
    back = get(games, "games/top", first=2, before=third["pagination"]["cursor"]).json()
    assert [g["name"] for g in back["data"]] == ["Minecraft", "Fortnite"]
    assert_error(
        get(games, "games/top", first=101),
        400,
        'The parameter "first" was malformed: the value must be less than or equal to 100',
    )
    assert_error(get(games, "games/top", after="x"), 400, "invalid cursor")


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /games": [lambda m: Call({"id": "509658", "name": "Fortnite"}, m.app_token())],
    "GET /games/top": [lambda m: Call({"first": "5"}, m.app_token())],
}
