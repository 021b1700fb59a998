"""Helix Clips family: Get Clips, Create Clip."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.core.clock import rfc3339
from twitch_mock.domain import bans, streams
from twitch_mock.domain.categories import CategoryRow
from twitch_mock.domain.clips import ClipRow
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.videos import VideoRow
from twitch_mock.store.rows import insert_rows

EDIT = "clips:edit"
DAY = 86_400


@pytest.fixture
def clipped(world: World) -> World:
    """alice's clips a..e (views 50, 40, ... 10; one a day back from now; c featured; a from video
    11, the others without a video); bob's clip z in Minecraft."""
    now = world.clock.now()
    alice, bob = world.users["alice"], world.users["bob"]
    rows = [
        ClipRow(
            name, alice, bob, "11" if name == "a" else "", "", "en", f"clip {name}", 50 - 10 * n,
            rfc3339(now - n * DAY), 30.5, 120 if name == "a" else None, name == "c",
        )
        for n, name in enumerate("abcde")
    ]  # fmt: skip
    rows.append(ClipRow("z", bob, alice, "", "27471", "de", "clip z", 7, rfc3339(now), 12.0, None, False))
    video = VideoRow(
        "11", None, alice, "v", "", rfc3339(now), rfc3339(now), "public", 0, "en", "upload", "1m0s"
    )
    with world.store.transaction():
        conn = world.store.db.conn
        insert_rows(conn, "INSERT", [CategoryRow("27471", "Minecraft", "https://x/{width}", "")])
        insert_rows(conn, "INSERT", [video])
        insert_rows(conn, "INSERT", rows)
    return world


def get(world: World, query: str) -> Any:
    r = world.http.get("/helix/clips?" + query.format(**world.users), headers=world.headers())
    assert r.status_code == 200, r.text
    return r.json()


def ids(body: dict[str, Any]) -> list[str]:
    return [c["id"] for c in body["data"]]


def test_get_clips_shape(clipped: World) -> None:
    body = get(clipped, "id=a")
    assert body == {
        "data": [
            {
                "id": "a",
                "url": "https://clips.twitch.tv/a",
                "embed_url": "https://clips.twitch.tv/embed?clip=a",
                "broadcaster_id": clipped.users["alice"],
                "broadcaster_name": "Alice",
                "creator_id": clipped.users["bob"],
                "creator_name": "Bob",
                "video_id": "11",
                "game_id": "",
                "language": "en",
                "title": "clip a",
                "view_count": 50,
                "created_at": clipped.services.now(),
                "thumbnail_url": "https://clips-media-assets2.twitch.tv/a-preview-480x272.jpg",
                "duration": 30.5,
                "vod_offset": 120,
                "is_featured": False,
            }
        ],
        "pagination": {},
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("id=c&id=nope&id=a&id=c", ["c", "a"], id="ids-in-order"),
        pytest.param("broadcaster_id={alice}", ["a", "b", "c", "d", "e"], id="most-viewed-first"),
        pytest.param("broadcaster_id={alice}&is_featured=true", ["c"], id="featured"),
        pytest.param("broadcaster_id={alice}&is_featured=false", ["a", "b", "d", "e"], id="not-featured"),
        pytest.param("game_id=27471", ["z"], id="game"),
        pytest.param("broadcaster_id={erin}", [], id="none"),
    ],
)  # fmt: skip
def test_get_clips_lists(clipped: World, query: str, expected: list[str]) -> None:
    assert ids(get(clipped, query)) == expected


def test_get_clips_time_window(clipped: World) -> None:
    start = clipped.services.clock.rfc3339(-2.5 * DAY)
    assert ids(get(clipped, f"broadcaster_id={{alice}}&started_at={start}")) == ["a", "b", "c"]
    end = clipped.services.clock.rfc3339(-0.5 * DAY)
    assert ids(get(clipped, f"broadcaster_id={{alice}}&started_at={start}&ended_at={end}")) == ["b", "c"]
    old = clipped.services.clock.rfc3339(-20 * DAY)  # started_at alone covers one week
    assert ids(get(clipped, f"broadcaster_id={{alice}}&started_at={old}")) == []


def test_get_clips_pages(clipped: World) -> None:
    first = get(clipped, "broadcaster_id={alice}&first=2")
    second = get(clipped, f"broadcaster_id={{alice}}&first=2&after={first['pagination']['cursor']}")
    third = get(clipped, f"broadcaster_id={{alice}}&first=2&after={second['pagination']['cursor']}")
    assert (ids(first), ids(second), ids(third)) == (["a", "b"], ["c", "d"], ["e"])
    assert third["pagination"] == {}
    back = get(
        clipped,
        f"broadcaster_id={{alice}}&first=2&before={third['pagination'].get('cursor', second['pagination']['cursor'])}",
    )
    assert ids(back) == ["a", "b"]


def test_a_clip_of_a_deleted_video_has_no_video(clipped: World) -> None:
    r = clipped.http.delete("/helix/videos?id=11", headers=clipped.as_user("alice", "channel:manage:videos"))
    assert r.json() == {"data": ["11"]}
    clip = get(clipped, "id=a")["data"][0]
    assert (clip["video_id"], clip["vod_offset"]) == ("", None)


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        pytest.param("", 400, "The id or game_id or broadcaster_id query parameter is required", id="none"),
        pytest.param("id=a&broadcaster_id={alice}", 400, "The id, game_id, and broadcaster_id query parameters are mutually exclusive; you may specify only one of them", id="two"),
        pytest.param("game_id=1", 404, "The ID in game_id was not found", id="unknown-game"),
        pytest.param("broadcaster_id={alice}&ended_at=2020-01-01T00:00:00Z", 400, "The started_at query parameter is required if ended_at is provided", id="ended-alone"),
        pytest.param("broadcaster_id={alice}&started_at=yesterday", 400, 'The parameter "started_at" was malformed: the value must be an RFC3339 timestamp', id="bad-time"),
        pytest.param("broadcaster_id={alice}&started_at=2020-01-02T00:00:00Z&ended_at=2020-01-01T00:00:00Z", 400, "The ended_at query parameter must not be earlier than started_at", id="backwards"),
        pytest.param("broadcaster_id={alice}&is_featured=maybe", 400, 'The parameter "is_featured" was malformed: the value must be a boolean', id="featured"),
        pytest.param("&".join(f"id={n}" for n in range(101)), 400, 'The parameter "id" was malformed: the number of items must be less than or equal to 100', id="too-many"),
        pytest.param("broadcaster_id={alice}&first=101", 400, 'The parameter "first" was malformed: the value must be less than or equal to 100', id="first"),
    ],
)  # fmt: skip
def test_get_clips_errors(clipped: World, query: str, status: int, message: str) -> None:
    r = clipped.http.get("/helix/clips?" + query.format(**clipped.users), headers=clipped.headers())
    assert_error(r, status, message)


# --- Create Clip --------------------------------------------------------------------------------


@pytest.fixture
def live(world: World) -> World:
    with world.store.transaction():
        insert_rows(
            world.store.db.conn, "INSERT", [CategoryRow("27471", "Minecraft", "https://x/{width}", "")]
        )
        started = world.services.clock.rfc3339(-600)
        streams.create_stream(
            world.services, world.users["bob"], id="101", viewer_count=10, started_at=started,
            title="Bob plays", game_id="27471",
        )  # fmt: skip
    return world


def clip(world: World, query: str, login: str = "alice", scopes: tuple[str, ...] = (EDIT,)) -> httpx.Response:
    r: httpx.Response = world.http.post(
        "/helix/clips?" + query.format(**world.users), headers=world.as_user(login, *scopes)
    )
    return r


def test_create_clip_is_stored_and_listed(live: World) -> None:
    heard: list[Event] = []
    live.services.outbox.subscribe(heard.append)
    r = clip(live, "broadcaster_id={bob}&has_delay=true")
    assert r.status_code == 202, r.text
    made = r.json()["data"][0]
    assert r.json() == {
        "data": [{"id": made["id"], "edit_url": f"https://clips.twitch.tv/{made['id']}/edit"}]
    }
    got = get(live, f"id={made['id']}")["data"]
    archive = live.store.db.conn.execute("SELECT id FROM videos WHERE stream_id = '101'").fetchone()[0]
    assert got == [
        {
            "id": made["id"],
            "url": f"https://clips.twitch.tv/{made['id']}",
            "embed_url": f"https://clips.twitch.tv/embed?clip={made['id']}",
            "broadcaster_id": live.users["bob"],
            "broadcaster_name": "Bob",
            "creator_id": live.users["alice"],
            "creator_name": "Alice",
            "video_id": archive,
            "game_id": "27471",
            "language": "en",
            "title": "Bob plays",
            "view_count": 0,
            "created_at": live.services.now(),
            "thumbnail_url": f"https://clips-media-assets2.twitch.tv/{made['id']}-preview-480x272.jpg",
            "duration": 30.0,
            "vod_offset": 570,
            "is_featured": False,
        }
    ]
    r = clip(live, "broadcaster_id={bob}&title=My clip&duration=12.5", login="bob")
    second = get(live, f"id={r.json()['data'][0]['id']}")["data"][0]
    assert (second["title"], second["duration"], second["video_id"]) == ("My clip", 12.5, archive)
    assert ids(get(live, "broadcaster_id={bob}")) == sorted([made["id"], second["id"]])  # both 0 views: by id
    assert ids(get(live, "game_id=27471")) == ids(get(live, "broadcaster_id={bob}"))
    assert heard == []  # clips have no EventSub type


@pytest.mark.parametrize(
    ("query", "login", "scopes", "status", "message"),
    [
        pytest.param("", "alice", (EDIT,), 400, 'Missing required parameter "broadcaster_id"', id="missing"),
        pytest.param("broadcaster_id=424242", "alice", (EDIT,), 400, "The ID in the broadcaster_id query parameter was not found", id="unknown"),
        pytest.param("broadcaster_id={carol}", "alice", (EDIT,), 404, "The broadcaster in the broadcaster_id query parameter must be broadcasting live", id="offline"),
        pytest.param("broadcaster_id={bob}", "erin", (EDIT,), 403, "The user is banned or timed out from the broadcaster's channel", id="banned"),
        pytest.param("broadcaster_id={bob}&duration=4.9", "alice", (EDIT,), 400, 'The parameter "duration" was malformed: the value must be greater than or equal to 5', id="short"),
        pytest.param("broadcaster_id={bob}&duration=61", "alice", (EDIT,), 400, 'The parameter "duration" was malformed: the value must be less than or equal to 60', id="long"),
        pytest.param("broadcaster_id={bob}&has_delay=soon", "alice", (EDIT,), 400, 'The parameter "has_delay" was malformed: the value must be a boolean', id="delay"),
        pytest.param("broadcaster_id={bob}", "alice", (), 401, f"Missing scope: {EDIT}", id="scope"),
    ],
)  # fmt: skip
def test_create_clip_errors(
    live: World, query: str, login: str, scopes: tuple[str, ...], status: int, message: str
) -> None:
    with live.store.transaction():
        bans.ban(live.services, live.users["erin"], live.users["bob"], None, "", None)
    assert_error(clip(live, query, login, scopes), status, message)
    assert live.store.db.conn.execute("SELECT count(*) FROM clips").fetchone()[0] == 0


def test_create_clip_needs_a_user_token(live: World) -> None:
    r = live.http.post(f"/helix/clips?broadcaster_id={live.users['bob']}", headers=live.headers())
    assert r.status_code == 401


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /clips": [
        lambda m: Call({"broadcaster_id": m.users[0].id}, m.app_token()),
        lambda m: Call({"game_id": m.users[0].game_id or "", "first": "5"}, as_user(m, 0)),
    ],
    "POST /clips": [lambda m: Call({"broadcaster_id": m.users[0].id}, as_user(m, 0, EDIT))],
}


def test_a_clip_made_on_the_seeded_partner_shows_at_once(twitch_mock: MockTwitch) -> None:
    call = REFERENCE_EXAMPLES["POST /clips"][0](twitch_mock)
    headers = {"Authorization": f"Bearer {call.token}", "Client-Id": twitch_mock.client_id}
    made = httpx.post(twitch_mock.helix_url + "clips", params=call.params, headers=headers)
    assert made.status_code == 202
    clip_id = made.json()["data"][0]["id"]
    got = httpx.get(twitch_mock.helix_url + "clips", params={"id": clip_id}, headers=headers).json()["data"]
    assert [c["id"] for c in got] == [clip_id] and got[0]["broadcaster_id"] == twitch_mock.users[0].id
    videos = httpx.get(twitch_mock.helix_url + "videos", params={"id": got[0]["video_id"]}, headers=headers)
    assert videos.json()["data"][0]["type"] == "archive"  # the live stream's archive
