"""Simulated viewers (what no Helix endpoint causes) through the control API: each changes the
stored state, as Helix then shows it, and publishes its event with the exact payload; and the
authorization events from the OAuth service's own flows."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from conftest import CLIENT_ID, PUBLIC_CLIENT_ID, World
from twitch_mock.domain.outbox import Event, event_json

READ = ("moderator:read:followers", "channel:read:subscriptions")


def authorize_url(mock_login: str) -> str:
    query = {"client_id": CLIENT_ID, "redirect_uri": "http://localhost:3000", "response_type": "code"}
    return "/oauth2/authorize?" + urlencode({**query, "mock_login": mock_login})


@pytest.fixture
def heard(world: World) -> list[Event]:
    with world.store.transaction():
        world.store.db.conn.execute("UPDATE users SET broadcaster_type = 'partner' WHERE login = 'alice'")
    events: list[Event] = []
    world.services.outbox.subscribe(events.append)
    return events


def control(world: World, route: str, **body: Any) -> Any:
    r = world.http.post("/_mock" + route, json=body)
    assert r.status_code == 200, r.text
    return r.json()["data"][0]


def get(world: World, path: str, **params: str) -> Any:
    r = world.http.get("/helix/" + path, params=params, headers=world.as_user("alice", *READ))
    assert r.status_code == 200, r.text
    return r.json()


def payloads(heard: list[Event], kind: str) -> list[dict[str, Any]]:
    return [event_json(e) for e in heard if kind == e.TYPE]


def test_a_follow_shows_in_get_channel_followers(world: World, heard: list[Event]) -> None:
    control(world, "/follows", user_id="erin", broadcaster_id="alice")
    followers = get(world, "channels/followers", broadcaster_id=world.users["alice"])["data"]
    assert [f["user_login"] for f in followers] == ["erin"]
    assert payloads(heard, "channel.follow") == [
        {
            "user_id": "1004", "user_login": "erin", "user_name": "Erin", "broadcaster_user_id": "1000",
            "broadcaster_user_login": "alice", "broadcaster_user_name": "Alice",
            "followed_at": followers[0]["followed_at"],
        }
    ]  # fmt: skip


def test_gifts_go_to_users_without_a_subscription(world: World, heard: list[Event]) -> None:
    control(world, "/subscriptions", user_id="bob", broadcaster_id="alice")
    heard.clear()
    made = control(
        world, "/subscriptions/gifts", gifter_id="erin", broadcaster_id="alice", count=2, tier="2000",
        anonymous=True,
    )  # fmt: skip
    assert made["user_ids"] == ["1002", "1003"]  # carol and dave: bob has one, erin gives
    subs = get(world, "subscriptions", broadcaster_id=world.users["alice"])["data"]
    assert sorted((s["user_login"], s["tier"], s["is_gift"]) for s in subs) == [
        ("bob", "1000", False), ("carol", "2000", True), ("dave", "2000", True),
    ]  # fmt: skip
    assert [e.TYPE for e in heard] == ["channel.subscription.gift", "channel.subscribe", "channel.subscribe"]
    assert payloads(heard, "channel.subscription.gift") == [
        {
            "user_id": None, "user_login": None, "user_name": None, "broadcaster_user_id": "1000",
            "broadcaster_user_login": "alice", "broadcaster_user_name": "Alice", "total": 2, "tier": "2000",
            "cumulative_total": None, "is_anonymous": True,
        }
    ]  # fmt: skip
    assert [p["is_gift"] for p in payloads(heard, "channel.subscribe")] == [True, True]


def test_a_resub_message_and_the_end_of_a_subscription(world: World, heard: list[Event]) -> None:
    control(world, "/subscriptions", user_id="bob", broadcaster_id="alice", tier="3000")
    world.clock.advance(65 * 86_400)
    control(world, "/subscriptions/messages", user_id="bob", broadcaster_id="alice", message="Three months!")
    assert payloads(heard, "channel.subscription.message") == [
        {
            "user_id": "1001", "user_login": "bob", "user_name": "Bob", "broadcaster_user_id": "1000",
            "broadcaster_user_login": "alice", "broadcaster_user_name": "Alice", "tier": "3000",
            "message": {"text": "Three months!", "emotes": []}, "cumulative_months": 3, "streak_months": 3,
            "duration_months": 1,
        }
    ]  # fmt: skip
    control(world, "/subscriptions/end", user_id="bob", broadcaster_id="alice")
    assert get(world, "subscriptions", broadcaster_id=world.users["alice"])["data"] == []
    assert [p["tier"] for p in payloads(heard, "channel.subscription.end")] == ["3000"]


def test_a_stream_goes_live_and_offline(world: World, heard: list[Event]) -> None:
    stream = control(world, "/streams", user_id="alice", viewer_count=7)
    assert [s["id"] for s in get(world, "streams", user_id=world.users["alice"])["data"]] == [stream["id"]]
    control(world, "/streams/end", user_id="alice")
    assert get(world, "streams", user_id=world.users["alice"])["data"] == []
    assert [event_json(e) for e in heard] == [
        {
            "id": stream["id"], "broadcaster_user_id": "1000", "broadcaster_user_login": "alice",
            "broadcaster_user_name": "Alice", "type": "live", "started_at": stream["started_at"],
        },
        {"broadcaster_user_id": "1000", "broadcaster_user_login": "alice", "broadcaster_user_name": "Alice"},
    ]  # fmt: skip


def test_an_incoming_raid_is_stored_as_happened(world: World, heard: list[Event]) -> None:
    control(world, "/raids", from_user_id="carol", to_user_id="alice", viewers=321)
    assert payloads(heard, "channel.raid") == [
        {
            "from_broadcaster_user_id": "1002", "from_broadcaster_user_login": "carol",
            "from_broadcaster_user_name": "Carol", "to_broadcaster_user_id": "1000",
            "to_broadcaster_user_login": "alice", "to_broadcaster_user_name": "Alice", "viewers": 321,
        }
    ]  # fmt: skip
    # no longer pending: carol may raid again at once
    headers = world.as_user("carol", "channel:manage:raids")
    params = {"from_broadcaster_id": world.users["carol"], "to_broadcaster_id": world.users["bob"]}
    assert world.http.post("/helix/raids", params=params, headers=headers).status_code == 200


def test_follows_subscriptions_and_cheers_move_goals(world: World, heard: list[Event]) -> None:
    goal = control(world, "/goals", broadcaster_id="alice", kind="follower", target_amount=5)
    control(world, "/goals", broadcaster_id="alice", kind="new_bit", target_amount=500)
    heard.clear()
    control(world, "/follows", user_id="erin", broadcaster_id="alice")
    control(world, "/cheers", user_id="erin", broadcaster_id="alice", bits=100)
    control(world, "/subscriptions", user_id="erin", broadcaster_id="alice")  # no subscription goal
    progress = payloads(heard, "channel.goal.progress")
    assert [(p["type"], p["current_amount"]) for p in progress] == [("follower", 1), ("new_bit", 100)]
    assert progress[0] == {
        "id": goal["id"], "broadcaster_user_id": "1000", "broadcaster_user_name": "Alice",
        "broadcaster_user_login": "alice", "type": "follower", "description": "", "current_amount": 1,
        "target_amount": 5, "started_at": goal["created_at"],
    }  # fmt: skip


def test_update_user_publishes_user_update(world: World, heard: list[Event]) -> None:
    r = world.http.put(
        "/helix/users", params={"description": "Hi"}, headers=world.as_user("bob", "user:edit")
    )
    assert r.status_code == 200
    assert payloads(heard, "user.update") == [
        {
            "user_id": "1001", "user_login": "bob", "user_name": "Bob", "email": "bob@example.com",
            "email_verified": True, "description": "Hi",
        }
    ]  # fmt: skip
    heard.clear()
    assert world.http.put("/helix/users", headers=world.as_user("bob", "user:edit")).status_code == 200
    assert heard == []  # nothing changed


GRANT = {"client_id": CLIENT_ID, "user_id": "1001", "user_login": "bob", "user_name": "Bob"}


def test_the_consent_flow_grants_once(world: World, heard: list[Event]) -> None:
    for _ in range(2):
        r = world.http.get(authorize_url(mock_login="bob"), follow_redirects=False)
        assert r.status_code == 302
    assert payloads(heard, "user.authorization.grant") == [GRANT]


def test_the_device_flow_grants_and_helper_tokens_do_not(world: World, heard: list[Event]) -> None:
    world.user_token("carol", ["user:edit"])  # a token the test minted: no authorization
    fields = {"client_id": PUBLIC_CLIENT_ID, "scopes": "user:edit"}
    started = world.http.post("/oauth2/device", files={k: (None, v) for k, v in fields.items()}).json()
    page = world.http.get(f"/oauth2/activate?device-code={started['user_code']}&mock_login=bob")
    assert page.status_code == 200, page.text
    assert payloads(heard, "user.authorization.grant") == [{**GRANT, "client_id": PUBLIC_CLIENT_ID}]


def test_a_disconnect_revokes_every_token_of_the_pair(world: World, heard: list[Event]) -> None:
    r = world.http.get(authorize_url(mock_login="bob"), follow_redirects=False)
    assert r.status_code == 302
    token = world.user_token("bob", ["user:edit"])
    control(world, "/authorizations/revoke", user_id="bob", client_id=CLIENT_ID)
    assert payloads(heard, "user.authorization.revoke") == [GRANT]
    r = world.http.get("/oauth2/validate", headers={"Authorization": f"OAuth {token}"})
    assert r.status_code == 401
    again: httpx.Response = world.http.post(
        "/_mock/authorizations/revoke", json={"user_id": "bob", "client_id": CLIENT_ID}
    )
    assert again.status_code == 400 and again.json()["message"] == "The user has not authorized the client"
