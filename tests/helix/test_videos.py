"""Helix Videos family: Get Videos, Delete Videos."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.core.clock import rfc3339
from twitch_mock.core.errors import BadRequest
from twitch_mock.domain.categories import CategoryRow
from twitch_mock.domain.streams import MarkerRow
from twitch_mock.domain.videos import MutedSegmentRow, VideoRow, create_video
from twitch_mock.store.rows import insert_rows

MANAGE = "channel:manage:videos"
DAY = 86_400


@pytest.fixture
def vids(world: World) -> World:
    """alice: 5 videos, one a day back from now (id 11 newest), views 10..50 in id order; bob: 1 (id 21)."""
    now = world.clock.now()
    rows = [
        VideoRow(
            str(10 + n),
            "777" if kind == "archive" else None,
            world.users["alice"],
            f"video {n}",
            "about it",
            rfc3339(now - (n - 1) * DAY - 60),
            rfc3339(now - (n - 1) * DAY - 60),
            "public",
            n * 10,
            "de" if n == 3 else "en",
            kind,
            "1h2m3s",
            "27471" if n <= 2 else "",
        )
        for n, kind in ((1, "archive"), (2, "upload"), (3, "highlight"), (4, "upload"), (5, "archive"))
    ]
    rows.append(
        VideoRow(
            "21",
            None,
            world.users["bob"],
            "bob's",
            "",
            rfc3339(now),
            rfc3339(now),
            "public",
            5,
            "en",
            "upload",
            "30s",
            "27471",
        )
    )
    with world.store.transaction():
        conn = world.store.db.conn
        insert_rows(conn, "INSERT", [CategoryRow("27471", "Minecraft", "https://x/{width}", "")])
        insert_rows(conn, "INSERT", rows)
        insert_rows(conn, "INSERT", [MutedSegmentRow("11", 120, 30), MutedSegmentRow("11", 10, 5)])
        insert_rows(conn, "INSERT", [MarkerRow("m" * 32, world.users["alice"], "11", rfc3339(now), "", 5)])
    return world


def get(world: World, query: str) -> Any:
    r = world.http.get("/helix/videos?" + query.format(**world.users), headers=world.headers())
    assert r.status_code == 200, r.text
    return r.json()


def ids(body: dict[str, Any]) -> list[str]:
    return [v["id"] for v in body["data"]]


def test_get_videos_by_id_returns_exactly_those(vids: World) -> None:
    body = get(vids, "id=13&id=999&id=11&id=13")
    assert ids(body) == ["13", "11"] and body["pagination"] == {}
    assert body["data"][1] == {
        "id": "11",
        "stream_id": "777",
        "user_id": vids.users["alice"],
        "user_login": "alice",
        "user_name": "Alice",
        "title": "video 1",
        "description": "about it",
        "created_at": vids.services.clock.rfc3339(-60),
        "published_at": vids.services.clock.rfc3339(-60),
        "url": "https://www.twitch.tv/videos/11",
        "thumbnail_url": "https://static-cdn.jtvnw.net/cf_vods/d2nvs31859zcd8/alice_11/thumb/thumb0-%{width}x%{height}.jpg",
        "viewable": "public",
        "view_count": 10,
        "language": "en",
        "type": "archive",
        "duration": "1h2m3s",
        "muted_segments": [{"duration": 5, "offset": 10}, {"duration": 30, "offset": 120}],
    }
    assert body["data"][0]["muted_segments"] is None and body["data"][0]["stream_id"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("user_id={alice}", ["11", "12", "13", "14", "15"], id="time"),
        pytest.param("user_id={alice}&sort=views", ["15", "14", "13", "12", "11"], id="views"),
        pytest.param("user_id={alice}&sort=trending", ["15", "14", "13", "12", "11"], id="trending"),
        pytest.param("user_id={alice}&type=upload", ["12", "14"], id="type"),
        pytest.param("user_id={alice}&type=all&period=day", ["11"], id="day"),
        pytest.param("user_id={alice}&period=week", ["11", "12", "13", "14", "15"], id="week"),
        pytest.param("user_id={alice}&language=de", ["13"], id="language"),
        pytest.param("user_id={erin}", [], id="no-videos"),
        pytest.param("game_id=27471", ["21", "11", "12"], id="game"),
        pytest.param("game_id=27471&sort=views", ["12", "11", "21"], id="game-views"),
    ],
)  # fmt: skip
def test_get_videos_lists(vids: World, query: str, expected: list[str]) -> None:
    assert ids(get(vids, query)) == expected


def test_period_follows_the_mock_clock(vids: World) -> None:
    vids.clock.advance(2 * DAY)
    assert ids(get(vids, "user_id={alice}&period=day")) == []
    assert ids(get(vids, "user_id={alice}&period=week")) == ["11", "12", "13", "14", "15"]
    vids.clock.advance(4 * DAY)  # the newest is now 6 days old, the next one 7 days and a minute
    assert ids(get(vids, "user_id={alice}&period=week")) == ["11"]
    assert len(ids(get(vids, "user_id={alice}&period=month"))) == 5


def test_get_videos_pages_forward_and_back(vids: World) -> None:
    seen, cursor, pages = [], "", []
    while True:
        body = get(vids, "user_id={alice}&first=2" + cursor)
        pages.append(body)
        seen += ids(body)
        if not body["pagination"]:
            break
        cursor = f"&after={body['pagination']['cursor']}"
    assert seen == ["11", "12", "13", "14", "15"] and len(pages) == 3
    back = get(vids, f"user_id={{alice}}&first=2&before={pages[1]['pagination']['cursor']}")
    assert ids(back) == ["11", "12"]


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        pytest.param("", 400, "The request must specify either the id or user_id or game_id query parameter", id="none"),
        pytest.param("id=11&user_id={alice}", 400, "The id, user_id, and game_id query parameters are mutually exclusive; you must specify only one of them", id="id-and-user"),
        pytest.param("user_id={alice}&game_id=27471", 400, "The id, user_id, and game_id query parameters are mutually exclusive; you must specify only one of them", id="user-and-game"),
        pytest.param("id=abc", 400, "The value in the id query parameter is not valid", id="bad-id"),
        pytest.param("&".join(f"id={n}" for n in range(101)), 400, 'The parameter "id" was malformed: the number of items must be less than or equal to 100', id="too-many"),
        pytest.param("id=999&id=998", 404, "The ID in the id query parameter was not found", id="none-found"),
        pytest.param("game_id=1", 404, "The ID in the game_id query parameter was not found", id="unknown-game"),
        pytest.param("user_id={alice}&type=clip", 400, 'The parameter "type" was malformed: the value must be one of all, archive, highlight, upload', id="type"),
        pytest.param("user_id={alice}&period=year", 400, 'The parameter "period" was malformed: the value must be one of all, day, week, month', id="period"),
        pytest.param("user_id={alice}&sort=random", 400, 'The parameter "sort" was malformed: the value must be one of time, trending, views', id="sort"),
        pytest.param("user_id={alice}&first=101", 400, 'The parameter "first" was malformed: the value must be less than or equal to 100', id="first"),
        pytest.param("user_id={alice}&after=xyz", 400, "invalid cursor", id="cursor"),
    ],
)  # fmt: skip
def test_get_videos_errors(vids: World, query: str, status: int, message: str) -> None:
    r = vids.http.get("/helix/videos?" + query.format(**vids.users), headers=vids.headers())
    assert_error(r, status, message)


# --- Delete Videos ------------------------------------------------------------------------------


def delete(
    world: World, query: str, login: str = "alice", scopes: tuple[str, ...] = (MANAGE,)
) -> httpx.Response:
    r: httpx.Response = world.http.delete("/helix/videos?" + query, headers=world.as_user(login, *scopes))
    return r


def count(world: World, table: str) -> int:
    return int(world.store.db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_delete_videos_removes_them_everywhere(vids: World) -> None:
    r = delete(vids, "id=11&id=404&id=12&id=11")
    assert r.status_code == 200 and r.json() == {"data": ["11", "12"]}
    assert ids(get(vids, "user_id={alice}")) == ["13", "14", "15"]
    assert ids(get(vids, "id=11&id=13")) == ["13"]
    assert count(vids, "video_muted_segments") == 0 and count(vids, "stream_markers") == 0
    r = vids.http.get(
        "/helix/streams/markers?video_id=11", headers=vids.as_user("alice", "user:read:broadcast")
    )
    assert r.status_code == 404
    assert delete(vids, "id=11").json() == {"data": []}  # already gone: ignored


def test_delete_is_all_or_nothing(vids: World) -> None:
    r = delete(vids, "id=11&id=21")
    assert_error(r, 401, "The caller is not authorized to delete the specified video")
    assert count(vids, "videos") == 6 and count(vids, "video_muted_segments") == 2


@pytest.mark.parametrize(
    ("query", "scopes", "status", "message"),
    [
        pytest.param("", (MANAGE,), 400, 'Missing required parameter "id"', id="missing"),
        pytest.param("id=", (MANAGE,), 400, 'Missing required parameter "id"', id="empty"),
        pytest.param("&".join(f"id={n}" for n in range(11, 17)), (MANAGE,), 400, 'The parameter "id" was malformed: the number of values must be less than or equal to 5', id="six"),
        pytest.param("id=11", (), 401, f"Missing scope: {MANAGE}", id="scope"),
    ],
)  # fmt: skip
def test_delete_videos_errors(
    vids: World, query: str, scopes: tuple[str, ...], status: int, message: str
) -> None:
    assert_error(delete(vids, query, scopes=scopes), status, message)
    assert count(vids, "videos") == 6


def test_delete_videos_needs_a_user_token(vids: World) -> None:
    assert vids.http.delete("/helix/videos?id=11", headers=vids.headers()).status_code == 401


def _delete_example(m: MockTwitch) -> Call:
    h = {"Authorization": f"Bearer {m.app_token()}", "Client-Id": m.client_id}
    listed = httpx.get(m.helix_url + "videos", params={"user_id": m.users[0].id}, headers=h).json()
    return Call({"id": listed["data"][-1]["id"]}, as_user(m, 0, MANAGE))


def _by_id(m: MockTwitch) -> Call:
    h = {"Authorization": f"Bearer {m.app_token()}", "Client-Id": m.client_id}
    listed = httpx.get(m.helix_url + "videos", params={"user_id": m.users[0].id}, headers=h).json()
    return Call({"id": listed["data"][0]["id"]}, m.app_token())


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /videos": [
        lambda m: Call({"user_id": m.users[0].id}, m.app_token()),
        lambda m: Call({"user_id": m.users[0].id, "type": "archive", "sort": "views"}, as_user(m, 0)),
        _by_id,
        lambda m: Call({"game_id": m.users[0].game_id or "", "period": "month"}, m.app_token()),
    ],
    "DELETE /videos": [_delete_example],
}


def test_the_seeded_partner_has_every_kind_of_video(twitch_mock: MockTwitch) -> None:
    h = {"Authorization": f"Bearer {twitch_mock.app_token()}", "Client-Id": twitch_mock.client_id}
    listed = httpx.get(
        twitch_mock.helix_url + "videos", params={"user_id": twitch_mock.users[0].id}, headers=h
    )
    kinds = {v["type"] for v in listed.json()["data"]}
    assert kinds == {"archive", "highlight", "upload"}


def test_create_video_builder(world: World) -> None:
    with world.store.transaction():
        made = create_video(
            world.services, world.users["bob"], id="555", type="highlight", title="Best of", view_count=9,
            duration=75,
        )  # fmt: skip
    assert (made.id, made.duration, made.stream_id, made.language) == ("555", "1m15s", None, "en")
    got = get(world, "user_id={bob}")["data"]
    assert [(v["id"], v["type"], v["title"], v["muted_segments"]) for v in got] == [
        ("555", "highlight", "Best of", None)
    ]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        pytest.param({"user_id": "424242"}, 'The user in "user_id" does not exist: 424242', id="user"),
        pytest.param({"type": "clip"}, "The value of \"type\" must be one of 'archive', 'highlight', 'upload', not 'clip'", id="type"),
        pytest.param({"stream_id": "1"}, 'Only an archive has a "stream_id"', id="stream"),
        pytest.param({"game_id": "9"}, 'The category in "game_id" does not exist: 9', id="game"),
        pytest.param({"duration": 0}, 'The value of "duration" must be an integer from 1 to 1000000', id="duration"),
    ],
)  # fmt: skip
def test_create_video_builder_checks(world: World, spec: dict[str, Any], message: str) -> None:
    fields = {"user_id": world.users["bob"], **spec}
    with pytest.raises(BadRequest, match="^" + re.escape(message) + "$"), world.store.transaction():
        create_video(world.services, **fields)
