"""Helix Get Authorization By User: the scopes each user granted the calling app, as the token
store knows them (tokens issued through the OAuth service or by the mock), for app tokens only."""

from __future__ import annotations

from typing import Any

import pytest
from reference_support import Call, Example

from conftest import OTHER_CLIENT_ID, World, assert_error
from twitch_mock.oauth.tokens import issue_app_token


def lookup(world: World, *user_ids: str, token: str | None = None, client_id: str | None = None) -> Any:
    headers = world.headers(token) if client_id is None else world.headers(token, client_id)
    return world.http.get("/helix/authorization/users", params={"user_id": list(user_ids)}, headers=headers)


def test_the_scopes_each_user_granted_this_app(world: World) -> None:
    world.user_token("alice", ["channel:bot", "bits:read"])
    world.user_token("alice", ["channel:manage:predictions", "bits:read"])  # a second grant adds to it
    world.user_token("bob", ["user:read:chat"], client_id=OTHER_CLIENT_ID)  # to another app
    ids = world.users
    r = lookup(world, ids["alice"], ids["bob"], "99999", ids["alice"])
    assert r.status_code == 200
    assert r.json() == {
        "data": [
            {
                "user_id": ids["alice"],
                "user_name": "Alice",
                "user_login": "alice",
                "scopes": ["bits:read", "channel:bot", "channel:manage:predictions"],
            },
            {"user_id": ids["bob"], "user_name": "Bob", "user_login": "bob", "scopes": []},
        ]
    }


def test_the_other_app_sees_its_own_grants(world: World) -> None:
    world.user_token("bob", ["user:read:chat"], client_id=OTHER_CLIENT_ID)
    with world.store.transaction():
        token = issue_app_token(world.services, OTHER_CLIENT_ID, ()).token
    r = lookup(world, world.users["bob"], token=token, client_id=OTHER_CLIENT_ID)
    assert r.json()["data"][0]["scopes"] == ["user:read:chat"]


def test_a_disconnected_app_has_no_scopes_left(world: World) -> None:
    world.user_token("alice", ["channel:bot"])
    with world.store.transaction():
        world.store.auth.disconnect("a" * 30, world.users["alice"])
    assert lookup(world, world.users["alice"]).json()["data"][0]["scopes"] == []


@pytest.mark.parametrize(
    ("ids", "status", "message"),
    [
        pytest.param([], 400, 'Missing required parameter "user_id"', id="missing"),
        pytest.param([str(n) for n in range(11)], 400, 'The parameter "user_id" was malformed: the number of items must be less than or equal to 10', id="too-many"),
    ],
)  # fmt: skip
def test_get_authorization_by_user_errors(world: World, ids: list[str], status: int, message: str) -> None:
    assert_error(lookup(world, *ids), status, message)


def test_a_user_token_is_refused(world: World) -> None:
    r = lookup(world, world.users["alice"], token=world.user_token("alice"))
    assert_error(r, 401, "Invalid OAuth token: this endpoint requires an app access token")


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /authorization/users": [
        lambda m: (
            m.user_token(m.users[0].id, ["channel:bot"]),
            Call({"user_id": m.users[0].id}, m.app_token()),
        )[1]
    ],
}
