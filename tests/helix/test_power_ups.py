"""Helix Get Custom Power-up (Bits family, new in 2026): a partner's or affiliate's Power-ups,
all or by id, in the custom-reward-like shape twurple reads."""

from __future__ import annotations

from typing import Any

import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock.domain.power_ups import PowerUpRow
from twitch_mock.domain.streams import create_stream
from twitch_mock.store.rows import insert_rows

BITS = "bits:read"
DEFAULT = {
    f"url_{n}x": f"https://static-cdn.jtvnw.net/custom-power-up-images/default-{n}.png" for n in (1, 2, 4)
}


@pytest.fixture
def offers(world: World) -> World:
    """alice (an affiliate) sells p1 (limited to 5 a stream) and p2 (paused, created later)."""
    alice = world.users["alice"]
    rows = [
        PowerUpRow("p1", alice, "Hydrate!", "Drink", 100, "#9147FF", True, True, True, 5, False, 0, False, 0, False, "2026-01-01T00:00:00Z"),
        PowerUpRow("p2", alice, "Spin", "", 500, "#00C7AC", True, False, False, 0, False, 0, True, 60, True, "2026-01-02T00:00:00Z"),
    ]  # fmt: skip
    with world.store.transaction():
        world.store.db.conn.execute("UPDATE users SET broadcaster_type = 'affiliate' WHERE login = 'alice'")
        insert_rows(world.store.db.conn, "INSERT", rows)
    return world


def get(world: World, login: str = "alice", scope: str = BITS, **params: Any) -> Any:
    sent = {"broadcaster_id": world.users[login]} | params
    return world.http.get("/helix/bits/custom_power_ups", params=sent, headers=world.as_user(login, scope))


def test_the_channels_power_ups(offers: World) -> None:
    r = get(offers)
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"data"} and [p["id"] for p in body["data"]] == ["p1", "p2"]
    assert body["data"][0] == {
        "broadcaster_id": offers.users["alice"],
        "broadcaster_login": "alice",
        "broadcaster_name": "Alice",
        "id": "p1",
        "image": None,
        "background_color": "#9147FF",
        "is_enabled": True,
        "bits": 100,
        "title": "Hydrate!",
        "prompt": "Drink",
        "is_user_input_required": True,
        "max_per_stream_setting": {"is_enabled": True, "max_per_stream": 5},
        "max_per_user_per_stream_setting": {"is_enabled": False, "max_per_user_per_stream": 0},
        "global_cooldown_setting": {"is_enabled": False, "global_cooldown_seconds": 0},
        "is_paused": False,
        "is_in_stock": True,
        "default_image": DEFAULT,
        "redemptions_redeemed_current_stream": None,
        "cooldown_expires_at": None,
    }
    assert body["data"][1]["is_paused"] is True
    assert body["data"][1]["global_cooldown_setting"] == {"is_enabled": True, "global_cooldown_seconds": 60}


def test_by_id_and_while_live(offers: World) -> None:
    assert [p["id"] for p in get(offers, id=["p2", "nope", "p2"]).json()["data"]] == ["p2"]
    with offers.store.transaction():
        create_stream(offers.services, offers.users["alice"])
    got = {p["id"]: p["redemptions_redeemed_current_stream"] for p in get(offers).json()["data"]}
    assert got == {"p1": 0, "p2": None}  # counted while live for a Power-up with a per-stream limit


def test_a_channel_without_power_ups(offers: World) -> None:
    with offers.store.transaction():
        offers.store.db.conn.execute("UPDATE users SET broadcaster_type = 'partner' WHERE login = 'bob'")
    assert get(offers, "bob").json() == {"data": []}


@pytest.mark.parametrize(
    ("login", "scope", "params", "status", "message"),
    [
        pytest.param("bob", BITS, {}, 403, "The broadcaster is not a partner or affiliate.", id="not-affiliate"),
        pytest.param("alice", BITS, {"broadcaster_id": "1001"}, 401, "The ID in broadcaster_id must match the user ID in the user access token", id="not-own"),
        pytest.param("alice", "chat:read", {}, 401, "Missing scope: bits:read", id="scope"),
        pytest.param("alice", BITS, {"broadcaster_id": ""}, 400, 'Missing required parameter "broadcaster_id"', id="missing"),
        pytest.param("alice", BITS, {"id": [str(n) for n in range(51)]}, 400, 'The parameter "id" was malformed: the number of items must be less than or equal to 50', id="too-many-ids"),
    ],
)  # fmt: skip
def test_get_custom_power_up_errors(
    offers: World, login: str, scope: str, params: dict[str, Any], status: int, message: str
) -> None:
    assert_error(get(offers, login, scope, **params), status, message)


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /bits/custom_power_ups": [lambda m: Call({"broadcaster_id": m.users[0].id}, as_user(m, 0, BITS))],
}
