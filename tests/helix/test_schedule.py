"""Helix Schedule family: Get Channel Stream Schedule, Get Channel iCalendar, Create / Update /
Delete Channel Stream Schedule Segment, Update Channel Stream Schedule."""

from __future__ import annotations

import base64
import itertools
from typing import Any

import httpx
import orjson
import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.core.clock import parse_rfc3339, rfc3339
from twitch_mock.domain.categories import CategoryRow
from twitch_mock.domain.outbox import Event
from twitch_mock.http.pagination import encode_cursor
from twitch_mock.store.rows import insert_rows

MANAGE = "channel:manage:schedule"
WEEK = 7 * 86_400


@pytest.fixture
def cats(world: World) -> World:
    with world.store.transaction():
        insert_rows(
            world.store.db.conn, "INSERT", [CategoryRow("509658", "Just Chatting", "https://x/{width}", "")]
        )
        world.store.db.conn.execute("UPDATE users SET broadcaster_type = 'affiliate' WHERE login = 'alice'")
    return world


def ahead(world: World, seconds: float) -> str:
    return rfc3339(world.clock.now() + seconds)


def create(world: World, body: Any, login: str = "alice") -> httpx.Response:
    r: httpx.Response = world.http.post(
        f"/helix/schedule/segment?broadcaster_id={world.users[login]}",
        json=body,
        headers=world.as_user(login, MANAGE),
    )
    return r


def get(world: World, query: str = "", login: str = "alice") -> httpx.Response:
    r: httpx.Response = world.http.get(
        f"/helix/schedule?broadcaster_id={world.users[login]}{query}", headers=world.headers()
    )
    return r


def segment_body(world: World, **extra: Any) -> dict[str, Any]:
    return {"start_time": ahead(world, 3600), "timezone": "UTC", "duration": "120", **extra}


def test_create_returns_the_schedule_with_the_one_segment(cats: World) -> None:
    start = ahead(cats, 3600)
    r = create(cats, {"start_time": start, "timezone": "UTC", "duration": 90, "is_recurring": False,
                      "category_id": "509658", "title": "Launch"})  # fmt: skip
    assert r.status_code == 200, r.text
    body = r.json()
    segment = body["data"]["segments"][0]
    assert body == {
        "data": {
            "segments": [
                {
                    "id": segment["id"],
                    "start_time": start,
                    "end_time": rfc3339(parse_rfc3339(start) + 90 * 60),
                    "title": "Launch",
                    "canceled_until": None,
                    "category": {"id": "509658", "name": "Just Chatting"},
                    "is_recurring": False,
                }
            ],
            "broadcaster_id": cats.users["alice"],
            "broadcaster_name": "Alice",
            "broadcaster_login": "alice",
            "vacation": None,
        }
    }
    decoded = orjson.loads(base64.b64decode(segment["id"]))
    assert set(decoded) == {"segmentID", "isoYear", "isoWeek"}
    listed = get(cats).json()
    assert listed["data"]["segments"] == [segment] and listed["pagination"] == {}


def test_a_recurring_segment_repeats_weekly_and_pages(cats: World) -> None:
    assert create(cats, segment_body(cats, is_recurring=True, title="Weekly")).status_code == 200
    r = get(cats, "&first=3")
    assert r.status_code == 200
    page = r.json()
    starts = [parse_rfc3339(s["start_time"]) for s in page["data"]["segments"]]
    assert [b - a for a, b in itertools.pairwise(starts)] == [WEEK, WEEK]
    assert {s["title"] for s in page["data"]["segments"]} == {"Weekly"}
    assert len({s["id"] for s in page["data"]["segments"]}) == 3
    cursor = page["pagination"]["cursor"]
    following = get(cats, f"&first=3&after={cursor}").json()["data"]["segments"]
    assert parse_rfc3339(following[0]["start_time"]) == starts[-1] + WEEK


def test_recurrence_keeps_the_local_time_across_daylight_saving(cats: World) -> None:
    body = {
        "start_time": "2030-03-03T15:00:00Z",
        "timezone": "America/New_York",
        "duration": 60,
        "is_recurring": True,
    }  # fmt: skip  (10:00 EST; DST starts 2030-03-10)
    assert create(cats, body).status_code == 200
    segments = get(cats, "&start_time=2030-03-01T00:00:00Z&first=2").json()["data"]["segments"]
    assert [s["start_time"] for s in segments] == ["2030-03-03T15:00:00Z", "2030-03-10T14:00:00Z"]


def test_start_time_filter_and_id_filter(cats: World) -> None:
    one = create(cats, segment_body(cats, title="soon", is_recurring=True)).json()["data"]["segments"][0]
    later = segment_body(cats, title="later", start_time=ahead(cats, 3 * 86_400), is_recurring=True)
    two = create(cats, later).json()["data"]["segments"][0]
    running = get(cats, f"&start_time={rfc3339(parse_rfc3339(one['start_time']) + 60)}&first=1").json()
    assert running["data"]["segments"][0]["id"] == one["id"]  # still running then: listed
    first = get(cats, f"&start_time={one['end_time']}&first=1").json()["data"]["segments"][0]
    assert first["id"] == two["id"] and first["title"] == "later"
    by_id = get(cats, f"&id={two['id']}&id={one['id']}").json()["data"]["segments"]
    assert [s["id"] for s in by_id] == [one["id"], two["id"]]


def test_update_changes_the_series_and_cancels_the_next_occurrence(cats: World) -> None:
    made = create(cats, segment_body(cats, is_recurring=True)).json()["data"]["segments"][0]
    url = f"/helix/schedule/segment?broadcaster_id={cats.users['alice']}&id={made['id']}"
    headers = cats.as_user("alice", MANAGE)
    r = cats.http.patch(url, json={"title": "Renamed", "duration": 30, "is_canceled": True,
                                   "category_id": "509658"}, headers=headers)  # fmt: skip
    assert r.status_code == 200, r.text
    updated = r.json()["data"]["segments"][0]
    assert updated["id"] == made["id"] and updated["title"] == "Renamed"
    assert updated["end_time"] == rfc3339(parse_rfc3339(made["start_time"]) + 30 * 60)
    assert updated["canceled_until"] == updated["end_time"]
    listed = get(cats, "&first=2").json()["data"]["segments"]
    assert [s["canceled_until"] is not None for s in listed] == [True, False]
    assert {s["title"] for s in listed} == {"Renamed"}
    assert listed[1]["category"] == {"id": "509658", "name": "Just Chatting"}
    r = cats.http.patch(url, json={"is_canceled": False}, headers=headers)
    assert r.json()["data"]["segments"][0]["canceled_until"] is None


def test_update_start_time_of_a_one_off(cats: World) -> None:
    made = create(cats, segment_body(cats)).json()["data"]["segments"][0]
    url = f"/helix/schedule/segment?broadcaster_id={cats.users['alice']}&id={made['id']}"
    start = ahead(cats, 7200)
    r = cats.http.patch(url, json={"start_time": start}, headers=cats.as_user("alice", MANAGE))
    moved = r.json()["data"]["segments"][0]
    assert moved["start_time"] == start
    assert moved["end_time"] == rfc3339(parse_rfc3339(start) + 120 * 60)  # the duration is kept


def test_delete_removes_the_segment(cats: World) -> None:
    made = create(cats, segment_body(cats, is_recurring=True)).json()["data"]["segments"][0]
    url = f"/helix/schedule/segment?broadcaster_id={cats.users['alice']}&id={made['id']}"
    r = cats.http.delete(url, headers=cats.as_user("alice", MANAGE))
    assert r.status_code == 204 and r.content == b""
    assert_error(get(cats), 404, "segments were not found")  # Twitch's answer for a schedule with none
    assert_error(get(cats, f"&id={made['id']}"), 404, "segments were not found")
    assert cats.http.delete(url, headers=cats.as_user("alice", MANAGE)).status_code == 204


def test_vacation_shows_until_it_ends_and_disabling_clears_it(cats: World) -> None:
    assert create(cats, segment_body(cats, is_recurring=True)).status_code == 200
    start, end = ahead(cats, 86_400), ahead(cats, 3 * 86_400)
    base = f"/helix/schedule/settings?broadcaster_id={cats.users['alice']}"
    headers = cats.as_user("alice", MANAGE)
    r = cats.http.patch(
        f"{base}&is_vacation_enabled=true&vacation_start_time={start}&vacation_end_time={end}"
        "&timezone=America/New_York",
        headers=headers,
    )
    assert r.status_code == 204 and r.content == b""
    assert get(cats).json()["data"]["vacation"] == {"start_time": start, "end_time": end}
    cats.clock.advance(3 * 86_400)
    assert get(cats).json()["data"]["vacation"] is None  # over: computed from the clock
    headers = cats.as_user("alice", MANAGE)  # the first token has expired meanwhile
    r = cats.http.patch(
        f"{base}&is_vacation_enabled=true&vacation_start_time={ahead(cats, 10)}"
        f"&vacation_end_time={ahead(cats, 99)}&timezone=UTC",
        headers=headers,
    )
    assert r.status_code == 204 and get(cats).json()["data"]["vacation"] is not None
    assert cats.http.patch(f"{base}&is_vacation_enabled=false", headers=headers).status_code == 204
    assert get(cats).json()["data"]["vacation"] is None


def test_generated_schedule_and_no_schedule(cats: World) -> None:
    assert_error(get(cats, login="bob"), 404, "schedule was not found")
    r = cats.http.get("/helix/schedule?broadcaster_id=424242", headers=cats.headers())
    assert_error(r, 400, "The ID in broadcaster_id is not valid")


def test_icalendar_needs_no_auth_and_lists_real_segments(cats: World) -> None:
    create(cats, segment_body(cats, is_recurring=True, title="Weekly, with; care", category_id="509658"))
    body = {"start_time": "2030-03-03T15:00:00Z", "timezone": "America/New_York", "duration": 60}
    create(cats, body)
    r = cats.http.get(f"/helix/schedule/icalendar?broadcaster_id={cats.users['alice']}")
    assert r.status_code == 200 and r.headers["content-type"] == "text/calendar"
    text = r.text
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == 2
    assert "SUMMARY:Weekly\\, with\\; care" in text and "CATEGORIES:Just Chatting" in text
    assert "RRULE:FREQ=WEEKLY;BYDAY=" in text
    assert "DTSTART;TZID=America/New_York:20300303T100000" in text
    assert "BEGIN:VTIMEZONE\r\nTZID:America/New_York" in text and "TZOFFSETTO:-0400" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert_error(
        cats.http.get("/helix/schedule/icalendar"), 400, 'Missing required parameter "broadcaster_id"'
    )
    empty = cats.http.get(f"/helix/schedule/icalendar?broadcaster_id={cats.users['bob']}").text
    assert "BEGIN:VEVENT" not in empty


def test_a_non_affiliate_may_add_only_recurring_segments(cats: World) -> None:
    assert_error(
        create(cats, segment_body(cats), login="bob"),
        403,
        "Only partners and affiliates may add non-recurring broadcast segments",
    )
    assert create(cats, segment_body(cats, is_recurring=True), login="bob").status_code == 200


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        pytest.param({"start_time": None}, 400, 'Missing required parameter "start_time"', id="no-start"),
        pytest.param({"start_time": "tomorrow"}, 400, 'The parameter "start_time" was malformed: the value must be an RFC3339 timestamp', id="bad-start"),
        pytest.param({"start_time": "9999-12-31T23:00:00Z"}, 400, 'The parameter "start_time" was malformed: the value must be a time between 1970 and 2200', id="far-start"),
        pytest.param({"timezone": ""}, 400, 'Missing required parameter "timezone"', id="no-timezone"),
        pytest.param({"timezone": "Mars/Olympus"}, 400, 'The parameter "timezone" was malformed: the value must be an IANA time zone name, such as America/New_York', id="bad-timezone"),
        pytest.param({"duration": None}, 400, 'Missing required parameter "duration"', id="no-duration"),
        pytest.param({"duration": "29"}, 400, 'The parameter "duration" was malformed: the value must be from 30 to 1380 minutes', id="short"),
        pytest.param({"duration": 1381}, 400, 'The parameter "duration" was malformed: the value must be from 30 to 1380 minutes', id="long"),
        pytest.param({"duration": "two hours"}, 400, 'The parameter "duration" was malformed: the value must be an integer', id="duration-type"),
        pytest.param({"category_id": "999"}, 400, "The ID in category_id is not valid", id="category"),
        pytest.param({"title": "x" * 141}, 400, 'The parameter "title" was malformed: the length must be less than or equal to 140', id="title"),
        pytest.param({"is_recurring": "often"}, 400, 'The parameter "is_recurring" was malformed: the value must be a boolean', id="recurring-type"),
    ],
)  # fmt: skip
def test_create_bad_input(cats: World, change: dict[str, Any], status: int, message: str) -> None:
    body = {k: v for k, v in {**segment_body(cats), **change}.items() if v is not None}
    assert_error(create(cats, body), status, message)
    assert_error(get(cats), 404, "schedule was not found")  # nothing written


@pytest.mark.parametrize(
    ("query", "body", "status", "message"),
    [
        pytest.param("", {"title": "x"}, 400, 'Missing required parameter "id"', id="no-id"),
        pytest.param("&id=nope", {"title": "x"}, 404, "The specified broadcast segment was not found", id="unknown"),
        pytest.param("&id={id}", {"title": "x" * 141}, 400, 'The parameter "title" was malformed: the length must be less than or equal to 140', id="title"),
        pytest.param("&id={id}", {"duration": 10}, 400, 'The parameter "duration" was malformed: the value must be from 30 to 1380 minutes', id="duration"),
        pytest.param("&id={id}", {"timezone": "Nowhere"}, 400, 'The parameter "timezone" was malformed: the value must be an IANA time zone name, such as America/New_York', id="timezone"),
        pytest.param("&id={id}", {"category_id": "1"}, 400, "The ID in category_id is not valid", id="category"),
        pytest.param("&id={id}", {"start_time": "2030-01-01T00:00:00Z"}, 400, "The start time of a recurring segment cannot be changed", id="recurring-start"),
        pytest.param("&id={id}", {"is_canceled": "yes"}, 400, 'The parameter "is_canceled" was malformed: the value must be a boolean', id="cancel-type"),
    ],
)  # fmt: skip
def test_update_bad_input(cats: World, query: str, body: dict[str, Any], status: int, message: str) -> None:
    made = create(cats, segment_body(cats, is_recurring=True)).json()["data"]["segments"][0]
    url = f"/helix/schedule/segment?broadcaster_id={cats.users['alice']}" + query.format(id=made["id"])
    assert_error(cats.http.patch(url, json=body, headers=cats.as_user("alice", MANAGE)), status, message)
    assert get(cats).json()["data"]["segments"][0] == made  # nothing changed


def test_another_broadcasters_segment_is_not_found(cats: World) -> None:
    made = create(cats, segment_body(cats, is_recurring=True)).json()["data"]["segments"][0]
    create(cats, segment_body(cats, is_recurring=True), login="bob")
    url = f"/helix/schedule/segment?broadcaster_id={cats.users['bob']}&id={made['id']}"
    r = cats.http.patch(url, json={"title": "mine now"}, headers=cats.as_user("bob", MANAGE))
    assert_error(r, 404, "The specified broadcast segment was not found")
    assert cats.http.delete(url, headers=cats.as_user("bob", MANAGE)).status_code == 204
    assert get(cats).json()["data"]["segments"][0]["id"] == made["id"]  # alice's is still there


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        pytest.param("&is_vacation_enabled=true&vacation_end_time=2030-01-02T00:00:00Z&timezone=UTC", 400, 'Missing required parameter "vacation_start_time"', id="no-start"),
        pytest.param("&is_vacation_enabled=true&vacation_start_time=2030-01-02T00:00:00Z&timezone=UTC", 400, 'Missing required parameter "vacation_end_time"', id="no-end"),
        pytest.param("&is_vacation_enabled=true&vacation_start_time=2030-01-01T00:00:00Z&vacation_end_time=2030-01-02T00:00:00Z", 400, 'Missing required parameter "timezone"', id="no-timezone"),
        pytest.param("&is_vacation_enabled=true&vacation_start_time=soon&vacation_end_time=2030-01-02T00:00:00Z&timezone=UTC", 400, 'The parameter "vacation_start_time" was malformed: the value must be an RFC3339 timestamp', id="bad-start"),
        pytest.param("&is_vacation_enabled=true&vacation_start_time=2030-01-02T00:00:00Z&vacation_end_time=2030-01-01T00:00:00Z&timezone=UTC", 400, "The date in vacation_end_time must be later than the date in vacation_start_time", id="order"),
        pytest.param("&is_vacation_enabled=true&vacation_start_time=2030-01-01T00:00:00Z&vacation_end_time=2030-01-02T00:00:00Z&timezone=Atlantis", 400, 'The parameter "timezone" was malformed: the value must be an IANA time zone name, such as America/New_York', id="bad-timezone"),
        pytest.param("&is_vacation_enabled=maybe", 400, 'The parameter "is_vacation_enabled" was malformed: the value must be a boolean (true or false)', id="bool"),
    ],
)  # fmt: skip
def test_update_settings_bad_input(cats: World, query: str, status: int, message: str) -> None:
    create(cats, segment_body(cats, is_recurring=True))
    url = f"/helix/schedule/settings?broadcaster_id={cats.users['alice']}{query}"
    assert_error(cats.http.patch(url, headers=cats.as_user("alice", MANAGE)), status, message)
    assert get(cats).json()["data"]["vacation"] is None


def test_settings_without_a_schedule_and_other_errors(cats: World) -> None:
    url = f"/helix/schedule/settings?broadcaster_id={cats.users['bob']}&is_vacation_enabled=false"
    assert_error(
        cats.http.patch(url, headers=cats.as_user("bob", MANAGE)),
        404,
        "The broadcaster's schedule was not found",
    )
    r = cats.http.post(
        f"/helix/schedule/segment?broadcaster_id={cats.users['bob']}",
        json=segment_body(cats),
        headers=cats.as_user("alice", MANAGE),
    )
    assert_error(r, 401, "The ID in broadcaster_id must match the user ID in the user access token")
    assert_error(
        get(cats, "&start_time=noon"),
        400,
        'The parameter "start_time" was malformed: the value must be an RFC3339 timestamp',
    )
    assert_error(
        get(cats, "&first=26"),
        400,
        'The parameter "first" was malformed: the value must be less than or equal to 25',
    )
    many = "".join(f"&id={n}" for n in range(101))
    assert_error(
        get(cats, many),
        400,
        'The parameter "id" was malformed: the number of values must be less than or equal to 100',
    )


def test_schedule_changes_publish_nothing(cats: World) -> None:
    heard: list[Event] = []
    cats.services.outbox.subscribe(heard.append)
    create(cats, segment_body(cats, is_recurring=True))
    assert heard == []  # EventSub has no schedule events


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /schedule": [lambda m: Call({"broadcaster_id": m.all_units_user_id}, m.app_token())],
    "GET /schedule/icalendar": [lambda m: Call({"broadcaster_id": m.all_units_user_id}, "")],
    "POST /schedule/segment": [
        lambda m: Call(
            {"broadcaster_id": m.users[0].id},
            as_user(m, 0, MANAGE),
            {
                "start_time": "2030-07-01T18:00:00Z",
                "timezone": "America/New_York",
                "duration": "60",
                "is_recurring": False,
                "title": "From the reference test",
            },
        )
    ],
    "PATCH /schedule/segment": [
        lambda m: Call(
            {"broadcaster_id": m.users[0].id, "id": _first_segment(m)},
            as_user(m, 0, MANAGE),
            {"title": "Renamed by the reference test"},
        )
    ],
    "DELETE /schedule/segment": [
        lambda m: Call({"broadcaster_id": m.users[0].id, "id": _first_segment(m)}, as_user(m, 0, MANAGE))
    ],
    "PATCH /schedule/settings": [
        lambda m: Call(
            {
                "broadcaster_id": m.users[0].id,
                "is_vacation_enabled": "true",
                "timezone": "UTC",
                "vacation_start_time": "2030-01-01T00:00:00Z",
                "vacation_end_time": "2030-01-08T00:00:00Z",
            },
            as_user(m, 0, MANAGE),
        )
    ],
}


def _first_segment(m: MockTwitch) -> str:
    r = httpx.get(
        m.helix_url + "schedule",
        params={"broadcaster_id": m.users[0].id},
        headers={"Authorization": f"Bearer {m.app_token()}", "Client-Id": m.client_id},
    )
    segment_id: str = r.json()["data"]["segments"][0]["id"]
    return segment_id


def test_the_all_units_user_has_a_generated_schedule(twitch_mock: MockTwitch) -> None:
    r = httpx.get(
        twitch_mock.helix_url + "schedule",
        params={"broadcaster_id": twitch_mock.all_units_user_id},
        headers={"Authorization": f"Bearer {twitch_mock.app_token()}", "Client-Id": twitch_mock.client_id},
    )
    segments = r.json()["data"]["segments"]
    assert len(segments) == 20 and all(s["is_recurring"] and s["category"] for s in segments)
    assert "cursor" in r.json()["pagination"]


def test_get_bad_times_and_cursors(cats: World) -> None:
    assert create(cats, segment_body(cats, is_recurring=True)).status_code == 200
    far = 'The parameter "start_time" was malformed: the value must be a time between 1970 and 2200'
    assert_error(get(cats, "&start_time=9999-01-01T00:00:00Z"), 400, far)
    assert_error(get(cats, "&after=garbage"), 400, "invalid cursor")
    far_cursor = encode_cursor(("9999-12-31T00:00:00Z", "x"), ("9999-12-31T00:00:00Z", "x"))
    assert_error(get(cats, f"&after={far_cursor}"), 400, "invalid cursor")


def test_a_segment_still_running_at_start_time_is_listed(cats: World) -> None:
    """Twitch lists segments that end after start_time (twitchdev/issues #423), not only those
    starting after it."""
    made = create(cats, segment_body(cats)).json()["data"]["segments"][0]  # 1 h from now, 2 h long
    later = segment_body(cats, start_time=ahead(cats, 86_400))
    create(cats, later)
    during = rfc3339(parse_rfc3339(made["start_time"]) + 3600)
    listed = get(cats, f"&start_time={during}").json()
    assert listed["data"]["segments"][0] == made, listed
    assert len(listed["data"]["segments"]) == 2 and listed["pagination"] == {}
    cats.clock.advance(3 * 3600)  # over: the default start_time is now
    assert len(get(cats).json()["data"]["segments"]) == 1


def test_two_series_interleave_across_pages(cats: World) -> None:
    create(cats, segment_body(cats, title="A", is_recurring=True))
    create(cats, segment_body(cats, title="B", start_time=ahead(cats, 2 * 86_400), is_recurring=True))
    seen: list[dict[str, Any]] = []
    cursor = ""
    for _ in range(3):
        page = get(cats, f"&first=3{'&after=' + cursor if cursor else ''}").json()
        seen += page["data"]["segments"]
        cursor = page["pagination"]["cursor"]
    assert [s["title"] for s in seen] == ["A", "B"] * 4 + ["A"]
    assert [s["start_time"] for s in seen] == sorted(s["start_time"] for s in seen)
    assert len({s["id"] for s in seen}) == 9
    for segment in seen:  # each occurrence's id names its own series and week
        sid = orjson.loads(base64.b64decode(segment["id"]))["segmentID"]
        assert sum(orjson.loads(base64.b64decode(s["id"]))["segmentID"] == sid for s in seen) in (4, 5)


def test_icalendar_shows_cancellations(cats: World) -> None:
    weekly = create(cats, segment_body(cats, is_recurring=True)).json()["data"]["segments"][0]
    once = create(cats, segment_body(cats, start_time=ahead(cats, 86_400))).json()["data"]["segments"][0]
    headers = cats.as_user("alice", MANAGE)
    for made in (weekly, once):
        url = f"/helix/schedule/segment?broadcaster_id={cats.users['alice']}&id={made['id']}"
        assert cats.http.patch(url, json={"is_canceled": True}, headers=headers).status_code == 200
    text = cats.http.get(f"/helix/schedule/icalendar?broadcaster_id={cats.users['alice']}").text
    start = weekly["start_time"].replace("-", "").replace(":", "")
    assert f"EXDATE:{start}" in text and "STATUS:CANCELLED" in text
