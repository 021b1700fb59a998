"""POST /oauth2/token: the authorization_code and refresh_token grants with each of their errors,
refresh rotation for confidential clients and single use for public ones, and parameter transport
(query, urlencoded body, multipart body)."""

from __future__ import annotations

from typing import Any

import pytest
from oauth_support import authorize_url, exchange, get_code, oauth_error, params_of, validate

from conftest import CLIENT_ID, CLIENT_SECRET, OTHER_CLIENT_ID, PUBLIC_CLIENT_ID, World
from twitch_mock.oauth.tokens import issue_user_token

INVALID_CODE = "Invalid authorization code"
MISMATCH = "Parameter redirect_uri does not match registered URI"


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        pytest.param({"client_id": "-"}, 400, "missing client id", id="no-client"),
        pytest.param({"client_id": "z" * 30}, 400, "invalid client", id="unknown-client"),
        pytest.param({"client_secret": "-"}, 400, "missing client secret", id="no-secret"),
        pytest.param({"client_secret": "wrong"}, 403, "invalid client secret", id="bad-secret"),
        pytest.param(
            {"client_id": PUBLIC_CLIENT_ID},
            400,
            "invalid client: public clients may only use the device code flow",
            id="public-client",
        ),
        pytest.param({"code": "-"}, 400, "missing code", id="no-code"),
        pytest.param({"code": "nope"}, 400, INVALID_CODE, id="unknown-code"),
        pytest.param(
            {"client_id": OTHER_CLIENT_ID, "client_secret": "o" * 30}, 400, INVALID_CODE, id="other-client"
        ),
        pytest.param({"redirect_uri": "http://localhost:3000/"}, 400, MISMATCH, id="other-redirect"),
        pytest.param({"redirect_uri": "-"}, 400, MISMATCH, id="no-redirect"),
        pytest.param({"grant_type": "password"}, 400, "unsupported grant_type: password", id="bad-grant"),
    ],
)
def test_authorization_code_errors(world: World, params: dict[str, str], status: int, message: str) -> None:
    code = get_code(world)
    oauth_error(exchange(world, code, **params), status, message)
    assert exchange(world, code).status_code == 200  # a failed exchange does not use the code up


def test_a_code_works_once(world: World) -> None:
    code = get_code(world, "user:edit")
    assert exchange(world, code).status_code == 200
    oauth_error(exchange(world, code), 400, INVALID_CODE)


def test_a_code_expires_after_ten_minutes(world: World) -> None:
    code = get_code(world)
    world.clock.advance(world.services.settings.lifetimes.auth_code)
    oauth_error(exchange(world, code), 400, INVALID_CODE)


def test_code_exchange_in_a_urlencoded_and_a_multipart_body(world: World) -> None:
    for send in ("data", "files"):
        fields = {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "code": get_code(world),
            "grant_type": "authorization_code",
            "redirect_uri": "http://localhost:3000",
        }
        multipart = {k: (None, v) for k, v in fields.items()}
        body: dict[str, Any] = {"data": fields} if send == "data" else {"files": multipart}
        assert world.http.post("/auth/token", **body).status_code == 200


def refresh(world: World, token: str, client_id: str = CLIENT_ID, **extra: str) -> Any:
    data = {"client_id": client_id, "grant_type": "refresh_token", "refresh_token": token}
    if client_id == CLIENT_ID:
        data["client_secret"] = CLIENT_SECRET
    data.update(extra)
    return world.http.post("/oauth2/token", data={k: v for k, v in data.items() if v != "-"})


def grant(world: World, client_id: str = CLIENT_ID, scopes: tuple[str, ...] = ("user:edit",)) -> list[str]:
    with world.store.transaction():
        issued = issue_user_token(world.services, client_id, world.users["alice"], scopes)
    assert issued.refresh is not None
    return [issued.access.token, issued.refresh.token]


def test_confidential_refresh_rotates_and_the_old_token_stays_valid(world: World) -> None:
    access, first = grant(world)
    body = refresh(world, first).json()
    assert set(body) == {"access_token", "expires_in", "refresh_token", "scope", "token_type"}
    assert body["refresh_token"] != first and body["access_token"] != access
    assert body["scope"] == ["user:edit"]
    assert body["expires_in"] == world.services.settings.lifetimes.user_token
    assert refresh(world, first).status_code == 200  # the old refresh token keeps working
    assert refresh(world, body["refresh_token"]).status_code == 200
    assert validate(world, access).status_code == 200  # the old access token lives until it expires


def test_public_refresh_tokens_are_single_use_and_need_no_secret(world: World) -> None:
    _, first = grant(world, PUBLIC_CLIENT_ID)
    body = refresh(world, first, PUBLIC_CLIENT_ID, client_secret="None").json()  # pyTwitchAPI sends "None"
    second = body["refresh_token"]
    oauth_error(refresh(world, first, PUBLIC_CLIENT_ID), 400, "Invalid refresh token")
    third = refresh(world, second, PUBLIC_CLIENT_ID).json()["refresh_token"]
    assert len({first, second, third}) == 3


def test_public_refresh_tokens_expire_after_thirty_idle_days(world: World) -> None:
    _, first = grant(world, PUBLIC_CLIENT_ID)
    _, second = grant(world, PUBLIC_CLIENT_ID)
    idle = world.services.settings.lifetimes.public_refresh_idle
    world.clock.advance(idle - 1)
    assert refresh(world, first, PUBLIC_CLIENT_ID).status_code == 200
    world.clock.advance(1)
    oauth_error(refresh(world, second, PUBLIC_CLIENT_ID), 400, "Invalid refresh token")


def test_refresh_may_narrow_the_scopes(world: World) -> None:
    _, rt = grant(world, scopes=("user:edit", "bits:read"))
    assert refresh(world, rt, scope="bits:read").json()["scope"] == ["bits:read"]
    assert refresh(world, rt).json()["scope"] == ["user:edit", "bits:read"]


@pytest.mark.parametrize(
    ("extra", "status", "message"),
    [
        pytest.param({"refresh_token": "-"}, 400, "missing refresh token", id="no-token"),
        pytest.param({"refresh_token": "nope"}, 400, "Invalid refresh token", id="unknown-token"),
        pytest.param({"client_secret": "-"}, 400, "missing client secret", id="no-secret"),
        pytest.param({"client_secret": "x"}, 403, "invalid client secret", id="bad-secret"),
        pytest.param({"client_id": "-"}, 400, "missing client id", id="no-client"),
        pytest.param({"client_id": "z" * 30}, 400, "invalid client", id="unknown-client"),
        pytest.param(
            {"client_id": OTHER_CLIENT_ID, "client_secret": "o" * 30},
            400,
            "Invalid refresh token",
            id="other-client",
        ),
        pytest.param({"scope": "nope:nope"}, 400, "invalid scope requested: 'nope:nope'", id="unknown-scope"),
        pytest.param({"scope": "bits:read"}, 400, "invalid scope requested: 'bits:read'", id="wider-scope"),
    ],
)
def test_refresh_errors(world: World, extra: dict[str, str], status: int, message: str) -> None:
    _, rt = grant(world)
    oauth_error(refresh(world, rt, **extra), status, message)


def test_a_revoked_grant_cannot_refresh(world: World) -> None:
    access, rt = grant(world)
    token = world.store.auth.token(access)
    assert token is not None and token.grant_id is not None
    with world.store.transaction():
        world.store.auth.revoke_grant(token.grant_id)
    oauth_error(refresh(world, rt), 400, "Invalid refresh token")


def test_the_shortcut_refresh_token_works(world: World) -> None:
    q = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "grant_type": "user_token",
        "user_id": world.users["alice"],
        "scope": "user:edit",
    }
    rt = world.http.post("/auth/authorize", params=q).json()["refresh_token"]
    assert refresh(world, rt).json()["scope"] == ["user:edit"]


def test_token_query_parameters_decode_plus_and_percent20(world: World) -> None:
    url = authorize_url(scope="-", mock_login="alice") + "&scope=user%3Aedit+bits:read%20chat:read"
    r = world.http.get(url, follow_redirects=False)
    code = params_of(r.headers["location"])["code"]
    assert exchange(world, code).json()["scope"] == ["user:edit", "bits:read", "chat:read"]
