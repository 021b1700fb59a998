"""Property: whatever a client sends to any endpoint of any namespace, the answer is a
Twitch-shaped response below 500 — never a 500, a dropped connection or a non-JSON error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import World, build_world
from twitch_mock.app import APIS
from twitch_mock.core.scopes import ALL_SCOPES

ROUTES = sorted(
    {(e.method, prefix + e.path) for api in APIS for prefix in api.prefixes[:1] for e in api.endpoints}
)
# Every parameter and body field name Twitch documents for the served endpoints (the reference
# snapshot), plus the id.twitch.tv and control API names, so a new handler is reached without edits.
REFERENCE_NAMES = sorted(
    {
        name
        for path in (Path(__file__).parent.parent / "helix" / "reference").glob("*.json")
        for fact in json.loads(path.read_text(encoding="utf-8")).values()
        for name in [*(q["name"] for q in fact["query"]), *fact["body"]]
    }
)
NAMES = st.sampled_from(
    [
        *REFERENCE_NAMES,
        "id", "login", "user_id", "broadcaster_id", "first", "after", "before", "client_id",
        "client_secret", "grant_type", "scope", "code", "token", "redirect_uri", "moderator_id", "status",
        "title", "reason", "1000", "\u00e9",
    ]
)  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(["1000", "1001", "", "0", "-1", "101", "true", "abc", "%", "eyJzIjowfQ"]),
    st.text(max_size=12),
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.text(max_size=10)
    | st.floats(allow_nan=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(NAMES, inner, max_size=3),
    max_leaves=8,
)
BODIES = st.one_of(
    st.just(b""),
    st.binary(max_size=40),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    st.dictionaries(NAMES, JSON_VALUES, max_size=4).map(lambda v: json.dumps(v).encode()),
)


@pytest.fixture(scope="module")
def shared_world() -> World:
    return build_world()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    route=st.sampled_from(ROUTES),
    params=st.lists(st.tuples(NAMES, VALUES), max_size=5),
    body=BODIES,
    content_type=st.sampled_from(["application/json", "application/x-www-form-urlencoded", "text/plain", ""]),
    auth=st.sampled_from(["app", "user", "none", "junk"]),
)
def test_no_request_gets_a_server_error(
    shared_world: World,
    route: tuple[str, str],
    params: list[tuple[str, str]],
    body: bytes,
    content_type: str,
    auth: str,
) -> None:
    w = shared_world
    method, path = route
    # Any: the junk headers carry a bytes value, which httpx sends but its types do not admit
    by_auth: dict[str, dict[str, Any]] = {
        "app": w.headers(),
        "none": {},
        "junk": {"Authorization": b"Bearer \xff\xfe", "Client-Id": "x"},
    }
    headers = by_auth.get(auth)
    if headers is None:
        headers = w.headers(w.user_token("alice", sorted(ALL_SCOPES)))
    if content_type:
        headers = {**headers, "Content-Type": content_type}
    r = w.http.request(method, path, params=params, content=body, headers=headers)
    assert r.status_code < 500, (method, path, params, body, r.text)
    if r.status_code >= 400 and not r.headers.get("content-type", "").startswith("text/html"):
        # browser pages (consent, device activation) answer their users with HTML; APIs with JSON
        assert r.headers["content-type"] == "application/json"
        assert r.json()["status"] == r.status_code
