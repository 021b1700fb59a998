"""Channel Points Predictions, their outcomes and bets (dev.twitch.tv/docs/api/reference/#get-
predictions, #create-prediction, #end-prediction).

A channel runs at most one prediction at a time (ACTIVE or LOCKED). An ACTIVE prediction locks
when its window closes, and one left unresolved 24 hours after that is canceled, as on Twitch:
every read or write of a channel's predictions first settles that (`settle`), storing the change
and publishing its event once. Outcome totals and `top_predictors` are computed from the bets.
Ending a prediction records each bet's `payout`: a winner's share of the pool (bet * pool /
winning pool, rounded down), 0 for a losing bet, the bet itself when the prediction is canceled.

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from twitch_mock.core.clock import parse_rfc3339, rfc3339
from twitch_mock.core.errors import BadRequest, NotFound
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select, insert_rows, json_objects, person

MAX_TITLE, MAX_OUTCOME_TITLE, MIN_OUTCOMES, MAX_OUTCOMES = 45, 25, 2, 10
MIN_WINDOW, MAX_WINDOW, TOP_PREDICTORS, RESOLVE_WITHIN = 30, 1800, 10, 24 * 3600
END_STATUSES = ("RESOLVED", "CANCELED", "LOCKED")
ONE_AT_A_TIME = (
    "The broadcaster already has a prediction that's running; you may not create another prediction "
    "until the current prediction is resolved or canceled."
)
NOT_FOUND = "The prediction in the id field was not found."
OUTCOME_NOT_FOUND = "The outcome in the winning_outcome_id field was not found."
NEEDS_WINNER = "The winning_outcome_id field is required if status is RESOLVED."
MUST_BE_RUNNING = (
    "To update the prediction's status to RESOLVED or CANCELED, its current status must be ACTIVE or LOCKED."
)
MUST_BE_ACTIVE = "To update the prediction's status to LOCKED, its current status must be ACTIVE."
LOCKS = "strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+' || prediction_window || ' seconds')"
EXPIRES = f"strftime('%Y-%m-%dT%H:%M:%SZ', {LOCKS}, '+{RESOLVE_WITHIN} seconds')"


@dataclass(frozen=True, slots=True)
class PredictionRow:
    TABLE: ClassVar[str] = "predictions"
    id: str
    broadcaster_id: str
    title: str
    winning_outcome_id: str | None
    prediction_window: int
    status: str
    created_at: str
    ended_at: str | None
    locked_at: str | None


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    TABLE: ClassVar[str] = "prediction_outcomes"
    id: str
    prediction_id: str
    position: int
    title: str
    color: str


@dataclass(frozen=True, slots=True)
class BetRow:
    TABLE: ClassVar[str] = "prediction_bets"
    prediction_id: str
    outcome_id: str
    user_id: str
    channel_points: int
    payout: int | None = None  # set when the prediction ends (see the module's docstring)


@dataclass(frozen=True, slots=True)
class Predictor:
    user_id: str
    user_name: str
    user_login: str
    channel_points_used: int
    channel_points_won: int


@dataclass(frozen=True, slots=True)
class Outcome:
    id: str
    title: str
    users: int
    channel_points: int
    top_predictors: list[Predictor] | None  # null when nobody bet on it
    color: str


@dataclass(frozen=True, slots=True)
class Prediction:
    """A Get Predictions item."""

    id: str
    broadcaster_id: str
    broadcaster_name: str
    broadcaster_login: str
    title: str
    winning_outcome_id: str | None
    outcomes: list[Outcome]
    prediction_window: int
    status: str
    created_at: str
    ended_at: str | None
    locked_at: str | None


# --- events ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BeginOutcome:
    id: str
    title: str
    color: str  # blue | pink


@dataclass(frozen=True, slots=True)
class EventPredictor:
    user_id: str
    user_login: str
    user_name: str
    channel_points_won: int | None  # null until the prediction ends
    channel_points_used: int


@dataclass(frozen=True, slots=True)
class EventOutcome:
    id: str
    title: str
    color: str
    users: int
    channel_points: int
    top_predictors: list[EventPredictor]


@dataclass(frozen=True, slots=True)
class PredictionBegin(Event):
    TYPE: ClassVar[str] = "channel.prediction.begin"
    id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    title: str
    outcomes: list[BeginOutcome]
    started_at: str
    locks_at: str


@dataclass(frozen=True, slots=True)
class PredictionProgress(Event):
    TYPE: ClassVar[str] = "channel.prediction.progress"
    id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    title: str
    outcomes: list[EventOutcome]
    started_at: str
    locks_at: str


@dataclass(frozen=True, slots=True)
class PredictionLock(Event):
    TYPE: ClassVar[str] = "channel.prediction.lock"
    id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    title: str
    outcomes: list[EventOutcome]
    started_at: str
    locked_at: str


@dataclass(frozen=True, slots=True)
class PredictionEnd(Event):
    TYPE: ClassVar[str] = "channel.prediction.end"
    id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    title: str
    winning_outcome_id: str | None
    outcomes: list[EventOutcome]
    status: str  # resolved | canceled
    started_at: str
    ended_at: str


BETS_ON_OUTCOME = "FROM prediction_bets b WHERE b.outcome_id = o.id"
PREDICTION = Select(
    Prediction,
    "predictions p JOIN users u ON u.id = p.broadcaster_id",
    alias="p",
    **person("broadcaster", "u"),
    outcomes=json_objects(
        "FROM prediction_outcomes o WHERE o.prediction_id = p.id ORDER BY o.position",
        id="o.id",
        title="o.title",
        users=f"(SELECT count(*) {BETS_ON_OUTCOME})",
        channel_points=f"(SELECT COALESCE(SUM(b.channel_points), 0) {BETS_ON_OUTCOME})",
        top_predictors="NULL",
        color="o.color",
    ),
)
NEWEST_FIRST = Order.of("p.created_at DESC", "p.id DESC")
TOP_SQL = f"""
SELECT outcome_id, user_id, display_name, login, channel_points, won FROM (
    SELECT b.outcome_id, u.id AS user_id, u.display_name, u.login, b.channel_points,
           CASE WHEN p.status = 'RESOLVED' THEN COALESCE(b.payout, 0) ELSE 0 END AS won,
           ROW_NUMBER() OVER (PARTITION BY b.outcome_id ORDER BY b.channel_points DESC, u.id) AS rank
    FROM prediction_bets b JOIN users u ON u.id = b.user_id JOIN predictions p ON p.id = b.prediction_id
    WHERE b.prediction_id IN ({{marks}}))
WHERE rank <= {TOP_PREDICTORS} ORDER BY outcome_id, rank
"""


# --- queries ---------------------------------------------------------------------------------


def predictions(
    conn: sqlite3.Connection, broadcaster_id: str, window: Window, ids: Sequence[str] = ()
) -> Slice[Prediction]:
    """A page of the channel's predictions, newest first (only those in `ids`, when given)."""
    where, args = "p.broadcaster_id = ?", [broadcaster_id]
    if ids:
        where += f" AND p.id IN ({','.join('?' * len(ids))})"
        args += ids
    page = PREDICTION.page(conn, window, NEWEST_FIRST, where, args)
    return replace(page, rows=_with_top(conn, page.rows))


def prediction(conn: sqlite3.Connection, prediction_id: str) -> Prediction | None:
    found = PREDICTION.one(conn, "p.id = ?", (prediction_id,))
    return None if found is None else _with_top(conn, [found])[0]


def _with_top(conn: sqlite3.Connection, rows: list[Prediction]) -> list[Prediction]:
    """The predictions with each outcome's top predictors (one query for all of them)."""
    if not rows:
        return rows
    top: dict[str, list[Predictor]] = {}
    sql = TOP_SQL.format(marks=",".join("?" * len(rows)))
    for outcome_id, *bettor in conn.execute(sql, [p.id for p in rows]):
        top.setdefault(outcome_id, []).append(Predictor(*bettor))
    return [replace(p, outcomes=[replace(o, top_predictors=top.get(o.id)) for o in p.outcomes]) for p in rows]


# --- rules -----------------------------------------------------------------------------------


def due(conn: sqlite3.Connection, now: str) -> list[str]:
    """The channels with an ACTIVE prediction whose window has closed, or a LOCKED one left unresolved
    past its 24 hours, at `now` (and so `settle` would lock or cancel it)."""
    rows = conn.execute(
        "SELECT DISTINCT broadcaster_id FROM predictions WHERE status IN ('ACTIVE', 'LOCKED') AND "
        f"((status = 'ACTIVE' AND {LOCKS} <= ?) OR (status = 'LOCKED' AND {EXPIRES} <= ?))",
        (now, now),
    ).fetchall()
    return [str(r[0]) for r in rows]


def settle(s: Services, broadcaster_id: str) -> None:
    """Lock the channel's ACTIVE prediction when its window has closed, and cancel a prediction
    left unresolved 24 hours after that; each change is announced once."""
    now = s.now()
    running = s.conn.execute(
        f"SELECT id, status, {LOCKS}, {EXPIRES} FROM predictions "
        "WHERE broadcaster_id = ? AND status IN ('ACTIVE', 'LOCKED') AND "
        f"{LOCKS} <= ?",
        (broadcaster_id, now),
    ).fetchall()
    for prediction_id, status, locks_at, expires_at in running:
        if status == "ACTIVE":
            s.conn.execute(
                "UPDATE predictions SET status = 'LOCKED', locked_at = ? WHERE id = ?",
                (locks_at, prediction_id),
            )
            _publish_lock(s, prediction_id)
        if expires_at <= now:
            _cancel(s, prediction_id, expires_at)


def create(
    s: Services, broadcaster_id: str, title: str, outcomes: Sequence[str], prediction_window: int
) -> Prediction:
    """Start a prediction now. Two outcomes are BLUE and PINK; more are all BLUE (as on Twitch)."""
    _check_new(title, outcomes, prediction_window)
    settle(s, broadcaster_id)
    running = "SELECT 1 FROM predictions WHERE broadcaster_id = ? AND status IN ('ACTIVE', 'LOCKED')"
    if s.conn.execute(running, (broadcaster_id,)).fetchone():
        raise BadRequest(ONE_AT_A_TIME)
    row = PredictionRow(
        s.ids.guid(), broadcaster_id, title, None, prediction_window, "ACTIVE", s.now(), None, None
    )
    colors = ("BLUE", "PINK") if len(outcomes) == 2 else ("BLUE",) * len(outcomes)
    insert_rows(s.conn, "INSERT", [row])
    insert_rows(
        s.conn,
        "INSERT",
        [
            OutcomeRow(s.ids.guid(), row.id, n, t, c)
            for n, (t, c) in enumerate(zip(outcomes, colors, strict=True))
        ],
    )
    made = prediction(s.conn, row.id)
    assert made is not None
    s.publish(
        PredictionBegin(
            *_head(made),
            [BeginOutcome(o.id, o.title, o.color.lower()) for o in made.outcomes],
            made.created_at,
            _locks_at(made),
        )
    )
    return made


def end(
    s: Services, broadcaster_id: str, prediction_id: str, status: str, winning_outcome_id: str | None = None
) -> Prediction:
    """Lock, resolve (paying out the winners) or cancel (refunding every bet) a running prediction."""
    if status not in END_STATUSES:
        raise BadRequest(f"The value in the status field is not valid: {status}")
    settle(s, broadcaster_id)
    found = prediction(s.conn, prediction_id)
    if found is None or found.broadcaster_id != broadcaster_id:
        raise NotFound(NOT_FOUND)
    if status == "LOCKED" and found.status != "ACTIVE":
        raise BadRequest(MUST_BE_ACTIVE)
    if found.status not in ("ACTIVE", "LOCKED"):
        raise BadRequest(MUST_BE_RUNNING)
    now = s.now()
    if status == "LOCKED":
        s.conn.execute(
            "UPDATE predictions SET status = 'LOCKED', locked_at = ? WHERE id = ?", (now, found.id)
        )
        return _publish_lock(s, found.id)
    if status == "CANCELED":
        return _cancel(s, found.id, now)
    if not winning_outcome_id:
        raise BadRequest(NEEDS_WINNER)
    if not any(o.id == winning_outcome_id for o in found.outcomes):
        raise NotFound(OUTCOME_NOT_FOUND)
    pool = sum(o.channel_points for o in found.outcomes)
    winners = next(o.channel_points for o in found.outcomes if o.id == winning_outcome_id)
    s.conn.execute(
        "UPDATE prediction_bets SET payout = CASE WHEN outcome_id = ? THEN channel_points * ? / ? ELSE 0 END "
        "WHERE prediction_id = ?",
        (winning_outcome_id, pool, max(winners, 1), found.id),
    )
    s.conn.execute(
        "UPDATE predictions SET status = 'RESOLVED', winning_outcome_id = ?, ended_at = ? WHERE id = ?",
        (winning_outcome_id, now, found.id),
    )
    return _publish_end(s, found.id)


def bet(s: Services, prediction_id: str, outcome_id: str, user_id: str, channel_points: int) -> Prediction:
    """`user_id` bets Channel Points on an outcome of an ACTIVE prediction (more on the same
    outcome adds up; one outcome per user); publishes `channel.prediction.progress`. For the
    control API and `MockTwitch`."""
    found = prediction(s.conn, prediction_id)
    if found is None:
        raise NotFound(NOT_FOUND)
    settle(s, found.broadcaster_id)
    found = prediction(s.conn, prediction_id)
    assert found is not None
    if found.status != "ACTIVE":
        raise BadRequest("The prediction is not taking bets")
    if not any(o.id == outcome_id for o in found.outcomes):
        raise BadRequest(f'The outcome in "outcome_id" is not one of the prediction\'s: {outcome_id}')
    if channel_points < 1:
        raise BadRequest('"channel_points" must be at least 1')
    if (
        user_id == found.broadcaster_id
        or not s.conn.execute("SELECT 1 FROM users WHERE id = ?", (user_id,)).fetchone()
    ):
        raise BadRequest(f'The user in "user_id" cannot bet on this prediction: {user_id}')
    earlier = s.conn.execute(
        "SELECT outcome_id FROM prediction_bets WHERE prediction_id = ? AND user_id = ?",
        (prediction_id, user_id),
    ).fetchone()
    if earlier is not None and earlier[0] != outcome_id:
        raise BadRequest("A viewer may bet on one outcome of a prediction only")
    s.conn.execute(
        "INSERT INTO prediction_bets (prediction_id, outcome_id, user_id, channel_points) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (prediction_id, user_id) "
        "DO UPDATE SET channel_points = channel_points + excluded.channel_points",
        (prediction_id, outcome_id, user_id, channel_points),
    )
    now = prediction(s.conn, prediction_id)
    assert now is not None
    s.publish(PredictionProgress(*_head(now), _event_outcomes(now, False), now.created_at, _locks_at(now)))
    return now


def _check_new(title: str, outcomes: Sequence[str], window: int) -> None:
    """Create Prediction's limits, for callers other than Helix (whose body schema checks them first)."""
    if not title.strip() or len(title) > MAX_TITLE:
        raise BadRequest(f"The prediction's title must be 1 to {MAX_TITLE} characters")
    if not MIN_OUTCOMES <= len(outcomes) <= MAX_OUTCOMES:
        raise BadRequest(f"A prediction has {MIN_OUTCOMES} to {MAX_OUTCOMES} outcomes")
    if any(not o.strip() or len(o) > MAX_OUTCOME_TITLE for o in outcomes):
        raise BadRequest(f"The outcome's title must be 1 to {MAX_OUTCOME_TITLE} characters")
    if not MIN_WINDOW <= window <= MAX_WINDOW:
        raise BadRequest("The value in prediction_window is outside the allowed range of values")


def _cancel(s: Services, prediction_id: str, ended_at: str) -> Prediction:
    s.conn.execute(
        "UPDATE prediction_bets SET payout = channel_points WHERE prediction_id = ?", (prediction_id,)
    )
    s.conn.execute(
        "UPDATE predictions SET status = 'CANCELED', winning_outcome_id = NULL, ended_at = ? WHERE id = ?",
        (ended_at, prediction_id),
    )
    return _publish_end(s, prediction_id)


def _publish_lock(s: Services, prediction_id: str) -> Prediction:
    locked = prediction(s.conn, prediction_id)
    assert locked is not None and locked.locked_at is not None
    s.publish(
        PredictionLock(*_head(locked), _event_outcomes(locked, False), locked.created_at, locked.locked_at)
    )
    return locked


def _publish_end(s: Services, prediction_id: str) -> Prediction:
    ended = prediction(s.conn, prediction_id)
    assert ended is not None and ended.ended_at is not None
    s.publish(
        PredictionEnd(
            *_head(ended),
            ended.winning_outcome_id,
            _event_outcomes(ended, True),
            ended.status.lower(),
            ended.created_at,
            ended.ended_at,
        )
    )
    return ended


def _head(p: Prediction) -> tuple[str, str, str, str, str]:
    return p.id, p.broadcaster_id, p.broadcaster_login, p.broadcaster_name, p.title


def _event_outcomes(p: Prediction, ended: bool) -> list[EventOutcome]:
    return [
        EventOutcome(
            o.id,
            o.title,
            o.color.lower(),
            o.users,
            o.channel_points,
            [
                EventPredictor(
                    t.user_id,
                    t.user_login,
                    t.user_name,
                    t.channel_points_won if ended else None,
                    t.channel_points_used,
                )
                for t in o.top_predictors or ()
            ],
        )
        for o in p.outcomes
    ]


def _locks_at(p: Prediction) -> str:
    return rfc3339(parse_rfc3339(p.created_at) + p.prediction_window)
