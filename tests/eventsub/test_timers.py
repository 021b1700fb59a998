"""What the mock's clock causes: a poll whose time is up ends, a prediction locks (and is canceled
24 hours later), a Hype Train that expires ends, each announced exactly once however many jumps
pass it, from a test's `advance`, the control API's, or the server's ticker as real time passes;
the timers live in the database, so they survive a restart."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from conftest import World
from twitch_mock import MockTwitch
from twitch_mock.core.clock import Clock, parse_rfc3339, rfc3339
from twitch_mock.domain import hypetrain, timers
from twitch_mock.domain.hypetrain import HypeTrainEnd
from twitch_mock.domain.outbox import Event, event_json
from twitch_mock.domain.polls import PollEnd
from twitch_mock.domain.predictions import PredictionEnd, PredictionLock
from twitch_mock.domain.services import Services
from twitch_mock.domain.users import create_user
from twitch_mock.settings import Settings
from twitch_mock.store import Store

MANAGE = ("channel:manage:polls", "channel:manage:predictions")


def listen(world: World) -> list[Event]:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    return heard


def start_poll(world: World, duration: int = 60, login: str = "alice") -> dict[str, Any]:
    body = {"broadcaster_id": world.users[login], "title": "Best?", "duration": duration}
    r = world.http.post(
        "/helix/polls",
        json={**body, "choices": [{"title": "A"}, {"title": "B"}]},
        headers=world.as_user(login, *MANAGE),
    )
    assert r.status_code == 200, r.text
    made: dict[str, Any] = r.json()["data"][0]
    return made


def partner(world: World) -> None:
    with world.store.transaction():
        world.store.db.conn.execute("UPDATE users SET broadcaster_type = 'partner' WHERE login = 'alice'")


def test_a_poll_ends_once_when_its_time_runs_out(world: World) -> None:
    made = start_poll(world, 60)
    heard = listen(world)
    world.clock.advance(59)
    assert heard == []
    world.clock.advance(2)
    ends = [e for e in heard if isinstance(e, PollEnd)]
    assert len(ends) == 1 and heard == ends
    payload = event_json(ends[0])
    assert (payload["id"], payload["status"], payload["ended_at"]) == (
        made["id"],
        "completed",
        world.clock.rfc3339(-1),
    )
    world.clock.advance(600)
    world.clock.advance(3600)
    assert len(heard) == 1
    got = world.http.get(
        "/helix/polls",
        params={"broadcaster_id": world.users["alice"], "id": made["id"]},
        headers=world.as_user("alice", *MANAGE),
    ).json()["data"][0]
    assert got["status"] == "COMPLETED"


def test_one_jump_past_many_polls_ends_each_once_in_the_order_they_ended(world: World) -> None:
    """Polls on four channels, one clock jump past three of them: three ends, by when each ended."""
    made = {login: start_poll(world, duration, login) for login, duration in (("alice", 90), ("bob", 30), ("carol", 60), ("dave", 300))}  # fmt: skip
    heard = listen(world)
    world.clock.advance(100)
    ends = [event_json(e) for e in heard if isinstance(e, PollEnd)]
    assert len(heard) == len(ends) == 3
    assert [e["id"] for e in ends] == [made[login]["id"] for login in ("bob", "carol", "alice")]
    assert [e["ended_at"] for e in ends] == [
        rfc3339(parse_rfc3339(made[login]["started_at"]) + seconds)
        for login, seconds in (("bob", 30), ("carol", 60), ("alice", 90))
    ]
    assert {e["status"] for e in ends} == {"completed"}
    world.clock.advance(100)
    assert len(heard) == 3
    world.clock.advance(150)
    assert [event_json(e)["id"] for e in heard[3:]] == [made["dave"]["id"]]
    statuses = {
        login: world.http.get(
            "/helix/polls",
            params={"broadcaster_id": world.users[login], "id": made[login]["id"]},
            headers=world.as_user(login, *MANAGE),
        ).json()["data"][0]["status"]
        for login in made
    }
    assert set(statuses.values()) == {"COMPLETED"}


def test_one_jump_ends_more_polls_than_a_statement_may_have_parameters(world: World) -> None:
    """More due polls than a statement may bind values (999 here, SQLite's old default; builds
    differ, 32,766 or 250,000), all ended by one jump."""
    conn = world.store.db.conn
    conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    count = 2_000
    with world.store.transaction():
        conn.executemany(
            "INSERT INTO polls (id, broadcaster_id, title, status, duration, started_at) "
            "VALUES (?, ?, 'Many?', 'ACTIVE', 15, ?)",
            [(f"many-{n:05d}", world.users["alice"], world.clock.rfc3339()) for n in range(count)],
        )
    heard = listen(world)
    world.clock.advance(20)
    assert len([e for e in heard if isinstance(e, PollEnd)]) == len(heard) == count
    assert conn.execute("SELECT count(*) FROM polls WHERE status = 'ACTIVE'").fetchone()[0] == 0


def test_a_poll_ended_by_hand_does_not_end_again(world: World) -> None:
    made = start_poll(world, 60)
    r = world.http.patch(
        "/helix/polls",
        json={"broadcaster_id": world.users["alice"], "id": made["id"], "status": "TERMINATED"},
        headers=world.as_user("alice", *MANAGE),
    )
    assert r.status_code == 200
    heard = listen(world)
    world.clock.advance(120)
    assert heard == []


def test_a_prediction_locks_when_its_window_closes_and_is_canceled_a_day_later(world: World) -> None:
    body = {"broadcaster_id": world.users["alice"], "title": "Win?", "prediction_window": 60}
    r = world.http.post(
        "/helix/predictions",
        json={**body, "outcomes": [{"title": "Yes"}, {"title": "No"}]},
        headers=world.as_user("alice", *MANAGE),
    )
    assert r.status_code == 200, r.text
    heard = listen(world)
    world.clock.advance(61)
    world.clock.advance(61)
    assert [type(e) for e in heard] == [PredictionLock]
    assert event_json(heard[0])["locked_at"] == world.clock.rfc3339(-62)
    world.clock.advance(24 * 3600)
    world.clock.advance(10)
    assert [type(e) for e in heard] == [PredictionLock, PredictionEnd]
    end = event_json(heard[1])
    assert (end["status"], end["winning_outcome_id"]) == ("canceled", None)


def contribute(world: World) -> dict[str, Any]:
    r = world.http.post(
        "/_mock/hypetrain/contributions",
        json={"broadcaster_id": "alice", "user_id": "bob", "kind": "bits", "amount": 100},
    )
    assert r.status_code == 200, r.text
    made: dict[str, Any] = r.json()["data"][0]
    return made


def test_a_hype_train_that_expires_ends_once(world: World) -> None:
    partner(world)
    train = contribute(world)
    heard = listen(world)
    world.clock.advance(299)
    assert heard == []
    world.clock.advance(2)
    world.clock.advance(3600)
    assert [type(e) for e in heard] == [HypeTrainEnd]
    payload = event_json(heard[0])
    assert (payload["id"], payload["ended_at"], payload["level"], payload["total"]) == (
        train["id"],
        train["expires_at"],
        1,
        100,
    )


def test_a_hype_train_ended_by_hand_or_extended_ends_once_at_its_new_time(world: World) -> None:
    partner(world)
    contribute(world)
    world.clock.advance(200)
    moved = [contribute(world) for _ in range(20)][-1]  # each level reached restarts the 5 minutes
    assert moved["level"] > 1
    heard = listen(world)
    world.clock.advance(150)
    assert heard == []  # the first expiry time has passed: the timer moved with the train
    assert world.http.post("/_mock/hypetrain/end", json={"broadcaster_id": "alice"}).status_code == 200
    world.clock.advance(3600)
    assert [type(e) for e in heard] == [HypeTrainEnd]


def test_timers_survive_a_restart(tmp_path: Path) -> None:
    path = str(tmp_path / "world.db")
    store = Store.open(path)
    services = Services(Settings(db=path), store, Clock(frozen=True))
    with store.transaction():
        star = create_user(services, "star", broadcaster_type="partner")
        fan = create_user(services, "fan")
        train = hypetrain.contribute(services, star.id, fan.id, "bits", 100)
    offset = services.clock.offset
    store.close()

    store = Store.open(path)  # a new process: a new clock and services on the same file
    again = Services(Settings(db=path), store, Clock(offset=offset, frozen=True))
    heard: list[Event] = []
    again.outbox.subscribe(heard.append)
    with store.transaction():
        assert timers.next_due(again) == train.expires_at
    again.clock.advance(301)
    assert [(type(e), event_json(e)["id"]) for e in heard] == [(HypeTrainEnd, train.id)]
    store.close()


def quick_poll(twitch_mock: MockTwitch, duration: int = 15) -> str:
    star = twitch_mock.create_user(broadcaster_type="partner")
    token = twitch_mock.user_token(star.id, ["channel:manage:polls"])
    body = {"broadcaster_id": star.id, "title": "Quick", "duration": duration}
    r = httpx.post(
        twitch_mock.helix_url + "polls",
        json={**body, "choices": [{"title": "A"}, {"title": "B"}]},
        headers={"Authorization": f"Bearer {token}", "Client-Id": twitch_mock.client_id},
    )
    assert r.status_code == 200, r.text
    made: str = r.json()["data"][0]["id"]
    return made


def hear_poll_ends(twitch_mock: MockTwitch) -> tuple[list[str], threading.Event, Callable[[], None]]:
    heard: list[str] = []
    ended = threading.Event()

    def hear(event: Event) -> None:
        if isinstance(event, PollEnd):
            heard.append(event.id)
            ended.set()

    return heard, ended, twitch_mock.on_event(hear)


def test_the_control_api_advance_fires_in_its_request(twitch_mock: MockTwitch) -> None:
    poll_id = quick_poll(twitch_mock)
    heard, _, stop = hear_poll_ends(twitch_mock)
    try:
        r = httpx.post(twitch_mock.url + "/_mock/clock/advance", json={"seconds": 16})
        assert r.status_code == 200, r.text
        # delivered after the request's commit, before its answer (a seeded poll may end too)
        assert heard.count(poll_id) == 1
        twitch_mock.advance(60)
        assert heard.count(poll_id) == 1  # once: the later jump does not end it again
    finally:
        stop()


def test_the_server_ticker_announces_what_real_time_made_due(twitch_mock: MockTwitch) -> None:
    poll_id = quick_poll(twitch_mock)
    heard, ended, stop = hear_poll_ends(twitch_mock)
    try:
        twitch_mock.clock.offset += 16  # real time passing: no listener hears it, only the ticker
        assert ended.wait(5), "the ticker did not end the poll"
    finally:
        stop()
    assert heard == [poll_id]


def test_the_generated_current_train_ends_when_it_expires(twitch_mock: MockTwitch) -> None:
    star = twitch_mock.users[0]
    token = twitch_mock.user_token(star.id, ["channel:read:hype_train"])
    r = httpx.get(
        twitch_mock.helix_url + "hypetrain/status",
        params={"broadcaster_id": star.id},
        headers={"Authorization": f"Bearer {token}", "Client-Id": twitch_mock.client_id},
    )
    current = r.json()["data"][0]["current"]
    heard: list[Event] = []
    stop = twitch_mock.on_event(heard.append)
    try:
        twitch_mock.advance(3601)
    finally:
        stop()
    ends = [event_json(e) for e in heard if isinstance(e, HypeTrainEnd)]
    assert [(e["id"], e["ended_at"]) for e in ends] == [(current["id"], current["expires_at"])]
