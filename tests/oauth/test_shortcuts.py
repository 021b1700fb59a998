"""twitch-cli-compatible auth: client credentials, the `user_token` shortcut and validate, and how
their tokens behave at Helix."""

from __future__ import annotations

import httpx
import pytest

from conftest import CLIENT_ID, CLIENT_SECRET, PUBLIC_CLIENT_ID, World

CC = f"client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}&grant_type=client_credentials"


def oauth_error(r: httpx.Response, status: int, message: str) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    assert r.json() == {"status": status, "message": message}


@pytest.mark.parametrize("prefix", ["/auth", "/oauth2"])
def test_client_credentials_in_the_query(world: World, prefix: str) -> None:
    r = world.http.post(f"{prefix}/token?{CC}")
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"access_token", "expires_in", "token_type"}
    assert body["token_type"] == "bearer"
    assert 5_000_000 < body["expires_in"] <= world.services.settings.lifetimes.app_token
    assert len(body["access_token"]) == 30 and body["access_token"].isalnum()
    users = world.http.get("/helix/users?id=1000", headers=world.headers(body["access_token"]))
    assert users.status_code == 200


def test_client_credentials_in_a_form_body_and_multipart(world: World) -> None:
    data = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "grant_type": "client_credentials"}
    assert world.http.post("/oauth2/token", data=data).status_code == 200
    assert world.http.post("/oauth2/token", files={k: (None, v) for k, v in data.items()}).status_code == 200


def test_app_tokens_keep_their_scopes(world: World) -> None:
    token = world.http.post(f"/oauth2/token?{CC}&scope=analytics:read:games+bits:read").json()["access_token"]
    body = world.http.get("/oauth2/validate", headers={"Authorization": f"OAuth {token}"}).json()
    assert body["scopes"] == ["analytics:read:games", "bits:read"]
    assert "user_id" not in body and "login" not in body


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("grant_type=client_credentials", 400, "missing client id"),
        (f"client_id={'z' * 30}&client_secret=x&grant_type=client_credentials", 400, "invalid client"),
        (f"client_id={CLIENT_ID}&grant_type=client_credentials", 400, "missing client secret"),
        (
            f"client_id={CLIENT_ID}&client_secret=wrong&grant_type=client_credentials",
            403,
            "invalid client secret",
        ),
        (f"client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}", 400, "missing grant_type"),
        (f"{CC}&scope=not:a:scope", 400, "invalid scope requested: 'not:a:scope'"),
    ],
)
def test_client_credentials_errors(world: World, query: str, status: int, message: str) -> None:
    oauth_error(world.http.post(f"/oauth2/token?{query}"), status, message)


def shortcut(world: World, **params: str) -> httpx.Response:
    base = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "grant_type": "user_token",
        "user_id": world.users["alice"],
    }
    base.update(params)
    r: httpx.Response = world.http.post("/auth/authorize", params={k: v for k, v in base.items() if v != "-"})
    return r


def test_user_token_shortcut_mints_a_user_token_with_a_refresh_token(world: World) -> None:
    r = shortcut(world, scope="user:edit user:read:email")
    body = r.json()
    assert r.status_code == 200
    assert body["scope"] == ["user:edit", "user:read:email"]
    assert body["token_type"] == "bearer" and len(body["refresh_token"]) == 50
    assert body["expires_in"] == world.services.settings.lifetimes.user_token
    me = world.http.get("/helix/users", headers=world.headers(body["access_token"])).json()["data"][0]
    assert me["login"] == "alice" and me["email"] == "alice@example.com"


def test_user_token_shortcut_without_scope_has_an_empty_list(world: World) -> None:
    assert shortcut(world).json()["scope"] == []


def test_user_token_shortcut_also_on_oauth2(world: World) -> None:
    bob = world.users["bob"]
    q = f"client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}&grant_type=user_token&user_id={bob}"
    assert world.http.post(f"/oauth2/authorize?{q}").status_code == 200


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"grant_type": "password"}, "missing required parameter"),
        ({"user_id": "-"}, "missing required parameter"),
        ({"client_secret": "-"}, "missing required parameter"),
        ({"scope": "user:edit nope:nope"}, "Invalid scopes requested"),
        ({"client_secret": "wrong"}, "Client ID/Secret invalid"),
        ({"client_id": PUBLIC_CLIENT_ID}, "Client ID/Secret invalid"),
        ({"user_id": "999999"}, "User ID invalid"),
    ],
)
def test_user_token_shortcut_errors(world: World, params: dict[str, str], message: str) -> None:
    oauth_error(shortcut(world, **params), 400, message)


@pytest.mark.parametrize("scheme", ["OAuth", "Bearer", "oauth", "bearer"])
def test_validate_a_user_token(world: World, scheme: str) -> None:
    token = world.user_token("alice", ["user:edit"])
    r = world.http.get("/auth/validate", headers={"Authorization": f"{scheme} {token}"})
    assert r.json() == {
        "client_id": CLIENT_ID,
        "login": "alice",
        "scopes": ["user:edit"],
        "user_id": world.users["alice"],
        "expires_in": world.services.settings.lifetimes.user_token,
    }


def test_validate_counts_down_and_expired_tokens_fail_everywhere(world: World) -> None:
    token = world.user_token("alice")
    world.clock.advance(100)
    body = world.http.get("/oauth2/validate", headers={"Authorization": f"OAuth {token}"}).json()
    assert body["expires_in"] == world.services.settings.lifetimes.user_token - 100
    assert body["scopes"] is None
    world.clock.advance(world.services.settings.lifetimes.user_token)
    oauth_error(
        world.http.get("/oauth2/validate", headers={"Authorization": f"OAuth {token}"}),
        401,
        "invalid access token",
    )
    helix = world.http.get("/helix/users", headers=world.headers(token))
    assert helix.status_code == 401 and helix.json()["message"] == "Invalid OAuth token"


@pytest.mark.parametrize("header", [None, "", "OAuth", "Basic abc"])
def test_validate_without_a_token(world: World, header: str | None) -> None:
    headers = {} if header is None else {"Authorization": header}
    oauth_error(world.http.get("/oauth2/validate", headers=headers), 401, "missing authorization token")


def test_validate_unknown_token(world: World) -> None:
    oauth_error(
        world.http.get("/oauth2/validate", headers={"Authorization": "OAuth nope"}),
        401,
        "invalid access token",
    )
