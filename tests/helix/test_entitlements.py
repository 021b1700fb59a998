"""Helix Entitlements family: Get Drops Entitlements and Update Drops Entitlements."""

from __future__ import annotations

from typing import Any

import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import entitlements
from twitch_mock.domain.categories import CategoryRow
from twitch_mock.domain.entitlements import ORGANIZATION_ID, DropEntitlementGrant, EntitlementRow
from twitch_mock.domain.outbox import Event
from twitch_mock.store.rows import insert_rows

E = [f"00000000-0000-4000-8000-00000000000{n}" for n in range(5)]


@pytest.fixture
def drops(world: World) -> World:
    """Five entitlements: alice has E0 (game 1, CLAIMED), E1 (game 2, FULFILLED), E2 (game 1);
    bob has E3 (game 1) and E4 (game 2, FULFILLED). Newer ones have higher numbers."""
    owners = ("alice", "alice", "alice", "bob", "bob")
    games = ("1", "2", "1", "1", "2")
    statuses = ("CLAIMED", "FULFILLED", "CLAIMED", "CLAIMED", "FULFILLED")
    rows = [
        EntitlementRow(E[n], "benefit", world.users[owners[n]], games[n], f"2024-01-0{n + 1}T00:00:00Z",
                       statuses[n], f"2024-01-0{n + 1}T00:00:00Z")
        for n in range(5)
    ]  # fmt: skip
    with world.store.transaction():
        insert_rows(world.store.db.conn, "INSERT", rows)
    return world


def get(world: World, query: str = "", login: str | None = None) -> Any:
    headers = world.headers() if login is None else world.as_user(login)
    return world.http.get(f"/helix/entitlements/drops{query}", headers=headers)


def ids(r: Any) -> list[str]:
    return [e["id"][-1] for e in r.json()["data"]]


def test_app_token_sees_every_entitlement_newest_first(drops: World) -> None:
    r = get(drops)
    assert r.status_code == 200
    assert ids(r) == ["4", "3", "2", "1", "0"] and r.json()["pagination"] == {}
    assert r.json()["data"][4] == {
        "id": E[0],
        "benefit_id": "benefit",
        "user_id": drops.users["alice"],
        "game_id": "1",
        "timestamp": "2024-01-01T00:00:00Z",
        "fulfillment_status": "CLAIMED",
        "last_updated": "2024-01-01T00:00:00Z",
    }


@pytest.mark.parametrize(
    ("query", "login", "expected"),
    [
        pytest.param("?user_id=1001", None, ["4", "3"], id="app-user"),
        pytest.param("?user_id=1000&game_id=1", None, ["2", "0"], id="app-user-game"),
        pytest.param("?game_id=2", None, ["4", "1"], id="app-game"),
        pytest.param("?fulfillment_status=FULFILLED", None, ["4", "1"], id="app-status"),
        pytest.param(f"?id={E[0]}&id={E[3]}&id=nope", None, ["3", "0"], id="app-ids"),
        pytest.param("", "alice", ["2", "1", "0"], id="user-own"),
        pytest.param("?game_id=1", "alice", ["2", "0"], id="user-game"),
        pytest.param("?user_id=1000", "alice", ["2", "1", "0"], id="user-own-id"),
        pytest.param(f"?id={E[3]}", "alice", [], id="user-others-id"),
    ],
)
def test_filters(drops: World, query: str, login: str | None, expected: list[str]) -> None:
    assert ids(get(drops, query, login)) == expected


def test_entitlements_page(drops: World) -> None:
    page1 = get(drops, "?first=3").json()
    assert [e["id"][-1] for e in page1["data"]] == ["4", "3", "2"]
    page2 = get(drops, f"?first=3&after={page1['pagination']['cursor']}").json()
    assert [e["id"][-1] for e in page2["data"]] == ["1", "0"] and page2["pagination"] == {}


@pytest.mark.parametrize(
    ("query", "login", "message"),
    [
        pytest.param("?user_id=1001", "alice", "The ID in the user_id query parameter must match the user ID in the user access token", id="other-user"),
        pytest.param("?fulfillment_status=DONE", None, 'The parameter "fulfillment_status" was malformed: the value must be one of CLAIMED, FULFILLED', id="status"),
        pytest.param("?first=1001", None, 'The parameter "first" was malformed: the value must be less than or equal to 1000', id="first"),
        pytest.param("?" + "&".join(f"id={n}" for n in range(101)), None, 'The parameter "id" was malformed: the number of items must be less than or equal to 100', id="ids"),
    ],
)  # fmt: skip
def test_get_errors(drops: World, query: str, login: str | None, message: str) -> None:
    assert_error(get(drops, query, login), 400, message)


def patch(world: World, body: Any, login: str | None = None) -> Any:
    headers = world.headers() if login is None else world.as_user(login)
    return world.http.patch("/helix/entitlements/drops", json=body, headers=headers)


def test_update_reports_each_id_and_persists(drops: World) -> None:
    drops.clock.advance(60)
    body = {"fulfillment_status": "FULFILLED", "entitlement_ids": [E[0], E[3], "not-a-uuid", E[0][:-1] + "9"]}
    r = patch(drops, body, login="alice")
    assert r.status_code == 200
    assert r.json() == {
        "data": [
            {"status": "SUCCESS", "ids": [E[0]]},
            {"status": "INVALID_ID", "ids": ["not-a-uuid"]},
            {"status": "NOT_FOUND", "ids": [E[0][:-1] + "9"]},
            {"status": "UNAUTHORIZED", "ids": [E[3]]},
        ]
    }
    by_id = {e["id"]: e for e in get(drops).json()["data"]}
    assert by_id[E[0]]["fulfillment_status"] == "FULFILLED"
    assert by_id[E[0]]["last_updated"] == drops.services.now() != "2024-01-01T00:00:00Z"
    assert by_id[E[3]]["fulfillment_status"] == "CLAIMED"  # another user's: unchanged
    # an app token acts for the organization, which owns every entitlement
    r = patch(drops, {"fulfillment_status": "CLAIMED", "entitlement_ids": [E[3], E[0], E[0]]})
    assert r.json() == {"data": [{"status": "SUCCESS", "ids": [E[3], E[0]]}]}
    assert ids(get(drops, "?fulfillment_status=CLAIMED")) == ["3", "2", "0"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param({"entitlement_ids": [E[0]]}, 'Missing required parameter "fulfillment_status"', id="no-status"),
        pytest.param({"fulfillment_status": "FULFILLED"}, 'Missing required parameter "entitlement_ids"', id="no-ids"),
        pytest.param({"fulfillment_status": "DONE", "entitlement_ids": [E[0]]}, 'The parameter "fulfillment_status" was malformed: the value must be one of CLAIMED, FULFILLED', id="bad-status"),
        pytest.param({"fulfillment_status": "CLAIMED", "entitlement_ids": []}, 'The parameter "entitlement_ids" was malformed: the number of items must be greater than or equal to 1', id="empty"),
        pytest.param({"fulfillment_status": "CLAIMED", "entitlement_ids": [E[0]] * 101}, 'The parameter "entitlement_ids" was malformed: the number of items must be less than or equal to 100', id="too-many"),
        pytest.param({"fulfillment_status": "CLAIMED", "entitlement_ids": E[0]}, 'The parameter "entitlement_ids" was malformed: the value must be an array', id="not-list"),
    ],
)  # fmt: skip
def test_update_bad_input_changes_nothing(drops: World, body: Any, message: str) -> None:
    assert_error(patch(drops, body), 400, message)
    assert ids(get(drops, "?fulfillment_status=FULFILLED")) == ["4", "1"]


def _own_update(mock: MockTwitch) -> Call:
    token = as_user(mock, 0)
    found = mock_get(mock, token)
    return Call({}, token, {"fulfillment_status": "FULFILLED", "entitlement_ids": [found[0]["id"], "bogus"]})


def mock_get(mock: MockTwitch, token: str) -> list[dict[str, Any]]:
    import httpx

    r = httpx.get(
        mock.helix_url + "entitlements/drops",
        headers={"Authorization": f"Bearer {token}", "Client-Id": mock.client_id},
    )
    data: list[dict[str, Any]] = r.json()["data"]
    return data


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /entitlements/drops": [
        lambda m: Call({"first": "2"}, m.app_token()),
        lambda m: Call({}, as_user(m, 0)),  # the all-units user has one
    ],
    "PATCH /entitlements/drops": [_own_update],
}


def test_grant_builder_stores_and_publishes(world: World) -> None:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    with world.store.transaction():
        insert_rows(
            world.store.db.conn, "INSERT", [CategoryRow("33214", "Fortnite", "https://x/{width}", "")]
        )
    with pytest.raises(BadRequest), world.store.transaction():
        entitlements.grant(world.services, world.users["bob"], "424242")
    assert heard == []
    with world.store.transaction():
        row = entitlements.grant(world.services, world.users["bob"], "33214", "benefit-1", "campaign-1")
    assert get(world, "", "bob").json()["data"] == [
        {
            "id": row.id,
            "benefit_id": "benefit-1",
            "user_id": world.users["bob"],
            "game_id": "33214",
            "timestamp": world.services.now(),
            "fulfillment_status": "CLAIMED",
            "last_updated": world.services.now(),
        }
    ]
    assert heard == [
        DropEntitlementGrant(
            ORGANIZATION_ID, "33214", "Fortnite", "campaign-1", world.users["bob"], "Bob", "bob", row.id,
            "benefit-1", world.services.now(),
        )
    ]  # fmt: skip
