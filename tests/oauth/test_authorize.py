"""GET /oauth2/authorize: JSON errors, redirected errors, the consent page (followed and submitted
like a browser), implicit and OIDC response types, and the auto-approve shortcuts."""

from __future__ import annotations

import pytest
from oauth_support import (
    REDIRECT,
    authorize_url,
    exchange,
    install_key,
    oauth_error,
    params_of,
    submit,
    validate,
)

from conftest import PUBLIC_CLIENT_ID, World, build_world
from twitch_mock.core.errors import BadRequest
from twitch_mock.oauth.clients import register_client
from twitch_mock.settings import Settings

MISMATCH = "Parameter redirect_uri does not match registered URI"


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        pytest.param({"client_id": "-"}, 400, "missing client id", id="no-client"),
        pytest.param({"client_id": "z" * 30}, 400, "invalid client", id="unknown-client"),
    ],
)
def test_json_errors(world: World, params: dict[str, str], status: int, message: str) -> None:
    oauth_error(world.http.get(authorize_url(**params), follow_redirects=False), status, message)


@pytest.mark.parametrize(
    ("params", "error", "description"),
    [
        pytest.param({"redirect_uri": "http://localhost:3000/"}, "redirect_mismatch", MISMATCH, id="slash"),
        pytest.param({"redirect_uri": "-"}, "redirect_mismatch", MISMATCH, id="no-redirect"),
        pytest.param(
            {"response_type": "password"},
            "unsupported_response_type",
            "Response type is not supported",
            id="bad-type",
        ),
        pytest.param(
            {"response_type": "id_token", "scope": "user:edit"},
            "unsupported_response_type",
            "Response type is not supported",
            id="id-token-without-openid",
        ),
        pytest.param(
            {"scope": "user:edit nope:nope"},
            "invalid_scope",
            "invalid scope requested: 'nope:nope'",
            id="bad-scope",
        ),
        pytest.param(
            {"client_id": PUBLIC_CLIENT_ID},
            "unauthorized_client",
            "Public clients may only use the device code flow",
            id="public-client",
        ),
        pytest.param(
            {"claims": "{nope"},
            "invalid_request",
            "Parameter claims is not valid JSON",
            id="bad-claims",
        ),
    ],
)
def test_redirected_errors(world: World, params: dict[str, str], error: str, description: str) -> None:
    r = world.http.get(authorize_url(mock_login="alice", **params), follow_redirects=False)
    assert r.status_code == 302
    assert r.headers["location"].startswith(REDIRECT + "?")
    expected = {"error": error, "error_description": description, "state": "xyz"}
    assert params_of(r.headers["location"]) == expected


@pytest.mark.parametrize("prefix", ["/oauth2", "/auth"])
def test_consent_page_then_code_exchange(world: World, prefix: str) -> None:
    """The whole authorization-code flow as a browser walks it: page, form, redirect, exchange."""
    url = authorize_url(prefix, scope="user:edit channel:read:polls", force_verify="true")
    page = world.http.get(url, follow_redirects=True)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "client a" in page.text and "channel:read:polls" in page.text and "Bob" in page.text
    r = submit(world, page, "authorize", user_id=world.users["bob"])
    assert r.status_code == 302 and r.headers["location"].startswith(REDIRECT + "?")
    back = params_of(r.headers["location"])
    assert back["scope"] == "user:edit channel:read:polls" and back["state"] == "xyz"
    token = exchange(world, back["code"]).json()
    assert token["scope"] == ["user:edit", "channel:read:polls"] and len(token["refresh_token"]) == 50
    assert set(token) == {"access_token", "expires_in", "refresh_token", "scope", "token_type"}
    me = world.http.get("/helix/users", headers=world.headers(token["access_token"])).json()["data"]
    assert me[0]["login"] == "bob"


def test_typed_login_wins_over_the_picker(world: World) -> None:
    page = world.http.get(authorize_url())
    r = submit(world, page, "authorize", login="Carol")
    token = exchange(world, params_of(r.headers["location"])["code"]).json()["access_token"]
    body = validate(world, token).json()
    assert body["login"] == "carol"


def test_consent_with_an_unknown_user(world: World) -> None:
    page = world.http.get(authorize_url())
    oauth_error(
        submit(world, page, "authorize", login="nobody"),
        400,
        "no such user: pick one from the list or type an existing login or id",
    )


@pytest.mark.parametrize("response_type", ["code", "token", "token id_token"])
def test_deny_redirects_with_the_error_in_the_query(world: World, response_type: str) -> None:
    page = world.http.get(authorize_url(response_type=response_type, scope="openid"))
    r = submit(world, page, "deny")
    assert r.status_code == 302
    assert "#" not in r.headers["location"]
    assert params_of(r.headers["location"]) == {
        "error": "access_denied",
        "error_description": "The user denied you access",
        "state": "xyz",
    }


def test_a_registered_client_and_a_redirect_uri_with_a_query(world: World) -> None:
    uri = "http://localhost:3000/cb?app=1"
    client = register_client(world.services, "Callback app", [uri, REDIRECT])
    assert client.secret and len(client.id) == 30 and client.redirect_uris == (uri, REDIRECT)
    r = world.http.get(
        authorize_url(client_id=client.id, redirect_uri=uri, mock_login="alice"), follow_redirects=False
    )
    assert r.headers["location"].startswith(uri + "&code=")
    url = authorize_url(client_id=client.id, redirect_uri="http://x")
    mismatch = world.http.get(url, follow_redirects=False)
    assert mismatch.headers["location"].startswith(uri + "&error=redirect_mismatch")


@pytest.mark.parametrize(
    ("name", "uris"), [("", [REDIRECT]), ("x", ["localhost:3000"]), ("x", ["ftp://host/"])]
)
def test_register_client_refuses_bad_input(world: World, name: str, uris: list[str]) -> None:
    with pytest.raises(BadRequest):
        register_client(world.services, name, uris)


def test_a_client_without_redirect_uris_gets_a_json_error(world: World) -> None:
    client = register_client(world.services, "No redirects")
    oauth_error(world.http.get(authorize_url(client_id=client.id), follow_redirects=False), 400, MISMATCH)


def test_mock_login_accepts_an_id_and_unknown_users_are_an_error(world: World) -> None:
    r = world.http.get(authorize_url(mock_login=world.users["dave"]), follow_redirects=False)
    assert r.status_code == 302 and "code" in params_of(r.headers["location"])
    oauth_error(
        world.http.get(authorize_url(mock_login="ghost"), follow_redirects=False),
        400,
        "mock_login / auto-approve names no user: ghost",
    )


def test_auto_approve_setting_finishes_in_one_redirect() -> None:
    world = build_world(Settings(db=":memory:", auto_approve="erin"))
    try:
        r = world.http.get(authorize_url(force_verify="true"), follow_redirects=False)
        code = params_of(r.headers["location"])["code"]
        token = exchange(world, code).json()["access_token"]
        body = validate(world, token).json()
        assert body["login"] == "erin" and body["scopes"] is None
    finally:
        world.store.close()


def test_implicit_token_in_the_fragment(world: World) -> None:
    url = authorize_url(response_type="token", scope="user:edit", mock_login="alice")
    r = world.http.get(url, follow_redirects=False)
    assert r.status_code == 302
    assert r.headers["location"].startswith(REDIRECT + "#")
    frag = params_of(r.headers["location"], "fragment")
    assert set(frag) == {"access_token", "scope", "state", "token_type"}
    assert frag["token_type"] == "bearer" and frag["scope"] == "user:edit"
    body = validate(world, frag["access_token"]).json()
    assert body["expires_in"] == world.services.settings.lifetimes.implicit_token


@pytest.mark.parametrize(
    ("response_type", "keys"),
    [
        ("id_token", {"id_token", "scope", "state"}),
        ("token id_token", {"access_token", "id_token", "scope", "state", "token_type"}),
        ("code id_token", {"code", "id_token", "scope", "state"}),
    ],
)
def test_oidc_response_types(world: World, response_type: str, keys: set[str]) -> None:
    install_key(world)
    r = world.http.get(
        authorize_url(response_type=response_type, scope="openid", nonce="n1", mock_login="alice"),
        follow_redirects=False,
    )
    assert set(params_of(r.headers["location"], "fragment")) == keys


def test_codes_are_bound_to_the_scopes_and_user(world: World) -> None:
    r = world.http.get(authorize_url(scope="bits:read", mock_login="bob"), follow_redirects=False)
    token = exchange(world, params_of(r.headers["location"])["code"]).json()
    assert token["scope"] == ["bits:read"]
