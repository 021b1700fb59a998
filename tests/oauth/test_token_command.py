"""`twitch-mock token` against a real loopback mock: app tokens, user tokens through the local
redirect server (headless with auto-approve, or through a stand-in browser), the device flow,
validate, refresh, revoke, the config file, and one clear error line for each failure."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result
from oauth_support import free_port

from twitch_mock.cli import main
from twitch_mock.domain import users
from twitch_mock.mock import MockTwitch
from twitch_mock.oauth.clients import register_client
from twitch_mock.store.auth import Client


class Env:
    def __init__(self, mock: MockTwitch, client: Client, port: int) -> None:
        self.mock = mock
        self.client = client
        self.port = port
        self.auth_url = f"http://127.0.0.1:{mock.port}/oauth2"
        self.login = users.find(mock.services.conn, ids=users.ids(mock.services.conn, 1))[0].login

    def run(self, *args: str, creds: bool = True) -> Result:
        extra = ["--client-id", self.client.id, "--secret", self.client.secret or ""] if creds else []
        argv = [
            "token",
            "--auth-url",
            self.auth_url,
            *extra,
            "-p",
            str(self.port),
            "--redirect-host",
            "127.0.0.1",
        ]
        return CliRunner().invoke(main, [*argv, *args])

    def approve(self, on: bool) -> None:
        services = self.mock.services
        services.settings = replace(services.settings, auto_approve=self.login if on else None)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[MockTwitch, Client, int]]:
    mock = MockTwitch(seed=21, users=3)
    port = free_port()
    client = register_client(mock.services, "token command", [f"http://127.0.0.1:{port}"])
    mock.start()
    try:
        yield mock, client, port
    finally:
        mock.close()


@pytest.fixture
def env(server: tuple[MockTwitch, Client, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Env:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setattr("webbrowser.open", lambda url: False)
    e = Env(*server)
    e.approve(True)
    return e


def value(result: Result, label: str) -> str:
    for line in result.output.splitlines():
        if line.startswith(label + ": "):
            return line.split(": ", 1)[1]
    raise AssertionError(f"no {label!r} in {result.output}")


def config(tmp_path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((tmp_path / "twitch-mock" / "token.json").read_text())
    return data


def test_app_token_with_credentials_from_the_mocks_units(env: Env, tmp_path: Path) -> None:
    r = env.run(creds=False)
    assert r.exit_code == 0, r.output
    token = value(r, "App Access Token")
    assert "Successfully generated App Access Token." in r.output and len(token) == 30
    assert config(tmp_path)[env.auth_url]["access_token"] == token
    checked = env.run("-v", token)
    assert value(checked, "Token Type") == "App Access Token" and "Scopes: None" in checked.output


def test_user_token_headless_with_auto_approve(env: Env, tmp_path: Path) -> None:
    r = env.run("-u", "-s", "user:edit bits:read")
    assert r.exit_code == 0, r.output
    assert "Open this URL to log in: " in r.output and "Successfully generated User Access Token." in r.output
    checked = env.run("-v", value(r, "User Access Token"))
    assert value(checked, "User Login") == env.login
    assert "- user:edit\n- bits:read" in checked.output
    saved = config(tmp_path)[env.auth_url]
    assert saved["client_id"] == env.client.id and saved["scopes"] == ["user:edit", "bits:read"]


def test_user_token_through_a_browser(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    env.approve(False)

    def browser(url: str) -> bool:  # a person who signs in on the consent page as the first user
        httpx.get(url + f"&mock_login={env.login}", follow_redirects=True, timeout=10)
        return True

    monkeypatch.setattr("webbrowser.open", browser)
    r = env.run("-u", "--forceverify")
    assert r.exit_code == 0, r.output
    assert "Opening browser." in r.output and value(r, "Scopes") == "[]"


def test_a_denied_login_fails(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    env.approve(False)

    def browser(url: str) -> bool:
        state = httpx.URL(url).params["state"]
        query = {"error": "access_denied", "error_description": "The user denied you access", "state": state}
        httpx.get(f"http://127.0.0.1:{env.port}/", params=query, timeout=10)
        return True

    monkeypatch.setattr("webbrowser.open", browser)
    r = env.run("-u")
    assert r.exit_code == 1
    assert "Error! access_denied Error Details: The user denied you access" in r.output


def test_refresh_then_revoke(env: Env) -> None:
    first = env.run("-u")
    refreshed = env.run("-R", value(first, "Refresh Token"))
    assert refreshed.exit_code == 0 and "Successfully refreshed Access Token." in refreshed.output
    token = value(refreshed, "Access Token")
    revoked = env.run("-r", token)
    assert revoked.exit_code == 0 and f"Token {token} has been successfully revoked" in revoked.output
    gone = env.run("-v", token)
    assert gone.exit_code == 1 and "invalid access token" in gone.output


def test_device_code_flow_with_the_public_client(env: Env) -> None:
    r = env.run("-u", "--dcf", "-s", "chat:read", creds=False)
    assert r.exit_code == 0, r.output
    assert "Started Device Code Flow login." in r.output and "/oauth2/activate?device-code=" in r.output
    assert value(r, "Scopes") == "['chat:read']"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["-r", "nope"], "API responded with an error while revoking token: [400]", id="revoke"),
        pytest.param(["-R", "nope"], "Error with client while refreshing: [400", id="refresh"),
        pytest.param(["-v", "nope"], "the token is not valid: invalid access token", id="validate"),
        pytest.param(
            ["-u", "--client-id", "z" * 30],
            "the authorization request was refused: invalid client",
            id="bad-client",
        ),
        pytest.param(["-u", "-s", "nope:nope"], "Error! invalid_scope", id="bad-scope"),
        pytest.param(["--secret", "x"], "invalid client secret", id="bad-secret"),
    ],
)
def test_errors_are_one_line_and_exit_1(env: Env, args: list[str], message: str) -> None:
    r = env.run(*args)
    assert r.exit_code == 1 and message in r.output, r.output


def test_no_credentials_for_the_real_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    r = CliRunner().invoke(main, ["token", "--auth-url", "https://id.twitch.tv/oauth2"])
    assert r.exit_code == 1 and "No Client ID or Secret found" in r.output


def test_an_unreachable_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    url = f"http://127.0.0.1:{free_port()}/oauth2"
    r = CliRunner().invoke(main, ["token", "--auth-url", url, "--client-id", "a" * 30, "--secret", "b" * 30])
    assert r.exit_code == 1 and f"cannot reach {url}/token" in r.output
