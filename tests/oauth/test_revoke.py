"""POST /oauth2/revoke and the shared token store: a revoked or expired token fails at validate,
userinfo and every Helix endpoint at once."""

from __future__ import annotations

import httpx
import pytest
from oauth_support import oauth_error, validate

from conftest import CLIENT_ID, OTHER_CLIENT_ID, World
from twitch_mock.oauth.tokens import issue_user_token


def revoke(world: World, **params: str) -> httpx.Response:
    r: httpx.Response = world.http.post(
        "/oauth2/revoke", params={k: v for k, v in params.items() if v != "-"}
    )
    return r


def helix_401(world: World, token: str) -> None:
    r = world.http.get("/helix/users", headers=world.headers(token))
    assert r.status_code == 401
    assert r.json() == {"error": "Unauthorized", "status": 401, "message": "Invalid OAuth token"}


@pytest.mark.parametrize("kind", ["user", "app"])
def test_revoke_then_everything_answers_401(world: World, kind: str) -> None:
    token = world.user_token("alice", ["user:edit"]) if kind == "user" else world.app_token
    assert world.http.get("/helix/users?id=1000", headers=world.headers(token)).status_code == 200
    r = world.http.post("/oauth2/revoke", data={"client_id": CLIENT_ID, "token": token})
    assert r.status_code == 200 and r.content == b""
    oauth_error(validate(world, token), 401, "invalid access token")
    helix_401(world, token)
    oauth_error(revoke(world, client_id=CLIENT_ID, token=token), 400, "Invalid token")  # already revoked


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        pytest.param({"client_id": "z" * 30}, 404, "client does not exist", id="unknown-client"),
        pytest.param({"client_id": "-"}, 400, "missing client id", id="no-client"),
        pytest.param({"token": "nope"}, 400, "Invalid token", id="unknown-token"),
        pytest.param({"token": "-"}, 400, "missing oauth token", id="no-token"),
        pytest.param({"client_id": OTHER_CLIENT_ID}, 400, "Invalid token", id="other-clients-token"),
    ],
)
def test_revoke_errors(world: World, params: dict[str, str], status: int, message: str) -> None:
    base = {"client_id": CLIENT_ID, "token": world.user_token("alice")}
    base.update(params)
    oauth_error(revoke(world, **base), status, message)


def test_revoking_an_access_token_leaves_its_refresh_token(world: World) -> None:
    with world.store.transaction():
        issued = issue_user_token(world.services, CLIENT_ID, world.users["alice"], ["user:edit"])
    assert issued.refresh is not None
    revoke(world, client_id=CLIENT_ID, token=issued.access.token)
    assert world.store.auth.refresh_token(issued.refresh.token) is not None
    assert revoke(world, client_id=CLIENT_ID, token=issued.refresh.token).status_code == 200
    assert world.store.auth.refresh_token(issued.refresh.token) is None


def test_an_expired_token_cannot_be_revoked_and_fails_at_helix(world: World) -> None:
    token = world.user_token("alice")
    world.clock.advance(world.services.settings.lifetimes.user_token)
    oauth_error(revoke(world, client_id=CLIENT_ID, token=token), 400, "Invalid token")
    helix_401(world, token)
