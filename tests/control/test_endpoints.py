"""The control API over HTTP (`/_mock/...`), against the plugin's per-test reset server."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from conftest import assert_error
from twitch_mock import MockTwitch
from twitch_mock.control.builders import CREATE_USER

UNKNOWN_NICK = f'Unknown field "nick"; expected some of: {", ".join(f.name for f in CREATE_USER.fields)}'


def post(mock: MockTwitch, path: str, body: Any = None) -> httpx.Response:
    return httpx.post(mock.url + "/_mock" + path, json=body)


def data(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    (item,) = response.json()["data"]
    return dict(item)


def test_info(twitch_mock: MockTwitch) -> None:
    info = data(httpx.get(twitch_mock.url + "/_mock/info"))
    assert info["client_id"] == twitch_mock.client_id and info["client_secret"] == twitch_mock.client_secret
    assert info["all_units_user_id"] == twitch_mock.users[0].id and len(info["user_ids"]) == 25
    assert info["seed"] == 7


def test_create_user_then_token_then_helix(twitch_mock: MockTwitch) -> None:
    user = data(post(twitch_mock, "/users", {"login": "NodeBot", "broadcaster_type": "partner"}))
    assert user["login"] == "nodebot" and user["broadcaster_type"] == "partner"
    token = data(post(twitch_mock, "/tokens/user", {"user_id": user["id"], "scopes": ["user:read:email"]}))
    assert token["refresh_token"] and token["scope"] == ["user:read:email"]
    headers = {"Authorization": f"Bearer {token['access_token']}", "Client-Id": twitch_mock.client_id}
    shown = httpx.get(twitch_mock.helix_url + "users", headers=headers).json()["data"][0]
    assert shown["email"] == "nodebot@example.com"


def test_empty_body_makes_a_generated_user(twitch_mock: MockTwitch) -> None:
    assert data(httpx.post(twitch_mock.url + "/_mock/users"))["login"]


def test_app_token_for_another_client(twitch_mock: MockTwitch) -> None:
    client = data(
        post(twitch_mock, "/clients", {"name": "Other", "redirect_uris": ["http://localhost:9/cb"]})
    )
    token = data(post(twitch_mock, "/tokens/app", {"client_id": client["id"]}))
    assert token["client_id"] == client["id"] and token["user_id"] is None and token["refresh_token"] is None


def test_relationship_routes(twitch_mock: MockTwitch) -> None:
    caster, fan, other = (u.id for u in twitch_mock.users[:3])
    pair = {"user_id": fan, "broadcaster_id": caster}
    assert data(post(twitch_mock, "/follows", pair))["user_id"] == fan
    assert data(post(twitch_mock, "/subscriptions", {**pair, "tier": "2000"}))["tier"] == "2000"
    assert data(post(twitch_mock, "/editors", pair))["user_id"] == fan
    assert data(post(twitch_mock, "/moderators", {"user_id": other, "broadcaster_id": caster}))
    assert data(post(twitch_mock, "/bans", {**pair, "reason": "spam", "duration": 30}))["expires_at"]
    assert data(post(twitch_mock, "/vips", {"user_id": twitch_mock.users[4].id, "broadcaster_id": caster}))
    assert data(post(twitch_mock, "/blocks", {"user_id": fan, "target_user_id": other}))
    assert data(post(twitch_mock, "/streams", {"user_id": fan, "viewer_count": 3}))["viewer_count"] == 3


def test_clock_and_expiry(twitch_mock: MockTwitch) -> None:
    token = data(post(twitch_mock, "/tokens/app"))["access_token"]
    moved = data(post(twitch_mock, "/clock/advance", {"seconds": 3600}))
    assert moved["offset_seconds"] == 3600
    assert data(httpx.get(twitch_mock.url + "/_mock/clock"))["offset_seconds"] == 3600
    assert post(twitch_mock, "/tokens/expire", {"token": token}).status_code == 204
    headers = {"Authorization": f"Bearer {token}", "Client-Id": twitch_mock.client_id}
    assert httpx.get(twitch_mock.helix_url + "users", headers=headers).status_code == 401


def test_revoke_and_reset(twitch_mock: MockTwitch) -> None:
    token = data(post(twitch_mock, "/tokens/app"))["access_token"]
    assert post(twitch_mock, "/tokens/revoke", {"token": token}).status_code == 204
    made = data(post(twitch_mock, "/users", {"login": "gone_soon"}))
    post(twitch_mock, "/clock/advance", {"seconds": 5})
    assert post(twitch_mock, "/reset").status_code == 204
    assert twitch_mock.clock.offset == 0
    again = data(post(twitch_mock, "/users", {"login": "gone_soon"}))  # free again after the reset
    assert again["login"] == made["login"]


@pytest.mark.parametrize(
    ("path", "body", "status", "message"),
    [
        pytest.param("/users", [1], 400, "The request body must be a JSON object", id="not-object"),
        pytest.param(
            "/users",
            {"login": 5},
            400,
            'The parameter "login" was malformed: the value must be a string',
            id="type",
        ),
        pytest.param("/users", {"nick": "x"}, 400, UNKNOWN_NICK, id="unknown-field"),
        pytest.param(
            "/follows", {"user_id": "1"}, 400, 'Missing required parameter "broadcaster_id"', id="missing"
        ),
        pytest.param(
            "/follows",
            {"user_id": "1", "broadcaster_id": "2"},
            400,
            'The user in "user_id" does not exist: 1',
            id="unknown-user",
        ),
        pytest.param(
            "/clock/advance",
            {"seconds": -1},
            400,
            'The parameter "seconds" was malformed: the value must be greater than or equal to 0',
            id="backwards",
        ),
        pytest.param(
            "/tokens/user",
            {"user_id": "1"},
            400,
            'The user in "user_id" does not exist: 1',
            id="token-unknown-user",
        ),
        pytest.param("/tokens/app", {"scopes": ["x:y"]}, 400, "Unknown scope: x:y", id="bad-scope"),
        pytest.param(
            "/tokens/app",
            {"scopes": "bits:read"},
            400,
            'The parameter "scopes" was malformed: the value must be an array',
            id="scopes-string",
        ),
        pytest.param("/tokens/app", {"client_id": "nope"}, 400, "Unknown client: nope", id="unknown-client"),
        pytest.param("/tokens/expire", {"token": "nope"}, 400, "Unknown token: nope", id="unknown-token"),
        pytest.param(
            "/clients",
            {"name": "x", "redirect_uris": [1]},
            400,
            'The parameter "redirect_uris" was malformed: the value must be an array of strings',
            id="uris",
        ),
        pytest.param(
            "/bans",
            {"user_id": "1", "broadcaster_id": "1"},
            400,
            '"user_id" and "broadcaster_id" must be different users',
            id="self-ban",
        ),
    ],
)
def test_bad_input_gets_a_twitch_shaped_400(
    twitch_mock: MockTwitch, path: str, body: Any, status: int, message: str
) -> None:
    assert_error(post(twitch_mock, path, body), status, message)


def test_conflicts_and_unknown_routes(twitch_mock: MockTwitch) -> None:
    taken = twitch_mock.users[1].login
    assert_error(post(twitch_mock, "/users", {"login": taken}), 409, f"The login {taken} is taken")
    assert_error(httpx.get(twitch_mock.url + "/_mock/users"), 405, "Method Not Allowed")
    assert_error(post(twitch_mock, "/nothing", {}), 404, "Not Found")


def test_without_a_mock_instance_the_stateful_routes_answer_404(world: Any) -> None:
    response = world.http.post("/_mock/reset")
    assert_error(response, 404, "The control API is served only by a MockTwitch instance")


def test_user_fields_take_logins(twitch_mock: MockTwitch) -> None:
    caster = data(post(twitch_mock, "/users", {"login": "LoginCaster", "broadcaster_type": "affiliate"}))
    fan = data(post(twitch_mock, "/users", {"login": "loginfan"}))
    follow = data(post(twitch_mock, "/follows", {"user_id": "LoginFan", "broadcaster_id": "logincaster"}))
    assert (follow["user_id"], follow["broadcaster_id"]) == (fan["id"], caster["id"])
    sub = data(post(twitch_mock, "/subscriptions", {"user_id": "loginfan", "broadcaster_id": caster["id"]}))
    assert sub["user_id"] == fan["id"]
    assert_error(
        post(twitch_mock, "/follows", {"user_id": "nobody_here", "broadcaster_id": "logincaster"}),
        400,
        'The user in "user_id" does not exist: nobody_here',
    )


def test_chat_messages_and_held_messages_through_the_control_api(twitch_mock: MockTwitch) -> None:
    """The moderation builders: a chat message Delete Chat Messages can delete, and a held message
    Manage Held AutoMod Messages can act on."""
    star, fan = twitch_mock.users[0], twitch_mock.users[1]
    base = twitch_mock.url + "/_mock"
    sent = httpx.post(
        base + "/chat/messages", json={"broadcaster_id": star.login, "user_id": fan.id, "text": "hi"}
    )
    assert sent.status_code == 200, sent.text
    message = sent.json()["data"][0]
    assert (message["broadcaster_id"], message["user_id"], message["text"]) == (star.id, fan.id, "hi")
    token = twitch_mock.user_token(star.id, ["moderator:manage:chat_messages"])
    headers = {"Authorization": f"Bearer {token}", "Client-Id": twitch_mock.client_id}
    deleted = httpx.delete(
        twitch_mock.helix_url + "moderation/chat",
        params={"broadcaster_id": star.id, "moderator_id": star.id, "message_id": message["id"]},
        headers=headers,
    )
    assert deleted.status_code == 204
    held = httpx.post(
        base + "/automod/held", json={"broadcaster_id": star.id, "user_id": fan.id, "text": "scam"}
    )
    assert held.status_code == 200, held.text
    msg_id = held.json()["data"][0]["id"]
    token = twitch_mock.user_token(star.id, ["moderator:manage:automod"])
    headers = {"Authorization": f"Bearer {token}", "Client-Id": twitch_mock.client_id}
    body = {"user_id": star.id, "msg_id": msg_id, "action": "DENY"}
    assert (
        httpx.post(
            twitch_mock.helix_url + "moderation/automod/message", json=body, headers=headers
        ).status_code
        == 204
    )
    again = httpx.post(twitch_mock.helix_url + "moderation/automod/message", json=body, headers=headers)
    assert again.status_code == 404
    unknown = httpx.post(
        base + "/automod/held", json={"broadcaster_id": star.id, "user_id": "nobody", "text": "x"}
    )
    assert unknown.status_code == 400
