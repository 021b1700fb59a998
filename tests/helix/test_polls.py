"""Helix Polls family: Get Polls, Create Poll, End Poll; one running poll per channel, COMPLETED
when its time is up (announced once), and the begin/progress/end events."""

from __future__ import annotations

from typing import Any

import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.domain import polls
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.polls import BeginChoice, ChoiceVotes, PollBegin, PollEnd, PollProgress, Voting

MANAGE, READ = "channel:manage:polls", "channel:read:polls"


@pytest.fixture
def events(world: World) -> list[Event]:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    return heard


def create(world: World, login: str = "alice", **body: Any) -> Any:
    fields = {
        "broadcaster_id": world.users[login],
        "title": "Heads or Tails?",
        "choices": [{"title": "Heads"}, {"title": "Tails"}],
        "duration": 60,
        **body,
    }
    return world.http.post("/helix/polls", json=fields, headers=world.as_user(login, MANAGE))


def end(world: World, poll_id: str, status: str = "TERMINATED", login: str = "alice") -> Any:
    body = {"broadcaster_id": world.users[login], "id": poll_id, "status": status}
    return world.http.patch("/helix/polls", json=body, headers=world.as_user(login, MANAGE))


def get(world: World, query: str = "", login: str = "alice") -> Any:
    r = world.http.get(
        f"/helix/polls?broadcaster_id={world.users[login]}{query}", headers=world.as_user(login, READ)
    )
    assert r.status_code == 200, r.text
    return r.json()


def created(world: World, **body: Any) -> dict[str, Any]:
    r = create(world, **body)
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()["data"]
    return data[0]


def test_create_poll_shape_and_begin_event(world: World, events: list[Event]) -> None:
    poll = created(world, channel_points_voting_enabled=True, channel_points_per_vote="100")
    now = world.clock.rfc3339()
    heads, tails = poll["choices"]
    assert poll == {
        "id": poll["id"],
        "broadcaster_id": world.users["alice"],
        "broadcaster_name": "Alice",
        "broadcaster_login": "alice",
        "title": "Heads or Tails?",
        "choices": [
            {"id": heads["id"], "title": "Heads", "votes": 0, "channel_points_votes": 0, "bits_votes": 0},
            {"id": tails["id"], "title": "Tails", "votes": 0, "channel_points_votes": 0, "bits_votes": 0},
        ],
        "bits_voting_enabled": False,
        "bits_per_vote": 0,
        "channel_points_voting_enabled": True,
        "channel_points_per_vote": 100,
        "status": "ACTIVE",
        "duration": 60,
        "started_at": now,
        "ended_at": None,
    }
    assert get(world) == {"data": [poll], "pagination": {}}
    assert events == [
        PollBegin(
            poll["id"],
            world.users["alice"],
            "alice",
            "Alice",
            "Heads or Tails?",
            [BeginChoice(heads["id"], "Heads"), BeginChoice(tails["id"], "Tails")],
            Voting(False, 0),
            Voting(True, 100),
            now,
            world.clock.rfc3339(60),
        )
    ]


def test_one_running_poll_per_channel(world: World, events: list[Event]) -> None:
    first = created(world)
    r = create(world)
    assert_error(r, 400, polls.ONE_AT_A_TIME)
    assert len(events) == 1 and len(get(world)["data"]) == 1
    assert created(world, login="bob")["status"] == "ACTIVE"  # another channel may
    assert end(world, first["id"]).status_code == 200
    assert created(world)["status"] == "ACTIVE"  # once the first has ended


def test_a_poll_past_its_duration_completes_and_ends_once(world: World, events: list[Event]) -> None:
    poll = created(world, duration=15)
    world.clock.advance(15)
    got = get(world)["data"][0]
    assert (got["status"], got["ended_at"]) == ("COMPLETED", world.clock.rfc3339())
    get(world)
    assert [type(e) for e in events] == [PollBegin, PollEnd]
    ended = events[1]
    assert isinstance(ended, PollEnd) and ended.status == "completed" and ended.id == poll["id"]
    assert_error(end(world, poll["id"]), 400, polls.NOT_ACTIVE)
    assert created(world)["status"] == "ACTIVE"  # the completed one no longer blocks


def test_the_first_write_that_notices_announces_the_end(world: World, events: list[Event]) -> None:
    created(world, duration=15)
    world.clock.advance(20)
    second = created(world)  # Create Poll settles the old one first, then starts the new one
    assert [type(e) for e in events] == [PollBegin, PollEnd, PollBegin]
    assert [p["status"] for p in get(world)["data"]] == ["ACTIVE", "COMPLETED"]
    assert get(world)["data"][0]["id"] == second["id"]


@pytest.mark.parametrize("status", ["TERMINATED", "ARCHIVED"])
def test_end_poll(world: World, events: list[Event], status: str) -> None:
    poll = created(world)
    world.clock.advance(5)
    r = end(world, poll["id"], status)
    assert r.status_code == 200, r.text
    ended = r.json()["data"][0]
    assert ended == {**poll, "status": status, "ended_at": world.clock.rfc3339()}
    assert get(world)["data"] == [ended]
    heads, tails = poll["choices"]
    assert events[1] == PollEnd(
        poll["id"],
        world.users["alice"],
        "alice",
        "Alice",
        "Heads or Tails?",
        [ChoiceVotes(heads["id"], "Heads", 0, 0, 0), ChoiceVotes(tails["id"], "Tails", 0, 0, 0)],
        Voting(False, 0),
        Voting(False, 0),
        status.lower(),
        poll["started_at"],
        world.clock.rfc3339(),
    )
    assert_error(end(world, poll["id"], "ARCHIVED"), 400, polls.NOT_ACTIVE)
    assert len(events) == 2


def test_votes_show_up_and_publish_progress(world: World, events: list[Event]) -> None:
    poll = created(world, channel_points_voting_enabled=True, channel_points_per_vote=10)
    heads = poll["choices"][0]["id"]
    with world.store.transaction():
        polls.vote(world.services, poll["id"], heads, votes=3, channel_points_votes=2)
    choice = get(world)["data"][0]["choices"][0]
    assert (choice["votes"], choice["channel_points_votes"], choice["bits_votes"]) == (3, 2, 0)
    progress = events[-1]
    assert isinstance(progress, PollProgress) and progress.choices[0] == ChoiceVotes(heads, "Heads", 0, 2, 3)
    with pytest.raises(Exception, match="not one of the poll's"):
        polls.vote(world.services, poll["id"], "nope")
    world.clock.advance(61)
    with pytest.raises(Exception, match="not running"):
        polls.vote(world.services, poll["id"], heads)


def test_get_polls_pages_newest_first_and_filters_by_id(world: World) -> None:
    made = []
    for n in range(5):
        made.append(created(world, title=f"Poll {n}")["id"])
        assert end(world, made[-1]).status_code == 200
        world.clock.advance(1)
    page = get(world, "&first=2")
    assert [p["title"] for p in page["data"]] == ["Poll 4", "Poll 3"]
    seen = [p["id"] for p in page["data"]]
    while page["pagination"]:
        page = get(world, f"&first=2&after={page['pagination']['cursor']}")
        seen += [p["id"] for p in page["data"]]
    assert seen == made[::-1]
    picked = get(world, f"&id={made[1]}&id={made[3]}&id=unknown")["data"]
    assert [p["id"] for p in picked] == [made[3], made[1]]
    bob = created(world, login="bob")["id"]  # another channel's poll is not found through alice
    r = world.http.get(
        f"/helix/polls?broadcaster_id={world.users['alice']}&id={bob}", headers=world.as_user("alice", READ)
    )
    assert_error(r, 404, "None of the IDs in the id query parameters were found.")


def test_get_polls_empty_channel_and_90_days(world: World) -> None:
    assert get(world, login="carol") == {"data": [], "pagination": {}}
    poll = created(world, duration=15)
    world.clock.advance(90 * 24 * 3600)
    assert [p["id"] for p in get(world)["data"]] == [poll["id"]]
    world.clock.advance(1)
    assert get(world)["data"] == []  # Twitch keeps polls for 90 days


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        pytest.param({"title": ""}, 400, 'Missing required parameter "title"', id="empty-title"),
        pytest.param({"title": "x" * 61}, 400, 'The parameter "title" was malformed: the length must be less than or equal to 60', id="long-title"),
        pytest.param({"choices": None}, 400, 'Missing required parameter "choices"', id="no-choices"),
        pytest.param({"choices": [{"title": "a"}]}, 400, 'The parameter "choices" was malformed: the number of items must be greater than or equal to 2', id="one-choice"),
        pytest.param({"choices": [{"title": str(n)} for n in range(6)]}, 400, 'The parameter "choices" was malformed: the number of items must be less than or equal to 5', id="six-choices"),
        pytest.param({"choices": [{"title": "a"}, {"title": "b" * 26}]}, 400, 'The parameter "choices.title" was malformed: the length must be less than or equal to 25', id="long-choice"),
        pytest.param({"choices": [{"title": "a"}, {}]}, 400, 'Missing required parameter "choices.title"', id="choice-no-title"),
        pytest.param({"duration": None}, 400, 'Missing required parameter "duration"', id="no-duration"),
        pytest.param({"duration": 14}, 400, 'The parameter "duration" was malformed: the value must be greater than or equal to 15', id="short"),
        pytest.param({"duration": 1801}, 400, 'The parameter "duration" was malformed: the value must be less than or equal to 1800', id="long"),
        pytest.param({"duration": "soon"}, 400, 'The parameter "duration" was malformed: the value must be an integer', id="duration-type"),
        pytest.param({"channel_points_voting_enabled": True}, 400, 'Missing required parameter "channel_points_per_vote"', id="points-no-cost"),
        pytest.param({"channel_points_voting_enabled": True, "channel_points_per_vote": 0}, 400, 'The parameter "channel_points_per_vote" was malformed: the value must be greater than or equal to 1', id="points-zero"),
        pytest.param({"channel_points_voting_enabled": True, "channel_points_per_vote": 1_000_001}, 400, 'The parameter "channel_points_per_vote" was malformed: the value must be less than or equal to 1000000', id="points-high"),
        pytest.param({"broadcaster_id": "1001"}, 401, "The ID in broadcaster_id must match the user ID in the user access token", id="not-owner"),
        pytest.param({"broadcaster_id": None}, 400, 'Missing required parameter "broadcaster_id"', id="no-broadcaster"),
    ],
)  # fmt: skip
def test_create_poll_bad_input(
    world: World, events: list[Event], body: Any, status: int, message: str
) -> None:
    assert_error(create(world, **body), status, message)
    assert events == [] and get(world)["data"] == []


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        pytest.param({"status": "COMPLETED"}, 400, 'The parameter "status" was malformed: the value must be one of TERMINATED, ARCHIVED', id="bad-status"),
        pytest.param({"status": None}, 400, 'Missing required parameter "status"', id="no-status"),
        pytest.param({"id": None}, 400, 'Missing required parameter "id"', id="no-id"),
        pytest.param({"id": "unknown"}, 404, polls.NOT_FOUND, id="unknown"),
        pytest.param({"broadcaster_id": "1001"}, 401, "The ID in broadcaster_id must match the user ID in the user access token", id="not-owner"),
    ],
)  # fmt: skip
def test_end_poll_bad_input(world: World, events: list[Event], body: Any, status: int, message: str) -> None:
    poll = created(world)
    fields = {"broadcaster_id": world.users["alice"], "id": poll["id"], "status": "TERMINATED", **body}
    r = world.http.patch("/helix/polls", json=fields, headers=world.as_user("alice", MANAGE))
    assert_error(r, status, message)
    assert get(world)["data"][0]["status"] == "ACTIVE" and len(events) == 1


def test_another_channels_poll_cannot_be_ended(world: World) -> None:
    bobs = created(world, login="bob")
    assert_error(end(world, bobs["id"]), 404, polls.NOT_FOUND)


def test_get_polls_needs_the_scope_and_the_owner(world: World) -> None:
    alice = world.users["alice"]
    r = world.http.get(
        f"/helix/polls?broadcaster_id={alice}", headers=world.as_user("alice", "user:read:email")
    )
    assert_error(r, 401, "Missing scope: channel:read:polls")
    r = world.http.get(
        f"/helix/polls?broadcaster_id={world.users['bob']}", headers=world.as_user("alice", READ)
    )
    assert_error(r, 401, "The ID in broadcaster_id must match the user ID in the user access token")
    r = world.http.get(f"/helix/polls?broadcaster_id={alice}&first=21", headers=world.as_user("alice", READ))
    assert r.status_code == 400
    query = "".join(f"&id={n}" for n in range(21))
    r = world.http.get(f"/helix/polls?broadcaster_id={alice}{query}", headers=world.as_user("alice", READ))
    assert_error(
        r, 400, 'The parameter "id" was malformed: the number of items must be less than or equal to 20'
    )


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /polls": [lambda m: Call({"broadcaster_id": m.users[0].id}, as_user(m, 0, READ))],
    "POST /polls": [
        lambda m: Call(
            {},
            as_user(m, 1, MANAGE),
            {
                "broadcaster_id": m.users[1].id,
                "title": "Reference poll",
                "choices": [{"title": "Yes"}, {"title": "No"}],
                "duration": 300,
            },
        )
    ],
    "PATCH /polls": [
        lambda m: Call(
            {},
            as_user(m, 1, MANAGE),
            {"broadcaster_id": m.users[1].id, "id": _new_poll(m), "status": "TERMINATED"},
        )
    ],
}


def _new_poll(m: MockTwitch) -> str:
    """A poll that user 1 (who has none running in the seeded world) starts now."""
    import httpx

    body = {
        "broadcaster_id": m.users[1].id,
        "title": "Ends soon",
        "choices": [{"title": "A"}, {"title": "B"}],
        "duration": 300,
    }
    headers = {"Authorization": f"Bearer {as_user(m, 1, MANAGE)}", "Client-Id": m.client_id}
    r = httpx.post(m.helix_url + "polls", json=body, headers=headers)
    assert r.status_code == 200, r.text
    return str(r.json()["data"][0]["id"])


def test_a_poll_completes_when_the_mock_clock_moves(twitch_mock: MockTwitch) -> None:
    import httpx

    poll_id = _new_poll(twitch_mock)
    twitch_mock.advance(300)
    headers = {"Authorization": f"Bearer {as_user(twitch_mock, 1, READ)}", "Client-Id": twitch_mock.client_id}
    r = httpx.get(
        twitch_mock.helix_url + "polls",
        params={"broadcaster_id": twitch_mock.users[1].id, "id": poll_id},
        headers=headers,
    )
    assert [p["status"] for p in r.json()["data"]] == ["COMPLETED"]


@pytest.mark.parametrize("points", [None, "250"])
def test_the_created_poll_is_what_get_polls_then_shows(world: World, points: str | None) -> None:
    extra = (
        {} if points is None else {"channel_points_voting_enabled": True, "channel_points_per_vote": points}
    )
    poll = created(world, **extra)
    assert get(world, f"&id={poll['id']}")["data"] == [poll]
