"""The Conduits API against Twitch's own reference, as test_reference.py does for Helix:
reference/conduits.json holds, per endpoint, the token type, scopes, success status and the closed
response schema (made by tools/helix_reference.py's `fact` from helix-openapi.json; the Helix tool
walks only the Helix families). Each endpoint is called on a running, seeded mock and its answer
validated against that schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft7Validator

from twitch_mock import MockTwitch
from twitch_mock.eventsub.conduits import ENDPOINTS
from twitch_mock.http.endpoint import Auth

REFERENCE: dict[str, dict[str, Any]] = json.loads(
    (Path(__file__).parent / "reference" / "conduits.json").read_text(encoding="utf-8")
)
SECRET = "0123456789abcdef"


def _request(mock: MockTwitch, method: str, path: str, **kwargs: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {mock.app_token()}", "Client-Id": mock.client_id}
    return httpx.request(method, mock.url + "/helix" + path, headers=headers, **kwargs)


def _conduit(mock: MockTwitch, shards: int = 2) -> str:
    r = _request(mock, "POST", "/eventsub/conduits", json={"shard_count": shards})
    return str(r.json()["data"][0]["id"])


def _with_shards(mock: MockTwitch) -> str:
    conduit_id = _conduit(mock)
    shards = [
        {
            "id": "0",
            "transport": {"method": "webhook", "callback": "http://127.0.0.1:9/a", "secret": SECRET},
        },
        {"id": "1", "transport": {"method": "websocket", "session_id": "a-session"}},
    ]
    _request(mock, "PATCH", "/eventsub/conduits/shards", json={"conduit_id": conduit_id, "shards": shards})
    return conduit_id


Call = tuple[dict[str, Any], dict[str, Any] | None]  # query, body


def _nothing(made: str) -> Call:
    """No query and no body (`made` is the conduit the example created first)."""
    return {}, None


EXAMPLES: dict[str, Callable[[MockTwitch], Call]] = {
    "POST /eventsub/conduits": lambda m: ({}, {"shard_count": 5}),
    "GET /eventsub/conduits": lambda m: _nothing(_conduit(m)),
    "PATCH /eventsub/conduits": lambda m: ({}, {"id": _conduit(m), "shard_count": 7}),
    "DELETE /eventsub/conduits": lambda m: ({"id": _conduit(m)}, None),
    "GET /eventsub/conduits/shards": lambda m: ({"conduit_id": _with_shards(m)}, None),
    "PATCH /eventsub/conduits/shards": lambda m: (
        {},
        {
            "conduit_id": _conduit(m),
            "shards": [
                {
                    "id": "0",
                    "transport": {"method": "webhook", "callback": "http://127.0.0.1:9/a", "secret": SECRET},
                },
                {"id": "5", "transport": {"method": "websocket", "session_id": "s"}},
            ],
        },
    ),
}


def test_every_endpoint_has_a_reference_entry_and_an_example() -> None:
    served = {f"{e.method} {e.path}" for e in ENDPOINTS}
    assert served == set(REFERENCE) == set(EXAMPLES)
    for e in ENDPOINTS:
        ref = REFERENCE[f"{e.method} {e.path}"]
        assert e.auth is Auth.APP and ref["token"] == "app"
        assert set(e.scopes) == set(ref["scopes"]) == set()


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_the_response_has_twitchs_status_and_shape(twitch_mock: MockTwitch, key: str) -> None:
    method, path = key.split(" ", 1)
    query, body = EXAMPLES[key](twitch_mock)
    r = _request(twitch_mock, method, path, params=query, json=body)
    ref = REFERENCE[key]
    assert r.status_code == ref["success"], r.text
    if ref["response"] is None:
        assert r.content == b""
        return
    assert r.headers["content-type"] == "application/json"
    answer = r.json()
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in Draft7Validator(ref["response"]).iter_errors(answer)
    ]
    assert not errors, errors
    assert answer["data"], "an example should return rows, so their shape is checked"
