"""Helix Channels family (the framework's pilot): Get Channel Information and Modify Channel
Information, with `channel.update` published through the outbox."""

from __future__ import annotations

from typing import Any

import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.domain.categories import CategoryRow
from twitch_mock.domain.channels import ChannelUpdate
from twitch_mock.domain.outbox import Event
from twitch_mock.store.rows import insert_rows

BROADCAST = "channel:manage:broadcast"


@pytest.fixture
def events(world: World) -> list[Event]:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    with world.store.transaction():
        insert_rows(
            world.store.db.conn, "INSERT", [CategoryRow("509658", "Just Chatting", "https://x/{width}", "")]
        )
    return heard


def patch(world: World, body: Any, login: str = "alice", broadcaster: str | None = None) -> Any:
    broadcaster = broadcaster or world.users[login]
    return world.http.patch(
        f"/helix/channels?broadcaster_id={broadcaster}", json=body, headers=world.as_user(login, BROADCAST)
    )


def channel(world: World, login: str = "alice") -> dict[str, Any]:
    r = world.http.get(f"/helix/channels?broadcaster_id={world.users[login]}", headers=world.headers())
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()["data"]
    return data[0]


def test_get_channel_information_shape_and_order(world: World) -> None:
    ids = [world.users["carol"], "999999", world.users["alice"], world.users["carol"]]
    query = "&".join(f"broadcaster_id={i}" for i in ids)
    r = world.http.get(f"/helix/channels?{query}", headers=world.headers())
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    body = r.json()
    assert set(body) == {"data"}
    assert [c["broadcaster_id"] for c in body["data"]] == [world.users["carol"], world.users["alice"]]
    assert body["data"][1] == {
        "broadcaster_id": world.users["alice"],
        "broadcaster_login": "alice",
        "broadcaster_name": "Alice",
        "broadcaster_language": "en",
        "game_id": "",
        "game_name": "",
        "title": "",
        "delay": 0,
        "tags": [],
        "content_classification_labels": [],
        "is_branded_content": False,
    }


def test_modify_persists_and_publishes_channel_update(world: World, events: list[Event]) -> None:
    body = {
        "game_id": "509658",
        "title": "Hello",
        "broadcaster_language": "de",
        "tags": ["LevelingUp", "english", "English"],
        "content_classification_labels": [{"id": "Gambling", "is_enabled": True}],
        "is_branded_content": True,
    }
    r = patch(world, body)
    assert r.status_code == 204 and r.content == b""
    got = channel(world)
    assert (got["game_id"], got["game_name"], got["title"], got["broadcaster_language"]) == (
        "509658",
        "Just Chatting",
        "Hello",
        "de",
    )
    assert got["tags"] == ["LevelingUp", "english"]  # tags are case-insensitive: the first spelling stays
    assert got["content_classification_labels"] == ["Gambling"] and got["is_branded_content"] is True
    assert events == [
        ChannelUpdate(
            world.users["alice"], "alice", "Alice", "Hello", "de", "509658", "Just Chatting", ["Gambling"]
        )
    ]
    # partial updates: only what is sent changes; booleans and labels can be turned off; "" clears
    assert patch(world, {"is_branded_content": False, "game_id": ""}).status_code == 204
    assert (
        patch(world, {"content_classification_labels": [{"id": "Gambling", "is_enabled": False}]}).status_code
        == 204
    )
    got = channel(world)
    assert (got["title"], got["game_id"], got["is_branded_content"]) == ("Hello", "", False)
    assert got["content_classification_labels"] == [] and len(events) == 3


def test_a_change_to_nothing_new_publishes_nothing(world: World, events: list[Event]) -> None:
    assert patch(world, {"title": "Same"}).status_code == 204
    assert patch(world, {"title": "Same"}).status_code == 204
    assert len(events) == 1


def test_a_failed_modify_changes_nothing_and_publishes_nothing(world: World, events: list[Event]) -> None:
    r = patch(world, {"title": "New title", "game_id": "424242"})
    assert_error(r, 400, "The ID in game_id is not valid")
    assert channel(world)["title"] == "" and events == []


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        pytest.param({}, 400, "The request body must change at least one of: game_id, broadcaster_language, "
                     "title, delay, tags, content_classification_labels, is_branded_content", id="nothing"),
        pytest.param({"title": ""}, 400, 'The parameter "title" was malformed: the value must not be empty', id="empty-title"),
        pytest.param({"title": "x" * 141}, 400, 'The parameter "title" was malformed: the length must be less than or equal to 140', id="long-title"),
        pytest.param({"title": 5}, 400, 'The parameter "title" was malformed: the value must be a string', id="title-type"),
        pytest.param({"delay": 10}, 400, "Only partners may set a broadcast delay", id="delay-not-partner"),
        pytest.param({"delay": "x"}, 400, 'The parameter "delay" was malformed: the value must be an integer', id="delay-type"),
        pytest.param({"broadcaster_language": "english"}, 400, 'The parameter "broadcaster_language" was malformed: the value must be an ISO 639-1 code or "other"', id="language"),
        pytest.param({"tags": ["a b"]}, 400, "The parameter \"tags\" was malformed: each tag is 1 to 25 letters or digits, not 'a b'", id="tag-space"),
        pytest.param({"tags": [f"t{n}" for n in range(11)]}, 400, 'The parameter "tags" was malformed: the number of items must be less than or equal to 10', id="too-many-tags"),
        pytest.param({"tags": ["x" * 26]}, 400, 'The parameter "tags" was malformed: the length must be less than or equal to 25', id="long-tag"),
        pytest.param({"content_classification_labels": [{"id": "MatureGame", "is_enabled": True}]}, 400, 'The parameter "content_classification_labels.id" was malformed: the value must be one of DebatedSocialIssuesAndPolitics, DrugsIntoxication, SexualThemes, ViolentGraphic, Gambling, ProfanityVulgarity', id="ccl"),
        pytest.param({"content_classification_labels": [{"id": "Gambling"}]}, 400, 'Missing required parameter "content_classification_labels.is_enabled"', id="ccl-missing"),
        pytest.param({"is_branded_content": "maybe"}, 400, 'The parameter "is_branded_content" was malformed: the value must be a boolean', id="bool"),
    ],
)  # fmt: skip
def test_modify_bad_input(world: World, body: Any, status: int, message: str) -> None:
    assert_error(patch(world, body), status, message)


def test_modify_requires_its_own_channel_and_a_body(world: World) -> None:
    r = patch(world, {"title": "x"}, broadcaster=world.users["bob"])
    assert_error(r, 401, "The ID in broadcaster_id must match the user ID in the user access token")
    r = world.http.patch(
        f"/helix/channels?broadcaster_id={world.users['alice']}", headers=world.as_user("alice", BROADCAST)
    )
    assert_error(r, 400, "The request body is missing")


def test_delay_for_partners_and_numeric_strings(world: World) -> None:
    with world.store.transaction():
        world.store.db.conn.execute("UPDATE users SET broadcaster_type = 'partner' WHERE login = 'alice'")
    assert patch(world, {"delay": "30"}).status_code == 204  # a numeric string, as Twitch accepts
    assert channel(world)["delay"] == 30
    assert_error(
        patch(world, {"delay": 901}),
        400,
        'The parameter "delay" was malformed: the value must be from 0 to 900',
    )


def test_get_channel_information_errors(world: World) -> None:
    assert_error(
        world.http.get("/helix/channels", headers=world.headers()),
        400,
        'Missing required parameter "broadcaster_id"',
    )
    query = "&".join(f"broadcaster_id={n}" for n in range(101))
    assert_error(
        world.http.get(f"/helix/channels?{query}", headers=world.headers()),
        400,
        'The parameter "broadcaster_id" was malformed: the number of items must be less than or equal to 100',
    )


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /channels": [lambda m: Call({"broadcaster_id": m.all_units_user_id}, m.app_token())],
    "PATCH /channels": [
        lambda m: Call(
            {"broadcaster_id": m.users[0].id},
            as_user(m, 0, BROADCAST),
            {"title": "From the reference test", "tags": ["Testing"]},
        )
    ],
}


def test_channel_update_reaches_a_mock_subscriber(twitch_mock: MockTwitch) -> None:
    heard: list[Event] = []
    stop = twitch_mock.on_event(heard.append)
    try:
        call = REFERENCE_EXAMPLES["PATCH /channels"][0](twitch_mock)
        import httpx

        r = httpx.patch(
            twitch_mock.helix_url + "channels",
            params=call.params,
            json=call.body,
            headers={"Authorization": f"Bearer {call.token}", "Client-Id": twitch_mock.client_id},
        )
        assert r.status_code == 204
        assert [type(e) for e in heard] == [ChannelUpdate]
        assert isinstance(heard[0], ChannelUpdate) and heard[0].title == "From the reference test"
    finally:
        stop()


def test_the_json_sqlite_builds_equals_the_typed_channels(twitch_mock: MockTwitch) -> None:
    """Get Channel Information answers with JSON SQLite builds; it must be what the typed rows give,
    in the order asked for, unknown ids left out."""
    import orjson

    from twitch_mock.domain import channels

    conn = twitch_mock.store.db.conn
    ids = [twitch_mock.users[3].id, "999999999", twitch_mock.users[0].id, twitch_mock.users[1].id]
    typed = twitch_mock._call(channels.channels, conn, ids)
    built = twitch_mock._call(channels.channels_json, conn, ids)
    assert len(typed) == 3 and orjson.loads(orjson.dumps(built)) == orjson.loads(orjson.dumps(typed))
