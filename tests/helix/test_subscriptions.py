"""Helix Subscriptions family: Get Broadcaster Subscriptions and Check User Subscription, and the
`channel.subscribe` event that creating a subscription publishes."""

from __future__ import annotations

from typing import Any

import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import subscriptions
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.subscriptions import ChannelSubscribe, ChannelSubscriptionGift

READ_SUBS = "channel:read:subscriptions"
USER_SUBS = "user:read:subscriptions"


def partner(world: World, login: str = "alice") -> None:
    with world.store.transaction():
        world.store.db.conn.execute("UPDATE users SET broadcaster_type = 'partner' WHERE login = ?", (login,))


def sub(world: World, user: str, channel: str = "alice", tier: str = "1000", gifter: str | None = None,
        at: str | None = None) -> None:  # fmt: skip
    with world.store.transaction():
        subscriptions.subscribe(
            world.services,
            world.users[user],
            world.users[channel],
            tier,
            None if gifter is None else world.users[gifter],
            at,
        )


@pytest.fixture
def subs(world: World) -> World:
    """alice is a partner with bob (tier 1), carol (tier 3) and a gift to dave (from erin)."""
    partner(world)
    sub(world, "bob", at="2024-01-01T00:00:00Z")
    sub(world, "carol", tier="3000", at="2024-01-02T00:00:00Z")
    sub(world, "dave", gifter="erin", at="2024-01-03T00:00:00Z")
    return world


def get_subs(world: World, query: str = "", login: str = "alice") -> Any:
    return world.http.get(
        f"/helix/subscriptions?broadcaster_id={world.users['alice']}{query}",
        headers=world.as_user(login, READ_SUBS),
    )


def test_get_broadcaster_subscriptions_shape_totals_and_points(subs: World) -> None:
    r = get_subs(subs)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"data", "pagination", "total", "points"}
    assert (body["total"], body["points"], body["pagination"]) == (3, 1 + 6 + 1, {})
    assert [s["user_login"] for s in body["data"]] == ["dave", "carol", "bob"]  # newest first
    assert body["data"][0] == {
        "broadcaster_id": subs.users["alice"],
        "broadcaster_login": "alice",
        "broadcaster_name": "Alice",
        "gifter_id": subs.users["erin"],
        "gifter_login": "erin",
        "gifter_name": "Erin",
        "is_gift": True,
        "plan_name": "Channel Subscription (alice)",
        "tier": "1000",
        "user_id": subs.users["dave"],
        "user_name": "Dave",
        "user_login": "dave",
    }
    carol = body["data"][1]
    assert (carol["gifter_id"], carol["gifter_login"], carol["gifter_name"], carol["is_gift"]) == (
        "",
        "",
        "",
        False,
    )
    assert carol["plan_name"] == "Channel Subscription (alice): $24.99 Sub"


def test_user_id_filter_keeps_the_totals(subs: World) -> None:
    body = get_subs(subs, f"&user_id={subs.users['bob']}&user_id={subs.users['erin']}").json()
    assert [s["user_login"] for s in body["data"]] == ["bob"]
    assert (body["total"], body["points"]) == (3, 8)


def test_no_subscribers_is_an_empty_list_with_zero_totals(world: World) -> None:
    assert get_subs(world).json() == {"data": [], "pagination": {}, "total": 0, "points": 0}


def test_subscriptions_page_forwards_and_back(subs: World) -> None:
    page1 = get_subs(subs, "&first=2").json()
    assert [s["user_login"] for s in page1["data"]] == ["dave", "carol"]
    page2 = get_subs(subs, f"&first=2&after={page1['pagination']['cursor']}").json()
    assert [s["user_login"] for s in page2["data"]] == ["bob"] and page2["pagination"] == {}
    # a cursor from the second page leads back before it
    page2b = get_subs(
        subs, "&first=1&after=" + get_subs(subs, "&first=1").json()["pagination"]["cursor"]
    ).json()
    back = get_subs(subs, f"&first=1&before={page2b['pagination']['cursor']}").json()
    assert [s["user_login"] for s in back["data"]] == ["dave"]


def test_an_app_token_may_read_subscriptions(subs: World) -> None:
    r = subs.http.get(f"/helix/subscriptions?broadcaster_id={subs.users['alice']}", headers=subs.headers())
    assert r.status_code == 200 and r.json()["total"] == 3


@pytest.mark.parametrize(
    ("query", "login", "scopes", "status", "message"),
    [
        pytest.param("?broadcaster_id=1000", "bob", (READ_SUBS,), 401,
                     "The ID in broadcaster_id must match the user ID in the user access token", id="not-owner"),
        pytest.param("", "alice", (READ_SUBS,), 400, 'Missing required parameter "broadcaster_id"', id="missing"),
        pytest.param("?broadcaster_id=1000", "alice", (), 401, "Missing scope: channel:read:subscriptions", id="scope"),
        pytest.param("?broadcaster_id=1000&" + "&".join(f"user_id={n}" for n in range(101)), "alice", (READ_SUBS,),
                     400, 'The parameter "user_id" was malformed: the number of items must be less than or equal to 100',
                     id="too-many-users"),
        pytest.param("?broadcaster_id=1000&first=101", "alice", (READ_SUBS,), 400,
                     'The parameter "first" was malformed: the value must be less than or equal to 100', id="first"),
        pytest.param("?broadcaster_id=1000&after=xyz", "alice", (READ_SUBS,), 400, "invalid cursor", id="cursor"),
    ],
)  # fmt: skip
def test_get_broadcaster_subscriptions_errors(
    world: World, query: str, login: str, scopes: tuple[str, ...], status: int, message: str
) -> None:
    r = world.http.get(f"/helix/subscriptions{query}", headers=world.as_user(login, *scopes))
    assert_error(r, status, message)


def test_app_token_needs_broadcaster_id(world: World) -> None:
    assert_error(
        world.http.get("/helix/subscriptions", headers=world.headers()),
        400,
        'Missing required parameter "broadcaster_id"',
    )


# --- Check User Subscription --------------------------------------------------------------------


def check(world: World, user: str, channel: str = "alice", login: str | None = None) -> Any:
    return world.http.get(
        f"/helix/subscriptions/user?broadcaster_id={world.users[channel]}&user_id={world.users[user]}",
        headers=world.as_user(login or user, USER_SUBS),
    )


def test_check_user_subscription_without_and_with_a_gift(subs: World) -> None:
    r = check(subs, "carol")
    assert r.status_code == 200
    assert r.json() == {
        "data": [
            {
                "broadcaster_id": subs.users["alice"],
                "broadcaster_login": "alice",
                "broadcaster_name": "Alice",
                "is_gift": False,
                "tier": "3000",
            }
        ]
    }
    gift = check(subs, "dave").json()["data"][0]
    assert (gift["is_gift"], gift["gifter_id"], gift["gifter_login"], gift["gifter_name"]) == (
        True,
        subs.users["erin"],
        "erin",
        "Erin",
    )


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        pytest.param("broadcaster_id=1000&user_id=1004", 404, "erin has no subscription to alice", id="not-subscribed"),
        pytest.param("broadcaster_id=999&user_id=1004", 404, "erin has no subscription to 999", id="unknown-channel"),
        pytest.param("broadcaster_id=1000&user_id=1001", 401,
                     "The ID in user_id must match the user ID in the user access token", id="not-owner"),
        pytest.param("broadcaster_id=1000", 400,
                     'Missing required parameter "user_id"', id="missing-user"),
        pytest.param("user_id=1004", 400, 'Missing required parameter "broadcaster_id"', id="missing-broadcaster"),
    ],
)  # fmt: skip
def test_check_user_subscription_errors(subs: World, query: str, status: int, message: str) -> None:
    r = subs.http.get(f"/helix/subscriptions/user?{query}", headers=subs.as_user("erin", USER_SUBS))
    assert_error(r, status, message)


def test_check_needs_the_scope(subs: World) -> None:
    r = subs.http.get(
        f"/helix/subscriptions/user?broadcaster_id=1000&user_id={subs.users['bob']}",
        headers=subs.as_user("bob"),
    )
    assert_error(r, 401, "Missing scope: user:read:subscriptions")


# --- events -------------------------------------------------------------------------------------


def test_subscribing_publishes_channel_subscribe_and_a_failure_nothing(world: World) -> None:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    with pytest.raises(BadRequest):
        sub(world, "bob")  # alice is no affiliate or partner yet
    assert heard == []
    partner(world)
    sub(world, "bob", tier="2000", gifter="carol")
    alice = (world.users["alice"], "alice", "Alice")
    assert heard == [
        ChannelSubscriptionGift(world.users["carol"], "carol", "Carol", *alice, 1, "2000", 1, False),
        ChannelSubscribe(world.users["bob"], "bob", "Bob", *alice, "2000", True),
    ]
    sub(world, "dave", gifter="carol")
    sub(world, "erin")
    assert heard[2:] == [
        ChannelSubscriptionGift(world.users["carol"], "carol", "Carol", *alice, 1, "1000", 2, False),
        ChannelSubscribe(world.users["dave"], "dave", "Dave", *alice, "1000", True),
        ChannelSubscribe(world.users["erin"], "erin", "Erin", *alice, "1000", False),
    ]
    assert check(world, "bob").json()["data"][0]["tier"] == "2000"


def test_subscribing_again_replaces_the_subscription(subs: World) -> None:
    sub(subs, "bob", tier="2000")
    body = get_subs(subs).json()
    assert (body["total"], body["points"]) == (3, 2 + 6 + 1)
    assert body["data"][0]["user_login"] == "bob"


def _checked(mock: MockTwitch) -> Call:
    mock.subscribe(mock.users[1].id, mock.users[0].id, "2000", mock.users[2].id)
    return Call(
        {"broadcaster_id": mock.users[0].id, "user_id": mock.users[1].id}, as_user(mock, 1, USER_SUBS)
    )


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /subscriptions": [
        lambda m: Call({"broadcaster_id": m.users[0].id}, as_user(m, 0, READ_SUBS)),
        lambda m: Call({"broadcaster_id": m.users[0].id, "first": "2"}, m.app_token()),
    ],
    "GET /subscriptions/user": [_checked],
}
