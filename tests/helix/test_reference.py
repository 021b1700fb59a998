"""Every served Helix endpoint against Twitch's own reference (snapshotted by
tools/helix_reference.py into reference/<family>.json): its token type, scopes, paging and owner parameters,
success status, and the exact shape of a real response: every field Twitch documents as required is
there, and nothing Twitch doesn't send.

A new endpoint needs its reference entry (run the tool) and at least one example call in its family's
test module (`REFERENCE_EXAMPLES`, see reference_support.py)."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft7Validator
from reference_support import Example

from twitch_mock import MockTwitch
from twitch_mock.helix import HELIX
from twitch_mock.http.endpoint import Auth, Endpoint

REFERENCE: dict[str, dict[str, Any]] = {
    key: fact
    for path in sorted((Path(__file__).parent / "reference").glob("*.json"))
    for key, fact in json.loads(path.read_text(encoding="utf-8")).items()
}
TOKENS = {
    "user": Auth.USER,
    "app": Auth.APP,
    "either": Auth.EITHER,
    "none": Auth.NONE,
    "extension_jwt": Auth.EXTENSION,
}


def _examples() -> dict[str, list[Example]]:
    """Every family test module's REFERENCE_EXAMPLES, joined."""
    found: dict[str, list[Example]] = {}
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        module = importlib.import_module(path.stem)
        for key, makes in getattr(module, "REFERENCE_EXAMPLES", {}).items():
            found.setdefault(key, []).extend(makes)
    return found


def _key(endpoint: Endpoint) -> str:
    return f"{endpoint.method} {endpoint.path}"


EXAMPLES = _examples()
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
    for policy in endpoint.policies:
        for name in policy.params:
            where = ref["body"] if name.startswith("body.") else query
            assert name.removeprefix("body.") in where, (name, policy)


@pytest.mark.parametrize(("key", "n", "make"), CALLS, ids=[f"{k} #{n}" for k, n, _ in CALLS])
def test_the_response_has_twitchs_status_and_shape(
    twitch_mock: MockTwitch, key: str, n: int, make: Example
) -> None:
    method, path = key.split(" ", 1)
    call = make(twitch_mock)
    headers = {"Authorization": f"Bearer {call.token}", "Client-Id": call.client_id or twitch_mock.client_id}
    r = httpx.request(
        method,
        twitch_mock.url + "/helix" + path,
        params=call.params,
        headers=headers if call.token else {},  # an endpoint without auth is called without headers
        json=call.body,
    )
    ref = REFERENCE[key]
    assert r.status_code == ref["success"], r.text
    if "content_type" in ref:  # not JSON (Get Channel iCalendar's text/calendar)
        assert r.headers["content-type"] == ref["content_type"] and r.content
        return
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
    endpoint = next(e for e in HELIX.endpoints if _key(e) == key)
    paged = endpoint.first is not None or "after" in {
        p["name"] for p in ref["query"]
    }  # Get User Emotes: no first
    assert ("pagination" in body) == paged, "paginated endpoints return a Page"
