"""Property: with a valid extension JWT (or the extension's app token), whatever a client sends to
an extension, user extension or analytics endpoint, the answer is a Twitch-shaped response below
500. (The framework's fuzz test never holds a valid JWT, so it stops at the 401.)"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import World, build_world
from twitch_mock.domain import extensions, streams, user_extensions
from twitch_mock.domain.extensions import sign
from twitch_mock.helix import analytics as analytics_api
from twitch_mock.helix import extensions as extensions_api
from twitch_mock.helix import user_extensions as user_extensions_api
from twitch_mock.oauth.tokens import issue_app_token

ROUTES = sorted(
    {
        (e.method, "/helix" + e.path)
        for m in (extensions_api, user_extensions_api, analytics_api)
        for e in m.ENDPOINTS
    }
)
NAMES = st.sampled_from(
    [
        "extension_id", "extension_version", "segment", "broadcaster_id", "content", "version", "target",
        "message", "is_global_broadcast", "text", "required_configuration", "delay", "sku", "cost", "amount",
        "type", "display_name", "expiration", "in_development", "is_broadcast", "should_include_all", "id",
        "first", "after", "user_id", "data", "panel", "overlay", "component", "1", "2", "active", "x", "y",
        "started_at", "ended_at", "game_id",
    ]
)  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(["EXT", "1000", "1001", "", "0", "-1", "301", "true", "global", "broadcast", "1.0.0",
                     "2024-01-01T00:00:00Z", "overview_v2", "eyJzIjowfQ"]),
    st.text(max_size=8),
)  # fmt: skip
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | VALUES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(NAMES, inner, max_size=3),
    max_leaves=10,
)


@pytest.fixture(scope="module")
def shared() -> tuple[World, dict[str, dict[str, str]], str]:
    w = build_world()
    s, alice = w.services, w.users["alice"]
    with w.store.transaction():
        row, secret = extensions.create_extension(
            s,
            alice,
            "Fuzz",
            types=("panel", "overlay", "component"),
            bits_enabled=True,
            has_chat_support=True,
        )
        streams.create_stream(s, alice)
        user_extensions.install(s, alice, row.id, "1.0.0")
        app = issue_app_token(s, row.id, ()).token
    claims = {"exp": int(w.clock.now()) + 10**6, "role": "external", "user_id": alice, "channel_id": alice,
              "pubsub_perms": {"send": ["broadcast", "global", "*"]}}  # fmt: skip
    headers = {
        "jwt": {"Authorization": f"Bearer {sign(secret, claims)}", "Client-Id": row.id},
        "app": {"Authorization": f"Bearer {app}", "Client-Id": row.id},
        "user": w.headers(w.user_token("alice", ["user:edit:broadcast", "analytics:read:extensions",
                                                   "analytics:read:games"])),
    }  # fmt: skip
    return w, headers, row.id


def _fill(value: Any, extension_id: str) -> Any:
    if isinstance(value, dict):
        return {k: _fill(v, extension_id) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, extension_id) for v in value]
    return extension_id if value == "EXT" else value


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    route=st.sampled_from(ROUTES),
    params=st.lists(st.tuples(NAMES, VALUES), max_size=5),
    body=st.dictionaries(NAMES, JSON_VALUES, max_size=5),
    auth=st.sampled_from(["jwt", "app", "user"]),
)
def test_no_extension_request_gets_a_server_error(
    shared: tuple[World, dict[str, dict[str, str]], str],
    route: tuple[str, str],
    params: list[tuple[str, str]],
    body: dict[str, Any],
    auth: str,
) -> None:
    w, headers, extension_id = shared
    method, path = route
    query = [(k, extension_id if v == "EXT" else v) for k, v in params]
    content = json.dumps(_fill(body, extension_id)).encode()
    r = w.http.request(method, path, params=query, content=content, headers=headers[auth])
    assert r.status_code < 500, (method, path, query, content, r.text)
    if r.status_code >= 400:
        assert r.headers["content-type"] == "application/json" and r.json()["status"] == r.status_code
