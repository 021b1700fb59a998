"""Helix user extensions: Get User Extensions, Get User Active Extensions, Update User Extensions
and their slots (panel 1-3, overlay 1, component 1-2)."""

from __future__ import annotations

from typing import Any

import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.domain import extensions, user_extensions

EDIT = "user:edit:broadcast"
READ = "user:read:broadcast"
EMPTY = {
    "panel": {"1": {"active": False}, "2": {"active": False}, "3": {"active": False}},
    "overlay": {"1": {"active": False}},
    "component": {"1": {"active": False}, "2": {"active": False}},
}


@pytest.fixture
def made(world: World) -> dict[str, str]:
    """Three extensions bob wrote; alice installs the first two (the third is not released)."""
    s, bob, alice = world.services, world.users["bob"], world.users["alice"]
    ids: dict[str, str] = {}
    with world.store.transaction():
        for name, types, state in (
            ("Panels", ("panel", "component"), "Released"),
            ("Overlay", ("overlay",), "Released"),
            ("Draft", ("panel",), "InTest"),
        ):
            row, _ = extensions.create_extension(s, bob, name, types=types, state=state)
            ids[name] = row.id
        for name in ("Panels", "Overlay", "Draft"):
            user_extensions.install(s, alice, ids[name], "1.0.0")
    return ids


def put(world: World, data: Any, *scopes: str) -> Any:
    return world.http.put(
        "/helix/users/extensions", json={"data": data}, headers=world.as_user("alice", *(scopes or (EDIT,)))
    )


def test_update_fills_and_empties_slots(world: World, made: dict[str, str]) -> None:
    panels, overlay = made["Panels"], made["Overlay"]
    data = {
        "panel": {"2": {"active": True, "id": panels, "version": "1.0.0"}},
        "overlay": {"1": {"active": True, "id": overlay, "version": "1.0.0"}},
        "component": {"2": {"active": True, "id": panels, "version": "1.0.0", "x": 10, "y": 20}},
    }
    r = put(world, data)
    assert r.status_code == 200, r.text
    want = {
        "panel": {
            **EMPTY["panel"],
            "2": {"active": True, "id": panels, "version": "1.0.0", "name": "Panels"},
        },
        "overlay": {"1": {"active": True, "id": overlay, "version": "1.0.0", "name": "Overlay"}},
        "component": {
            **EMPTY["component"],
            "2": {"active": True, "id": panels, "version": "1.0.0", "name": "Panels", "x": 10, "y": 20},
        },
    }
    assert r.json() == {"data": want}
    got = world.http.get("/helix/users/extensions", headers=world.as_user("alice"))
    assert got.json() == {"data": want}
    app = world.http.get(f"/helix/users/extensions?user_id={world.users['alice']}", headers=world.headers())
    assert app.json() == {"data": want}
    r = put(world, {"overlay": {"1": {"active": False}}, "panel": {"2": {"active": False}}})
    assert r.json()["data"]["overlay"] == EMPTY["overlay"] and r.json()["data"]["panel"] == EMPTY["panel"]


def test_a_user_without_extensions_has_empty_slots(world: World) -> None:
    r = world.http.get(f"/helix/users/extensions?user_id={world.users['carol']}", headers=world.headers())
    assert r.status_code == 200 and r.json() == {"data": EMPTY}


def test_active_extensions_needs_user_id_with_an_app_token(world: World) -> None:
    r = world.http.get("/helix/users/extensions", headers=world.headers())
    assert_error(r, 400, "The user_id query parameter is required if you specify an app access token")


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        pytest.param({"panel": {"4": {"active": False}}}, 400, "The parameter \"data.panel\" was malformed: the panel slots are 1, 2, 3, not '4'", id="slot-4"),
        pytest.param({"mobile": {}}, 400, "The parameter \"data\" was malformed: the slot types are panel, overlay and component, not 'mobile'", id="mobile"),
        pytest.param({"panel": []}, 400, 'The parameter "data.panel" was malformed: the value must be an object', id="not-object"),
        pytest.param({"panel": {"1": {"id": "x"}}}, 400, 'The parameter "data.panel.1" was malformed: the value must be an object with a boolean "active"', id="no-active"),
        pytest.param({"panel": {"1": {"active": True}}}, 400, 'The parameter "data.panel.1" was malformed: an active slot needs the extension\'s "id" and "version"', id="no-id"),
        pytest.param({"panel": {"1": {"active": True, "id": "nope", "version": "1.0.0"}}}, 404, user_extensions.NOT_FOUND, id="not-installed"),
        pytest.param({"panel": {"1": {"active": True, "id": "{Panels}", "version": "9"}}}, 404, user_extensions.NOT_FOUND, id="other-version"),
        pytest.param({"overlay": {"1": {"active": True, "id": "{Panels}", "version": "1.0.0"}}}, 400, 'The parameter "data.overlay.1" was malformed: the extension cannot be activated in overlay slots', id="wrong-type"),
        pytest.param({"panel": {"1": {"active": True, "id": "{Draft}", "version": "1.0.0"}}}, 400, "The extension cannot be activated", id="not-released"),
        pytest.param({"component": {"1": {"active": True, "id": "{Panels}", "version": "1.0.0", "x": 9000}}}, 400, 'The parameter "data.component.1.x" was malformed: the value must be an integer from 0 to 8000', id="x"),
        pytest.param({"panel": {"1": {"active": True, "id": "{Panels}", "version": "1.0.0"}, "2": {"active": True, "id": "{Panels}", "version": "1.0.0"}}}, 400, 'The parameter "data" was malformed: an extension may be active in one panel slot only', id="twice"),
    ],
)  # fmt: skip
def test_update_errors(world: World, made: dict[str, str], data: Any, status: int, message: str) -> None:
    assert_error(put(world, _named(data, made)), status, message)
    got = world.http.get("/helix/users/extensions", headers=world.as_user("alice"))
    assert got.json() == {"data": EMPTY}


def _named(value: Any, made: dict[str, str]) -> Any:
    """`value` with "{Name}" strings replaced by the id of the extension made under that name."""
    if isinstance(value, dict):
        return {k: _named(v, made) for k, v in value.items()}
    if isinstance(value, str) and value.startswith("{"):
        return made[value.strip("{}")]
    return value


def test_update_needs_data_and_the_scope(world: World) -> None:
    r = world.http.put("/helix/users/extensions", json={}, headers=world.as_user("alice", EDIT))
    assert_error(r, 400, 'Missing required parameter "data"')
    assert_error(put(world, {}, READ), 401, f"Missing scope: {EDIT}")


def test_get_user_extensions(world: World, made: dict[str, str]) -> None:
    r = world.http.get("/helix/users/extensions/list", headers=world.as_user("alice", EDIT))
    assert r.status_code == 200, r.text
    assert r.json() == {
        "data": [
            {"id": made["Draft"], "version": "1.0.0", "name": "Draft", "can_activate": False, "type": ["panel"]},
            {"id": made["Overlay"], "version": "1.0.0", "name": "Overlay", "can_activate": True, "type": ["overlay"]},
            {"id": made["Panels"], "version": "1.0.0", "name": "Panels", "can_activate": True, "type": ["panel", "component"]},
        ]
    }  # fmt: skip
    # without user:edit:broadcast only the active ones
    assert world.http.get("/helix/users/extensions/list", headers=world.as_user("alice", READ)).json() == {
        "data": []
    }
    assert (
        put(
            world, {"overlay": {"1": {"active": True, "id": made["Overlay"], "version": "1.0.0"}}}
        ).status_code
        == 200
    )
    r = world.http.get("/helix/users/extensions/list", headers=world.as_user("alice", READ))
    assert [e["name"] for e in r.json()["data"]] == ["Overlay"]
    assert_error(
        world.http.get("/helix/users/extensions/list", headers=world.as_user("alice")),
        401,
        f"Missing scope: {READ}",
    )


def test_the_author_may_activate_an_unreleased_extension(world: World, made: dict[str, str]) -> None:
    with world.store.transaction():
        user_extensions.install(world.services, world.users["bob"], made["Draft"], "1.0.0")
    data = {"panel": {"1": {"active": True, "id": made["Draft"], "version": "1.0.0"}}}
    r = world.http.put("/helix/users/extensions", json={"data": data}, headers=world.as_user("bob", EDIT))
    assert r.status_code == 200 and r.json()["data"]["panel"]["1"]["name"] == "Draft"


def _star_slot(m: MockTwitch) -> dict[str, Any]:
    ids = m._call(extensions.installed_by, m.store.db.conn, m.all_units_user_id)
    found = [m._call(extensions.row, m.store.db.conn, i) for i in ids]
    # the panel-only one, already in panel slot 1: set again
    panel = next(e for e in found if e is not None and "panel" in e.types and "component" not in e.types)
    return {"panel": {"1": {"active": True, "id": panel.id, "version": panel.version}}}


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /users/extensions/list": [lambda m: Call({}, as_user(m, 0, EDIT))],
    "GET /users/extensions": [lambda m: Call({"user_id": m.all_units_user_id}, m.app_token())],
    "PUT /users/extensions": [lambda m: Call({}, as_user(m, 0, EDIT), {"data": _star_slot(m)})],
}
