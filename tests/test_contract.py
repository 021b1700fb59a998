"""Contract over every ENDPOINTS table: unique routes, known scopes, and every authenticated Helix
endpoint reachable and answering 401 without a token."""

from __future__ import annotations

import pytest

from conftest import World
from twitch_mock.app import APIS
from twitch_mock.core.scopes import ALL_SCOPES
from twitch_mock.helix import HELIX
from twitch_mock.http.endpoint import Auth, Endpoint

ALL = [(api, e) for api in APIS for e in api.endpoints]


def test_routes_are_unique() -> None:
    keys = [(api.name, e.method, e.path) for api, e in ALL]
    assert len(keys) == len(set(keys))


def test_every_scope_is_a_real_twitch_scope() -> None:
    for _, e in ALL:
        assert set(e.scopes) <= ALL_SCOPES, e
        assert e.method in {"GET", "POST", "PUT", "PATCH", "DELETE"}
        assert e.path.startswith("/") and not e.path.endswith("/")


def test_paged_endpoints_declare_sane_sizes() -> None:
    for _, e in ALL:
        if e.first is not None:
            default, maximum = e.first
            assert 1 <= default <= maximum


@pytest.mark.parametrize(
    "endpoint", [e for e in HELIX.endpoints if e.auth is not Auth.NONE], ids=lambda e: f"{e.method} {e.path}"
)
@pytest.mark.parametrize("prefix", HELIX.prefixes)
def test_every_helix_endpoint_answers_401_without_a_token(
    world: World, endpoint: Endpoint, prefix: str
) -> None:
    r = world.http.request(endpoint.method, prefix + endpoint.path)
    assert r.status_code == 401
    assert r.json() == {"error": "Unauthorized", "status": 401, "message": "OAuth token is missing"}
