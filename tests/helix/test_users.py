"""Helix Users family: Get Users, Update User, Get User Block List, Block User, Unblock User."""

from __future__ import annotations

import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.domain import users
from twitch_mock.domain.users import BlockRow
from twitch_mock.store.rows import insert_rows

READ_EMAIL = "user:read:email"


def logins(body: dict[str, list[dict[str, object]]]) -> list[object]:
    return [u["login"] for u in body["data"]]


# --- Get Users ----------------------------------------------------------------------------------


def test_get_users_by_id_and_login(world: World) -> None:
    r = world.http.get(
        f"/helix/users?id={world.users['bob']}&login=CAROL&login=alice", headers=world.headers()
    )
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert set(body) == {"data"}
    assert logins(body) == ["bob", "carol", "alice"]
    bob = body["data"][0]
    assert bob == {
        "id": world.users["bob"],
        "login": "bob",
        "display_name": "Bob",
        "type": "",
        "broadcaster_type": "",
        "description": "Bob's channel",
        "profile_image_url": bob["profile_image_url"],
        "offline_image_url": "",
        "view_count": 0,
        "created_at": "2020-01-02T03:04:05Z",
    }


def test_get_users_skips_unknown_and_duplicates(world: World) -> None:
    bob = world.users["bob"]
    r = world.http.get(
        f"/helix/users?id={bob}&id={bob}&login=bob&id=999&login=nobody", headers=world.headers()
    )
    assert logins(r.json()) == ["bob"]


def test_get_users_with_nothing_found_is_an_empty_list(world: World) -> None:
    assert world.http.get("/helix/users?id=424242", headers=world.headers()).json() == {"data": []}


def test_user_token_without_parameters_returns_its_own_user(world: World) -> None:
    assert logins(world.http.get("/helix/users", headers=world.as_user("dave")).json()) == ["dave"]


def test_app_token_without_parameters_is_a_400(world: World) -> None:
    assert_error(
        world.http.get("/helix/users", headers=world.headers()),
        400,
        "Must provide an ID, Login or OAuth Token",
    )


def test_at_most_100_ids_and_logins_combined(world: World) -> None:
    query = "&".join([f"id={n}" for n in range(60)] + [f"login=l{n}" for n in range(41)])
    assert_error(
        world.http.get(f"/helix/users?{query}", headers=world.headers()),
        400,
        "The combined number of id and login parameters must not exceed 100",
    )
    query = "&".join([f"id={n}" for n in range(60)] + [f"login=l{n}" for n in range(40)])
    assert world.http.get(f"/helix/users?{query}", headers=world.headers()).status_code == 200


def test_email_only_for_the_tokens_own_user_with_the_scope(world: World) -> None:
    bob = world.users["bob"]
    with_scope = world.as_user("alice", READ_EMAIL)
    data = world.http.get(f"/helix/users?login=alice&id={bob}", headers=with_scope).json()["data"]
    by_login = {u["login"]: u for u in data}
    assert by_login["alice"]["email"] == "alice@example.com"
    assert "email" not in by_login["bob"]
    no_scope = world.http.get("/helix/users", headers=world.as_user("alice")).json()["data"][0]
    assert "email" not in no_scope
    app = world.http.get("/helix/users?login=alice", headers=world.headers()).json()["data"][0]
    assert "email" not in app


# --- Update User --------------------------------------------------------------------------------


def test_update_user_description_persists(world: World) -> None:
    headers = world.as_user("alice", "user:edit", READ_EMAIL)
    r = world.http.put("/helix/users?description=New%20bio", headers=headers)
    assert r.status_code == 200
    assert r.json()["data"][0]["description"] == "New bio"
    assert r.json()["data"][0]["email"] == "alice@example.com"
    later = world.http.get("/helix/users?login=alice", headers=world.headers()).json()["data"][0]
    assert later["description"] == "New bio"


def test_update_user_with_an_empty_description_clears_it(world: World) -> None:
    r = world.http.put("/helix/users?description=", headers=world.as_user("alice", "user:edit"))
    assert r.json()["data"][0]["description"] == ""


def test_update_user_without_description_changes_nothing(world: World) -> None:
    r = world.http.put("/helix/users", headers=world.as_user("alice", "user:edit"))
    assert r.json()["data"][0]["description"] == "Alice's channel"


def test_update_user_description_too_long(world: World) -> None:
    r = world.http.put("/helix/users?description=" + "x" * 301, headers=world.as_user("alice", "user:edit"))
    assert_error(
        r, 400, 'The parameter "description" was malformed: the length must be less than or equal to 300'
    )


# --- blocks -------------------------------------------------------------------------------------


def test_block_list_starts_empty(world: World) -> None:
    r = world.http.get(
        f"/helix/users/blocks?broadcaster_id={world.users['alice']}",
        headers=world.as_user("alice", "user:read:blocked_users"),
    )
    assert r.json() == {"data": [], "pagination": {}}


def test_block_then_list_then_unblock(world: World) -> None:
    alice, manage = world.users["alice"], world.as_user("alice", "user:manage:blocked_users")
    read = world.as_user("alice", "user:read:blocked_users")
    for who in ("bob", "carol"):
        r = world.http.put(
            f"/helix/users/blocks?target_user_id={world.users[who]}&source_context=chat&reason=spam",
            headers=manage,
        )
        assert r.status_code == 204 and r.content == b""
    data = world.http.get(f"/helix/users/blocks?broadcaster_id={alice}", headers=read).json()["data"]
    assert sorted(d["user_login"] for d in data) == ["bob", "carol"]
    assert set(data[0]) == {"user_id", "user_login", "display_name"}
    # blocking twice is harmless
    assert (
        world.http.put(f"/helix/users/blocks?target_user_id={world.users['bob']}", headers=manage).status_code
        == 204
    )
    assert (
        world.http.delete(
            f"/helix/users/blocks?target_user_id={world.users['bob']}", headers=manage
        ).status_code
        == 204
    )
    data = world.http.get(f"/helix/users/blocks?broadcaster_id={alice}", headers=read).json()["data"]
    assert [d["user_login"] for d in data] == ["carol"]
    # another user's list is their own
    bob_list = world.http.get(
        f"/helix/users/blocks?broadcaster_id={world.users['bob']}",
        headers=world.as_user("bob", "user:read:blocked_users"),
    ).json()
    assert bob_list["data"] == []


def test_block_list_pages(world: World) -> None:
    alice = world.users["alice"]
    with world.store.transaction():
        for n, target in enumerate(("bob", "carol", "dave", "erin")):
            insert_rows(
                world.store.db.conn,
                "INSERT",
                [BlockRow(alice, world.users[target], f"2024-01-0{n + 1}T00:00:00Z")],
            )
    read = world.as_user("alice", "user:read:blocked_users")
    page1 = world.http.get(f"/helix/users/blocks?broadcaster_id={alice}&first=3", headers=read).json()
    assert [d["user_login"] for d in page1["data"]] == ["erin", "dave", "carol"]
    cursor = page1["pagination"]["cursor"]
    page2 = world.http.get(
        f"/helix/users/blocks?broadcaster_id={alice}&first=3&after={cursor}", headers=read
    ).json()
    assert [d["user_login"] for d in page2["data"]] == ["bob"]
    assert page2["pagination"] == {}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", 'Missing required parameter "target_user_id"'),
        ("target_user_id=999", "The user specified in target_user_id was not found"),
        ("target_user_id=1000", "You cannot block yourself"),
        (
            "target_user_id=1001&source_context=irc",
            'The parameter "source_context" was malformed: the value must be one of chat, whisper',
        ),
        (
            "target_user_id=1001&reason=meh",
            'The parameter "reason" was malformed: the value must be one of harassment, spam, other',
        ),
    ],
)
def test_block_user_bad_input(world: World, query: str, message: str) -> None:
    r = world.http.put(
        f"/helix/users/blocks?{query}", headers=world.as_user("alice", "user:manage:blocked_users")
    )
    assert_error(r, 400, message)
    assert users.is_blocked(world.store.db.conn, world.users["alice"], world.users["bob"]) is False


def test_unblock_requires_target(world: World) -> None:
    r = world.http.delete("/helix/users/blocks", headers=world.as_user("alice", "user:manage:blocked_users"))
    assert_error(r, 400, 'Missing required parameter "target_user_id"')


# --- the reference contract's example calls (tests/helix/test_reference.py) ----------------------


def _blocked_list(mock: MockTwitch) -> Call:
    for n in (1, 2):
        mock.block(mock.users[0].id, mock.users[n].id)
    return Call(
        {"broadcaster_id": mock.users[0].id, "first": "1"}, as_user(mock, 0, "user:read:blocked_users")
    )


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /users": [
        lambda m: Call({"id": m.users[1].id, "login": m.users[2].login}, m.app_token()),
        lambda m: Call({}, as_user(m, 0, "user:read:email")),  # with email
    ],
    "PUT /users": [lambda m: Call({"description": "Hello"}, as_user(m, 0, "user:edit", "user:read:email"))],
    "GET /users/blocks": [_blocked_list],
    "PUT /users/blocks": [
        lambda m: Call(
            {"target_user_id": m.users[3].id, "reason": "spam"}, as_user(m, 0, "user:manage:blocked_users")
        )
    ],
    "DELETE /users/blocks": [
        lambda m: Call({"target_user_id": m.users[3].id}, as_user(m, 0, "user:manage:blocked_users"))
    ],
}
