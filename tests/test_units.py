"""twitch-cli's /units listings over a generated world: unauthenticated, clean field names, paged."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from conftest import client
from twitch_mock.app import App
from twitch_mock.core.clock import Clock
from twitch_mock.domain.services import Services
from twitch_mock.generator import Generation, generate
from twitch_mock.settings import Settings
from twitch_mock.store import Store


@pytest.fixture(scope="module")
def units() -> Iterator[tuple[TestClient, Generation]]:
    store = Store.open(":memory:")
    gen = generate(store, count=30, seed=11, clock=Clock())
    yield client(App(Services(Settings(db=":memory:"), store, Clock()))), gen
    store.close()


KINDS = ["clients", "users", "categories", "streams", "subscriptions", "tags", "teams", "videos"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_lists_without_auth(units: tuple[TestClient, Generation], kind: str) -> None:
    http, _ = units
    r = http.get(f"/units/{kind}")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert set(body) == {"data", "pagination"}
    assert isinstance(body["data"], list) and body["data"]
    for item in body["data"]:
        for value in item.values():
            assert not (isinstance(value, dict) and set(value) == {"String", "Valid"})  # no Go null wrappers


def test_users_lists_the_generated_batch(units: tuple[TestClient, Generation]) -> None:
    http, gen = units
    data = http.get("/units/users?first=1000").json()["data"]
    assert {u["id"] for u in data} == set(gen.user_ids)
    assert {"id", "login", "display_name", "email", "broadcaster_type", "created_at"} <= set(data[0])


def test_clients_show_the_generated_credentials(units: tuple[TestClient, Generation]) -> None:
    http, gen = units
    clients = {c["id"]: c for c in http.get("/units/clients").json()["data"]}
    assert clients[gen.client_id]["secret"] == gen.client_secret
    assert clients[gen.public_client_id]["is_public"] is True
    assert "http://localhost:3000" in clients[gen.client_id]["redirect_uris"]


def test_units_page_with_cursors(units: tuple[TestClient, Generation]) -> None:
    http, gen = units
    seen: list[str] = []
    url = "/units/users?first=7"
    while True:
        body = http.get(url).json()
        seen += [u["id"] for u in body["data"]]
        if not body["pagination"]:
            break
        url = f"/units/users?first=7&after={body['pagination']['cursor']}"
    assert sorted(seen) == sorted(gen.user_ids) and len(seen) == len(set(seen))


def test_units_are_read_only(units: tuple[TestClient, Generation]) -> None:
    http, _ = units
    r = http.post("/units/users")
    assert r.status_code == 405
    assert r.json()["status"] == 405
