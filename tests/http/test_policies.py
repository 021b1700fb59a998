"""Who may act, declared in the endpoint table (http/policies.py) and enforced by the dispatcher:
moderators, editors, the client that created a resource, all-of scopes, and the paging contract."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import pytest

from conftest import World, assert_error, build_world
from twitch_mock.core.omit import OMIT, Omit, Sparse
from twitch_mock.domain.channels import EditorRow
from twitch_mock.domain.moderators import ModeratorRow
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Api, Auth, Endpoint
from twitch_mock.http.policies import CreatedBy, Editor, Moderator
from twitch_mock.http.results import Data, NoContent
from twitch_mock.store.rows import insert_rows

RESOURCE_OWNERS = {"r1": "a" * 30, "r2": "b" * 30}  # resource id -> the client that created it


def _created_by(conn: sqlite3.Connection, resource_id: str) -> str | None:
    return RESOURCE_OWNERS.get(resource_id)


@dataclass(frozen=True, slots=True)
class Shown(Sparse):
    id: str
    secret: str | Omit = OMIT


def _ok(ctx: Ctx) -> NoContent:
    return NoContent()


def _shown(ctx: Ctx) -> Data:
    return Data([Shown("1"), Shown("2", "s")])


def _not_a_page(ctx: Ctx) -> Data:
    return Data([])


API = Api(
    "test",
    ("/helix",),
    (
        Endpoint("POST", "/mod", _ok, auth=Auth.USER, policy=Moderator()),
        Endpoint("POST", "/edit", _ok, auth=Auth.USER, policy=Editor()),
        Endpoint("POST", "/reward", _ok, auth=Auth.USER, policy=CreatedBy(_created_by)),
        Endpoint("POST", "/both", _ok, auth=Auth.USER, scopes=("a:b", "c:d"), all_scopes=True),
        Endpoint("GET", "/shown", _shown),
        Endpoint("GET", "/broken", _not_a_page, first=(20, 100)),
    ),
    helix_auth=True,
)


@pytest.fixture
def w() -> World:
    world = build_world(apis=[API])
    alice, bob = world.users["alice"], world.users["bob"]
    with world.store.transaction():
        insert_rows(world.store.db.conn, "INSERT", [ModeratorRow(alice, bob, "2024-01-01T00:00:00Z")])
        insert_rows(
            world.store.db.conn, "INSERT", [EditorRow(alice, world.users["carol"], "2024-01-01T00:00:00Z")]
        )
    return world


@pytest.mark.parametrize(
    ("login", "moderator", "status", "message"),
    [
        pytest.param("alice", "alice", 204, "", id="the-broadcaster"),
        pytest.param("bob", "bob", 204, "", id="a-moderator"),
        pytest.param("carol", "carol", 403, "The user in moderator_id is not one of the broadcaster's moderators", id="not-a-moderator"),
        pytest.param("carol", "bob", 401, "The ID in moderator_id must match the user ID in the user access token", id="someone-else"),
    ],
)  # fmt: skip
def test_moderator_policy(w: World, login: str, moderator: str, status: int, message: str) -> None:
    query = f"broadcaster_id={w.users['alice']}&moderator_id={w.users[moderator]}"
    r = w.http.post(f"/helix/mod?{query}", headers=w.as_user(login))
    if status == 204:
        assert r.status_code == 204
    else:
        assert_error(r, status, message)


def test_moderator_policy_needs_both_parameters(w: World) -> None:
    r = w.http.post(f"/helix/mod?broadcaster_id={w.users['alice']}", headers=w.as_user("alice"))
    assert_error(r, 400, 'Missing required parameter "moderator_id"')


@pytest.mark.parametrize(("login", "status"), [("alice", 204), ("carol", 204), ("bob", 403)])
def test_editor_policy(w: World, login: str, status: int) -> None:
    r = w.http.post(f"/helix/edit?broadcaster_id={w.users['alice']}", headers=w.as_user(login))
    assert r.status_code == status
    if status == 403:
        assert_error(r, 403, "The user in the access token is not the broadcaster or one of their editors")


def test_created_by_policy(w: World) -> None:
    headers = w.as_user("alice")  # a token of client "a" * 30
    assert w.http.post("/helix/reward?id=r1", headers=headers).status_code == 204
    assert w.http.post("/helix/reward?id=unknown", headers=headers).status_code == 204  # the handler's 404
    assert_error(
        w.http.post("/helix/reward?id=r2", headers=headers),
        403,
        "The ID in the Client-Id header must match the client ID used to create the custom reward",
    )


def test_all_of_scopes(w: World) -> None:
    assert_error(w.http.post("/helix/both", headers=w.as_user("alice", "a:b")), 401, "Missing scope: c:d")
    assert w.http.post("/helix/both", headers=w.as_user("alice", "a:b", "c:d")).status_code == 204


def test_omitted_fields_are_left_out(w: World) -> None:
    assert w.http.get("/helix/shown", headers=w.headers()).json() == {
        "data": [{"id": "1"}, {"id": "2", "secret": "s"}]
    }


def test_a_paginated_endpoint_must_return_a_page(w: World) -> None:
    r = w.http.get("/helix/broken", headers=w.headers())
    assert_error(r, 500, "An internal error occurred in twitch-mock; see its log")
