"""Helix Chat family, emotes and badges: Get Channel Emotes, Get Emote Sets, Get Global Emotes, Get
Channel Chat Badges, Get Global Chat Badges. Stored emotes: Get Emote Sets finds exactly the sets
that Get Channel Emotes lists."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import emotes

TEMPLATE = "https://static-cdn.jtvnw.net/emoticons/v2/{{id}}/{{format}}/{{theme_mode}}/{{scale}}"


def make_caster(world: World, login: str = "alice", kind: str = "partner") -> str:
    with world.store.transaction():
        world.store.db.conn.execute("UPDATE users SET broadcaster_type = ? WHERE login = ?", (kind, login))
    return world.users[login]


def get(world: World, path: str, params: Any = None) -> Any:
    r = world.http.get(f"/helix/{path}", params=params, headers=world.headers())
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    return r.json()


def images(emote_id: str) -> dict[str, str]:
    base = f"https://static-cdn.jtvnw.net/emoticons/v2/{emote_id}/static/light"
    return {"url_1x": f"{base}/1.0", "url_2x": f"{base}/2.0", "url_4x": f"{base}/3.0"}


def test_channel_emotes_and_their_sets(world: World) -> None:
    alice = make_caster(world)
    with world.store.transaction():
        sub = emotes.add_emote(world.services, alice, "aliceHype", "subscriptions", "1000")
        sub2 = emotes.add_emote(world.services, alice, "aliceWave", "subscriptions", "1000")
        follower = emotes.add_emote(world.services, alice, "aliceHi", "follower")
    assert sub.emote_set_id == sub2.emote_set_id != follower.emote_set_id
    body = get(world, "chat/emotes", {"broadcaster_id": alice})
    assert set(body) == {"data", "template"} and body["template"] == TEMPLATE
    assert body["data"][0] == {
        "id": sub.id,
        "name": "aliceHype",
        "images": images(sub.id),
        "tier": "1000",
        "emote_type": "subscriptions",
        "emote_set_id": sub.emote_set_id,
        "format": ["static"],
        "scale": ["1.0", "2.0", "3.0"],
        "theme_mode": ["light", "dark"],
    }
    assert [e["id"] for e in body["data"]] == [sub.id, sub2.id, follower.id]
    assert body["data"][2]["tier"] == ""
    # the sets, in the order asked for; unknown and repeated ids are dropped
    params = [
        ("emote_set_id", follower.emote_set_id),
        ("emote_set_id", "404"),
        ("emote_set_id", sub.emote_set_id),
        ("emote_set_id", follower.emote_set_id),
    ]
    sets = get(world, "chat/emotes/set", params)
    assert sets["template"] == TEMPLATE
    assert [e["id"] for e in sets["data"]] == [follower.id, sub.id, sub2.id]
    assert sets["data"][1] == {
        "id": sub.id,
        "name": "aliceHype",
        "images": images(sub.id),
        "emote_type": "subscriptions",
        "emote_set_id": sub.emote_set_id,
        "owner_id": alice,
        "format": ["static"],
        "scale": ["1.0", "2.0", "3.0"],
        "theme_mode": ["light", "dark"],
    }


def test_a_channel_without_emotes_or_badges(world: World) -> None:
    assert get(world, "chat/emotes", {"broadcaster_id": world.users["bob"]}) == {
        "data": [],
        "template": TEMPLATE,
    }
    assert get(world, "chat/emotes/set", {"emote_set_id": "1"}) == {"data": [], "template": TEMPLATE}
    assert get(world, "chat/badges", {"broadcaster_id": world.users["bob"]}) == {"data": []}


def test_only_affiliates_and_partners_have_emotes(world: World) -> None:
    with world.store.transaction(), pytest.raises(BadRequest, match="Only affiliates and partners"):
        emotes.add_emote(world.services, world.users["bob"], "bobHype", "follower")
    make_caster(world, "bob", "affiliate")
    with world.store.transaction(), pytest.raises(BadRequest, match="tier"):
        emotes.add_emote(world.services, world.users["bob"], "bobHype", "subscriptions", "4000")


def test_channel_badges_are_sorted_sets(world: World) -> None:
    alice = make_caster(world)
    with world.store.transaction():
        twelve = emotes.add_badge(world.services, alice, "subscriber", "12", "1-Year Subscriber")
        emotes.add_badge(world.services, alice, "subscriber", "3", "3-Month Subscriber")
        bits = emotes.add_badge(world.services, alice, "bits", "100", "cheer 100")
    body = get(world, "chat/badges", {"broadcaster_id": alice})
    assert [s["set_id"] for s in body["data"]] == ["bits", "subscriber"]
    assert [v["id"] for v in body["data"][1]["versions"]] == ["3", "12"]  # ascending by id
    assert body["data"][1]["versions"][1] == {
        "id": "12",
        "image_url_1x": f"https://static-cdn.jtvnw.net/badges/v1/{twelve.image_id}/1",
        "image_url_2x": f"https://static-cdn.jtvnw.net/badges/v1/{twelve.image_id}/2",
        "image_url_4x": f"https://static-cdn.jtvnw.net/badges/v1/{twelve.image_id}/3",
        "title": "1-Year Subscriber",
        "description": "1-Year Subscriber",
        "click_action": "subscribe_to_channel",
        "click_url": None,
    }
    assert body["data"][0]["versions"][0]["click_url"] == "https://bits.twitch.tv"
    assert body["data"][0]["versions"][0]["image_url_1x"].endswith(f"/{bits.image_id}/1")
    assert get(world, "chat/badges", {"broadcaster_id": alice}) == body  # stored: the same every time


def test_global_emotes_and_badges_are_constant(world: World) -> None:
    body = get(world, "chat/emotes/global")
    assert body["template"] == TEMPLATE
    assert body["data"][0] == {
        "id": "25",
        "name": "Kappa",
        "images": images("25"),
        "format": ["static"],
        "scale": ["1.0", "2.0", "3.0"],
        "theme_mode": ["light", "dark"],
    }
    badges = get(world, "chat/badges/global")
    set_ids = [s["set_id"] for s in badges["data"]]
    assert set_ids == sorted(set_ids) and {"broadcaster", "moderator", "vip", "subscriber"} <= set(set_ids)
    vip = next(s for s in badges["data"] if s["set_id"] == "vip")["versions"][0]
    assert (vip["id"], vip["title"], vip["click_action"]) == ("1", "VIP", "visit_url")
    assert get(world, "chat/badges/global") == badges


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        pytest.param("chat/emotes", {}, 'Missing required parameter "broadcaster_id"', id="emotes"),
        pytest.param("chat/badges", {}, 'Missing required parameter "broadcaster_id"', id="badges"),
        pytest.param("chat/emotes/set", {}, 'Missing required parameter "emote_set_id"', id="sets"),
        pytest.param(
            "chat/emotes/set",
            [("emote_set_id", str(n)) for n in range(26)],
            'The parameter "emote_set_id" was malformed: the number of items must be less than or equal to 25',
            id="too-many-sets",
        ),
    ],
)
def test_bad_input(world: World, path: str, params: Any, message: str) -> None:
    assert_error(world.http.get(f"/helix/{path}", params=params, headers=world.headers()), 400, message)


def test_the_seeded_world_keeps_emotes_and_sets_consistent(twitch_mock: MockTwitch) -> None:
    headers = {"Authorization": f"Bearer {twitch_mock.app_token()}", "Client-Id": twitch_mock.client_id}
    star = twitch_mock.all_units_user_id
    listed = httpx.get(
        twitch_mock.helix_url + "chat/emotes", params={"broadcaster_id": star}, headers=headers
    )
    data = listed.json()["data"]
    assert {e["emote_type"] for e in data} == {"subscriptions", "follower", "bitstier"}
    assert {e["tier"] for e in data} == {"1000", "2000", "3000", ""}
    set_ids = list(dict.fromkeys(e["emote_set_id"] for e in data))
    found = httpx.get(
        twitch_mock.helix_url + "chat/emotes/set",
        params=[("emote_set_id", s) for s in set_ids],
        headers=headers,
    ).json()["data"]
    assert sorted(e["id"] for e in found) == sorted(e["id"] for e in data)
    assert {e["owner_id"] for e in found} == {star}
    badges = httpx.get(
        twitch_mock.helix_url + "chat/badges", params={"broadcaster_id": star}, headers=headers
    )
    assert [s["set_id"] for s in badges.json()["data"]] == ["bits", "subscriber"]
    twitch_mock.reset()  # a reset restores the seeded world: the same stored emotes
    headers["Authorization"] = f"Bearer {twitch_mock.app_token()}"
    again = httpx.get(twitch_mock.helix_url + "chat/emotes", params={"broadcaster_id": star}, headers=headers)
    assert again.json() == listed.json()


def _emote_set(m: MockTwitch) -> Call:
    r = httpx.get(
        m.helix_url + "chat/emotes",
        params={"broadcaster_id": m.all_units_user_id},
        headers={"Authorization": f"Bearer {m.app_token()}", "Client-Id": m.client_id},
    )
    return Call({"emote_set_id": r.json()["data"][0]["emote_set_id"]}, m.app_token())


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /chat/emotes": [lambda m: Call({"broadcaster_id": m.all_units_user_id}, m.app_token())],
    "GET /chat/emotes/global": [lambda m: Call({}, as_user(m, 1))],
    "GET /chat/emotes/set": [_emote_set],
    "GET /chat/badges": [lambda m: Call({"broadcaster_id": m.all_units_user_id}, m.app_token())],
    "GET /chat/badges/global": [lambda m: Call({}, m.app_token())],
}
