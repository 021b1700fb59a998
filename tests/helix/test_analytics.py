"""Helix Analytics family: Get Extension Analytics and Get Game Analytics, whose report URLs the
mock serves itself (CSV)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.core.clock import rfc3339
from twitch_mock.domain import analytics, extensions
from twitch_mock.domain.analytics import GameOwnerRow
from twitch_mock.domain.categories import CategoryRow
from twitch_mock.store.rows import insert_rows

EXT = "analytics:read:extensions"
GAMES = "analytics:read:games"
DAY = 86_400


@pytest.fixture
def written(world: World) -> list[str]:
    """Three extensions alice wrote (and one bob wrote), by id."""
    ids = []
    with world.store.transaction():
        for n in range(3):
            row, _ = extensions.create_extension(world.services, world.users["alice"], f"Ext {n}")
            ids.append(row.id)
        extensions.create_extension(world.services, world.users["bob"], "Bob's")
    return sorted(ids)


@pytest.fixture
def owned(world: World) -> list[str]:
    games = [CategoryRow(str(n), f"Game {n}", "https://x/{width}", "") for n in (11, 12)]
    with world.store.transaction():
        insert_rows(world.store.db.conn, "INSERT", games)
        insert_rows(world.store.db.conn, "INSERT", [GameOwnerRow(world.users["alice"], g.id) for g in games])
    return [g.id for g in games]


def today(world: World) -> float:
    now = world.clock.now()
    return now - now % DAY


def test_extension_reports_page(world: World, written: list[str]) -> None:
    headers = world.as_user("alice", EXT)
    r = world.http.get("/helix/analytics/extensions?first=2", headers=headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert [d["extension_id"] for d in body["data"]] == written[:2]
    start = end = rfc3339(today(world))  # the extensions were made today
    item = body["data"][0]
    assert item["type"] == "overview_v2" and item["date_range"] == {"started_at": start, "ended_at": end}
    assert item["URL"].startswith("http://localhost/units/reports/analytics.csv?")
    r = world.http.get(
        f"/helix/analytics/extensions?first=2&after={body['pagination']['cursor']}", headers=headers
    )
    assert [d["extension_id"] for d in r.json()["data"]] == written[2:] and r.json()["pagination"] == {}


def test_the_report_url_serves_csv(world: World, written: list[str]) -> None:
    world.clock.advance(3 * DAY)
    r = world.http.get(
        f"/helix/analytics/extensions?extension_id={written[0]}", headers=world.as_user("alice", EXT)
    )
    (item,) = r.json()["data"]
    url = urlsplit(item["URL"])
    csv = world.http.get(f"{url.path}?{url.query}")
    assert csv.status_code == 200 and csv.headers["content-type"] == "text/csv"
    lines = csv.text.splitlines()
    assert lines[0].startswith("Date,Extension Name,Extension Client ID,Installs,")
    assert len(lines) == 1 + 4  # the day it was made and the three since
    made = extensions.row(world.store.db.conn, written[0])
    assert made is not None
    assert lines[1].split(",")[:3] == [rfc3339(today(world) - 3 * DAY)[:10], made.name, written[0]]
    assert world.http.get(f"{url.path}?{url.query}").text == csv.text  # the same URL, the same file


def test_date_range_is_clamped_to_what_exists(world: World, written: list[str]) -> None:
    world.clock.advance(10 * DAY)
    day = today(world)
    query = f"extension_id={written[0]}&started_at={rfc3339(day - 400 * DAY)}&ended_at={rfc3339(day - 2 * DAY + 5)}"
    r = world.http.get(f"/helix/analytics/extensions?{query}", headers=world.as_user("alice", EXT))
    assert r.json()["data"][0]["date_range"] == {
        "started_at": rfc3339(day - 10 * DAY),
        "ended_at": rfc3339(day - 2 * DAY),
    }


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        pytest.param("started_at=2024-01-01T00:00:00Z", 400, analytics.BOTH_DATES, id="start-only"),
        pytest.param("ended_at=2024-01-01T00:00:00Z", 400, analytics.BOTH_DATES, id="end-only"),
        pytest.param("started_at=2024-01-02T00:00:00Z&ended_at=2024-01-01T00:00:00Z", 400, analytics.END_BEFORE_START, id="end-first"),
        pytest.param("started_at=x&ended_at=2024-01-01T00:00:00Z", 400, 'The parameter "started_at" was malformed: the value must be an RFC3339 timestamp', id="bad-date"),
        pytest.param("type=overview_v1", 400, 'The parameter "type" was malformed: the value must be one of overview_v2', id="type"),
        pytest.param("extension_id=nope", 404, "The extension specified in the extension_id query parameter was not found", id="unknown"),
        pytest.param("extension_id={bobs}", 404, "The extension specified in the extension_id query parameter was not found", id="not-theirs"),
        pytest.param("after=zzz", 400, "invalid cursor", id="cursor"),
    ],
)  # fmt: skip
def test_extension_analytics_errors(
    world: World, written: list[str], query: str, status: int, message: str
) -> None:
    (bobs,) = world.store.db.conn.execute(
        "SELECT id FROM extensions WHERE author_id = ?", (world.users["bob"],)
    ).fetchone()
    r = world.http.get(
        f"/helix/analytics/extensions?{query.format(bobs=bobs)}", headers=world.as_user("alice", EXT)
    )
    assert_error(r, status, message)


def test_extension_analytics_needs_a_user_token_and_scope(world: World) -> None:
    assert_error(
        world.http.get("/helix/analytics/extensions", headers=world.headers()),
        401,
        "Missing User OAUTH Token",
    )
    r = world.http.get("/helix/analytics/extensions", headers=world.as_user("alice"))
    assert_error(r, 401, f"Missing scope: {EXT}")


def test_game_reports(world: World, owned: list[str]) -> None:
    r = world.http.get("/helix/analytics/games?first=1", headers=world.as_user("alice", GAMES))
    assert r.status_code == 200, r.text
    body = r.json()
    assert [d["game_id"] for d in body["data"]] == ["11"]
    item = body["data"][0]
    day = today(world)
    assert item["date_range"] == {"started_at": rfc3339(day - 365 * DAY), "ended_at": rfc3339(day)}
    r = world.http.get(
        f"/helix/analytics/games?after={body['pagination']['cursor']}", headers=world.as_user("alice", GAMES)
    )
    assert [d["game_id"] for d in r.json()["data"]] == ["12"]
    url = urlsplit(item["URL"])
    lines = world.http.get(f"{url.path}?{url.query}").text.splitlines()
    assert lines[0].startswith("Date,Game Name,Game ID,Live Views") and len(lines) == 367
    assert lines[-1].split(",")[1:3] == ["Game 11", "11"]


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        pytest.param("game_id=12345", 404, "The game specified in the game_id query parameter was not found", id="unknown"),
        pytest.param("started_at=2024-01-01T00:00:00Z", 400, analytics.BOTH_DATES, id="start-only"),
        pytest.param("type=x", 400, 'The parameter "type" was malformed: the value must be one of overview_v2', id="type"),
    ],
)  # fmt: skip
def test_game_analytics_errors(world: World, owned: list[str], query: str, status: int, message: str) -> None:
    assert_error(
        world.http.get(f"/helix/analytics/games?{query}", headers=world.as_user("alice", GAMES)),
        status,
        message,
    )
    r = world.http.get("/helix/analytics/games", headers=world.as_user("bob", GAMES))
    assert r.json() == {"data": [], "pagination": {}}  # bob owns none


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        pytest.param("", 400, 'Missing required parameter "kind"', id="no-kind"),
        pytest.param("kind=x&id=1&started_at=2024-01-01T00:00:00Z&ended_at=2024-01-01T00:00:00Z", 400, 'The parameter "kind" was malformed: the value must be one of extension, game', id="kind"),
        pytest.param("kind=game&id=999&started_at=2024-01-01T00:00:00Z&ended_at=2024-01-01T00:00:00Z", 404, "The report was not found", id="unknown"),
        pytest.param("kind=game&id=11&started_at=2024-01-02T00:00:00Z&ended_at=2024-01-01T00:00:00Z", 400, "The report's date range is not valid", id="range"),
    ],
)  # fmt: skip
def test_report_csv_errors(world: World, owned: list[str], query: str, status: int, message: str) -> None:
    assert_error(world.http.get(f"{analytics.REPORT_PATH}?{query}"), status, message)


def _fetch(m: MockTwitch, call: Call, path: str) -> Any:
    return httpx.get(
        m.helix_url + path,
        params=call.params,
        headers={"Authorization": f"Bearer {call.token}", "Client-Id": m.client_id},
    ).json()


def test_seeded_report_urls_are_served(twitch_mock: MockTwitch) -> None:
    for path, scope in (("analytics/extensions", EXT), ("analytics/games", GAMES)):
        body = _fetch(twitch_mock, Call({}, as_user(twitch_mock, 0, scope)), path)
        assert body["data"], path
        csv = httpx.get(body["data"][0]["URL"])
        assert csv.status_code == 200 and csv.text.count("\n") >= 2


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /analytics/extensions": [lambda m: Call({}, as_user(m, 0, EXT))],
    "GET /analytics/games": [lambda m: Call({"first": "1"}, as_user(m, 0, GAMES))],
}
