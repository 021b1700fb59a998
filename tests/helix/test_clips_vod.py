"""Helix Clips, the editors' endpoints: Create Clip From VOD (stored like Create Clip, shown by Get
Clips) and Get Clips Download, for the broadcaster or an editor, user or granted app token."""

from __future__ import annotations

from typing import Any

import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.core.clock import rfc3339
from twitch_mock.domain import bans, channels, streams, videos
from twitch_mock.domain.clips import ClipRow
from twitch_mock.domain.videos import VideoRow
from twitch_mock.store.rows import insert_rows

EDITOR, CHANNEL = "editor:manage:clips", "channel:manage:clips"
NOT_GRANTED = (
    "The user in editor_id has not granted this app the editor:manage:clips or channel:manage:clips scope"
)


@pytest.fixture
def vod(world: World) -> World:
    """alice's 10-minute upload "11" and her clip "a"; bob edits alice's channel; carol's clip "c"."""
    now = world.clock.now()
    alice, bob, carol = world.users["alice"], world.users["bob"], world.users["carol"]
    video = VideoRow(
        "11", None, alice, "v", "", rfc3339(now), rfc3339(now), "public", 0, "de", "upload", "10m0s"
    )
    clip = ClipRow("a", alice, bob, "", "", "en", "clip a", 5, rfc3339(now), 30.0, None, False)
    other = ClipRow("c", carol, bob, "", "", "en", "clip c", 5, rfc3339(now), 30.0, None, False)
    with world.store.transaction():
        insert_rows(world.store.db.conn, "INSERT", [video])
        insert_rows(world.store.db.conn, "INSERT", [clip, other])
        channels.add_editor(world.services, bob, alice)
    return world


def from_vod(
    world: World, login: str = "bob", scope: str = EDITOR, token: str | None = None, **params: Any
) -> Any:
    sent = {"editor_id": world.users[login], "broadcaster_id": world.users["alice"], "vod_id": "11"}
    sent |= {"vod_offset": "100", "title": "Great moment"}
    sent = {k: v for k, v in (sent | params).items() if v is not None}
    headers = world.headers(token) if token is not None else world.as_user(login, scope)
    return world.http.post("/helix/videos/clips", params=sent, headers=headers)


def downloads(world: World, login: str = "bob", token: str | None = None, **params: Any) -> Any:
    sent: dict[str, Any] = {
        "editor_id": world.users[login],
        "broadcaster_id": world.users["alice"],
        "clip_id": "a",
    }
    sent = {k: v for k, v in (sent | params).items() if v is not None}
    headers = world.headers(token) if token is not None else world.as_user(login, CHANNEL)
    return world.http.get("/helix/clips/downloads", params=sent, headers=headers)


def test_a_clip_from_a_vod_is_stored_and_shown_by_get_clips(vod: World) -> None:
    r = from_vod(vod, duration="20.5")
    assert r.status_code == 202, r.text
    (made,) = r.json()["data"]
    assert made == {"id": made["id"], "edit_url": f"https://www.twitch.tv/alice/clip/{made['id']}"}
    got = vod.http.get("/helix/clips", params={"id": made["id"]}, headers=vod.headers()).json()["data"]
    assert len(got) == 1
    clip = got[0]
    assert (clip["broadcaster_id"], clip["creator_id"], clip["video_id"]) == (
        vod.users["alice"],
        vod.users["bob"],
        "11",
    )
    assert (clip["title"], clip["duration"], clip["vod_offset"], clip["language"]) == (
        "Great moment",
        20.5,
        80,
        "de",
    )


def test_the_broadcaster_clips_their_own_live_archive(vod: World) -> None:
    with vod.store.transaction():
        stream = streams.create_stream(vod.services, vod.users["alice"])
        archive = videos.start_archive(vod.services, vod.users["alice"], stream.id, stream.started_at)
    r = from_vod(vod, "alice", CHANNEL, vod_id=archive.id, vod_offset="40")
    assert_error(r, 400, "The vod_offset must not be after the end of the VOD")
    vod.clock.advance(45)  # the archive of a live stream grows
    assert from_vod(vod, "alice", CHANNEL, vod_id=archive.id, vod_offset="40").status_code == 202


def test_an_app_token_needs_the_editors_grant(vod: World) -> None:
    assert_error(from_vod(vod, token=vod.app_token), 401, NOT_GRANTED)
    assert_error(downloads(vod, token=vod.app_token), 401, NOT_GRANTED)
    vod.user_token("bob", [EDITOR])
    assert from_vod(vod, token=vod.app_token).status_code == 202
    assert downloads(vod, token=vod.app_token).status_code == 200


@pytest.mark.parametrize(
    ("login", "params", "status", "message"),
    [
        pytest.param("bob", {"vod_id": None}, 400, 'Missing required parameter "vod_id"', id="no-vod"),
        pytest.param("bob", {"title": None}, 400, 'Missing required parameter "title"', id="no-title"),
        pytest.param("bob", {"title": "  "}, 400, 'The parameter "title" was malformed: the value must not be empty', id="blank-title"),
        pytest.param("bob", {"vod_offset": None}, 400, 'Missing required parameter "vod_offset"', id="no-offset"),
        pytest.param("bob", {"vod_offset": "x"}, 400, 'The parameter "vod_offset" was malformed: the value must be an integer', id="offset-type"),
        pytest.param("bob", {"duration": "61"}, 400, 'The parameter "duration" was malformed: the value must be less than or equal to 60', id="too-long"),
        pytest.param("bob", {"duration": "4"}, 400, 'The parameter "duration" was malformed: the value must be greater than or equal to 5', id="too-short"),
        pytest.param("bob", {"vod_offset": "29"}, 400, "The vod_offset must be greater than or equal to the duration", id="offset-before-duration"),
        pytest.param("bob", {"vod_offset": "601"}, 400, "The vod_offset must not be after the end of the VOD", id="offset-after-end"),
        pytest.param("bob", {"vod_id": "99"}, 404, "The VOD is not found", id="unknown-vod"),
        pytest.param("bob", {"broadcaster_id": "9999"}, 400, "The ID in the broadcaster_id query parameter was not found", id="unknown-broadcaster"),
        pytest.param("bob", {"editor_id": "1000"}, 401, "The ID in editor_id must match the user ID in the user access token", id="not-own"),
        pytest.param("carol", {}, 403, "The user defined by the editor_id is not authorized to create Clips", id="not-editor"),
    ],
)  # fmt: skip
def test_create_clip_from_vod_errors(
    vod: World, login: str, params: dict[str, Any], status: int, message: str
) -> None:
    assert_error(from_vod(vod, login, **params), status, message)
    assert vod.store.db.conn.execute("SELECT COUNT(*) FROM clips").fetchone()[0] == 2  # nothing stored


def test_a_banned_editor_makes_no_clip(vod: World) -> None:
    with vod.store.transaction():
        bans.ban(vod.services, vod.users["bob"], vod.users["alice"])
    assert_error(from_vod(vod), 403, "The user is banned or timed out from the broadcaster's channel")


def test_create_clip_from_vod_needs_a_clip_scope(vod: World) -> None:
    assert_error(from_vod(vod, scope="clips:edit"), 401, "Missing scope: editor:manage:clips")


def test_get_clips_download(vod: World) -> None:
    r = downloads(vod, clip_id=["a", "a"])
    assert r.status_code == 200
    assert r.json() == {
        "data": [
            {
                "clip_id": "a",
                "landscape_download_url": "https://production.assets.clips.twitchcdn.net/a/landscape-1080p.mp4",
                "portrait_download_url": None,
            }
        ]
    }
    made = from_vod(vod).json()["data"][0]["id"]  # a new clip can be downloaded at once
    got = downloads(vod, "alice", clip_id=[made, "a"]).json()["data"]
    assert [d["clip_id"] for d in got] == [made, "a"]


@pytest.mark.parametrize(
    ("login", "params", "status", "message"),
    [
        pytest.param("bob", {"clip_id": None}, 400, 'Missing required parameter "clip_id"', id="no-clip"),
        pytest.param("bob", {"clip_id": [str(n) for n in range(11)]}, 400, 'The parameter "clip_id" was malformed: the number of items must be less than or equal to 10', id="too-many"),
        pytest.param("bob", {"clip_id": "c"}, 400, "The ID in clip_id is not valid: c", id="other-channels-clip"),
        pytest.param("bob", {"clip_id": "zz"}, 400, "The ID in clip_id is not valid: zz", id="unknown-clip"),
        pytest.param("bob", {"broadcaster_id": "9999"}, 400, "The ID in broadcaster_id is not valid", id="unknown-broadcaster"),
        pytest.param("bob", {"broadcaster_id": None}, 400, 'Missing required parameter "broadcaster_id"', id="no-broadcaster"),
        pytest.param("bob", {"editor_id": "1000"}, 401, "The ID in editor_id must match the user ID in the user access token", id="not-own"),
        pytest.param("carol", {}, 403, "The user is not an editor for the specified broadcaster", id="not-editor"),
    ],
)  # fmt: skip
def test_get_clips_download_errors(
    vod: World, login: str, params: dict[str, Any], status: int, message: str
) -> None:
    assert_error(downloads(vod, login, **params), status, message)


def _first(m: MockTwitch, sql: str) -> str:
    """The first value `sql` finds for the all-units user (read on the server's thread)."""
    conn = m.store.db.conn
    return str(m._call(lambda: conn.execute(sql, (m.users[0].id,)).fetchone()[0]))


def _a_clip(m: MockTwitch) -> str:
    return _first(m, "SELECT id FROM clips WHERE broadcaster_id = ? ORDER BY id LIMIT 1")


def _a_vod(m: MockTwitch) -> str:
    return _first(m, "SELECT id FROM videos WHERE user_id = ? AND duration LIKE '%m%' ORDER BY id LIMIT 1")


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /clips/downloads": [
        lambda m: Call(
            {"editor_id": m.users[0].id, "broadcaster_id": m.users[0].id, "clip_id": _a_clip(m)},
            as_user(m, 0, CHANNEL),
        )
    ],
    "POST /videos/clips": [
        lambda m: Call(
            {
                "editor_id": m.users[0].id,
                "broadcaster_id": m.users[0].id,
                "vod_id": _a_vod(m),
                "vod_offset": "45",
                "title": "From the reference test",
            },
            as_user(m, 0, CHANNEL),
        )
    ],
}
