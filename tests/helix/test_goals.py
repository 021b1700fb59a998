"""Helix Goals family: Get Creator Goals, with current amounts computed from follows and
subscriptions."""

from __future__ import annotations

import httpx
import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.core.errors import TwitchError
from twitch_mock.domain import bits, follows, subscriptions
from twitch_mock.domain import goals as goal_rules
from twitch_mock.domain.goals import GoalBegin, GoalEnd, GoalRow
from twitch_mock.domain.outbox import Event
from twitch_mock.store.rows import insert_rows

READ = "channel:read:goals"


@pytest.fixture
def goals(world: World) -> World:
    alice = world.users["alice"]
    conn = world.store.db.conn
    with world.store.transaction():
        conn.execute("UPDATE users SET broadcaster_type = 'affiliate' WHERE login = 'alice'")
        for n, kind in enumerate(("follower", "subscription", "subscription_count", "new_subscription",
                                  "new_subscription_count", "new_bit", "new_cheerer")):  # fmt: skip
            insert_rows(
                conn,
                "INSERT",
                [GoalRow(f"g-{n}", alice, kind, f"goal {n}", 100, f"2024-01-0{n + 1}T00:00:00Z")],
            )
        follows.follow(world.services, world.users["bob"], alice)
        follows.follow(world.services, world.users["carol"], alice)
        subscriptions.subscribe(
            world.services, world.users["bob"], alice, "3000", created_at="2023-06-01T00:00:00Z"
        )
        subscriptions.subscribe(
            world.services, world.users["dave"], alice, "2000", created_at="2024-02-01T00:00:00Z"
        )
        for login, amount, when in (
            ("bob", 100, "2024-01-01"),
            ("bob", 250, "2024-03-01"),
            ("carol", 50, "2024-03-02"),
        ):
            bits.cheer(world.services, world.users[login], alice, amount, created_at=f"{when}T00:00:00Z")
    return world


def get(world: World, login: str = "alice") -> httpx.Response:
    r: httpx.Response = world.http.get(
        f"/helix/goals?broadcaster_id={world.users[login]}", headers=world.as_user(login, READ)
    )
    return r


def test_goals_with_amounts_from_the_world(goals: World) -> None:
    r = get(goals)
    assert r.status_code == 200
    data = r.json()["data"]
    assert data[0] == {
        "id": "g-0",
        "broadcaster_id": goals.users["alice"],
        "broadcaster_name": "Alice",
        "broadcaster_login": "alice",
        "type": "follower",
        "description": "goal 0",
        "current_amount": 2,
        "target_amount": 100,
        "created_at": "2024-01-01T00:00:00Z",
    }
    amounts = {g["type"]: g["current_amount"] for g in data}
    assert amounts == {
        "follower": 2,
        "subscription": 8,  # tier 3 (6 points) + tier 2 (2 points)
        "subscription_count": 2,
        "new_subscription": 2,  # only dave's, made after the goal
        "new_subscription_count": 1,
        "new_bit": 300,  # the Bits cheered since the goal began
        "new_cheerer": 2,
    }
    with goals.store.transaction():
        follows.follow(goals.services, goals.users["erin"], goals.users["alice"])
    assert get(goals).json()["data"][0]["current_amount"] == 3


def test_no_goals_is_an_empty_list(goals: World) -> None:
    assert get(goals, "bob").json() == {"data": []}


@pytest.mark.parametrize(
    ("query", "scopes", "status", "message"),
    [
        pytest.param("", (READ,), 400, 'Missing required parameter "broadcaster_id"', id="missing"),
        pytest.param("?broadcaster_id=1001", (READ,), 401, "The ID in broadcaster_id must match the user ID in the user access token", id="not-owner"),
        pytest.param("?broadcaster_id=1000", (), 401, "Missing scope: channel:read:goals", id="scope"),
    ],
)  # fmt: skip
def test_errors(goals: World, query: str, scopes: tuple[str, ...], status: int, message: str) -> None:
    assert_error(
        goals.http.get(f"/helix/goals{query}", headers=goals.as_user("alice", *scopes)), status, message
    )


def test_a_goal_begins_moves_with_cheers_and_ends(world: World) -> None:
    heard: list[Event] = []
    s, bob, now = world.services, world.users["bob"], world.clock.rfc3339()
    with world.store.transaction():
        world.store.db.conn.execute("UPDATE users SET broadcaster_type = 'affiliate' WHERE login = 'bob'")
    world.services.outbox.subscribe(heard.append)
    with world.store.transaction():
        goal = goal_rules.create_goal(s, bob, "new_bit", 500, "Bits for a new mic")
    assert heard == [GoalBegin(goal.id, bob, "Bob", "bob", "new_bit", "Bits for a new mic", 0, 500, now)]
    with world.store.transaction():
        bits.cheer(s, world.users["carol"], bob, 300)
        bits.cheer(s, world.users["dave"], bob, 250)
    assert get(world, "bob").json()["data"][0]["current_amount"] == 550
    with world.store.transaction():
        ended = goal_rules.end_goal(s, goal.id)
    assert heard[-1] == ended and ended == GoalEnd(
        goal.id, bob, "Bob", "bob", "new_bit", "Bits for a new mic", True, 550, 500, now, now
    )
    assert get(world, "bob").json() == {"data": []}


@pytest.mark.parametrize(
    ("call", "status", "message"),
    [
        pytest.param(("create", "followers", 10), 400, "The value of \"type\" must be one of 'follower', 'subscription', 'subscription_count', 'new_subscription', 'new_subscription_count', 'new_bit', 'new_cheerer', not 'followers'", id="type"),
        pytest.param(("create", "follower", 0), 400, 'The value of "target_amount" must be an integer from 1 to 2147483647', id="target"),
        pytest.param(("create", "follower", 10), 409, "The broadcaster already has an active follower goal", id="twice"),
        pytest.param(("end", "nope", 0), 404, "No goal has the id nope", id="end-unknown"),
    ],
)  # fmt: skip
def test_bad_builder_calls(goals: World, call: tuple[str, str, int], status: int, message: str) -> None:
    heard: list[Event] = []
    goals.services.outbox.subscribe(heard.append)
    action, what, amount = call
    s, alice = goals.services, goals.users["alice"]
    with pytest.raises(TwitchError) as raised, goals.store.transaction():
        if action == "create":
            goal_rules.create_goal(s, alice, what, amount)
        else:
            goal_rules.end_goal(s, what)
    assert (raised.value.status, raised.value.message) == (status, message) and heard == []
    assert len(get(goals).json()["data"]) == 7


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /goals": [lambda m: Call({"broadcaster_id": m.users[0].id}, as_user(m, 0, READ))],
}


def test_the_generated_follower_goal_counts_followers(twitch_mock: MockTwitch) -> None:
    headers = {"Authorization": f"Bearer {as_user(twitch_mock, 0, READ)}", "Client-Id": twitch_mock.client_id}
    params = {"broadcaster_id": twitch_mock.users[0].id}
    data = httpx.get(twitch_mock.helix_url + "goals", params=params, headers=headers).json()["data"]
    follower = next(g for g in data if g["type"] == "follower")
    assert follower["current_amount"] > 0
