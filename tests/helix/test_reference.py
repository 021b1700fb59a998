"""Every served Helix endpoint against Twitch's own reference (snapshotted by
tools/helix_reference.py into reference.json): its token type, scopes, paging and owner parameters,
success status, and the exact shape of a real response: every field Twitch documents as required is
there, and nothing Twitch doesn't send.

A new endpoint needs its reference entry (run the tool) and at least one example call below."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft7Validator

from twitch_mock import MockTwitch
from twitch_mock.helix import HELIX
from twitch_mock.http.endpoint import Auth, Endpoint

REFERENCE: dict[str, dict[str, Any]] = json.loads(
    (Path(__file__).parent / "reference.json").read_text(encoding="utf-8")
)
TOKENS = {"user": Auth.USER, "app": Auth.APP, "either": Auth.EITHER}


@dataclass(frozen=True)
class Call:
    params: dict[str, str]
    token: str


def _key(endpoint: Endpoint) -> str:
    return f"{endpoint.method} {endpoint.path}"


def _as(mock: MockTwitch, n: int, *scopes: str) -> str:
    return mock.user_token(mock.users[n].id, list(scopes))


def _blocked_list(mock: MockTwitch) -> Call:
    for n in (1, 2):
        mock.block(mock.users[0].id, mock.users[n].id)
    return Call({"broadcaster_id": mock.users[0].id, "first": "1"}, _as(mock, 0, "user:read:blocked_users"))


EXAMPLES: dict[str, list[Callable[[MockTwitch], Call]]] = {
    "GET /users": [
        lambda m: Call({"id": m.users[1].id, "login": m.users[2].login}, m.app_token()),
        lambda m: Call({}, _as(m, 0, "user:read:email")),  # with email
    ],
    "PUT /users": [lambda m: Call({"description": "Hello"}, _as(m, 0, "user:edit", "user:read:email"))],
    "GET /users/blocks": [_blocked_list],
    "PUT /users/blocks": [
        lambda m: Call(
            {"target_user_id": m.users[3].id, "reason": "spam"}, _as(m, 0, "user:manage:blocked_users")
        )
    ],
    "DELETE /users/blocks": [
        lambda m: Call({"target_user_id": m.users[3].id}, _as(m, 0, "user:manage:blocked_users"))
    ],
}
CALLS = [(key, n, make) for key, makes in EXAMPLES.items() for n, make in enumerate(makes)]


def test_every_endpoint_has_a_reference_entry_and_an_example() -> None:
    served = {_key(e) for e in HELIX.endpoints}
    assert served == set(REFERENCE), "run tools/helix_reference.py"
    assert served <= set(EXAMPLES)


@pytest.mark.parametrize("endpoint", HELIX.endpoints, ids=_key)
def test_auth_and_scopes_are_twitchs(endpoint: Endpoint) -> None:
    ref = REFERENCE[_key(endpoint)]
    assert endpoint.auth is TOKENS[ref["token"]]
    assert set(endpoint.scopes) == set(ref["scopes"])


@pytest.mark.parametrize("endpoint", HELIX.endpoints, ids=_key)
def test_paging_and_owner_parameters_are_twitchs(endpoint: Endpoint) -> None:
    ref = REFERENCE[_key(endpoint)]
    query = {p["name"] for p in ref["query"]}
    assert (endpoint.first is not None) == ({"first", "after"} <= query)
    assert endpoint.before == ("before" in query)
    if endpoint.owner is not None:
        name = endpoint.owner.removeprefix("body.")
        assert name in (ref["body"] if endpoint.owner.startswith("body.") else query)


@pytest.mark.parametrize(("key", "n", "make"), CALLS, ids=[f"{k} #{n}" for k, n, _ in CALLS])
def test_the_response_has_twitchs_status_and_shape(
    twitch_mock: MockTwitch, key: str, n: int, make: Callable[[MockTwitch], Call]
) -> None:
    method, path = key.split(" ", 1)
    call = make(twitch_mock)
    headers = {"Authorization": f"Bearer {call.token}", "Client-Id": twitch_mock.client_id}
    r = httpx.request(method, twitch_mock.url + "/helix" + path, params=call.params, headers=headers)
    ref = REFERENCE[key]
    assert r.status_code == ref["success"], r.text
    if ref["response"] is None:
        assert r.content == b""
        return
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in Draft7Validator(ref["response"]).iter_errors(body)
    ]
    assert not errors, errors
    assert body["data"], "an example should return rows, so their shape is checked"
