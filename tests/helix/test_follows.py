"""Helix Channels family, the lists: Get Channel Editors, Get Channel Followers, Get Followed
Channels (newest first, keyset pages, `total`; followers shown only to the broadcaster and their
moderators with moderator:read:followers)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error, make_user
from twitch_mock.core.clock import rfc3339
from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import channels, follows, moderators, users
from twitch_mock.domain.follows import ChannelFollow, FollowRow
from twitch_mock.domain.outbox import Event
from twitch_mock.store.rows import insert_rows

FOLLOWERS = "moderator:read:followers"
FOLLOWS = "user:read:follows"
EDITORS = "channel:read:editors"


def at(world: World, seconds: float) -> str:
    return rfc3339(world.clock.now() - 10_000 + seconds)


def follow(world: World, fan: str, channel: str, seconds: float) -> None:
    with world.store.transaction():
        follows.follow(world.services, world.users[fan], world.users[channel], at(world, seconds))


@pytest.fixture
def fans(world: World) -> World:
    """bob, carol, dave and erin follow alice (erin most recently); alice follows bob and carol;
    carol moderates alice's channel."""
    for n, fan in enumerate(("bob", "carol", "dave", "erin")):
        follow(world, fan, "alice", n * 10)
    follow(world, "alice", "bob", 5)
    follow(world, "alice", "carol", 15)
    with world.store.transaction():
        moderators.add_moderator(world.services, world.users["carol"], world.users["alice"])
    return world


def get(world: World, path: str, headers: dict[str, str], **params: Any) -> Any:
    return world.http.get(f"/helix/{path}", params=params, headers=headers)


# --- Get Channel Followers ----------------------------------------------------------------------


def test_followers_newest_first_for_the_broadcaster(fans: World) -> None:
    r = get(fans, "channels/followers", fans.as_user("alice", FOLLOWERS), broadcaster_id=fans.users["alice"])
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 4 and body["pagination"] == {}
    assert [f["user_login"] for f in body["data"]] == ["erin", "dave", "carol", "bob"]
    assert body["data"][0] == {
        "user_id": fans.users["erin"],
        "user_login": "erin",
        "user_name": "Erin",
        "followed_at": at(fans, 30),
    }


def test_a_moderator_sees_the_followers_and_can_ask_about_one(fans: World) -> None:
    headers = fans.as_user("carol", FOLLOWERS)
    r = get(
        fans, "channels/followers", headers, broadcaster_id=fans.users["alice"], user_id=fans.users["bob"]
    )
    assert r.status_code == 200
    assert r.json() == {
        "data": [
            {
                "user_id": fans.users["bob"],
                "user_login": "bob",
                "user_name": "Bob",
                "followed_at": at(fans, 0),
            }
        ],
        "pagination": {},
        "total": 4,
    }
    r = get(
        fans, "channels/followers", headers, broadcaster_id=fans.users["alice"], user_id=fans.users["alice"]
    )
    assert r.json() == {"data": [], "pagination": {}, "total": 4}


@pytest.mark.parametrize(
    ("who", "scopes"),
    [
        pytest.param(None, (), id="app-token"),
        pytest.param("alice", (), id="broadcaster-without-scope"),
        pytest.param("dave", (FOLLOWERS,), id="neither-broadcaster-nor-moderator"),
        pytest.param("bob", (FOLLOWERS,), id="a-follower-is-not-trusted-either"),
    ],
)
def test_others_get_only_the_total(fans: World, who: str | None, scopes: tuple[str, ...]) -> None:
    headers = fans.headers() if who is None else fans.as_user(who, *scopes)
    r = get(fans, "channels/followers", headers, broadcaster_id=fans.users["alice"])
    assert r.status_code == 200, r.text
    assert r.json() == {"data": [], "pagination": {}, "total": 4}


def test_untrusted_callers_may_not_ask_about_one_user(fans: World) -> None:
    # twitch-cli trusts the user_id parameter when it is a moderator; Twitch checks the token's user
    r = get(
        fans, "channels/followers", fans.as_user("dave", FOLLOWERS),
        broadcaster_id=fans.users["alice"], user_id=fans.users["carol"],
    )  # fmt: skip
    assert_error(
        r,
        401,
        "The user_id parameter was specified but either the user access token is missing the "
        "moderator:read:followers scope or the user is not the broadcaster or moderator for the specified channel",
    )


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        pytest.param({}, 400, 'Missing required parameter "broadcaster_id"', id="missing"),
        pytest.param({"broadcaster_id": "424242"}, 400, "The broadcaster_id query parameter is not valid", id="unknown"),
        pytest.param({"broadcaster_id": "1000", "first": "101"}, 400, 'The parameter "first" was malformed: the value must be less than or equal to 100', id="first"),
        pytest.param({"broadcaster_id": "1000", "after": "nope"}, 400, "invalid cursor", id="cursor"),
    ],
)  # fmt: skip
def test_followers_bad_input(fans: World, params: dict[str, str], status: int, message: str) -> None:
    assert_error(get(fans, "channels/followers", fans.as_user("alice", FOLLOWERS), **params), status, message)


def test_followers_pages_stay_stable_when_someone_follows_between_them(fans: World) -> None:
    headers = fans.as_user("alice", FOLLOWERS)
    first = get(fans, "channels/followers", headers, broadcaster_id=fans.users["alice"], first=2).json()
    assert [f["user_login"] for f in first["data"]] == ["erin", "dave"]
    with fans.store.transaction():
        users.insert(fans.store.db.conn, [make_user(9, "Zed")])
    fans.users["zed"] = "1009"
    follow(fans, "zed", "alice", 100)  # the newest follower: before the cursor, not on page 2
    after = first["pagination"]["cursor"]
    second = get(
        fans, "channels/followers", headers, broadcaster_id=fans.users["alice"], first=2, after=after
    )
    body = second.json()
    assert [f["user_login"] for f in body["data"]] == ["carol", "bob"]
    assert body["total"] == 5 and body["pagination"] == {}
    again = get(fans, "channels/followers", headers, broadcaster_id=fans.users["alice"], first=2).json()
    assert [f["user_login"] for f in again["data"]] == ["zed", "erin"]


def test_ten_thousand_followers_page_to_the_end_quickly(world: World) -> None:
    n = 10_000
    with world.store.transaction():
        conn = world.store.db.conn
        users.insert(conn, (make_user(100 + i, f"fan{i}") for i in range(n)))
        # several followers share a second, so the user id breaks the ties
        insert_rows(conn, "INSERT", [FollowRow("1000", str(1100 + i), at(world, i // 3)) for i in range(n)])
    headers = world.as_user("alice", FOLLOWERS)
    seen: list[str] = []
    params: dict[str, Any] = {"broadcaster_id": "1000", "first": 100}
    started = time.perf_counter()
    while True:
        body = get(world, "channels/followers", headers, **params).json()
        assert body["total"] == n
        seen += [f["user_id"] for f in body["data"]]
        if "cursor" not in body["pagination"]:
            break
        params["after"] = body["pagination"]["cursor"]
    elapsed = time.perf_counter() - started
    assert len(seen) == n and len(set(seen)) == n
    assert seen[0] == str(1100 + n - 1) and seen[-1] == "1100"
    assert elapsed < 5, f"{elapsed:.2f} s for 100 pages"


# --- Get Followed Channels ----------------------------------------------------------------------


def test_followed_channels_newest_first_with_total(fans: World) -> None:
    r = get(fans, "channels/followed", fans.as_user("alice", FOLLOWS), user_id=fans.users["alice"])
    assert r.status_code == 200
    assert r.json() == {
        "data": [
            {"broadcaster_id": fans.users["carol"], "broadcaster_login": "carol", "broadcaster_name": "Carol", "followed_at": at(fans, 15)},
            {"broadcaster_id": fans.users["bob"], "broadcaster_login": "bob", "broadcaster_name": "Bob", "followed_at": at(fans, 5)},
        ],
        "pagination": {},
        "total": 2,
    }  # fmt: skip


def test_followed_channels_filter_and_pages(fans: World) -> None:
    headers = fans.as_user("alice", FOLLOWS)
    r = get(fans, "channels/followed", headers, user_id=fans.users["alice"], broadcaster_id=fans.users["bob"])
    assert [c["broadcaster_login"] for c in r.json()["data"]] == ["bob"] and r.json()["total"] == 2
    r = get(
        fans, "channels/followed", headers, user_id=fans.users["alice"], broadcaster_id=fans.users["dave"]
    )
    assert r.json() == {"data": [], "pagination": {}, "total": 2}
    page = get(fans, "channels/followed", headers, user_id=fans.users["alice"], first=1).json()
    assert [c["broadcaster_login"] for c in page["data"]] == ["carol"]
    cursor = page["pagination"]["cursor"]
    page = get(fans, "channels/followed", headers, user_id=fans.users["alice"], first=1, after=cursor).json()
    assert [c["broadcaster_login"] for c in page["data"]] == ["bob"] and page["pagination"] == {}


@pytest.mark.parametrize(
    ("params", "scopes", "status", "message"),
    [
        pytest.param({}, (FOLLOWS,), 400, 'Missing required parameter "user_id"', id="missing"),
        pytest.param({"user_id": "1001"}, (FOLLOWS,), 401, "The ID in user_id must match the user ID in the user access token", id="not-own"),
        pytest.param({"user_id": "1000"}, (), 401, "Missing scope: user:read:follows", id="scope"),
    ],
)  # fmt: skip
def test_followed_channels_errors(
    fans: World, params: dict[str, str], scopes: tuple[str, ...], status: int, message: str
) -> None:
    assert_error(get(fans, "channels/followed", fans.as_user("alice", *scopes), **params), status, message)
    assert_error(
        get(fans, "channels/followed", fans.headers(), user_id="1000"), 401, "Missing User OAUTH Token"
    )


# --- Get Channel Editors ------------------------------------------------------------------------


def test_channel_editors_newest_first(world: World) -> None:
    with world.store.transaction():
        channels.add_editor(world.services, world.users["bob"], world.users["alice"])
    world.clock.advance(5)
    with world.store.transaction():
        channels.add_editor(world.services, world.users["carol"], world.users["alice"])
    r = get(world, "channels/editors", world.as_user("alice", EDITORS), broadcaster_id=world.users["alice"])
    assert r.status_code == 200
    assert r.json() == {
        "data": [
            {"user_id": world.users["carol"], "user_name": "Carol", "created_at": world.clock.rfc3339()},
            {"user_id": world.users["bob"], "user_name": "Bob", "created_at": world.clock.rfc3339(-5)},
        ]
    }
    r = get(world, "channels/editors", world.as_user("bob", EDITORS), broadcaster_id=world.users["bob"])
    assert r.json() == {"data": []}


@pytest.mark.parametrize(
    ("params", "scopes", "status", "message"),
    [
        pytest.param({}, (EDITORS,), 400, 'Missing required parameter "broadcaster_id"', id="missing"),
        pytest.param({"broadcaster_id": "1001"}, (EDITORS,), 401, "The ID in broadcaster_id must match the user ID in the user access token", id="not-own"),
        pytest.param({"broadcaster_id": "1000"}, (), 401, "Missing scope: channel:read:editors", id="scope"),
    ],
)  # fmt: skip
def test_channel_editors_errors(
    world: World, params: dict[str, str], scopes: tuple[str, ...], status: int, message: str
) -> None:
    assert_error(get(world, "channels/editors", world.as_user("alice", *scopes), **params), status, message)


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /channels/editors": [
        lambda m: Call({"broadcaster_id": m.users[0].id}, as_user(m, 0, EDITORS)),
    ],
    "GET /channels/followed": [
        lambda m: Call({"user_id": m.users[0].id}, as_user(m, 0, FOLLOWS)),
    ],
    "GET /channels/followers": [
        lambda m: Call({"broadcaster_id": m.users[0].id, "first": "5"}, as_user(m, 0, FOLLOWERS)),
    ],
}


def test_a_new_follow_publishes_channel_follow(world: World) -> None:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    follow(world, "bob", "alice", 1)
    follow(world, "bob", "alice", 2)  # following again only moves the time
    assert heard == [ChannelFollow("1001", "bob", "Bob", "1000", "alice", "Alice", at(world, 1))]
    with pytest.raises(BadRequest), world.store.transaction():
        follows.follow(world.services, world.users["bob"], world.users["bob"])
    assert len(heard) == 1
