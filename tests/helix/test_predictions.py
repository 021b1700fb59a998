"""Helix Predictions family: Get Predictions, Create Prediction, End Prediction; one running
prediction per channel, locking when the window closes, payouts and refunds recorded per bet,
top predictors from the real bets, and the begin/progress/lock/end events."""

from __future__ import annotations

from typing import Any

import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock.domain import predictions
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.predictions import (
    BeginOutcome,
    EventOutcome,
    EventPredictor,
    PredictionBegin,
    PredictionEnd,
    PredictionLock,
    PredictionProgress,
)

MANAGE, READ = "channel:manage:predictions", "channel:read:predictions"


@pytest.fixture
def events(world: World) -> list[Event]:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    return heard


def create(world: World, login: str = "alice", **body: Any) -> Any:
    fields = {
        "broadcaster_id": world.users[login],
        "title": "Any leeks in the stream?",
        "outcomes": [{"title": "Yes, give it time."}, {"title": "Definitely not."}],
        "prediction_window": 120,
        **body,
    }
    return world.http.post("/helix/predictions", json=fields, headers=world.as_user(login, MANAGE))


def created(world: World, **body: Any) -> dict[str, Any]:
    r = create(world, **body)
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()["data"]
    return data[0]


def end(
    world: World, prediction_id: str, status: str, winner: str | None = None, login: str = "alice"
) -> Any:
    body = {"broadcaster_id": world.users[login], "id": prediction_id, "status": status}
    if winner is not None:
        body["winning_outcome_id"] = winner
    return world.http.patch("/helix/predictions", json=body, headers=world.as_user(login, MANAGE))


def get(world: World, query: str = "", login: str = "alice") -> Any:
    r = world.http.get(
        f"/helix/predictions?broadcaster_id={world.users[login]}{query}", headers=world.as_user(login, READ)
    )
    assert r.status_code == 200, r.text
    return r.json()


def bet(world: World, prediction: dict[str, Any], outcome: int, login: str, points: int) -> None:
    with world.store.transaction():
        predictions.bet(
            world.services,
            prediction["id"],
            prediction["outcomes"][outcome]["id"],
            world.users[login],
            points,
        )


def test_create_prediction_shape_and_begin_event(world: World, events: list[Event]) -> None:
    made = created(world)
    yes, no = made["outcomes"]
    now = world.clock.rfc3339()
    assert made == {
        "id": made["id"],
        "broadcaster_id": world.users["alice"],
        "broadcaster_name": "Alice",
        "broadcaster_login": "alice",
        "title": "Any leeks in the stream?",
        "winning_outcome_id": None,
        "outcomes": [
            {"id": yes["id"], "title": "Yes, give it time.", "users": 0, "channel_points": 0, "top_predictors": None, "color": "BLUE"},
            {"id": no["id"], "title": "Definitely not.", "users": 0, "channel_points": 0, "top_predictors": None, "color": "PINK"},
        ],
        "prediction_window": 120,
        "status": "ACTIVE",
        "created_at": now,
        "ended_at": None,
        "locked_at": None,
    }  # fmt: skip
    assert get(world) == {"data": [made], "pagination": {}}
    assert events == [
        PredictionBegin(
            made["id"],
            world.users["alice"],
            "alice",
            "Alice",
            "Any leeks in the stream?",
            [
                BeginOutcome(yes["id"], "Yes, give it time.", "blue"),
                BeginOutcome(no["id"], "Definitely not.", "pink"),
            ],
            now,
            world.clock.rfc3339(120),
        )
    ]


def test_more_than_two_outcomes_are_all_blue(world: World) -> None:
    made = created(world, outcomes=[{"title": t} for t in "abc"])
    assert [o["color"] for o in made["outcomes"]] == ["BLUE", "BLUE", "BLUE"]


def test_bets_give_totals_and_top_predictors(world: World, events: list[Event]) -> None:
    made = created(world)
    bet(world, made, 0, "bob", 100)
    bet(world, made, 1, "carol", 300)
    bet(world, made, 0, "dave", 50)
    bet(world, made, 0, "dave", 200)  # more on the same outcome adds up
    yes, no = get(world)["data"][0]["outcomes"]
    assert (yes["users"], yes["channel_points"], no["users"], no["channel_points"]) == (2, 350, 1, 300)
    assert yes["top_predictors"] == [
        {"user_id": world.users["dave"], "user_name": "Dave", "user_login": "dave", "channel_points_used": 250, "channel_points_won": 0},
        {"user_id": world.users["bob"], "user_name": "Bob", "user_login": "bob", "channel_points_used": 100, "channel_points_won": 0},
    ]  # fmt: skip
    progress = events[-1]
    assert isinstance(progress, PredictionProgress)
    assert progress.outcomes[1] == EventOutcome(
        no["id"],
        "Definitely not.",
        "pink",
        1,
        300,
        [EventPredictor(world.users["carol"], "carol", "Carol", None, 300)],
    )
    with pytest.raises(Exception, match="one outcome"):
        bet(world, made, 1, "bob", 10)


def test_top_predictors_are_at_most_ten(world: World) -> None:
    made = created(world)
    with world.store.transaction():
        for n in range(12):
            login = f"viewer{n}"
            world.store.db.conn.execute(
                "INSERT INTO users (id, login, display_name, type, broadcaster_type, description, "
                "profile_image_url, offline_image_url, view_count, email, created_at) "
                "VALUES (?, ?, ?, '', '', '', '', '', 0, '', '2020-01-01T00:00:00Z')",
                (str(2000 + n), login, login),
            )
            predictions.bet(world.services, made["id"], made["outcomes"][0]["id"], str(2000 + n), 10 + n)
    yes = get(world)["data"][0]["outcomes"][0]
    assert yes["users"] == 12 and len(yes["top_predictors"]) == 10
    assert [t["channel_points_used"] for t in yes["top_predictors"]] == list(range(21, 11, -1))


def test_resolve_pays_the_winners(world: World, events: list[Event]) -> None:
    made = created(world)
    bet(world, made, 0, "bob", 100)
    bet(world, made, 0, "dave", 50)
    bet(world, made, 1, "carol", 300)
    winner = made["outcomes"][0]["id"]
    r = end(world, made["id"], "RESOLVED", winner)
    assert r.status_code == 200, r.text
    resolved = r.json()["data"][0]
    assert (resolved["status"], resolved["winning_outcome_id"]) == ("RESOLVED", winner)
    assert resolved["ended_at"] == world.clock.rfc3339() and resolved["locked_at"] is None
    yes, no = resolved["outcomes"]
    assert [(t["user_login"], t["channel_points_won"]) for t in yes["top_predictors"]] == [
        ("bob", 300),
        ("dave", 150),
    ]
    assert no["top_predictors"][0]["channel_points_won"] == 0
    assert get(world)["data"] == [resolved]
    payouts = world.store.db.conn.execute(
        "SELECT user_id, payout FROM prediction_bets WHERE prediction_id = ? ORDER BY user_id", (made["id"],)
    ).fetchall()
    assert payouts == [(world.users["bob"], 300), (world.users["carol"], 0), (world.users["dave"], 150)]
    ended = events[-1]
    assert (
        isinstance(ended, PredictionEnd) and ended.status == "resolved" and ended.winning_outcome_id == winner
    )
    assert ended.outcomes[0].top_predictors[0].channel_points_won == 300
    assert_error(end(world, made["id"], "CANCELED"), 400, predictions.MUST_BE_RUNNING)


def test_cancel_refunds_every_bet(world: World, events: list[Event]) -> None:
    made = created(world)
    bet(world, made, 0, "bob", 100)
    r = end(world, made["id"], "CANCELED")
    assert r.status_code == 200, r.text
    canceled = r.json()["data"][0]
    assert (canceled["status"], canceled["winning_outcome_id"]) == ("CANCELED", None)
    assert canceled["outcomes"][0]["top_predictors"][0]["channel_points_won"] == 0
    payout = world.store.db.conn.execute("SELECT payout FROM prediction_bets").fetchone()[0]
    assert payout == 100
    ended = events[-1]
    assert (
        isinstance(ended, PredictionEnd) and ended.status == "canceled" and ended.winning_outcome_id is None
    )


def test_lock_then_resolve(world: World, events: list[Event]) -> None:
    made = created(world)
    world.clock.advance(10)
    r = end(world, made["id"], "LOCKED")
    assert r.status_code == 200, r.text
    assert (
        r.json()["data"][0]["status"] == "LOCKED"
        and r.json()["data"][0]["locked_at"] == world.clock.rfc3339()
    )
    assert isinstance(events[-1], PredictionLock)
    assert_error(end(world, made["id"], "LOCKED"), 400, predictions.MUST_BE_ACTIVE)
    with pytest.raises(Exception, match="not taking bets"):
        bet(world, made, 0, "bob", 10)
    assert_error(create(world), 400, predictions.ONE_AT_A_TIME)  # a locked prediction still runs
    assert end(world, made["id"], "RESOLVED", made["outcomes"][1]["id"]).status_code == 200
    assert created(world)["status"] == "ACTIVE"


def test_the_window_closing_locks_it_once_and_a_day_later_cancels(world: World, events: list[Event]) -> None:
    made = created(world, prediction_window=30)
    bet(world, made, 0, "bob", 100)
    world.clock.advance(30)
    got = get(world)["data"][0]
    assert (got["status"], got["locked_at"]) == ("LOCKED", world.clock.rfc3339())
    get(world)
    assert [type(e) for e in events] == [PredictionBegin, PredictionProgress, PredictionLock]
    world.clock.advance(24 * 3600)
    got = get(world)["data"][0]
    assert (got["status"], got["ended_at"]) == ("CANCELED", world.clock.rfc3339())
    assert [type(e) for e in events][-1] is PredictionEnd and len(events) == 4


def test_get_predictions_pages_and_ids(world: World) -> None:
    made = []
    for n in range(4):
        made.append(created(world, title=f"P{n}")["id"])
        assert end(world, made[-1], "CANCELED").status_code == 200
        world.clock.advance(1)
    page = get(world, "&first=3")
    seen = [p["id"] for p in page["data"]]
    assert len(seen) == 3 and page["pagination"]["cursor"]
    page = get(world, f"&first=3&after={page['pagination']['cursor']}")
    assert page["pagination"] == {}
    assert seen + [p["id"] for p in page["data"]] == made[::-1]
    bobs = created(world, login="bob")["id"]
    picked = get(world, f"&id={made[0]}&id={bobs}&id={made[2]}")["data"]  # another channel's is ignored
    assert [p["id"] for p in picked] == [made[2], made[0]]
    assert get(world, login="carol") == {"data": [], "pagination": {}}


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        pytest.param({"title": ""}, 400, 'Missing required parameter "title"', id="empty-title"),
        pytest.param({"title": "x" * 46}, 400, 'The parameter "title" was malformed: the length must be less than or equal to 45', id="long-title"),
        pytest.param({"outcomes": [{"title": "a"}]}, 400, 'The parameter "outcomes" was malformed: the number of items must be greater than or equal to 2', id="one"),
        pytest.param({"outcomes": [{"title": str(n)} for n in range(11)]}, 400, 'The parameter "outcomes" was malformed: the number of items must be less than or equal to 10', id="eleven"),
        pytest.param({"outcomes": [{"title": "a"}, {"title": "b" * 26}]}, 400, 'The parameter "outcomes.title" was malformed: the length must be less than or equal to 25', id="long-outcome"),
        pytest.param({"outcomes": None}, 400, 'Missing required parameter "outcomes"', id="no-outcomes"),
        pytest.param({"prediction_window": 29}, 400, 'The parameter "prediction_window" was malformed: the value must be greater than or equal to 30', id="short"),
        pytest.param({"prediction_window": 1801}, 400, 'The parameter "prediction_window" was malformed: the value must be less than or equal to 1800', id="long"),
        pytest.param({"prediction_window": None}, 400, 'Missing required parameter "prediction_window"', id="no-window"),
        pytest.param({"broadcaster_id": "1001"}, 401, "The ID in broadcaster_id must match the user ID in the user access token", id="not-owner"),
    ],
)  # fmt: skip
def test_create_prediction_bad_input(
    world: World, events: list[Event], body: Any, status: int, message: str
) -> None:
    assert_error(create(world, **body), status, message)
    assert events == [] and get(world)["data"] == []


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        pytest.param({"status": "ACTIVE"}, 400, 'The parameter "status" was malformed: the value must be one of RESOLVED, CANCELED, LOCKED', id="bad-status"),
        pytest.param({"status": None}, 400, 'Missing required parameter "status"', id="no-status"),
        pytest.param({"id": None}, 400, 'Missing required parameter "id"', id="no-id"),
        pytest.param({"id": "unknown"}, 404, predictions.NOT_FOUND, id="unknown"),
        pytest.param({"status": "RESOLVED"}, 400, predictions.NEEDS_WINNER, id="no-winner"),
        pytest.param({"status": "RESOLVED", "winning_outcome_id": "nope"}, 404, predictions.OUTCOME_NOT_FOUND, id="bad-winner"),
        pytest.param({"broadcaster_id": "1001"}, 401, "The ID in broadcaster_id must match the user ID in the user access token", id="not-owner"),
    ],
)  # fmt: skip
def test_end_prediction_bad_input(
    world: World, events: list[Event], body: Any, status: int, message: str
) -> None:
    made = created(world)
    bet(world, made, 0, "bob", 10)
    fields = {"broadcaster_id": world.users["alice"], "id": made["id"], "status": "CANCELED", **body}
    r = world.http.patch("/helix/predictions", json=fields, headers=world.as_user("alice", MANAGE))
    assert_error(r, status, message)
    assert get(world)["data"][0]["status"] == "ACTIVE" and len(events) == 2
    assert world.store.db.conn.execute("SELECT payout FROM prediction_bets").fetchone()[0] is None


def test_another_channels_outcome_cannot_win(world: World) -> None:
    mine, bobs = created(world), created(world, login="bob")
    r = end(world, mine["id"], "RESOLVED", bobs["outcomes"][0]["id"])
    assert_error(r, 404, predictions.OUTCOME_NOT_FOUND)
    assert_error(end(world, bobs["id"], "CANCELED"), 404, predictions.NOT_FOUND)


def test_get_predictions_limits(world: World) -> None:
    alice = world.users["alice"]
    query = "".join(f"&id={n}" for n in range(26))
    r = world.http.get(
        f"/helix/predictions?broadcaster_id={alice}{query}", headers=world.as_user("alice", READ)
    )
    assert_error(
        r, 400, 'The parameter "id" was malformed: the number of items must be less than or equal to 25'
    )
    r = world.http.get(
        f"/helix/predictions?broadcaster_id={alice}", headers=world.as_user("alice", "channel:read:polls")
    )
    assert_error(r, 401, "Missing scope: channel:read:predictions")


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /predictions": [lambda m: Call({"broadcaster_id": m.users[0].id}, as_user(m, 0, READ))],
    "POST /predictions": [
        lambda m: Call(
            {},
            as_user(m, 1, MANAGE),
            {
                "broadcaster_id": m.users[1].id,
                "title": "Reference prediction",
                "outcomes": [{"title": "Yes"}, {"title": "No"}],
                "prediction_window": 300,
            },
        )
    ],
    "PATCH /predictions": [
        lambda m: Call(
            {},
            as_user(m, 1, MANAGE),
            {
                "broadcaster_id": m.users[1].id,
                **dict(zip(("id", "winning_outcome_id"), _new_prediction(m), strict=True)),
                "status": "RESOLVED",
            },
        )
    ],
}


def _new_prediction(m: Any) -> tuple[str, str]:
    """A prediction that user 1 (who has none running in the seeded world) starts now, and its
    first outcome."""
    import httpx

    body = {
        "broadcaster_id": m.users[1].id,
        "title": "Soon",
        "outcomes": [{"title": "A"}, {"title": "B"}],
        "prediction_window": 300,
    }
    headers = {"Authorization": f"Bearer {as_user(m, 1, MANAGE)}", "Client-Id": m.client_id}
    r = httpx.post(m.helix_url + "predictions", json=body, headers=headers)
    assert r.status_code == 200, r.text
    made = r.json()["data"][0]
    return str(made["id"]), str(made["outcomes"][0]["id"])
