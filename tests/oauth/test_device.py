"""The device code flow: POST /oauth2/device, the activation page (approve, deny, bad codes),
polling (pending, success, reuse, expiry; never slow_down) and the device-flow refresh rules."""

from __future__ import annotations

from typing import Any

import pytest
from oauth_support import FormReader, oauth_error, submit

from conftest import CLIENT_ID, CLIENT_SECRET, OTHER_CLIENT_ID, PUBLIC_CLIENT_ID, World, build_world
from twitch_mock.oauth.grants import DEVICE_GRANT
from twitch_mock.settings import Settings


def start(world: World, client_id: str = PUBLIC_CLIENT_ID, scopes: str = "user:edit chat:read") -> Any:
    """As twitch-cli sends it: multipart/form-data."""
    r = world.http.post("/oauth2/device", files={"client_id": (None, client_id), "scopes": (None, scopes)})
    assert r.status_code == 200, r.text
    return r.json()


def poll(world: World, device_code: str, client_id: str = PUBLIC_CLIENT_ID) -> Any:
    fields = {"client_id": client_id, "device_code": device_code, "grant_type": DEVICE_GRANT}
    return world.http.post("/oauth2/token", files={k: (None, v) for k, v in fields.items()})


def activate(world: World, user_code: str, decision: str = "authorize", login: str = "bob") -> Any:
    page = world.http.get(f"/oauth2/activate?device-code={user_code}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    return submit(world, page, decision, login=login)


def test_start_answers_like_twitch(world: World) -> None:
    body = start(world)
    assert set(body) == {"device_code", "expires_in", "interval", "user_code", "verification_uri"}
    assert len(body["device_code"]) == 40 and body["device_code"].isalnum()
    assert len(body["user_code"]) == 8 and body["user_code"].isalpha() and body["user_code"].isupper()
    assert body["expires_in"] == 1800 and body["interval"] == 5
    assert body["verification_uri"] == f"http://localhost/oauth2/activate?device-code={body['user_code']}"


def test_approve_then_poll_then_reuse(world: World) -> None:
    body = start(world)
    for _ in range(3):  # polling as fast as pyTwitchAPI does never earns a slow_down
        oauth_error(poll(world, body["device_code"]), 400, "authorization_pending")
    done = activate(world, body["user_code"])
    assert done.status_code == 200 and "Device connected" in done.text
    token = poll(world, body["device_code"]).json()
    assert set(token) == {"access_token", "expires_in", "refresh_token", "scope", "token_type"}
    assert token["scope"] == ["user:edit", "chat:read"]
    oauth_error(poll(world, body["device_code"]), 400, "invalid device code")
    me = world.http.get("/helix/users", headers=world.headers(token["access_token"], PUBLIC_CLIENT_ID))
    assert me.json()["data"][0]["login"] == "bob"


def test_deny(world: World) -> None:
    body = start(world)
    assert "Access denied" in activate(world, body["user_code"], "deny").text
    oauth_error(poll(world, body["device_code"]), 400, "invalid device code")


def test_expiry(world: World) -> None:
    body = start(world)
    world.clock.advance(1800)
    oauth_error(poll(world, body["device_code"]), 400, "invalid device code")
    page = activate(world, body["user_code"])
    assert page.status_code == 400 and "invalid, expired or already used" in page.text


def test_a_code_is_activated_once(world: World) -> None:
    body = start(world)
    activate(world, body["user_code"])
    again = activate(world, body["user_code"].lower(), login="carol")
    assert again.status_code == 400
    assert poll(world, body["device_code"]).status_code == 200


def test_activation_form_with_an_unknown_user(world: World) -> None:
    body = start(world)
    page = activate(world, body["user_code"], login="ghost")
    assert page.status_code == 400 and "Pick a user" in page.text
    (form,) = FormReader(page.text).forms
    assert form.fields["user_code"] == body["user_code"]


def test_mock_login_on_the_activation_page(world: World) -> None:
    body = start(world)
    r = world.http.get(f"/auth/activate?device-code={body['user_code']}&mock_login=carol")
    assert r.status_code == 200 and "Device connected" in r.text
    assert poll(world, body["device_code"]).status_code == 200
    ghost = world.http.get(f"/auth/activate?device-code={body['user_code']}&mock_login=ghost")
    assert ghost.status_code == 400


def test_auto_approve_approves_at_once() -> None:
    world = build_world(Settings(db=":memory:", auto_approve="alice"))
    try:
        assert poll(world, start(world)["device_code"]).status_code == 200
    finally:
        world.store.close()


def test_confidential_clients_may_use_the_device_flow_and_refresh_with_their_secret(world: World) -> None:
    body = start(world, CLIENT_ID, "")
    activate(world, body["user_code"])
    token = poll(world, body["device_code"], CLIENT_ID).json()
    assert token["scope"] == []
    refresh = {"client_id": CLIENT_ID, "grant_type": "refresh_token", "refresh_token": token["refresh_token"]}
    oauth_error(world.http.post("/oauth2/token", params=refresh), 400, "missing client secret")
    refresh["client_secret"] = CLIENT_SECRET
    assert world.http.post("/oauth2/token", params=refresh).status_code == 200


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        pytest.param({}, 400, "missing client id", id="no-client"),
        pytest.param({"client_id": "z" * 30}, 400, "invalid client", id="unknown-client"),
        pytest.param(
            {"client_id": PUBLIC_CLIENT_ID, "scopes": "nope:nope"},
            400,
            "invalid scope requested: 'nope:nope'",
            id="bad-scope",
        ),
    ],
)
def test_start_errors(world: World, fields: dict[str, str], status: int, message: str) -> None:
    oauth_error(world.http.post("/oauth2/device", data=fields), status, message)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"device_code": "-"}, "missing device code", id="no-code"),
        pytest.param({"device_code": "nope"}, "invalid device code", id="unknown-code"),
        pytest.param({"client_id": OTHER_CLIENT_ID}, "invalid device code", id="other-client"),
        pytest.param({"client_id": "-"}, "missing client id", id="no-client"),
    ],
)
def test_poll_errors(world: World, fields: dict[str, str], message: str) -> None:
    body = start(world)
    data = {"client_id": PUBLIC_CLIENT_ID, "device_code": body["device_code"], "grant_type": DEVICE_GRANT}
    data.update(fields)
    sent = {k: v for k, v in data.items() if v != "-"}
    oauth_error(world.http.post("/oauth2/token", params=sent), 400, message)


def test_scope_is_tolerated_instead_of_scopes(world: World) -> None:
    r = world.http.post("/oauth2/device", params={"client_id": PUBLIC_CLIENT_ID, "scope": "bits:read"})
    device_code = r.json()["device_code"]
    assert world.store.auth.device_code(device_code=device_code).scopes == ("bits:read",)  # type: ignore[union-attr]
