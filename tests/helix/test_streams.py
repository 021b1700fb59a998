"""Helix Streams family: Get Streams, Get Followed Streams, Get Stream Key, Get Stream Markers,
Create Stream Marker."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.domain import channels, follows, streams
from twitch_mock.domain.categories import CategoryRow
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.videos import VideoRow
from twitch_mock.store.rows import insert_rows

BROADCAST = "channel:manage:broadcast"
READ_BROADCAST = "user:read:broadcast"
STARTED = "2020-05-01T10:00:00Z"
ONE_OF = "The request must specify either the user_id or video_id query parameter, but not both"


@pytest.fixture
def live(world: World) -> World:
    """bob (50 viewers, Minecraft, de), carol (900), dave (50, Minecraft) live; alice and erin not."""
    with world.store.transaction():
        insert_rows(
            world.store.db.conn, "INSERT", [CategoryRow("27471", "Minecraft", "https://x/{width}", "")]
        )
        for login, viewers, game, language, sid in (
            ("bob", 50, "27471", "de", "101"),
            ("carol", 900, None, None, "102"),
            ("dave", 50, "27471", None, "103"),
        ):
            streams.create_stream(
                world.services, world.users[login], id=sid, viewer_count=viewers, started_at=STARTED,
                title=f"{login} live", game_id=game, language=language,
            )  # fmt: skip
    return world


def get(world: World, path: str, headers: dict[str, str] | None = None) -> Any:
    r = world.http.get(path, headers=headers or world.headers())
    assert r.status_code == 200, r.text
    return r.json()


def logins(body: dict[str, Any]) -> list[str]:
    return [s["user_login"] for s in body["data"]]


# --- Get Streams --------------------------------------------------------------------------------


def test_get_streams_shape_and_order(live: World) -> None:
    body = get(live, "/helix/streams")
    assert logins(body) == ["carol", "bob", "dave"]  # most viewers first; ties by stream id
    assert body["pagination"] == {}
    assert body["data"][1] == {
        "id": "101",
        "user_id": live.users["bob"],
        "user_login": "bob",
        "user_name": "Bob",
        "game_id": "27471",
        "game_name": "Minecraft",
        "type": "live",
        "title": "bob live",
        "viewer_count": 50,
        "started_at": STARTED,
        "language": "de",
        "thumbnail_url": "https://static-cdn.jtvnw.net/previews-ttv/live_user_bob-{width}x{height}.jpg",
        "tag_ids": [],
        "tags": [],
        "is_mature": False,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("user_id={bob}&user_login=CAROL&user_id={alice}", ["carol", "bob"], id="ids-and-logins"),
        pytest.param("game_id=27471", ["bob", "dave"], id="game"),
        pytest.param("language=de&language=fr", ["bob"], id="language"),
        pytest.param("game_id=27471&language=en", ["dave"], id="and"),
        pytest.param("type=live", ["carol", "bob", "dave"], id="live"),
        pytest.param("type=all&user_login=erin", [], id="nobody-live"),
    ],
)  # fmt: skip
def test_get_streams_filters(live: World, query: str, expected: list[str]) -> None:
    assert logins(get(live, "/helix/streams?" + query.format(**live.users))) == expected


def test_get_streams_pages_forward_and_back(live: World) -> None:
    first = get(live, "/helix/streams?first=2")
    assert logins(first) == ["carol", "bob"]
    second = get(live, f"/helix/streams?first=2&after={first['pagination']['cursor']}")
    assert logins(second) == ["dave"] and second["pagination"] == {}
    with live.store.transaction():  # a stream going live between two pages doesn't repeat rows
        streams.create_stream(live.services, live.users["erin"], id="104", viewer_count=10)
    page = get(live, f"/helix/streams?first=2&after={first['pagination']['cursor']}")
    assert logins(page) == ["dave", "erin"]
    one = get(live, "/helix/streams?first=1")
    two = get(live, f"/helix/streams?first=1&after={one['pagination']['cursor']}")
    assert logins(two) == ["bob"]
    back = get(live, f"/helix/streams?first=1&before={two['pagination']['cursor']}")
    assert logins(back) == ["carol"]


def test_a_live_channel_changed_shows_in_get_streams_at_once(live: World) -> None:
    """Modify Channel Information while live: Get Streams (each item stored, schema v5) answers the
    new title, category, language and tags on the next request, and filters by them."""
    r = live.http.patch(
        f"/helix/channels?broadcaster_id={live.users['carol']}",
        json={
            "title": "new title",
            "game_id": "27471",
            "broadcaster_language": "fr",
            "tags": ["Chill", "Cozy"],
        },
        headers=live.as_user("carol", BROADCAST),
    )
    assert r.status_code == 204, r.text
    item = get(live, f"/helix/streams?user_id={live.users['carol']}")["data"][0]
    assert {k: item[k] for k in ("title", "game_id", "game_name", "language", "tags")} == {
        "title": "new title",
        "game_id": "27471",
        "game_name": "Minecraft",
        "language": "fr",
        "tags": ["Chill", "Cozy"],
    }
    assert logins(get(live, "/helix/streams?game_id=27471")) == ["carol", "bob", "dave"]
    assert logins(get(live, "/helix/streams?language=fr")) == ["carol"]
    assert get(live, "/helix/streams")["data"][0] == item


def test_stream_ending_leaves_the_list(live: World) -> None:
    with live.store.transaction():
        live.store.db.conn.execute("DELETE FROM streams WHERE user_id = ?", (live.users["carol"],))
    assert logins(get(live, "/helix/streams")) == ["bob", "dave"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        pytest.param("type=vod", 'The parameter "type" was malformed: the value must be one of all, live', id="type"),
        pytest.param("&".join(f"user_id={n}" for n in range(101)), 'The parameter "user_id" was malformed: the number of values must be less than or equal to 100', id="ids"),
        pytest.param("&".join(f"user_login=u{n}" for n in range(101)), 'The parameter "user_login" was malformed: the number of values must be less than or equal to 100', id="logins"),
        pytest.param("&".join(f"game_id={n}" for n in range(101)), 'The parameter "game_id" was malformed: the number of values must be less than or equal to 100', id="games"),
        pytest.param("&".join(f"language=l{n}" for n in range(101)), 'The parameter "language" was malformed: the number of values must be less than or equal to 100', id="languages"),
        pytest.param("first=101", 'The parameter "first" was malformed: the value must be less than or equal to 100', id="first"),
        pytest.param("after=nonsense", "invalid cursor", id="cursor"),
    ],
)  # fmt: skip
def test_get_streams_bad_input(live: World, query: str, message: str) -> None:
    r = live.http.get("/helix/streams?" + query, headers=live.headers())
    assert r.status_code == 400, r.text
    assert_error(r, 400, message)


# --- Get Followed Streams -----------------------------------------------------------------------


def test_followed_streams(live: World) -> None:
    with live.store.transaction():
        for login in ("bob", "carol", "erin"):  # erin is not live
            follows.follow(live.services, live.users["alice"], live.users[login])
    headers = live.as_user("alice", "user:read:follows")
    body = get(live, f"/helix/streams/followed?user_id={live.users['alice']}", headers)
    assert logins(body) == ["carol", "bob"] and body["pagination"] == {}
    page = get(live, f"/helix/streams/followed?user_id={live.users['alice']}&first=1", headers)
    assert logins(page) == ["carol"]
    rest = get(
        live,
        f"/helix/streams/followed?user_id={live.users['alice']}&first=1&after={page['pagination']['cursor']}",
        headers,
    )
    assert logins(rest) == ["bob"]


@pytest.mark.parametrize(
    ("query", "scopes", "status", "message"),
    [
        pytest.param("", ("user:read:follows",), 400, 'Missing required parameter "user_id"', id="missing"),
        pytest.param("user_id={bob}", ("user:read:follows",), 401, "The ID in user_id must match the user ID in the user access token", id="other-user"),
        pytest.param("user_id={alice}", (), 401, "Missing scope: user:read:follows", id="scope"),
    ],
)  # fmt: skip
def test_followed_streams_errors(
    live: World, query: str, scopes: tuple[str, ...], status: int, message: str
) -> None:
    r = live.http.get(
        "/helix/streams/followed?" + query.format(**live.users), headers=live.as_user("alice", *scopes)
    )
    assert_error(r, status, message)


# --- Get Stream Key -----------------------------------------------------------------------------


def test_stream_key_is_stored_and_stable(world: World) -> None:
    headers = world.as_user("alice", "channel:read:stream_key")
    first = get(world, f"/helix/streams/key?broadcaster_id={world.users['alice']}", headers)
    key = first["data"][0]["stream_key"]
    assert set(first) == {"data"} and key.startswith(f"live_{world.users['alice']}_") and len(key) > 30
    again = get(
        world,
        f"/helix/streams/key?broadcaster_id={world.users['alice']}",
        world.as_user("alice", "channel:read:stream_key"),
    )
    assert again == first
    bob = get(
        world,
        f"/helix/streams/key?broadcaster_id={world.users['bob']}",
        world.as_user("bob", "channel:read:stream_key"),
    )
    assert bob["data"][0]["stream_key"] != key


@pytest.mark.parametrize(
    ("query", "scopes", "status", "message"),
    [
        pytest.param("", ("channel:read:stream_key",), 400, 'Missing required parameter "broadcaster_id"', id="missing"),
        pytest.param("broadcaster_id={bob}", ("channel:read:stream_key",), 401, "The ID in broadcaster_id must match the user ID in the user access token", id="other"),
        pytest.param("broadcaster_id={alice}", (), 401, "Missing scope: channel:read:stream_key", id="scope"),
    ],
)  # fmt: skip
def test_stream_key_errors(
    world: World, query: str, scopes: tuple[str, ...], status: int, message: str
) -> None:
    r = world.http.get(
        "/helix/streams/key?" + query.format(**world.users), headers=world.as_user("alice", *scopes)
    )
    assert_error(r, status, message)


def test_stream_key_needs_a_user_token(world: World) -> None:
    r = world.http.get(f"/helix/streams/key?broadcaster_id={world.users['alice']}", headers=world.headers())
    assert r.status_code == 401


# --- Stream markers -----------------------------------------------------------------------------


def mark(world: World, body: Any, login: str = "bob") -> httpx.Response:
    r: httpx.Response = world.http.post(
        "/helix/streams/markers", json=body, headers=world.as_user(login, BROADCAST)
    )
    return r


def test_create_marker_makes_the_archive_and_shows_in_get(live: World) -> None:
    heard: list[Event] = []
    live.services.outbox.subscribe(heard.append)
    live.clock.advance(0)
    bob = live.users["bob"]
    r = mark(live, {"user_id": bob, "description": "hello, this is a marker!"})
    assert r.status_code == 200, r.text
    created = r.json()["data"][0]
    assert set(r.json()) == {"data"}
    assert created == {
        "id": created["id"],
        "created_at": live.services.now(),
        "position_seconds": created["position_seconds"],
        "description": "hello, this is a marker!",
    }
    assert created["position_seconds"] > 0 and len(created["id"]) == 32
    archive = live.store.db.conn.execute(
        "SELECT id, stream_id, type, duration, title FROM videos WHERE user_id = ?", (bob,)
    ).fetchall()
    h, m, s = (
        created["position_seconds"] // 3600,
        created["position_seconds"] % 3600 // 60,
        created["position_seconds"] % 60,
    )
    assert [a[1:] for a in archive] == [("101", "archive", f"{h}h{m}m{s}s", "bob live")]
    live.clock.advance(61)
    assert mark(live, {"user_id": bob}).status_code == 200  # no description: ""
    assert live.store.db.conn.execute("SELECT count(*) FROM videos").fetchone()[0] == 1  # same archive
    body = get(live, f"/helix/streams/markers?user_id={bob}", live.as_user("bob", READ_BROADCAST))
    video_id = archive[0][0]
    assert body["pagination"] == {}
    assert body["data"] == [
        {
            "user_id": bob,
            "user_name": "Bob",
            "user_login": "bob",
            "videos": [{"video_id": video_id, "markers": body["data"][0]["videos"][0]["markers"]}],
        }
    ]
    markers = body["data"][0]["videos"][0]["markers"]
    position = created["position_seconds"]
    h, m, s = position // 3600, position % 3600 // 60, position % 60
    assert markers[0] == {
        **created,
        "url": f"https://twitch.tv/bob/manager/highlighter/{video_id}?t={h}h{m}m{s}s",
    }
    assert markers[1]["description"] == "" and markers[1]["position_seconds"] == position + 61
    by_video = get(live, f"/helix/streams/markers?video_id={video_id}", live.as_user("bob", BROADCAST))
    assert by_video == body
    assert heard == []  # markers have no EventSub type


def test_markers_page_oldest_first(live: World) -> None:
    bob = live.users["bob"]
    for n in range(5):
        live.clock.advance(10)
        assert mark(live, {"user_id": bob, "description": f"m{n}"}).status_code == 200
    headers = live.as_user("bob", READ_BROADCAST)
    seen: list[str] = []
    cursor = ""
    for _ in range(3):
        body = get(live, f"/helix/streams/markers?user_id={bob}&first=2{cursor}", headers)
        seen += [m["description"] for m in body["data"][0]["videos"][0]["markers"]]
        cursor = f"&after={body['pagination'].get('cursor', '')}"
    assert seen == ["m0", "m1", "m2", "m3", "m4"] and body["pagination"] == {}


def test_an_editor_may_create_and_read_markers(live: World) -> None:
    with live.store.transaction():
        channels.add_editor(live.services, live.users["alice"], live.users["bob"])
    assert (
        mark(live, {"user_id": live.users["bob"], "description": "by an editor"}, "alice").status_code == 200
    )
    body = get(
        live, f"/helix/streams/markers?user_id={live.users['bob']}", live.as_user("alice", READ_BROADCAST)
    )
    assert body["data"][0]["user_login"] == "bob"
    assert [m["description"] for m in body["data"][0]["videos"][0]["markers"]] == ["by an editor"]


def test_markers_of_the_most_recent_video(live: World) -> None:
    """A video without markers gives []; the user's newest video is the one read."""
    with live.store.transaction():
        old = VideoRow(
            "900", None, live.users["erin"], "t", "", STARTED, STARTED, "public", 0, "en", "upload", "1m0s"
        )
        insert_rows(live.store.db.conn, "INSERT", [old])
    body = get(
        live, f"/helix/streams/markers?user_id={live.users['erin']}", live.as_user("erin", READ_BROADCAST)
    )
    assert body == {"data": [], "pagination": {}}


FORBIDDEN_CREATE = (
    "The user in the access token is not authorized to create video markers for the user in the user_id field. "
    "The user in the access token must own the video or they must be one of the broadcaster's editors."
)
FORBIDDEN_GET = (
    "The user in the access token is not authorized to get the video's markers. "
    "The user in the access token must own the video or they must be one of the broadcaster's editors."
)


@pytest.mark.parametrize(
    ("body", "login", "status", "message"),
    [
        pytest.param({}, "bob", 400, 'Missing required parameter "user_id"', id="missing"),
        pytest.param({"user_id": "{bob}", "description": "x" * 141}, "bob", 400, 'The parameter "description" was malformed: the length must be less than or equal to 140', id="long"),
        pytest.param({"user_id": "{bob}", "description": 5}, "bob", 400, 'The parameter "description" was malformed: the value must be a string', id="type"),
        pytest.param({"user_id": "{bob}"}, "carol", 403, FORBIDDEN_CREATE, id="not-editor"),
        pytest.param({"user_id": "{alice}"}, "alice", 404, "The user in the user_id field is not streaming live", id="offline"),
    ],
)  # fmt: skip
def test_create_marker_errors(
    live: World, body: dict[str, Any], login: str, status: int, message: str
) -> None:
    sent = {k: v.format(**live.users) if isinstance(v, str) else v for k, v in body.items()}
    assert_error(mark(live, sent, login), status, message)
    assert live.store.db.conn.execute("SELECT count(*) FROM stream_markers").fetchone()[0] == 0
    assert live.store.db.conn.execute("SELECT count(*) FROM videos").fetchone()[0] == 0


def test_create_marker_needs_the_scope(live: World) -> None:
    r = live.http.post(
        "/helix/streams/markers",
        json={"user_id": live.users["bob"]},
        headers=live.as_user("bob", READ_BROADCAST),
    )
    assert_error(r, 401, f"Missing scope: {BROADCAST}")


@pytest.mark.parametrize(
    ("query", "login", "status", "message"),
    [
        pytest.param("", "bob", 400, ONE_OF, id="neither"),
        pytest.param("user_id={bob}&video_id=1", "bob", 400, ONE_OF, id="both"),
        pytest.param("user_id={bob}", "carol", 403, FORBIDDEN_GET, id="not-editor"),
        pytest.param("video_id={video}", "carol", 403, FORBIDDEN_GET, id="video-not-editor"),
        pytest.param("video_id=424242", "bob", 404, "The ID in video_id was not found", id="no-video"),
        pytest.param("user_id={alice}", "alice", 404, "The user specified in the user_id query parameter doesn't have videos", id="no-videos"),
        pytest.param("user_id={bob}&first=0", "bob", 400, 'The parameter "first" was malformed: the value must be greater than or equal to 1', id="first"),
    ],
)  # fmt: skip
def test_get_markers_errors(live: World, query: str, login: str, status: int, message: str) -> None:
    assert mark(live, {"user_id": live.users["bob"]}).status_code == 200
    video = live.store.db.conn.execute("SELECT id FROM videos").fetchone()[0]
    path = "/helix/streams/markers?" + query.format(video=video, **live.users)
    assert_error(live.http.get(path, headers=live.as_user(login, READ_BROADCAST)), status, message)


# --- the reference contract, against the seeded world -------------------------------------------


def _followed(m: MockTwitch) -> Call:
    """A follower of the all-units user, who is always live."""
    m.follow(m.users[1].id, m.users[0].id)
    return Call({"user_id": m.users[1].id}, as_user(m, 1, "user:read:follows"))


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /streams": [
        lambda m: Call({"first": "100"}, m.app_token()),
        lambda m: Call({"user_id": m.users[0].id, "type": "live"}, as_user(m, 0)),
    ],
    "GET /streams/followed": [_followed],
    "GET /streams/key": [
        lambda m: Call({"broadcaster_id": m.users[0].id}, as_user(m, 0, "channel:read:stream_key"))
    ],
    "GET /streams/markers": [
        lambda m: Call({"user_id": m.users[0].id}, as_user(m, 0, READ_BROADCAST)),
    ],
    "POST /streams/markers": [
        lambda m: Call({}, as_user(m, 0, BROADCAST), {"user_id": m.users[0].id, "description": "Reference"})
    ],
}


def test_the_seeded_key_is_stable(twitch_mock: MockTwitch) -> None:
    call = REFERENCE_EXAMPLES["GET /streams/key"][0](twitch_mock)
    headers = {"Authorization": f"Bearer {call.token}", "Client-Id": twitch_mock.client_id}
    keys = [
        httpx.get(twitch_mock.helix_url + "streams/key", params=call.params, headers=headers).json()
        for _ in range(2)
    ]
    assert keys[0] == keys[1] and keys[0]["data"][0]["stream_key"].startswith(
        f"live_{twitch_mock.users[0].id}_"
    )
