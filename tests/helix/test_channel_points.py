"""Helix Channel Points family: custom rewards (create, get, partial update, delete) and their
redemptions (get, update status); only the creating client may manage a reward; stock and
cooldown follow the clock; the reward and redemption events."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from reference_support import Call, Example, as_user

from conftest import OTHER_CLIENT_ID, World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.domain import channel_points as points
from twitch_mock.domain import redemptions as redeemed
from twitch_mock.domain.channel_points import RewardAdd, RewardRemove, RewardUpdate
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.redemptions import RedemptionAdd, RedemptionUpdate

READ, MANAGE = "channel:read:redemptions", "channel:manage:redemptions"
REWARDS = "/helix/channel_points/custom_rewards"
REDEMPTIONS = REWARDS + "/redemptions"
CREATED_BY = "The ID in the Client-Id header must match the client ID used to create the custom reward"


@pytest.fixture(autouse=True)
def affiliates(world: World) -> None:
    with world.store.transaction():
        world.store.db.conn.execute(
            "UPDATE users SET broadcaster_type = 'affiliate' WHERE login IN ('alice', 'bob')"
        )


@pytest.fixture
def events(world: World) -> list[Event]:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    return heard


def headers(
    world: World, scope: str = MANAGE, client_id: str | None = None, login: str = "alice"
) -> dict[str, str]:
    if client_id is None:
        return world.as_user(login, scope)
    return world.headers(world.user_token(login, [scope], client_id), client_id)


def create(world: World, body: Any, **kw: Any) -> Any:
    return world.http.post(
        f"{REWARDS}?broadcaster_id={world.users['alice']}", json=body, headers=headers(world, **kw)
    )


def created(world: World, **body: Any) -> dict[str, Any]:
    r = create(world, {"title": "Hydrate", "cost": 100, **body})
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()["data"]
    return data[0]


def update(world: World, reward_id: str, body: Any, **kw: Any) -> Any:
    url = f"{REWARDS}?broadcaster_id={world.users['alice']}&id={reward_id}"
    return world.http.patch(url, json=body, headers=headers(world, **kw))


def rewards(world: World, query: str = "", **kw: Any) -> Any:
    r = world.http.get(
        f"{REWARDS}?broadcaster_id={world.users['alice']}{query}", headers=headers(world, READ, **kw)
    )
    assert r.status_code == 200, r.text
    return r.json()["data"]


def redeem(world: World, reward_id: str, login: str = "bob", text: str = "") -> str:
    with world.store.transaction():
        return redeemed.redeem(world.services, reward_id, world.users[login], text).id


def redemptions(world: World, reward_id: str, query: str = "&status=UNFULFILLED", **kw: Any) -> Any:
    url = f"{REDEMPTIONS}?broadcaster_id={world.users['alice']}&reward_id={reward_id}{query}"
    return world.http.get(url, headers=headers(world, READ, **kw))


def set_status(world: World, reward_id: str, ids: list[str], status: str = "FULFILLED", **kw: Any) -> Any:
    query = "".join(f"&id={i}" for i in ids)
    url = f"{REDEMPTIONS}?broadcaster_id={world.users['alice']}&reward_id={reward_id}{query}"
    return world.http.patch(url, json={"status": status}, headers=headers(world, **kw))


DEFAULT_IMAGE = {
    "url_1x": "https://static-cdn.jtvnw.net/custom-reward-images/default-1.png",
    "url_2x": "https://static-cdn.jtvnw.net/custom-reward-images/default-2.png",
    "url_4x": "https://static-cdn.jtvnw.net/custom-reward-images/default-4.png",
}


def test_create_reward_shape_and_add_event(world: World, events: list[Event]) -> None:
    reward = created(
        world,
        prompt="Drink!",
        background_color="#00E5CB",
        is_max_per_user_per_stream_enabled=True,
        max_per_user_per_stream="2",
    )
    assert reward == {
        "broadcaster_id": world.users["alice"],
        "broadcaster_login": "alice",
        "broadcaster_name": "Alice",
        "id": reward["id"],
        "title": "Hydrate",
        "prompt": "Drink!",
        "cost": 100,
        "image": None,
        "default_image": DEFAULT_IMAGE,
        "background_color": "#00E5CB",
        "is_enabled": True,
        "is_user_input_required": False,
        "max_per_stream_setting": {"is_enabled": False, "max_per_stream": 0},
        "max_per_user_per_stream_setting": {"is_enabled": True, "max_per_user_per_stream": 2},
        "global_cooldown_setting": {"is_enabled": False, "global_cooldown_seconds": 0},
        "is_paused": False,
        "is_in_stock": True,
        "should_redemptions_skip_request_queue": False,
        "redemptions_redeemed_current_stream": None,
        "cooldown_expires_at": None,
    }  # fmt: skip
    assert rewards(world) == [reward]
    assert len(events) == 1 and isinstance(events[0], RewardAdd)
    assert events[0].title == "Hydrate" and events[0].max_per_user_per_stream == points.Limit(True, 2)


def test_update_changes_only_what_is_sent_and_booleans_turn_off(world: World, events: list[Event]) -> None:
    reward = created(world, is_user_input_required=True, should_redemptions_skip_request_queue=True)
    r = update(world, reward["id"], {"is_user_input_required": False, "cost": 5, "is_paused": True})
    assert r.status_code == 200, r.text
    got = r.json()["data"][0]
    assert got == {**reward, "is_user_input_required": False, "cost": 5, "is_paused": True}
    assert rewards(world) == [got]
    assert isinstance(events[-1], RewardUpdate) and events[-1].cost == 5
    r = update(world, reward["id"], {"is_global_cooldown_enabled": True, "global_cooldown_seconds": 30})
    assert r.json()["data"][0]["global_cooldown_setting"] == {
        "is_enabled": True,
        "global_cooldown_seconds": 30,
    }
    assert update(world, reward["id"], {"is_global_cooldown_enabled": False}).json()["data"][0][
        "global_cooldown_setting"
    ] == {"is_enabled": False, "global_cooldown_seconds": 30}
    assert len(events) == 4
    assert update(world, reward["id"], {}).status_code == 200 and len(events) == 4  # nothing new, no event


def test_only_the_creating_client_may_manage_a_reward(world: World, events: list[Event]) -> None:
    reward = created(world)
    redemption = redeem(world, reward["id"])
    assert_error(update(world, reward["id"], {"cost": 1}, client_id=OTHER_CLIENT_ID), 403, CREATED_BY)
    url = f"{REWARDS}?broadcaster_id={world.users['alice']}&id={reward['id']}"
    assert_error(world.http.delete(url, headers=headers(world, client_id=OTHER_CLIENT_ID)), 403, CREATED_BY)
    assert_error(redemptions(world, reward["id"], client_id=OTHER_CLIENT_ID), 403, CREATED_BY)
    assert_error(set_status(world, reward["id"], [redemption], client_id=OTHER_CLIENT_ID), 403, CREATED_BY)
    # reading rewards is open to any client; only_manageable_rewards filters to the caller's
    assert [r["id"] for r in rewards(world, client_id=OTHER_CLIENT_ID)] == [reward["id"]]
    assert rewards(world, "&only_manageable_rewards=true", client_id=OTHER_CLIENT_ID) == []
    assert [r["id"] for r in rewards(world, "&only_manageable_rewards=true")] == [reward["id"]]
    assert rewards(world)[0]["cost"] == 100 and len(events) == 2


def test_delete_removes_the_reward_and_its_redemptions(world: World, events: list[Event]) -> None:
    reward = created(world)
    redeem(world, reward["id"])
    url = f"{REWARDS}?broadcaster_id={world.users['alice']}&id={reward['id']}"
    r = world.http.delete(url, headers=headers(world))
    assert r.status_code == 204 and r.content == b""
    assert rewards(world) == []
    assert world.store.db.conn.execute("SELECT count(*) FROM redemptions").fetchone()[0] == 0
    assert isinstance(events[-1], RewardRemove) and events[-1].id == reward["id"]
    assert_error(world.http.delete(url, headers=headers(world)), 404, points.REWARD_NOT_FOUND.format("id"))


def test_global_cooldown_follows_the_clock(world: World) -> None:
    reward = created(world, is_global_cooldown_enabled=True, global_cooldown_seconds=60)
    redeem(world, reward["id"])
    got = rewards(world)[0]
    assert (got["is_in_stock"], got["cooldown_expires_at"]) == (False, world.clock.rfc3339(60))
    with pytest.raises(Exception, match="out of stock"):
        redeem(world, reward["id"], "carol")
    world.clock.advance(60)
    got = rewards(world)[0]
    assert (got["is_in_stock"], got["cooldown_expires_at"]) == (True, None)


def test_max_per_stream_counts_the_live_stream(world: World) -> None:
    reward = created(
        world,
        is_max_per_stream_enabled=True,
        max_per_stream=2,
        is_max_per_user_per_stream_enabled=True,
        max_per_user_per_stream=1,
    )
    redeem(world, reward["id"])  # before the stream: not counted
    world.clock.advance(1)
    with world.store.transaction():
        world.store.db.conn.execute(
            "INSERT INTO streams (id, user_id, started_at) VALUES ('1', ?, ?)",
            (world.users["alice"], world.clock.rfc3339()),
        )

    def stock() -> tuple[int, bool]:
        got = rewards(world)[0]
        return got["redemptions_redeemed_current_stream"], got["is_in_stock"]

    assert stock() == (0, True)
    world.clock.advance(1)
    redeem(world, reward["id"], "carol")
    assert stock() == (1, True)
    with pytest.raises(Exception, match="most times allowed"):
        redeem(world, reward["id"], "carol")  # one per viewer per stream
    redeem(world, reward["id"], "dave")
    assert stock() == (2, False)


def test_redemptions_list_sort_page_and_filter(world: World, events: list[Event]) -> None:
    reward = created(world, is_user_input_required=True)
    made = []
    for login in ("bob", "carol", "dave", "erin"):
        made.append(redeem(world, reward["id"], login, f"hi from {login}"))
        world.clock.advance(1)
    assert isinstance(events[1], RedemptionAdd) and events[1].status == "unfulfilled"
    r = redemptions(world, reward["id"], "&status=UNFULFILLED&first=3")
    body = r.json()
    assert [x["id"] for x in body["data"]] == made[:3]
    r = redemptions(world, reward["id"], f"&status=UNFULFILLED&first=3&after={body['pagination']['cursor']}")
    assert [x["id"] for x in r.json()["data"]] == made[3:] and r.json()["pagination"] == {}
    newest = redemptions(world, reward["id"], "&status=UNFULFILLED&sort=NEWEST").json()["data"]
    assert [x["id"] for x in newest] == made[::-1]
    assert newest[0] == {
        "broadcaster_id": world.users["alice"],
        "broadcaster_login": "alice",
        "broadcaster_name": "Alice",
        "id": made[3],
        "user_id": world.users["erin"],
        "user_name": "Erin",
        "user_login": "erin",
        "reward": {"id": reward["id"], "title": "Hydrate", "prompt": "", "cost": 100},
        "user_input": "hi from erin",
        "status": "UNFULFILLED",
        "redeemed_at": newest[0]["redeemed_at"],
    }
    by_id = redemptions(world, reward["id"], f"&id={made[1]}&id={made[2]}").json()["data"]
    assert [x["id"] for x in by_id] == made[1:3]
    assert_error(redemptions(world, reward["id"], "&id=unknown"), 404, redeemed.REDEMPTIONS_NOT_FOUND)


def test_update_redemption_status(world: World, events: list[Event]) -> None:
    reward = created(world)
    first, second = redeem(world, reward["id"]), redeem(world, reward["id"], "carol")
    r = set_status(world, reward["id"], [first, "unknown"], "CANCELED")
    assert r.status_code == 200, r.text
    assert [(x["id"], x["status"]) for x in r.json()["data"]] == [(first, "CANCELED")]
    assert isinstance(events[-1], RedemptionUpdate) and events[-1].status == "canceled"
    assert [x["id"] for x in redemptions(world, reward["id"]).json()["data"]] == [second]
    assert [x["id"] for x in redemptions(world, reward["id"], "&status=CANCELED").json()["data"]] == [first]
    count = len(events)
    assert_error(
        set_status(world, reward["id"], [first]), 404, redeemed.NOT_UNFULFILLED
    )  # only from UNFULFILLED
    assert len(events) == count


def test_fifty_rewards_and_unique_titles(world: World, events: list[Event]) -> None:
    created(world)
    assert_error(create(world, {"title": "hydrate", "cost": 5}), 400, points.DUPLICATE)
    other = created(world, title="Stretch")
    assert_error(update(world, other["id"], {"title": "HYDRATE"}), 400, points.DUPLICATE_UPDATE)
    with world.store.transaction():
        for n in range(48):
            points.create(
                world.services, world.users["alice"], "x" * 30, points.RewardChanges(title=f"R{n}", cost=1)
            )
    assert_error(create(world, {"title": "One too many", "cost": 5}), 400, points.TOO_MANY)
    r = world.http.post(
        f"{REWARDS}?broadcaster_id={world.users['bob']}",
        json={"title": "Hydrate", "cost": 1},
        headers=world.as_user("bob", MANAGE),
    )
    assert r.status_code == 200  # titles are unique per channel


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param({"cost": 1}, 'Missing required parameter "title"', id="no-title"),
        pytest.param({"title": "x"}, 'Missing required parameter "cost"', id="no-cost"),
        pytest.param({"title": "", "cost": 1}, 'The parameter "title" was malformed: the length must be greater than or equal to 1', id="empty-title"),
        pytest.param({"title": "x" * 46, "cost": 1}, 'The parameter "title" was malformed: the length must be less than or equal to 45', id="long-title"),
        pytest.param({"title": "x", "cost": 0}, 'The parameter "cost" was malformed: the value must be greater than or equal to 1', id="cost-zero"),
        pytest.param({"title": "x", "cost": 1, "prompt": "p" * 201}, 'The parameter "prompt" was malformed: the length must be less than or equal to 200', id="long-prompt"),
        pytest.param({"title": "x", "cost": 1, "background_color": "red"}, "The background_color field must be a hex color code, such as #9147FF", id="color"),
        pytest.param({"title": "x", "cost": 1, "is_max_per_stream_enabled": True}, "If is_max_per_stream_enabled is true, the minimum value for max_per_stream is 1", id="per-stream"),
        pytest.param({"title": "x", "cost": 1, "is_max_per_user_per_stream_enabled": True, "max_per_user_per_stream": 0}, "If is_max_per_user_per_stream_enabled is true, the minimum value for max_per_user_per_stream is 1", id="per-user"),
        pytest.param({"title": "x", "cost": 1, "is_global_cooldown_enabled": True, "global_cooldown_seconds": 604801}, "If is_global_cooldown_enabled is true, the minimum value for global_cooldown_seconds is 1 and the maximum is 604800", id="cooldown"),
        pytest.param({"title": "x", "cost": 1, "is_enabled": "yes"}, 'The parameter "is_enabled" was malformed: the value must be a boolean', id="bool"),
    ],
)  # fmt: skip
def test_create_reward_bad_input(world: World, events: list[Event], body: Any, message: str) -> None:
    assert_error(create(world, body), 400, message)
    assert events == [] and rewards(world) == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param({"title": ""}, 'The parameter "title" was malformed: the length must be greater than or equal to 1', id="empty-title"),
        pytest.param({"cost": 0}, 'The parameter "cost" was malformed: the value must be greater than or equal to 1', id="cost"),
        pytest.param({"is_global_cooldown_enabled": True}, "If is_global_cooldown_enabled is true, the minimum value for global_cooldown_seconds is 1 and the maximum is 604800", id="cooldown"),
        pytest.param({"background_color": "#12345"}, "The background_color field must be a hex color code, such as #9147FF", id="color"),
    ],
)  # fmt: skip
def test_update_reward_bad_input(world: World, events: list[Event], body: Any, message: str) -> None:
    reward = created(world)
    assert_error(update(world, reward["id"], body), 400, message)
    assert rewards(world) == [reward] and len(events) == 1


def test_rules_that_apply_to_every_endpoint(world: World, events: list[Event]) -> None:
    reward = created(world)
    assert_error(update(world, "unknown", {"cost": 1}), 404, points.REWARD_NOT_FOUND.format("id"))
    r = world.http.patch(
        f"{REWARDS}?broadcaster_id={world.users['alice']}", json={"cost": 1}, headers=headers(world)
    )
    assert_error(r, 400, 'Missing required parameter "id"')
    assert_error(redemptions(world, "unknown"), 404, points.REWARD_NOT_FOUND.format("reward_id"))
    assert_error(set_status(world, "unknown", ["x"]), 404, points.REWARD_NOT_FOUND.format("reward_id"))
    assert_error(
        redemptions(world, reward["id"], ""),
        400,
        "The status query parameter is required if you didn't specify the id query parameter.",
    )
    assert_error(
        redemptions(world, reward["id"], "&status=DONE"),
        400,
        'The parameter "status" was malformed: the value must be one of UNFULFILLED, FULFILLED, CANCELED',
    )
    assert_error(
        redemptions(world, reward["id"], "&status=CANCELED&sort=UP"),
        400,
        'The parameter "sort" was malformed: the value must be one of OLDEST, NEWEST',
    )
    url = f"{REDEMPTIONS}?broadcaster_id={world.users['alice']}&status=CANCELED"
    assert_error(
        world.http.get(url, headers=headers(world, READ)), 400, 'Missing required parameter "reward_id"'
    )
    assert_error(set_status(world, reward["id"], [], "FULFILLED"), 400, 'Missing required parameter "id"')
    assert_error(
        set_status(world, reward["id"], ["x"], "UNFULFILLED"),
        400,
        'The parameter "status" was malformed: the value must be one of FULFILLED, CANCELED',
    )
    query = "".join(f"&id={n}" for n in range(51))
    assert_error(
        world.http.get(
            f"{REWARDS}?broadcaster_id={world.users['alice']}{query}", headers=headers(world, READ)
        ),
        400,
        'The parameter "id" was malformed: the number of items must be less than or equal to 50',
    )
    assert_error(
        world.http.get(
            f"{REWARDS}?broadcaster_id={world.users['alice']}&id=nope", headers=headers(world, READ)
        ),
        404,
        points.REWARDS_NOT_FOUND,
    )
    carol = world.users["carol"]  # not an affiliate
    r = world.http.get(f"{REWARDS}?broadcaster_id={carol}", headers=world.as_user("carol", READ))
    assert_error(r, 403, points.NOT_AFFILIATE)
    r = world.http.post(
        f"{REWARDS}?broadcaster_id={carol}",
        json={"title": "x", "cost": 1},
        headers=world.as_user("carol", MANAGE),
    )
    assert_error(r, 403, points.NOT_AFFILIATE)
    r = world.http.get(f"{REWARDS}?broadcaster_id={world.users['bob']}", headers=headers(world, READ))
    assert_error(r, 401, "The ID in broadcaster_id must match the user ID in the user access token")
    assert len(events) == 1


def test_another_channels_reward_is_not_found(world: World, events: list[Event]) -> None:
    r = world.http.post(
        f"{REWARDS}?broadcaster_id={world.users['bob']}",
        json={"title": "Bob's", "cost": 1},
        headers=world.as_user("bob", MANAGE),
    )
    bobs = r.json()["data"][0]["id"]
    assert_error(update(world, bobs, {"cost": 2}), 404, points.REWARD_NOT_FOUND.format("id"))
    assert_error(redemptions(world, bobs), 404, points.REWARD_NOT_FOUND.format("reward_id"))


def _get(m: MockTwitch, path: str, params: dict[str, str]) -> Any:
    token = as_user(m, 0, READ)
    r = httpx.get(
        m.helix_url + path,
        params=params,
        headers={"Authorization": f"Bearer {token}", "Client-Id": m.client_id},
    )
    return r.json()["data"]


def _reward(m: MockTwitch) -> str:
    return str(_get(m, "channel_points/custom_rewards", {"broadcaster_id": m.users[0].id})[0]["id"])


def _unfulfilled(m: MockTwitch) -> tuple[str, str]:
    """A reward of the all-units user with an UNFULFILLED redemption, and that redemption."""
    for reward in _get(m, "channel_points/custom_rewards", {"broadcaster_id": m.users[0].id}):
        query = {"broadcaster_id": m.users[0].id, "reward_id": reward["id"], "status": "UNFULFILLED"}
        found = _get(m, "channel_points/custom_rewards/redemptions", query)
        if found:
            return str(reward["id"]), str(found[0]["id"])
    raise AssertionError("the seeded all-units user has no UNFULFILLED redemption")


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /channel_points/custom_rewards": [
        lambda m: Call({"broadcaster_id": m.users[0].id}, as_user(m, 0, READ))
    ],
    "POST /channel_points/custom_rewards": [
        lambda m: Call(
            {"broadcaster_id": m.users[0].id},
            as_user(m, 0, MANAGE),
            {"title": "Reference reward", "cost": 10},
        )
    ],
    "PATCH /channel_points/custom_rewards": [
        lambda m: Call(
            {"broadcaster_id": m.users[0].id, "id": _reward(m)}, as_user(m, 0, MANAGE), {"is_enabled": False}
        )
    ],
    "DELETE /channel_points/custom_rewards": [
        lambda m: Call({"broadcaster_id": m.users[0].id, "id": _reward(m)}, as_user(m, 0, MANAGE))
    ],
    "GET /channel_points/custom_rewards/redemptions": [
        lambda m: Call(
            {"broadcaster_id": m.users[0].id, "reward_id": _unfulfilled(m)[0], "status": "UNFULFILLED"},
            as_user(m, 0, READ),
        )
    ],
    "PATCH /channel_points/custom_rewards/redemptions": [
        lambda m: Call(
            {"broadcaster_id": m.users[0].id, "reward_id": (found := _unfulfilled(m))[0], "id": found[1]},
            as_user(m, 0, MANAGE),
            {"status": "FULFILLED"},
        )
    ],
}


async def test_pytwitchapi_manages_rewards_and_redemptions(twitch_mock: MockTwitch) -> None:
    """pyTwitchAPI's own calls and models against the mock (it sends every boolean on update)."""
    from twitchAPI.helper import first
    from twitchAPI.twitch import Twitch
    from twitchAPI.type import AuthScope, CustomRewardRedemptionStatus

    user = twitch_mock.users[0]
    twitch = await Twitch(
        twitch_mock.client_id,
        twitch_mock.client_secret,
        base_url=twitch_mock.helix_url,
        auth_base_url=twitch_mock.auth_url,
    )
    scopes = [AuthScope.CHANNEL_MANAGE_REDEMPTIONS, AuthScope.CHANNEL_READ_REDEMPTIONS]
    issued = twitch_mock.issue_token(user.id, [s.value for s in scopes])
    await twitch.set_user_authentication(issued.access_token, scopes, issued.refresh_token)
    reward = await twitch.create_custom_reward(user.id, "From pyTwitchAPI", 250, prompt="Say hi")
    assert reward.cost == 250 and reward.is_in_stock and reward.default_image is not None
    updated = await twitch.update_custom_reward(user.id, reward.id, cost=300, is_enabled=False)
    assert (updated.cost, updated.is_enabled, updated.prompt) == (300, False, "Say hi")
    assert reward.id in [r.id for r in await twitch.get_custom_reward(user.id, only_manageable_rewards=True)]
    for existing in await twitch.get_custom_reward(user.id):
        pending = await first(
            twitch.get_custom_reward_redemption(
                user.id, existing.id, status=CustomRewardRedemptionStatus.UNFULFILLED
            )
        )
        if pending is not None:
            done = await twitch.update_redemption_status(
                user.id, existing.id, [pending.id], CustomRewardRedemptionStatus.FULFILLED
            )
            assert done.status == CustomRewardRedemptionStatus.FULFILLED
            break
    else:
        raise AssertionError("no UNFULFILLED redemption in the seeded world")
    await twitch.delete_custom_reward(user.id, reward.id)
    assert reward.id not in [r.id for r in await twitch.get_custom_reward(user.id)]
    await twitch.close()
