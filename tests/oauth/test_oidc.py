"""OpenID Connect: discovery (at /oauth2, /auth and the root), the JWKS, ID tokens verified with
PyJWT against the served keys, the claims Twitch issues, /userinfo, and a signing key that
survives a restart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jwt
import pytest
from oauth_support import authorize_url, exchange, install_key, oauth_error, params_of

from conftest import CLIENT_ID, World
from twitch_mock.core.clock import Clock
from twitch_mock.domain.services import Services
from twitch_mock.oauth.keys import jwks
from twitch_mock.settings import Settings
from twitch_mock.store import Store

CLAIMS = json.dumps(
    {"id_token": {"email": None, "email_verified": None, "picture": None}, "userinfo": {"email": None}}
)


@pytest.mark.parametrize("path", ["/oauth2", "/auth", ""])
def test_discovery_uses_the_mocks_own_origin(world: World, path: str) -> None:
    r = world.http.get(f"{path}/.well-known/openid-configuration", headers={"Host": "127.0.0.1:9999"})
    doc = r.json()
    assert r.headers["content-type"] == "application/json"
    base = "http://127.0.0.1:9999/oauth2"
    assert doc["issuer"] == base and doc["jwks_uri"] == f"{base}/keys"
    assert (
        doc["authorization_endpoint"] == f"{base}/authorize"
        and doc["userinfo_endpoint"] == f"{base}/userinfo"
    )
    assert doc["token_endpoint"] == f"{base}/token"
    assert doc["token_endpoint_auth_methods_supported"] == ["client_secret_post"]
    assert doc["id_token_signing_alg_values_supported"] == ["RS256"] and doc["claims_parameter_supported"]
    assert set(doc["response_types_supported"]) == {
        "id_token",
        "code",
        "token",
        "code id_token",
        "token id_token",
    }


def test_jwks_shape(world: World) -> None:
    install_key(world)
    (key,) = world.http.get("/oauth2/keys").json()["keys"]
    assert set(key) == {"alg", "e", "kid", "kty", "n", "use"}
    assert (key["alg"], key["kid"], key["kty"], key["use"], key["e"]) == ("RS256", "1", "RSA", "sig", "AQAB")


def verify(world: World, token: str, nonce: str | None = None) -> dict[str, Any]:
    """Check the ID token's signature with the key the mock serves, as an OIDC client would."""
    header = jwt.get_unverified_header(token)
    assert header == {"alg": "RS256", "typ": "JWT", "kid": "1"}
    (jwk,) = world.http.get("/oauth2/keys").json()["keys"]
    key = jwt.PyJWK(jwk).key
    now = world.clock.now()
    claims: dict[str, Any] = jwt.decode(
        token, key, algorithms=["RS256"], audience=CLIENT_ID, issuer="http://localhost/oauth2",
        options={"verify_exp": False, "verify_iat": False},
    )  # fmt: skip
    assert claims["exp"] - claims["iat"] == 900 and abs(claims["iat"] - now) < 2
    assert claims.get("nonce") == nonce
    return claims


def test_code_flow_id_token_with_email_claims(world: World) -> None:
    install_key(world)
    url = authorize_url(scope="openid user:read:email", nonce="n-1", claims=CLAIMS, mock_login="alice")
    code = params_of(world.http.get(url, follow_redirects=False).headers["location"])["code"]
    body = exchange(world, code).json()
    claims = verify(world, body["id_token"], "n-1")
    assert claims["sub"] == world.users["alice"] and claims["azp"] == CLIENT_ID and claims["aud"] == CLIENT_ID
    assert claims["preferred_username"] == "Alice"
    assert claims["email"] == "alice@example.com" and claims["email_verified"] is True
    assert claims["picture"].startswith("https://") and "at_hash" not in claims
    info = world.http.get(
        "/oauth2/userinfo", headers={"Authorization": f"Bearer {body['access_token']}"}
    ).json()
    assert info["sub"] == world.users["alice"] and info["iss"] == "http://localhost/oauth2"
    assert (
        info["email"] == "alice@example.com" and info["aud"] == CLIENT_ID and info["exp"] - info["iat"] == 900
    )


def test_email_claims_need_the_email_scope(world: World) -> None:
    install_key(world)
    url = authorize_url(scope="openid", claims=CLAIMS, mock_login="bob")
    code = params_of(world.http.get(url, follow_redirects=False).headers["location"])["code"]
    claims = verify(world, exchange(world, code).json()["id_token"])
    assert "email" not in claims and "email_verified" not in claims and "picture" in claims


def test_implicit_id_token_has_at_hash(world: World) -> None:
    install_key(world)
    url = authorize_url(response_type="token id_token", scope="openid", nonce="abc", mock_login="carol")
    frag = params_of(world.http.get(url, follow_redirects=False).headers["location"], "fragment")
    claims = verify(world, frag["id_token"], "abc")
    assert claims["at_hash"] and claims["sub"] == world.users["carol"]


def test_no_id_token_without_openid(world: World) -> None:
    url = authorize_url(scope="user:edit", mock_login="alice")
    code = params_of(world.http.get(url, follow_redirects=False).headers["location"])["code"]
    assert "id_token" not in exchange(world, code).json()


@pytest.mark.parametrize(
    ("header", "message"),
    [
        pytest.param(None, "missing authorization token", id="none"),
        pytest.param("Bearer nope", "invalid access token", id="unknown"),
        pytest.param("app", "invalid access token", id="app-token"),
    ],
)
def test_userinfo_errors(world: World, header: str | None, message: str) -> None:
    headers = (
        {}
        if header is None
        else {"Authorization": f"Bearer {world.app_token}" if header == "app" else header}
    )
    oauth_error(world.http.get("/oauth2/userinfo", headers=headers), 401, message)


def test_the_signing_key_survives_a_restart(tmp_path: Path) -> None:
    path = str(tmp_path / "mock.db")
    first = Store.open(path)
    keys = jwks(Services(Settings(db=path), first, Clock()))
    first.close()
    second = Store.open(path)
    try:
        assert jwks(Services(Settings(db=path), second, Clock())) == keys
    finally:
        second.close()
