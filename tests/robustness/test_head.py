"""HEAD on every GET endpoint (issue 16, item 6): answered like the GET, without a body."""

from __future__ import annotations

import pytest

from conftest import World, build_world
from twitch_mock.app import App

WORLD = build_world()
GET_PATHS = sorted(
    path for path, route in App(WORLD.services).dispatcher.routes.items() if "GET" in route.methods
)
WORLD.store.close()


@pytest.mark.parametrize("path", GET_PATHS)
def test_head_is_answered_like_the_get(world: World, path: str) -> None:
    get = world.http.get(path, headers=world.headers(), follow_redirects=False)
    head = world.http.head(path, headers=world.headers(), follow_redirects=False)
    assert head.status_code == get.status_code != 405
    assert head.content == b""
    assert head.headers.get("content-type") == get.headers.get("content-type")
    assert head.headers.get("content-length") == get.headers.get("content-length")


def test_head_of_a_page_of_users(world: World) -> None:
    get = world.http.get("/helix/users?id=1000&id=1001", headers=world.headers())
    head = world.http.head("/helix/users?id=1000&id=1001", headers=world.headers())
    assert get.status_code == head.status_code == 200 and len(get.json()["data"]) == 2
    assert head.content == b"" and head.headers["content-length"] == str(len(get.content))
    assert head.headers["ratelimit-limit"] == get.headers["ratelimit-limit"]


def test_head_is_in_allow(world: World) -> None:
    r = world.http.options("/helix/users")
    assert "HEAD" in r.headers["allow"].split(", ")
    posted_only = world.http.options("/oauth2/token")
    assert "HEAD" not in posted_only.headers["allow"].split(", ")
