"""Request headers sent more than once: values are joined with ", " (RFC 9110 5.3), and the two
credential headers, Authorization and Client-Id, never quietly answer for one of two different
values: the joined value names no token or client, so Helix and id.twitch.tv refuse it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from conftest import CLIENT_ID, OTHER_CLIENT_ID, World, assert_error
from twitch_mock.http.request import Request

URL = "/helix/users?id=1000"


def request(*headers: tuple[str, str]) -> Request:
    raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    return Request({"method": "GET", "path": "/", "headers": raw}, b"")


def test_each_header_once_is_read_as_is() -> None:
    r = request(("host", "localhost"), ("client-id", CLIENT_ID), ("accept", "*/*"))
    assert r.headers == {"host": "localhost", "client-id": CLIENT_ID, "accept": "*/*"}


def test_repeated_values_are_joined_in_order() -> None:
    r = request(("accept", "a/b"), ("x-a", "1"), ("accept", "c/d"), ("x-a", "1"), ("accept", "e/f"))
    assert r.headers == {"accept": "a/b, c/d, e/f", "x-a": "1, 1"}


def test_credentials_repeated_with_the_same_value_collapse() -> None:
    r = request(("authorization", "Bearer t"), ("client-id", "c"), ("authorization", "Bearer t"))
    assert r.headers == {"authorization": "Bearer t", "client-id": "c"}


def test_credentials_with_different_values_are_joined() -> None:
    r = request(("client-id", "a"), ("client-id", "b"), ("client-id", "a"))
    assert r.headers == {"client-id": "a, b"}


def test_the_same_credentials_twice_are_accepted(world: World) -> None:
    headers = [*world.headers().items(), *world.headers().items()]
    r = world.http.get(URL, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["data"][0]["id"] == "1000"


def test_header_names_repeated_in_another_case_are_the_same_header(world: World) -> None:
    token = f"Bearer {world.app_token}"
    headers = [("Authorization", token), ("authorization", token), ("Client-Id", CLIENT_ID)]
    assert world.http.get(URL, headers=[*headers, ("CLIENT-ID", CLIENT_ID)]).status_code == 200
    r = world.http.get(URL, headers=[*headers, ("CLIENT-ID", OTHER_CLIENT_ID)])
    assert_error(r, 401, "Client ID and OAuth token do not match")


@pytest.mark.parametrize("order", [(CLIENT_ID, OTHER_CLIENT_ID), (OTHER_CLIENT_ID, CLIENT_ID)])
def test_two_different_client_ids_are_refused(world: World, order: tuple[str, str]) -> None:
    headers = [("Authorization", f"Bearer {world.app_token}"), *(("Client-Id", c) for c in order)]
    assert_error(world.http.get(URL, headers=headers), 401, "Client ID and OAuth token do not match")


@pytest.mark.parametrize("valid_first", [True, False])
def test_two_different_tokens_are_refused(world: World, valid_first: bool) -> None:
    tokens = [world.app_token, world.user_token("bob")]
    if not valid_first:
        tokens.reverse()
    headers = [*(("Authorization", f"Bearer {t}") for t in tokens), ("Client-Id", CLIENT_ID)]
    assert_error(world.http.get(URL, headers=headers), 401, "Invalid OAuth token")


def test_validate_refuses_two_different_tokens(world: World) -> None:
    one, two = world.user_token("alice"), world.user_token("bob")
    assert world.http.get("/oauth2/validate", headers=[("Authorization", f"OAuth {one}")] * 2).is_success
    r = world.http.get("/oauth2/validate", headers=[("Authorization", f"OAuth {t}") for t in (one, two)])
    assert r.status_code == 401
    assert r.json() == {"status": 401, "message": "invalid access token"}


def test_nothing_imports_python_multipart() -> None:
    """The multipart body parser is our own (email.parser): python-multipart is no dependency."""
    script = textwrap.dedent(
        """
        import sys
        sys.modules["multipart"] = sys.modules["python_multipart"] = None  # importing them fails
        import twitch_mock.app, twitch_mock.mock, twitch_mock.cli
        from twitch_mock.http.request import Request
        body = b'--B\\r\\nContent-Disposition: form-data; name="client_id"\\r\\n\\r\\nabc\\r\\n--B--\\r\\n'
        headers = [(b"content-type", b"multipart/form-data; boundary=B")]
        form = Request({"method": "POST", "path": "/", "headers": headers}, body).form
        assert form.values == {"client_id": ["abc"]}, form.values
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
