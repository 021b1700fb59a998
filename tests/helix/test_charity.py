"""Helix Charity family: Get Charity Campaign and Get Charity Campaign Donations, from stored
campaigns and donations (current_amount is the sum of the donations)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.core.errors import TwitchError
from twitch_mock.domain import charity
from twitch_mock.domain.charity import (
    Amount,
    CampaignRow,
    CampaignSpec,
    CharityDonate,
    CharityProgress,
    CharityStart,
    CharityStop,
    DonationRow,
)
from twitch_mock.domain.outbox import Event
from twitch_mock.store.rows import insert_rows

READ = "channel:read:charity"


@pytest.fixture
def campaign(world: World) -> World:
    """Alice (an affiliate) runs a campaign with a $500 goal and five donations; Bob (also an
    affiliate) runs one without a goal and no donations."""
    conn = world.store.db.conn
    with world.store.transaction():
        conn.execute("UPDATE users SET broadcaster_type = 'affiliate' WHERE login IN ('alice', 'bob')")
        insert_rows(conn, "INSERT", [
            CampaignRow("c-1", world.users["alice"], "Code for Kids", "Laptops", "https://logo", "https://site",
                        "USD", 2, 50000, "2024-01-01T00:00:00Z"),
            CampaignRow("c-2", world.users["bob"], "Food Bank", "", "", "", "EUR", 2, None, "2024-01-01T00:00:00Z"),
        ])  # fmt: skip
        donors = ["bob", "carol", "dave", "erin", "carol"]
        insert_rows(conn, "INSERT", [
            DonationRow(f"d-{n}", "c-1", world.users[login], 100 * (n + 1), f"2024-01-0{n + 2}T00:00:00Z")
            for n, login in enumerate(donors)
        ])  # fmt: skip
    return world


def get(world: World, path: str, login: str = "alice", query: str = "") -> httpx.Response:
    r: httpx.Response = world.http.get(
        f"/helix/charity/{path}?broadcaster_id={world.users[login]}{query}",
        headers=world.as_user(login, READ),
    )
    return r


def test_get_charity_campaign(campaign: World) -> None:
    r = get(campaign, "campaigns")
    assert r.status_code == 200
    assert r.json() == {
        "data": [
            {
                "id": "c-1",
                "broadcaster_id": campaign.users["alice"],
                "broadcaster_login": "alice",
                "broadcaster_name": "Alice",
                "charity_name": "Code for Kids",
                "charity_description": "Laptops",
                "charity_logo": "https://logo",
                "charity_website": "https://site",
                "current_amount": {"value": 1500, "decimal_places": 2, "currency": "USD"},
                "target_amount": {"value": 50000, "decimal_places": 2, "currency": "USD"},
            }
        ]
    }
    bob = get(campaign, "campaigns", "bob").json()["data"][0]
    assert bob["target_amount"] is None
    assert bob["current_amount"] == {"value": 0, "decimal_places": 2, "currency": "EUR"}


def test_no_campaign_is_an_empty_list(campaign: World) -> None:
    with campaign.store.transaction():
        campaign.store.db.conn.execute("UPDATE users SET broadcaster_type = 'partner' WHERE login = 'carol'")
    assert get(campaign, "campaigns", "carol").json() == {"data": []}
    assert get(campaign, "donations", "carol").json() == {"data": [], "pagination": {}}


def test_donations_page_newest_first(campaign: World) -> None:
    first: dict[str, Any] = get(campaign, "donations", query="&first=2").json()
    assert first["data"] == [
        {"id": "d-4", "campaign_id": "c-1", "user_id": campaign.users["carol"], "user_login": "carol",
         "user_name": "Carol", "amount": {"value": 500, "decimal_places": 2, "currency": "USD"}},
        {"id": "d-3", "campaign_id": "c-1", "user_id": campaign.users["erin"], "user_login": "erin",
         "user_name": "Erin", "amount": {"value": 400, "decimal_places": 2, "currency": "USD"}},
    ]  # fmt: skip
    ids = [d["id"] for d in first["data"]]
    cursor = first["pagination"]["cursor"]
    while cursor:
        page = get(campaign, "donations", query=f"&first=2&after={cursor}").json()
        ids += [d["id"] for d in page["data"]]
        cursor = page["pagination"].get("cursor")
    assert ids == ["d-4", "d-3", "d-2", "d-1", "d-0"]
    assert sum(d["amount"]["value"] for d in get(campaign, "donations").json()["data"]) == 1500


@pytest.mark.parametrize("path", ["campaigns", "donations"])
def test_errors(campaign: World, path: str) -> None:
    assert_error(get(campaign, path, "carol"), 403, "The broadcaster is not a partner or affiliate")
    r = campaign.http.get(
        f"/helix/charity/{path}?broadcaster_id={campaign.users['bob']}",
        headers=campaign.as_user("alice", READ),
    )
    assert_error(r, 401, "The ID in broadcaster_id must match the user ID in the user access token")
    r = campaign.http.get(f"/helix/charity/{path}", headers=campaign.as_user("alice", READ))
    assert_error(r, 400, 'Missing required parameter "broadcaster_id"')
    r = campaign.http.get(
        f"/helix/charity/{path}?broadcaster_id={campaign.users['alice']}", headers=campaign.as_user("alice")
    )
    assert_error(r, 401, "Missing scope: channel:read:charity")
    app = campaign.http.get(
        f"/helix/charity/{path}?broadcaster_id={campaign.users['alice']}", headers=campaign.headers()
    )
    assert_error(app, 401, "Missing User OAUTH Token")


def test_donations_first_bounds(campaign: World) -> None:
    assert_error(
        get(campaign, "donations", query="&first=101"),
        400,
        'The parameter "first" was malformed: the value must be less than or equal to 100',
    )


def test_a_campaign_started_donated_to_and_stopped(world: World) -> None:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    s, carol, now = world.services, world.users["carol"], world.clock.rfc3339()
    with world.store.transaction():
        world.store.db.conn.execute("UPDATE users SET broadcaster_type = 'partner' WHERE login = 'carol'")
        started = charity.start_campaign(s, carol, CampaignSpec("Wildlife Rescue", target_amount=10000))
        donation = charity.donate(s, carol, world.users["dave"], 2500)
    usd = Amount(0, 2, "USD")
    assert heard[0] == CharityStart(started.id, carol, "carol", "Carol", "Wildlife Rescue", "", "", "",
                                    usd, Amount(10000, 2, "USD"), now)  # fmt: skip
    assert heard[1] == CharityDonate(
        donation.id, started.id, carol, "carol", "Carol", world.users["dave"], "dave", "Dave",
        "Wildlife Rescue", "", "", "", Amount(2500, 2, "USD"),
    )  # fmt: skip
    assert isinstance(heard[2], CharityProgress) and heard[2].current_amount == Amount(2500, 2, "USD")
    current = get(world, "campaigns", "carol").json()["data"][0]["current_amount"]
    assert current == {"value": 2500, "decimal_places": 2, "currency": "USD"}
    assert [d["user_login"] for d in get(world, "donations", "carol").json()["data"]] == ["dave"]
    with world.store.transaction():
        charity.stop_campaign(s, carol)
    assert isinstance(heard[3], CharityStop) and heard[3].stopped_at == now
    assert get(world, "campaigns", "carol").json() == {"data": []}
    assert get(world, "donations", "carol").json() == {"data": [], "pagination": {}}


@pytest.mark.parametrize(
    ("action", "status", "message"),
    [
        pytest.param("start-twice", 409, "The broadcaster is already running a charity campaign", id="twice"),
        pytest.param("start-erin", 403, "The broadcaster is not a partner or affiliate", id="not-affiliate"),
        pytest.param("donate-none", 400, "The broadcaster is not running a charity campaign", id="no-campaign"),
        pytest.param("donate-zero", 400, 'The value of "amount" must be an integer from 1 to 2147483647', id="amount"),
        pytest.param("stop-none", 400, "The broadcaster is not running a charity campaign", id="stop"),
        pytest.param("start-currency", 400, "The value of \"currency\" must be an ISO-4217 code such as USD, not 'usd'", id="currency"),
    ],
)  # fmt: skip
def test_bad_builder_calls_change_nothing(campaign: World, action: str, status: int, message: str) -> None:
    heard: list[Event] = []
    campaign.services.outbox.subscribe(heard.append)
    s, users = campaign.services, campaign.users
    calls: dict[str, Callable[[], object]] = {
        "start-twice": lambda: charity.start_campaign(s, users["alice"], CampaignSpec("Again")),
        "start-erin": lambda: charity.start_campaign(s, users["erin"], CampaignSpec("Erin's")),
        "donate-none": lambda: charity.donate(s, users["dave"], users["erin"], 100),
        "donate-zero": lambda: charity.donate(s, users["alice"], users["erin"], 0),
        "stop-none": lambda: charity.stop_campaign(s, users["dave"]),
        "start-currency": lambda: charity.start_campaign(s, users["dave"], CampaignSpec("x", currency="usd")),
    }
    with campaign.store.transaction():
        campaign.store.db.conn.execute("UPDATE users SET broadcaster_type = 'partner' WHERE login = 'dave'")
    with pytest.raises(TwitchError) as raised, campaign.store.transaction():
        calls[action]()
    assert (raised.value.status, raised.value.message) == (status, message) and heard == []
    assert get(campaign, "campaigns").json()["data"][0]["current_amount"]["value"] == 1500


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /charity/campaigns": [lambda m: Call({"broadcaster_id": m.users[0].id}, as_user(m, 0, READ))],
    "GET /charity/donations": [lambda m: Call({"broadcaster_id": m.users[0].id}, as_user(m, 0, READ))],
}


def test_the_generated_campaign_adds_up(twitch_mock: MockTwitch) -> None:
    headers = {"Authorization": f"Bearer {as_user(twitch_mock, 0, READ)}", "Client-Id": twitch_mock.client_id}
    params = {"broadcaster_id": twitch_mock.users[0].id}
    campaign = httpx.get(twitch_mock.helix_url + "charity/campaigns", params=params, headers=headers).json()
    total, cursor = 0, ""
    while True:
        page = httpx.get(
            twitch_mock.helix_url + "charity/donations",
            params={**params, "first": "100", **({"after": cursor} if cursor else {})},
            headers=headers,
        ).json()
        total += sum(d["amount"]["value"] for d in page["data"])
        cursor = page["pagination"].get("cursor", "")
        if not cursor:
            break
    assert total == campaign["data"][0]["current_amount"]["value"] > 0
