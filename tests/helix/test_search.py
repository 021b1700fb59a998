"""Helix Search: Search Categories (every word, anywhere in the name), Search Channels (login
prefix; live_only matches live channels on login, display name or category)."""

from __future__ import annotations

from typing import Any

import pytest
from reference_support import Call, Example

from conftest import World, assert_error, make_user
from twitch_mock.domain import users
from twitch_mock.domain.categories import CategoryRow
from twitch_mock.domain.channels import ChannelChanges, modify
from twitch_mock.domain.streams import create_stream
from twitch_mock.store.rows import insert_rows

ART = "https://static-cdn.jtvnw.net/ttv-boxart/{}-{{width}}x{{height}}.jpg"
CATEGORIES = [
    CategoryRow("1", "Just Chatting", ART.format("Just%20Chatting"), ""),
    CategoryRow("2", "Science & Technology", ART.format("Science"), ""),
    CategoryRow("3", "Software and Game Development", ART.format("Software"), ""),
    CategoryRow("4", "100% Orange Juice", ART.format("100"), ""),
    CategoryRow("5", "League of Legends", ART.format("LoL"), "115"),
]


@pytest.fixture
def world_of(world: World) -> World:
    """angel_of_death (live, 10 viewers, League of Legends), angelofdeath2 (offline), angela (live,
    90 viewers, Just Chatting), plus alice..erin offline."""
    s = world.services
    with world.store.transaction():
        insert_rows(s.conn, "INSERT", CATEGORIES)
        users.insert(
            s.conn, [make_user(10, "angel_of_death"), make_user(11, "AngelOfDeath2"), make_user(12, "Angela")]
        )
        modify(s, "1010", ChannelChanges(title="Ranked", tags=["English", "Ranked"]))
        create_stream(s, "1010", viewer_count=10, game_id="5", started_at="2024-05-01T10:00:00Z")
        create_stream(s, "1012", viewer_count=90, game_id="1", started_at="2024-05-01T11:00:00Z")
    return world


def get(world: World, path: str, **params: Any) -> Any:
    r = world.http.get(f"/helix/search/{path}", params=params, headers=world.headers())
    assert r.status_code == 200, r.text
    return r.json()


def names(body: dict[str, Any], key: str = "name") -> list[str]:
    return [item[key] for item in body["data"]]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("just", ["Just Chatting"]),
        ("game dev", ["Software and Game Development"]),
        ("TECH", ["Science & Technology"]),
        ("100%", ["100% Orange Juice"]),
        ("0% J", ["100% Orange Juice"]),
        ("_", []),
        ("an", ["100% Orange Juice", "Software and Game Development"]),
    ],
)
def test_search_categories(world_of: World, query: str, found: list[str]) -> None:
    assert names(get(world_of, "categories", query=query)) == found


def test_search_categories_shape_and_pages(world_of: World) -> None:
    body = get(world_of, "categories", query="o", first=2)
    assert body["data"][0] == {"box_art_url": ART.format("100"), "name": "100% Orange Juice", "id": "4"}
    assert names(body) == ["100% Orange Juice", "League of Legends"]
    rest = get(world_of, "categories", query="o", after=body["pagination"]["cursor"])
    assert (
        names(rest) == ["Science & Technology", "Software and Game Development"] and rest["pagination"] == {}
    )


def test_search_channels_live_first_with_twitchs_shape(world_of: World) -> None:
    body = get(world_of, "channels", query="angel")
    assert names(body, "broadcaster_login") == ["angela", "angel_of_death", "angelofdeath2"]
    assert body["data"][1] == {
        "broadcaster_language": "en",
        "broadcaster_login": "angel_of_death",
        "display_name": "angel_of_death",
        "game_id": "5",
        "game_name": "League of Legends",
        "id": "1010",
        "is_live": True,
        "tag_ids": [],
        "tags": ["English", "Ranked"],
        "thumbnail_url": "https://static-cdn.jtvnw.net/jtv_user_pictures/angel_of_death-profile_image-300x300.png",
        "title": "Ranked",
        "started_at": "2024-05-01T10:00:00Z",
    }
    offline = body["data"][2]
    assert (offline["is_live"], offline["started_at"], offline["game_id"], offline["tags"]) == (
        False,
        "",
        "",
        [],
    )


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"query": "angel of death"}, ["angel_of_death", "angelofdeath2"]),
        ({"query": "angel_of"}, ["angel_of_death"]),
        ({"query": "ngel"}, []),  # the start of the name must match
        ({"query": "a%"}, []),
        ({"query": "ANGEL", "live_only": "true"}, ["angela", "angel_of_death"]),
        ({"query": "league of", "live_only": "true"}, ["angel_of_death"]),
        ({"query": "just", "live_only": "true"}, ["angela"]),
        ({"query": "just", "live_only": "false"}, []),
        ({"query": "alice", "live_only": "true"}, []),
    ],
)
def test_search_channels_matching(world_of: World, params: dict[str, str], found: list[str]) -> None:
    assert names(get(world_of, "channels", **params), "broadcaster_login") == found


def test_search_channels_pages(world_of: World) -> None:
    first = get(world_of, "channels", query="a", first=2)
    assert names(first, "broadcaster_login") == ["angela", "angel_of_death"]
    rest = get(world_of, "channels", query="a", first=2, after=first["pagination"]["cursor"])
    assert names(rest, "broadcaster_login") == ["alice", "angelofdeath2"] and rest["pagination"] == {}


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        pytest.param("categories", {}, 'Missing required parameter "query"', id="categories-no-query"),
        pytest.param("channels", {"query": ""}, 'Missing required parameter "query"', id="channels-empty"),
        pytest.param("channels", {"query": "a", "live_only": "yes"}, 'The parameter "live_only" was malformed: the value must be a boolean', id="live-only"),
        pytest.param("channels", {"query": "a", "first": "101"}, 'The parameter "first" was malformed: the value must be less than or equal to 100', id="first"),
    ],
)  # fmt: skip
def test_search_bad_input(world_of: World, path: str, params: dict[str, str], message: str) -> None:
    r = world_of.http.get(f"/helix/search/{path}", params=params, headers=world_of.headers())
    assert_error(r, 400, message)


def _login_prefix(m: Any) -> str:
    return str(m.users[0].login[:3])


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /search/categories": [lambda m: Call({"query": "just"}, m.app_token())],
    "GET /search/channels": [
        lambda m: Call({"query": _login_prefix(m)}, m.app_token()),
        lambda m: Call({"query": _login_prefix(m), "live_only": "true", "first": "3"}, m.app_token()),
    ],
}
